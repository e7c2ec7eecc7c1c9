package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dossier/bench/shingle"
	"dossier/generator/cite"
	"dossier/generator/pdf"
)

// score is how well one reader of PDFs did on the corpus.
type score struct {
	Name                   string
	Precision, Recall      float64
	Paragraphs, Whole      int // paragraphs of the truth, and how many came out whole
	Sentences, Anchored    int // sentences copied from the PDFs, and how many anchor
	Crossing, CrossAnchor  int // of them, those that run onto the next page
	Paged, RightPage       int // anchored sentences whose page is known, and right
	Times                  []time.Duration
	Refusals, RightRefusal int
	Worst                  []docScore
}

type docScore struct {
	Name string
	F1   float64
}

func (s *score) F1() float64 { return shingle.F1(s.Precision, s.Recall) }

// reader turns a PDF into paragraphs, each with the page it starts on and
// where later pages begin in it (both nil where the reader cannot say).
type reader struct {
	name string
	read func(path string) ([]pdf.Paragraph, error)
}

func dossierReader() reader {
	return reader{"dossier new source", func(p string) ([]pdf.Paragraph, error) {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		d, err := pdf.Read(context.Background(), b, pdf.Options{})
		if err != nil {
			return nil, err
		}
		return d.Paragraphs, nil
	}}
}

// toolReader reads a PDF as text pasted from a command: its blocks
// (separated by blank lines) are paragraphs, their lines joined by spaces,
// as an editor would join them.
func toolReader(name string, args ...string) (reader, bool) {
	if _, err := exec.LookPath(args[0]); err != nil {
		return reader{}, false
	}
	return reader{name, func(p string) ([]pdf.Paragraph, error) {
		a := slices.Clone(args)
		for i := range a {
			if a[i] == "IN" {
				a[i] = p
			}
		}
		cmd := exec.Command(a[0], a[1:]...)
		o, err := cmd.Output()
		if err != nil {
			return nil, err
		}
		var out []pdf.Paragraph
		for _, block := range strings.Split(strings.ReplaceAll(string(o), "\f", "\n\n"), "\n\n") {
			if t := strings.Join(strings.Fields(block), " "); t != "" {
				out = append(out, pdf.Paragraph{Text: t})
			}
		}
		return out, nil
	}}, true
}

func loadTruth(dir string) ([]truth, error) {
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return nil, err
	}
	var ts []truth
	return ts, json.Unmarshal(b, &ts)
}

// measure scores r on the corpus in dir.
func measure(dir string, r reader, log io.Writer) (*score, error) {
	ts, err := loadTruth(dir)
	if err != nil {
		return nil, err
	}
	s := &score{Name: r.name}
	var precs, recs []float64
	for _, t := range ts {
		path := filepath.Join(dir, t.Name+".pdf")
		start := time.Now()
		paras, err := r.read(path)
		s.Times = append(s.Times, time.Since(start))
		if t.Refuse != "" || t.Layout == "locked" {
			s.Refusals++
			var e *pdf.Error
			if t.Refuse == "" && err == nil || t.Refuse != "" && errors.As(err, &e) && strings.Contains(e.Error(), t.Refuse) {
				s.RightRefusal++
			} else if log != nil {
				fmt.Fprintf(log, "%s: %s: want %q, got %v\n", r.name, t.Name, t.Refuse, err)
			}
			continue
		}
		if err != nil {
			if log != nil {
				fmt.Fprintf(log, "%s: %s: %v\n", r.name, t.Name, err)
			}
			paras = nil
		}
		texts := make([]string, len(paras))
		for i, p := range paras {
			texts[i] = p.Text
		}
		tp, fp, fn := shingle.Match(strings.Join(t.Paragraphs, "\n"), strings.Join(texts, "\n"), 4)
		p, rc := shingle.Precision(tp, fp, fn), shingle.Recall(tp, fp, fn)
		precs, recs = append(precs, p), append(recs, rc)
		s.Worst = append(s.Worst, docScore{t.Name, shingle.F1(p, rc)})

		got := map[string]bool{}
		for _, x := range texts {
			got[cite.NormalizeString(x)] = true
		}
		for _, want := range t.Paragraphs {
			s.Paragraphs++
			if got[cite.NormalizeString(want)] {
				s.Whole++
			} else if log != nil && os.Getenv("PDFCORPUS_VERBOSE") != "" {
				fmt.Fprintf(log, "%s: %s: not whole: %.80q\n", r.name, t.Name, want)
			}
		}

		text, spans := joined(texts)
		ix := cite.NewIndex(text, spans)
		for _, sen := range t.Sentences {
			s.Sentences++
			if sen.Crosses {
				s.Crossing++
			}
			res := ix.Find(sen.Text)
			if res.Status != cite.Found {
				if log != nil && os.Getenv("PDFCORPUS_VERBOSE") != "" {
					fmt.Fprintf(log, "%s: %s: not anchored (%v): %q\n", r.name, t.Name, res.Status, sen.Text)
				}
				continue
			}
			s.Anchored++
			if sen.Crosses {
				s.CrossAnchor++
			}
			occ := res.Occurrences[0]
			para := paras[occ.Para]
			if para.Page == 0 {
				continue
			}
			s.Paged++
			at := occ.Parts[0].Start - spans[occ.Para].Start
			page := para.Page
			for _, b := range para.Breaks {
				if at >= b.Offset {
					page = b.Page
				}
			}
			if page == sen.Page {
				s.RightPage++
			} else if log != nil && os.Getenv("PDFCORPUS_VERBOSE") != "" {
				fmt.Fprintf(log, "%s: %s: page %d, want %d: %q\n", r.name, t.Name, page, sen.Page, sen.Text)
			}
		}
	}
	s.Precision, s.Recall = shingle.Mean(precs), shingle.Mean(recs)
	slices.SortFunc(s.Worst, func(a, b docScore) int {
		if a.F1 < b.F1 {
			return -1
		}
		if a.F1 > b.F1 {
			return 1
		}
		return 0
	})
	return s, nil
}

// joined is the paragraphs one a line, and where each is.
func joined(paras []string) (string, []cite.Span) {
	var b strings.Builder
	spans := make([]cite.Span, len(paras))
	for i, p := range paras {
		spans[i].Start = b.Len()
		b.WriteString(p)
		spans[i].End = b.Len()
		b.WriteByte('\n')
	}
	return b.String(), spans
}

func pct(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(a)/float64(b), a, b)
}

func report(w io.Writer, s *score) {
	times := slices.Clone(s.Times)
	slices.Sort(times)
	fmt.Fprintf(w, "%s: F1 %.3f (precision %.3f, recall %.3f); paragraphs whole %s; sentences anchored %s, crossing a page %s; right page %s; refusals %s; time median %v, max %v\n",
		s.Name, s.F1(), s.Precision, s.Recall, pct(s.Whole, s.Paragraphs), pct(s.Anchored, s.Sentences), pct(s.CrossAnchor, s.Crossing),
		pct(s.RightPage, s.Paged), pct(s.RightRefusal, s.Refusals), times[len(times)/2].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))
	for _, d := range s.Worst[:min(5, len(s.Worst))] {
		fmt.Fprintf(w, "  lowest F1 %.3f %s\n", d.F1, d.Name)
	}
}
