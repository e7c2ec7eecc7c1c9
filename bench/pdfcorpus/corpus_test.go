package main

import (
	"testing"
	"time"
)

// TestCorpus holds the PDF import to what docs/import.md says of it, on
// the committed corpus: text F1 at least 0.97, 95% of paragraphs whole,
// 97% of copied sentences anchored and on the right page, every refusal
// right, every import (the engine loaded from its cache) under 5 s.
func TestCorpus(t *testing.T) {
	if raceEnabled {
		// nothing here runs at once; make test runs it without -race,
		// which would slow the engine's Go side several times over
		t.Skip("run without -race (make test does)")
	}
	s, err := measure("../../testdata/pdfcorpus", dossierReader(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("F1 %.3f, whole %d/%d, anchored %d/%d, right page %d/%d", s.F1(), s.Whole, s.Paragraphs, s.Anchored, s.Sentences, s.RightPage, s.Paged)
	check := func(what string, got, floor float64) {
		if got < floor {
			t.Errorf("%s %.3f; the floor is %.2f", what, got, floor)
		}
	}
	check("F1", s.F1(), 0.97)
	check("paragraphs whole", float64(s.Whole)/float64(s.Paragraphs), 0.95)
	check("sentences anchored", float64(s.Anchored)/float64(s.Sentences), 0.97)
	check("sentences crossing a page anchored", float64(s.CrossAnchor)/float64(s.Crossing), 0.97)
	check("right page", float64(s.RightPage)/float64(s.Paged), 0.97)
	if s.RightRefusal != s.Refusals {
		t.Errorf("%d of %d refusals right", s.RightRefusal, s.Refusals)
	}
	for i, d := range s.Times[1:] { // the first may compile the engine
		if d > 5*time.Second {
			t.Errorf("import %d took %v", i+2, d)
		}
	}
}
