package content

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"dossier/generator/diag"
)

// A paged source is a text source imported from a PDF: its front matter
// says how many pages the PDF has (pages: 32), and a marker line before a
// paragraph records where a page begins:
//
//	[page 3]                                 page 3 begins with the next paragraph
//	[page 4, from "parties were notified"]   page 4 begins at these words of the next paragraph
//	[page 5, label "iii"]                    the PDF labels page 5 "iii"
//	[page 6, label "iv", from "the second"]  both
//
// A marker is not a paragraph: it is left out of the paragraphs and their
// numbers, and of what passages are matched against. Quoted values are in
// straight quotes, with \" and \\ inside. Pages are in order, each at most
// the page count; a page with no text has no marker. A paragraph before
// the first marker is on page 1. Only a source with pages in its front
// matter has markers: in any other, "[page 3]" is a paragraph.

// PageStart is where a page of a paged source begins.
type PageStart struct {
	Page   int    // 1-based, the PDF's physical page
	Label  string // the PDF's own label for it ("iv"); "" when it has none, or its number
	Offset int    // byte offset in Text where its text begins
}

// Name is how a reader names the page: its label, else its number.
func (p PageStart) Name() string {
	if p.Label != "" {
		return p.Label
	}
	return strconv.Itoa(p.Page)
}

// PageAt returns the page on which the byte at off in s.Text stands, and
// its name (its label, else its number); 0 and "" for a source without
// pages.
func (s *Source) PageAt(off int) (int, string) {
	if s.Pages == 0 {
		return 0, ""
	}
	// the page starts are in order of their offsets: the last at or before off
	i := sort.Search(len(s.PageStarts), func(i int) bool { return s.PageStarts[i].Offset > off })
	if i == 0 {
		return 1, "1" // text before the first marker is on page 1
	}
	return s.PageStarts[i-1].Page, s.PageStarts[i-1].Name()
}

// MarkerLine formats the marker line of a page start: label is "" when
// the page's label is its number, from "" when the page begins with a
// paragraph.
func MarkerLine(page int, label, from string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[page %d", page)
	if label != "" && label != strconv.Itoa(page) {
		b.WriteString(`, label "`)
		b.WriteString(quoteEsc.Replace(label))
		b.WriteByte('"')
	}
	if from != "" {
		b.WriteString(`, from "`)
		b.WriteString(quoteEsc.Replace(from))
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String()
}

var quoteEsc = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// isMarker reports whether the line of a paged source is a page marker.
func isMarker(line string) bool { return strings.HasPrefix(line, "[page") }

// readPages takes the page markers out of a paged source's paragraphs and
// records where each page begins. file is the whole file, for diagnostics.
func readPages(s *Source, file []byte) diag.List {
	var diags diag.List
	at := func(off int, format string, args ...any) {
		diags = append(diags, diag.At(s.Path, file, s.BodyOff+off, diag.Error, format, args...))
	}
	paras := s.Paragraphs[:0:0]
	type pending struct {
		m   marker
		off int // where the marker is in Text
	}
	var wait []pending
	last := 0
	for _, p := range s.Paragraphs {
		line := s.Text[p.Start:p.End]
		if !isMarker(line) {
			for _, w := range wait {
				off := p.Start
				if w.m.from != "" {
					i := strings.Index(line, w.m.from)
					switch {
					case i < 0:
						at(w.off, "page marker: %q is not in the paragraph after it: quote the words its page begins with", w.m.from)
						continue
					case strings.Contains(line[i+1:], w.m.from):
						at(w.off, "page marker: %q is more than once in the paragraph after it: quote more words", w.m.from)
						continue
					}
					off += i
				}
				if n := len(s.PageStarts); n > 0 && off < s.PageStarts[n-1].Offset {
					at(w.off, "page marker: page %d begins before page %d does: quote the words page %d begins with", w.m.page, s.PageStarts[n-1].Page, w.m.page)
					continue
				}
				s.PageStarts = append(s.PageStarts, PageStart{Page: w.m.page, Label: w.m.label, Offset: off})
			}
			wait = wait[:0]
			paras = append(paras, p)
			continue
		}
		m, col, msg := parseMarker(line)
		switch {
		case msg != "":
			at(p.Start+col, "page marker: %s: write [page N], with , label \"L\" or , from \"words\" after N", msg)
			continue
		case m.page > s.Pages:
			at(p.Start, "page marker: page %d, but pages: says the document has %d", m.page, s.Pages)
			continue
		case m.page <= last:
			at(p.Start, "page marker: page %d after page %d: pages go in order", m.page, last)
			continue
		}
		last = m.page
		if m.label == strconv.Itoa(m.page) {
			m.label = "" // a label that is the page's number is none
		}
		wait = append(wait, pending{m, p.Start})
	}
	for _, w := range wait {
		at(w.off, "page marker: no paragraph after it")
	}
	// the paragraphs know the page each starts on
	k := 0
	for i := range paras {
		for k < len(s.PageStarts) && s.PageStarts[k].Offset <= paras[i].Start {
			k++
		}
		paras[i].Page = 1
		if k > 0 {
			paras[i].Page = s.PageStarts[k-1].Page
		}
	}
	s.Paragraphs = paras
	return diags
}

type marker struct {
	page        int
	label, from string
}

// parseMarker reads a marker line. On a mistake it returns what is wrong
// and the byte of line where.
func parseMarker(line string) (m marker, col int, msg string) {
	rest, ok := strings.CutPrefix(line, "[page ")
	if !ok {
		return m, 0, "a marker starts [page and a space"
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(rest[:i])
	if err != nil || n < 1 || i > 7 {
		return m, len("[page "), "the page must be a number from 1"
	}
	m.page = n
	pos := len("[page ") + i
	rest = rest[i:]
	for {
		if rest == "]" {
			return m, 0, ""
		}
		var key string
		switch {
		case strings.HasPrefix(rest, `, label "`):
			key, rest = "label", rest[len(`, label "`):]
			pos += len(`, label "`)
		case strings.HasPrefix(rest, `, from "`):
			key, rest = "from", rest[len(`, from "`):]
			pos += len(`, from "`)
		default:
			return m, pos, "expected ] or , label \"…\" or , from \"…\""
		}
		var b strings.Builder
		j := 0
		for ; j < len(rest) && rest[j] != '"'; j++ {
			if rest[j] == '\\' && j+1 < len(rest) {
				j++
			}
			b.WriteByte(rest[j])
		}
		if j == len(rest) {
			return m, pos, "a quoted value without its closing quote"
		}
		if b.Len() == 0 {
			return m, pos, "an empty " + key
		}
		if key == "label" {
			m.label = b.String()
		} else {
			m.from = b.String()
		}
		rest, pos = rest[j+1:], pos+j+1
	}
}
