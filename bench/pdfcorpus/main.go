// Command pdfcorpus makes and scores the PDF corpus of testdata/pdfcorpus:
// PDFs typeset from known texts by pdflatex and Chromium, with what each
// holds (truth.json). It scores the text `dossier new source --from
// FILE.pdf` makes of them, beside the text poppler's pdftotext and
// MuPDF's mutool give when they are installed: F1 over 4-word shingles,
// paragraphs that come out whole, sentences copied from the PDFs that
// anchor as citations, and whether each names its page.
//
//	go run ./bench/pdfcorpus          score
//	go run ./bench/pdfcorpus -gen     typeset the corpus again (pdflatex, chromium, qpdf, poppler-utils)
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	gen := flag.Bool("gen", false, "typeset the corpus again (needs pdflatex, chromium, qpdf, poppler-utils)")
	dir := flag.String("dir", "testdata/pdfcorpus", "the corpus")
	show := flag.String("show", "", "print the paragraphs dossier reads in this PDF, each with its page")
	flag.Parse()
	if *show != "" {
		paras, err := dossierReader().read(*show)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pdfcorpus:", err)
			os.Exit(1)
		}
		for _, p := range paras {
			fmt.Printf("[p%d %v] %s\n", p.Page, p.Breaks, p.Text)
		}
		return
	}
	if *gen {
		if err := generate(".", *dir); err != nil {
			fmt.Fprintln(os.Stderr, "pdfcorpus:", err)
			os.Exit(1)
		}
		return
	}
	readers := []reader{dossierReader()}
	if r, ok := toolReader("pdftotext", "pdftotext", "-enc", "UTF-8", "IN", "-"); ok {
		readers = append(readers, r)
	}
	if r, ok := toolReader("mutool draw -F txt", "mutool", "draw", "-q", "-F", "txt", "-o", "-", "IN"); ok {
		readers = append(readers, r)
	}
	for _, r := range readers {
		s, err := measure(*dir, r, os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pdfcorpus:", err)
			os.Exit(1)
		}
		report(os.Stdout, s)
	}
}
