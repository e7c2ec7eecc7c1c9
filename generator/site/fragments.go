package site

import (
	"dossier/generator/content"
	"dossier/generator/view"
	"slices"
	"strconv"
)

// The HTML no template holds: a source's text with its cited passages
// marked and linked back to their claims, the previews of those claims,
// and the cells of a coverage table. Templates show them whole
// (Paragraph.HTML, Source.Cites, CoverageRow.CellsHTML), the way Hugo
// hands a template .Content. Every piece of text is escaped here.

// writeCells writes coverage cells as <td> elements. Every value is
// escaped.
func writeCells(b htmlSink, cells []view.CoverageCell) {
	for _, c := range cells {
		b.WriteString(`<td class="cell `)
		escapeHTML(b, c.Relation)
		b.WriteString(`">`)
		if c.Href != "" {
			b.WriteString(`<a href="`)
			escapeHTML(b, c.Href)
			b.WriteString(`">`)
			escapeHTML(b, c.Relation)
			b.WriteString(`</a>`)
		} else {
			escapeHTML(b, c.Relation)
		}
		b.WriteString("</td>\n")
	}
}

// htmlSink is where HTML is written: a page's buffer or a string's builder.
type htmlSink interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// writeCites lists, for each cited passage of s, the claims that cite it, in
// a <template> that a script can show. Everything is escaped here.
func (m *model) writeCites(b htmlSink, s *source) {
	for _, p := range s.cited {
		if len(p.refs) == 0 {
			continue
		}
		b.WriteString(`<template id="cites-`)
		b.WriteString(p.ID)
		b.WriteString(`"><p class="popover-head">Cited by</p><ul class="cited-by">`)
		for _, ref := range p.refs {
			br := ref.briefing
			b.WriteString(`<li><a href="`)
			escapeHTML(b, br.href)
			b.WriteByte('#')
			escapeHTML(b, ref.claim.ID)
			b.WriteString(`">Claim `)
			b.WriteString(strconv.Itoa(ref.claim.Number))
			b.WriteString(`</a> of <cite>`)
			escapeHTML(b, br.Title)
			b.WriteString(`</cite>`)
			if ref.ref.Contra {
				b.WriteString(` <span class="relation">(contradicts it)</span>`)
			}
			b.WriteString(`: `)
			escapeHTML(b, ref.claim.Plain)
			b.WriteString(`</li>`)
		}
		b.WriteString("</ul></template>\n")
	}
}

// pageAnchor writes the anchor of a page that begins within a paragraph.
func pageAnchor(b htmlSink, pg content.PageStart) {
	label := pg.Name()
	b.WriteString(`<a class="page-in" id="page-`)
	b.WriteString(strconv.Itoa(pg.Page))
	b.WriteString(`" href="#page-`)
	b.WriteString(strconv.Itoa(pg.Page))
	b.WriteString(`" data-label="p. `)
	escapeHTML(b, label)
	b.WriteString(`" aria-label="Page `)
	escapeHTML(b, label)
	b.WriteString(`"></a>`)
}

