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
//
// With DIR the tests/ folder of a checkout of Trafilatura
// (github.com/adbar/trafilatura: evaldata.json, eval/ and cache/), it
// scores the multilingual evaluation Trafilatura keeps for itself: about
// 1,000 pages of news, magazines, blogs, government and company sites,
// in 15 languages, German most of all, then English, Spanish and French,
// each with passages its text must hold and passages it must not (menus,
// dates, footers), scored as its eval_common.py does (white space folded,
// substrings).
package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"maps"
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
	if _, err := os.Stat(filepath.Join(dir, "evaldata.json")); err == nil {
		return multilingual(dir)
	}
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

// evalItem is one page of Trafilatura's evaluation.
type evalItem struct {
	File    string   `json:"file"`
	With    []string `json:"with"`
	Without []string `json:"without"`
}

func multilingual(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return err
	}
	var items map[string]evalItem
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	keys := slices.Sorted(maps.Keys(items))
	var tp, fp, fn, tn, pages, failed int
	var times []time.Duration
	for _, k := range keys {
		it := items[k]
		var raw []byte
		for _, sub := range []string{"cache", "eval"} {
			if raw, err = os.ReadFile(filepath.Join(dir, sub, it.File)); err == nil {
				break
			}
		}
		if raw == nil {
			continue
		}
		pages++
		start := time.Now()
		a, err := webpage.Extract(raw, webpage.Options{URL: k, Retrieved: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		times = append(times, time.Since(start))
		text := ""
		if err != nil {
			failed++
		} else {
			text = norm(strings.Join(a.Paragraphs, "\n"))
		}
		for _, w := range it.With {
			if text != "" && strings.Contains(text, norm(w)) {
				tp++
			} else {
				fn++
			}
		}
		for _, w := range it.Without {
			if text != "" && strings.Contains(text, norm(w)) {
				fp++
			} else {
				tn++
			}
		}
	}
	p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	slices.Sort(times)
	fmt.Printf("pages %d, no text %d\n", pages, failed)
	fmt.Printf("F1 %.4f  precision %.4f  recall %.4f  accuracy %.4f\n", 2*p*r/(p+r), p, r, float64(tp+tn)/float64(tp+tn+fp+fn))
	fmt.Printf("time per import: median %v, p95 %v, max %v\n", times[len(times)/2].Round(time.Millisecond),
		times[len(times)*95/100].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))
	return nil
}

// norm folds white space as the evaluation does.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

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
