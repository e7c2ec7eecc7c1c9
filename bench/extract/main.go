// Command extract scores dossier's article extraction (what `dossier new
// source --from` writes) on the Article Extraction Benchmark
// (github.com/scrapinghub/article-extraction-benchmark): 181 pages, each
// with the article body a person marked as ground truth.
//
// It scores the way that benchmark's evaluate.py does: the text is split
// into words (\w+), every run of four words is a shingle, and each page's
// true and false positives and false negatives over shingles, normalised
// to sum to one, give its precision and recall; precision and recall are
// the means over pages, and F1 is their harmonic mean. It also reports how
// many pages got a title and how long each import took, and writes
// output/dossier.json in the benchmark's format, for its own evaluate.py.
//
//	go run ./bench/extract DIR
//
// where DIR is a checkout of the benchmark (html/*.html.gz and
// ground-truth.json). The benchmark is not copied into this repository.
package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier/bench/shingle"
	"dossier/generator/webpage"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/extract BENCHMARK_DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "extract:", err)
		os.Exit(1)
	}
}

type truth struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

func run(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return err
	}
	var gt map[string]truth
	if err := json.Unmarshal(b, &gt); err != nil {
		return err
	}
	keys := make([]string, 0, len(gt))
	for k := range gt {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var precs, recs []float64
	var times []time.Duration
	titled, failed := 0, 0
	out := map[string]map[string]string{}
	type worst struct {
		key string
		f1  float64
	}
	var worsts []worst
	for _, k := range keys {
		raw, err := readGz(filepath.Join(dir, "html", k+".html.gz"))
		if err != nil {
			return err
		}
		start := time.Now()
		a, err := webpage.Extract(raw, webpage.Options{Retrieved: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		times = append(times, time.Since(start))
		text := ""
		if err != nil {
			failed++
			fmt.Fprintf(os.Stderr, "%s: %v\n", k, err)
		} else {
			text = strings.Join(a.Paragraphs, "\n")
			if a.Title != "" {
				titled++
			}
		}
		out[k] = map[string]string{"articleBody": text}
		tp, fp, fn := shingle.Match(gt[k].ArticleBody, text, 4)
		p, r := shingle.Precision(tp, fp, fn), shingle.Recall(tp, fp, fn)
		if tp+fp > 0 {
			precs = append(precs, p)
		}
		if tp+fn > 0 {
			recs = append(recs, r)
		}
		worsts = append(worsts, worst{k, shingle.F1(p, r)})
	}
	p, r := shingle.Mean(precs), shingle.Mean(recs)
	slices.Sort(times)
	fmt.Printf("pages %d, no text %d\n", len(keys), failed)
	fmt.Printf("F1 %.4f  precision %.4f  recall %.4f\n", shingle.F1(p, r), p, r)
	fmt.Printf("title filled %d of %d (%.1f%%)\n", titled, len(keys), 100*float64(titled)/float64(len(keys)))
	fmt.Printf("time per import: median %v, p95 %v, max %v\n", times[len(times)/2].Round(time.Millisecond),
		times[len(times)*95/100].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))
	sort.Slice(worsts, func(i, j int) bool { return worsts[i].f1 < worsts[j].f1 })
	for _, w := range worsts[:8] {
		fmt.Printf("  lowest F1 %.3f %s\n", w.f1, w.key)
	}
	js, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "output"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "output", "dossier.json"), js, 0o644)
}

func readGz(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}