// markPassages writes the text of s from start to end as HTML, each cited
// passage in a <mark> followed by links back to the claims that cite it.
// A passage that no other crosses (one may hold another, as an elided
// passage holds one quoted from its middle) is wrapped whole, elided words
// and all, in a <span class="cited-span"> that holds its id: arriving at
// it marks every piece, without a script, and its text is the passage. One
// that crosses another is marked in pieces, its id on the first. Every piece
// of text is escaped here; nothing from the source is trusted.
//
// pages are the pages of a PDF that begin within the text (after start):
// each gets an empty anchor where it begins, its label drawn by the
// stylesheet, so that the text stays the source's.
func (m *model) markPassages(b htmlSink, s *source, start, end int, ps []*passage, original string, pages []content.PageStart) {
	if len(ps) == 0 && len(pages) == 0 {
		escapeHTML(b, s.Text[start:end])
		return
	}
	cuts := make([]int, 0, 2+4*len(ps)+len(pages))
	cuts = append(cuts, start, end)
	for _, p := range ps {
		for _, part := range p.Parts {
			cuts = append(cuts, part.Start, part.End)
		}
	}
	for _, pg := range pages {
		cuts = append(cuts, pg.Offset)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	opened := make([]bool, len(ps))
	whole := make([]bool, len(ps)) // wrapped whole: no other passage crosses it
	for k, p := range ps {
		whole[k] = !crossed(ps, p)
		opened[k] = whole[k] // its id goes on the wrapper
	}
	// at a cut, wrappers open outermost first and close innermost first
	opens := slices.Clone(ps)
	slices.SortStableFunc(opens, func(x, y *passage) int { return y.Span.End - x.Span.End })
	closes := slices.Clone(ps)
	slices.SortStableFunc(closes, func(x, y *passage) int { return y.Span.Start - x.Span.Start })
	in := make([]int, 0, len(ps)) // the passages, by index in ps, that a segment is part of
	for i := 0; i+1 < len(cuts); i++ {
		a, z := cuts[i], cuts[i+1]
		for len(pages) > 0 && pages[0].Offset == a {
			pageAnchor(b, pages[0])
			pages = pages[1:]
		}
		for _, p := range opens {
			if p.Span.Start == a && whole[slices.Index(ps, p)] {
				b.WriteString(`<span class="cited-span" id="`)
				b.WriteString(p.ID)
				b.WriteString(`">`)
			}
		}
		in = in[:0]
		for k, p := range ps {
			for _, part := range p.Parts {
				if part.Start <= a && z <= part.End {
					in = append(in, k)
					break
				}
			}
		}
		if len(in) == 0 {
			escapeHTML(b, s.Text[a:z])
		} else {
			b.WriteString(`<mark class="cited`)
			if len(in) > 1 {
				b.WriteString(` overlap`)
			}
			b.WriteString(`" data-passages="`)
			for n, k := range in {
				if n > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(ps[k].ID)
			}
			b.WriteByte('"')
			for _, k := range in {
				if !opened[k] {
					opened[k] = true
					b.WriteString(` id="`)
					b.WriteString(ps[k].ID)
					b.WriteByte('"')
					break
				}
			}
			b.WriteByte('>')
			for _, k := range in[1:] {
				if !opened[k] {
					opened[k] = true
					b.WriteString(`<span id="`)
					b.WriteString(ps[k].ID)
					b.WriteString(`"></span>`)
				}
			}
			escapeHTML(b, s.Text[a:z])
			b.WriteString(`</mark>`)
		}
		for _, p := range closes {
			if p.Span.End == z {
				if whole[slices.Index(ps, p)] {
					b.WriteString(`</span>`)
				}
				m.backrefs(b, s, p, original)
			}
		}
	}
}

// crossed reports whether a passage of ps other than p overlaps p without
// one holding the other: then their elements cannot nest.
func crossed(ps []*passage, p *passage) bool {
	for _, q := range ps {
		if q == p || q.Span.End <= p.Span.Start || q.Span.Start >= p.Span.End {
			continue
		}
		inside := q.Span.Start >= p.Span.Start && q.Span.End <= p.Span.End
		holds := p.Span.Start >= q.Span.Start && p.Span.End <= q.Span.End
		if !inside && !holds {
			return true
		}
	}
	return false
}

// backrefs links a passage back to each claim that cites it, and to the
// passage in the original when the source has a URL. The links' numbers
// are drawn by the stylesheet from data-n, not written as text, so that the
// page's text reads as the source's does and an annotation client anchors
// a quotation on it (docs/site.md).
func (m *model) backrefs(b htmlSink, s *source, p *passage, original string) {
	if len(p.refs) == 0 && original == "" {
		return
	}
	b.WriteString(`<sup class="backrefs">`)
	for _, ref := range p.refs {
		br := ref.briefing
		num := strconv.Itoa(ref.claim.Number)
		b.WriteString(`<a href="`)
		escapeHTML(b, br.href)
		b.WriteByte('#')
		escapeHTML(b, ref.claim.ID)
		for _, attr := range [2]string{`" aria-label="`, `" title="`} {
			b.WriteString(attr)
			b.WriteString("Claim ")
			b.WriteString(num)
			b.WriteString(" of “")
			escapeHTML(b, br.Title)
			b.WriteString("”")
			if ref.ref.Contra {
				b.WriteString(" (contradicted)")
			}
		}
		b.WriteString(`" data-n="`)
		b.WriteString(num)
		b.WriteByte('"')
		if ref.ref.Contra {
			b.WriteString(` class="contra"`)
		}
		b.WriteString(`></a>`)
	}
	if original != "" {
		b.WriteString(`<a class="original" href="`)
		escapeHTML(b, original+textFragment(s, p))
		b.WriteByte('"')
		b.WriteString(s.robust)
		b.WriteString(` aria-label="This passage in the original" title="This passage in the original" data-n="↗"></a>`)
	}
	b.WriteString(`</sup>`)
}

// escapeHTML writes s escaped as html.EscapeString escapes it.
func escapeHTML(b htmlSink, s string) { escapeWith(b, s, &htmlEscapes) }

// htmlEscapes is what html.EscapeString replaces.
var htmlEscapes = [256]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '\'': "&#39;", '"': "&#34;"}

// escapeWith writes s with each byte that has a replacement in repl
// replaced. Every byte replaced is ASCII, so no character is split.
func escapeWith(b htmlSink, s string, repl *[256]string) {
	last := 0
	for i := 0; i < len(s); {
		i = skipSafe(s, i, &specialByte)
		for end := min(i+8, len(s)); i < end; i++ {
			if r := repl[s[i]]; r != "" {
				b.WriteString(s[last:i])
				b.WriteString(r)
				last = i + 1
			}
		}
	}
	b.WriteString(s[last:])
}

// skipSafe returns where, from i on, the first eight bytes of s start that
// hold a byte marked in special, or the start of the last seven bytes or
// fewer. Text is mostly letters and spaces: eight bytes looked up in one
// test are twice as fast as a byte and its replacement at a time.
func skipSafe(s string, i int, special *[256]uint8) int {
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		if special[b[0]]|special[b[1]]|special[b[2]]|special[b[3]]|special[b[4]]|special[b[5]]|special[b[6]]|special[b[7]] != 0 {
			return i
		}
	}
	return i
}

// specialByte holds the bytes the escaper replaces.
var specialByte = func() (t [256]uint8) {
	for c := range t {
		if htmlEscapes[c] != "" {
			t[c] = 1
		}
	}
	return t
}()
