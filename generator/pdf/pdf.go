package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Document is the text of a PDF, in reading order, and what it says of
// itself.
type Document struct {
	Title, Author, Subject string
	// Created and Modified are the PDF's own dates; zero when it has none
	Created, Modified time.Time
	Pages             int
	// Labels are the pages' own labels (/PageLabels: "iv", "A-3"), one a
	// page; nil when every page's label is its number, or it has none
	Labels     []string
	Paragraphs []Paragraph
	// Missing are the pages (1-based) that have no text, only images: a
	// scanned page among pages of text
	Missing []int
}

// Paragraph is one paragraph of a document's text.
type Paragraph struct {
	Text string
	Page int // the page (1-based) it starts on
	// Breaks are where later pages begin within it: a paragraph that runs
	// on from one page (or column) to the next is one paragraph
	Breaks []Break
}

// Break is the start of a page within a paragraph.
type Break struct {
	Page   int // 1-based
	Offset int // the byte in Text where the page's text begins
}

// Label is page n's label (1-based): its own, else its number.
func (d *Document) Label(n int) string {
	if n >= 1 && n <= len(d.Labels) && d.Labels[n-1] != "" {
		return d.Labels[n-1]
	}
	return strconv.Itoa(n)
}

// Options bound a read. The zero value reads with the defaults.
type Options struct {
	// MaxPages is the most pages a document may have; 0 is 5,000
	MaxPages int
	// MaxChars is the most characters its text may have; 0 is 16 Mi,
	// what a source may hold
	MaxChars int
}

func (o Options) maxPages() int {
	if o.MaxPages > 0 {
		return o.MaxPages
	}
	return 5000
}

func (o Options) maxChars() int {
	if o.MaxChars > 0 {
		return o.MaxChars
	}
	return 16 << 20
}

// Kind is why a PDF cannot be read.
type Kind int

// The kinds of PDF that are refused.
const (
	Damaged   Kind = iota // not a PDF, or one PDFium cannot open
	Locked                // encrypted with a password
	NoText                // no text layer: scanned pages, or no pages at all
	NoUnicode             // fonts that map their glyphs to no characters
	TooLarge              // too many pages, or too much text
	TooSlow               // not read within the time allowed
)

// Error is a PDF that cannot be read, and what to do about it.
type Error struct {
	Kind Kind
	Err  error
}

func (e *Error) Error() string {
	switch e.Kind {
	case Locked:
		return e.Err.Error() + ": dossier cannot read it; import a copy without the password (qpdf --decrypt --password=… IN.pdf OUT.pdf)"
	case NoText:
		return e.Err.Error() + ": it has no text layer, only images (a scan?); run OCR on it first (ocrmypdf IN.pdf OUT.pdf) and import the result"
	case NoUnicode:
		return e.Err.Error() + ": its fonts map their glyphs to no characters, so its text cannot be copied; run OCR on it (ocrmypdf --force-ocr IN.pdf OUT.pdf) and import the result"
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// IsPDF reports whether data starts as a PDF does (within its first
// kilobyte, as readers allow).
func IsPDF(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
}

// Read reads the text of the PDF in data. A PDF whose text cannot be read
// (locked, scanned, fonts without characters, damaged) is an *Error. The
// PDF is parsed by PDFium in a WebAssembly sandbox bounded by ctx (its
// deadline, else a minute) and opts.
func Read(ctx context.Context, data []byte, opts Options) (*Document, error) {
	if !IsPDF(data) {
		return nil, &Error{Kind: Damaged, Err: errors.New("it is not a PDF")}
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	r, err := read(ctx, data, opts)
	if err != nil {
		return nil, err
	}
	return layout(r)
}

// layout makes the document's text from what the engine read.
func layout(r *raw) (*Document, error) {
	d := &Document{
		Title:    strings.TrimSpace(r.meta["Title"]),
		Author:   strings.TrimSpace(r.meta["Author"]),
		Subject:  strings.TrimSpace(r.meta["Subject"]),
		Created:  pdfDate(r.meta["CreationDate"]),
		Modified: pdfDate(r.meta["ModDate"]),
		Pages:    len(r.pages),
	}
	for i, l := range r.labels {
		if l != "" && l != strconv.Itoa(i+1) {
			d.Labels = r.labels
			break
		}
	}
	chars, mapErrs := 0, 0
	for _, p := range r.pages {
		for _, c := range p.chars {
			if !c.gen {
				chars++
				if c.mapErr || c.r == 0 || c.r == 0xFFFD {
					mapErrs++
				}
			}
		}
	}
	switch {
	case chars == 0:
		return nil, &Error{Kind: NoText, Err: fmt.Errorf("none of its %d pages has text", len(r.pages))}
	case mapErrs*2 > chars:
		return nil, &Error{Kind: NoUnicode, Err: fmt.Errorf("%d of its %d characters have no Unicode value", mapErrs, chars)}
	}
	var empty []int
	d.Paragraphs, empty = paragraphs(r.pages)
	// a page with images and no text but its running head is a scan
	for _, n := range empty {
		if r.pages[n].images > 0 {
			d.Missing = append(d.Missing, n+1)
		}
	}
	if len(d.Paragraphs) == 0 || len(d.Missing) == len(r.pages) {
		return nil, &Error{Kind: NoText, Err: fmt.Errorf("none of its %d pages has text", len(r.pages))}
	}
	return d, nil
}

// pdfDate reads a PDF date, D:YYYYMMDDHHmmSSOHH'mm', as far as it goes.
func pdfDate(s string) time.Time {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	if len(s) < 4 {
		return time.Time{}
	}
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	layouts := map[int]string{4: "2006", 6: "200601", 8: "20060102", 10: "2006010215", 12: "200601021504", 14: "20060102150405"}
	l, ok := layouts[digits]
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(l, s[:digits])
	if err != nil {
		return time.Time{}
	}
	return t
}
