package site

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/generator/export"
	"dossier/generator/page"
)

// The exports are made a briefing at a time: claimsOf gives package export
// a briefing's claims, and the dev server keeps each briefing's part.

// contextRunes is how many code points of context a selector carries on each side.
const contextRunes = 32

// claimsOf appends b's claims to into, as the exports give them; reused
// says into's elements may be written over, their citations' arrays
// reused. targets fills what only annotations.jsonld shows: the claim's
// URL and the source pages'.
func (m *model) claimsOf(b *briefing, into []export.Claim, targets bool) []export.Claim {
	lines := lineStarts(b.File)
	n := len(into)
	into = slices.Grow(into, len(b.md.Claims))[:n+len(b.md.Claims)]
	for i, c := range b.md.Claims {
		line, _ := slices.BinarySearch(lines, c.Offset+1)
		rec := &into[n+i]
		cits := rec.Citations[:0]
		*rec = export.Claim{ID: c.ID, Briefing: b.Slug, Number: c.Number, Text: c.Plain, Path: b.Path,
			Line: line, Disputed: c.Disputed(), Single: c.SingleSource()}
		if targets {
			rec.URL = m.absolute(page.Briefing.Dir(b.Slug) + "#" + c.ID)
		}
		for _, r := range c.Refs {
			cit := export.Citation{Source: r.Key, Relation: relation(r), Passage: r.Passage, Status: r.Status}
			if ref := b.refs[r]; ref != nil && ref.pid != "" {
				q := &ref.q
				cit.Paragraph, cit.Start, cit.End = ref.occ.Para+1, &q.start, &q.end
				cit.Selector = &export.Selector{Type: "TextQuoteSelector", Exact: q.exact, Prefix: q.prefix, Suffix: q.suffix}
				if n, label := ref.src.PageAt(ref.occ.Span.Start); n > 0 {
					cit.PDFPage = n
					if label != strconv.Itoa(n) {
						cit.PageLabel = label
					}
				}
				if targets {
					cit.Page, cit.Scope = m.absolute(page.Source.Dir(ref.src.ID)), ref.src.original
					cit.Retrieved, cit.Archive = versionDate(ref.src.Retrieved), ref.src.Archive
					cit.Element, cit.ParaStart = paragraphID(ref.occ.Para+1), q.paraStart
					if !crossed(ref.src.cited, ref.pass) {
						cit.Mark = ref.pid
					}
				}
			}
			cits = append(cits, cit)
		}
		if cits == nil {
			cits = []export.Citation{}
		}
		rec.Citations = cits
	}
	return into
}

// writeClaimsJSON writes claims.json.
func (m *model) writeClaimsJSON(w io.Writer) error {
	var claims []export.Claim
	var scratch []byte
	return export.WriteClaims(w, func(yield func([]byte) bool) {
		for _, b := range m.briefings {
			part := b.claimsJSON
			if part == nil {
				claims = m.claimsOf(b, claims[:0], false)
				scratch = export.AppendClaims(scratch[:0], claims)
				part = scratch
				if m.keep {
					b.claimsJSON = bytes.Clone(part)
				}
			}
			if !yield(part) {
				return
			}
		}
	})
}

// encodeClaims makes the briefing's entries of claims.json and keeps them,
// unless it has them.
func (m *model) encodeClaims(b *briefing) {
	if b.claimsJSON == nil {
		b.claimsJSON = export.AppendClaims([]byte{}, m.claimsOf(b, nil, false))
	}
}

// writeAnnotationsJSONLD writes annotations.jsonld: every anchored
// citation as a W3C Web Annotation.
func (m *model) writeAnnotationsJSONLD(w io.Writer) error {
	var claims []export.Claim
	var scratch []byte
	a := export.Annotations{ID: m.absolute("annotations.jsonld"), Label: "The cited passages of " + m.title,
		Items: func(yield func([]byte, int) bool) {
			for _, b := range m.briefings {
				items, n := b.annotations, b.annotationCount
				if items == nil {
					claims = m.claimsOf(b, claims[:0], true)
					scratch, n = export.AppendAnnotations(scratch[:0], claims)
					items = scratch
					if m.keep {
						b.annotations, b.annotationCount = bytes.Clone(items), n
					}
				}
				if !yield(items, n) {
					return
				}
			}
		}}
	return a.Write(w)
}

// annotate makes the briefing's items of annotations.jsonld and keeps them,
// unless it has them.
func (m *model) annotate(b *briefing) {
	if b.annotations == nil {
		b.annotations, b.annotationCount = export.AppendAnnotations([]byte{}, m.claimsOf(b, nil, true))
	}
}

// lineStarts returns the offset at which each line of file starts, so that
// the line of offset o is the number of starts at or before it.
func lineStarts(file []byte) []int {
	starts := []int{0}
	for i, c := range file {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// quoted is an anchored passage as selectors give it: code-point offsets
// into the source's text, the exact text and some context either side.
type quoted struct {
	start, end            int
	paraStart             int // where the passage's paragraph starts, in code points
	exact, prefix, suffix string
}

// quote is the passage as selectors give it: made as the reference is
// resolved, while its source's text is at hand, and kept for claims.json
// and annotations.jsonld.
func (ref *reference) quote() quoted {
	s, o := ref.src, ref.occ
	return quoted{
		start: runeOffset(s, o.Para, o.Span.Start), end: runeOffset(s, o.Para, o.Span.End),
		paraStart: s.Paragraphs[o.Para].RuneStart,
		exact:     strings.Clone(s.Text[o.Span.Start:o.Span.End]),
		prefix:    strings.Clone(lastRunes(s.Text[:o.Span.Start], contextRunes)),
		suffix:    strings.Clone(firstRunes(s.Text[o.Span.End:], contextRunes)),
	}
}

// runeOffset converts a byte offset inside paragraph para of s's text into code points.
func runeOffset(s *source, para, off int) int {
	p := &s.Paragraphs[para]
	if p.ASCII {
		return p.RuneStart + off - p.Start
	}
	return p.RuneStart + utf8.RuneCountInString(s.Text[p.Start:off])
}

func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
