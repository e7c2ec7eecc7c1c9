// Package shingle scores extracted text against a ground truth the way the
// Article Extraction Benchmark's evaluate.py does: the text is split into
// words (\w+), every run of four words is a shingle, and a document's true
// and false positives and false negatives over shingles, normalised to sum
// to one, give its precision and recall. The importers' benchmarks
// (bench/extract for web pages, bench/pdfcorpus for PDFs) share it.
package shingle

import (
	"strings"
	"unicode"
)

// Match is evaluate.py's string_shingle_matching: the shares of true
// positives, false positives and false negatives among the n-word
// shingles of truth and pred.
func Match(truth, pred string, n int) (tp, fp, fn float64) {
	t, p := shingles(truth, n), shingles(pred, n)
	for k, tc := range t {
		pc := p[k]
		tp += float64(min(tc, pc))
		fn += float64(max(0, tc-pc))
	}
	for k, pc := range p {
		fp += float64(max(0, pc-t[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return
}

func shingles(text string, n int) map[string]int {
	toks := strings.FieldsFunc(text, func(r rune) bool { return !IsWord(r) })
	out := map[string]int{}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		s := strings.Join(toks[i:min(len(toks), i+n)], "\x00")
		if s != "" {
			out[s]++
		}
	}
	return out
}

// IsWord is Python's \w for str: letters, digits and other numbers, marks,
// and the underscore.
func IsWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// Precision is evaluate.py's precision of a document's shares.
func Precision(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fp == 0:
		return 0
	}
	return tp / (tp + fp)
}

// Recall is evaluate.py's recall of a document's shares.
func Recall(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fn == 0:
		return 0
	}
	return tp / (tp + fn)
}

// Mean is the arithmetic mean of v.
func Mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// F1 is the harmonic mean of precision p and recall r.
func F1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
