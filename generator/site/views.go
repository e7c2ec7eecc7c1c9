package site

import (
	"bytes"
	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/mdext"
	"dossier/generator/page"
	"dossier/generator/render"
	"dossier/generator/view"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark/util"
)

// The views pages are executed with (package view), made from the model.

// coverageCells says which of a coverage row's Cells and CellsHTML the
// templates show: a briefing of a hundred claims and sources has ten
// thousand cells.
type coverageCells struct{ cells, html bool }

// briefingView is the view of a briefing. Its rows' CellsHTML are written
// into sc and share its bytes: the view lives only while sc is kept.
func (m *model) briefingView(b *briefing, cells coverageCells, sc *scratch, d *deps) *view.Briefing {
	// its version covers the sources it shows, its references': a source
	// read again re-resolves every briefing that cites it
	d.briefing(b)
	v := &view.Briefing{
		Slug: b.Slug, Title: b.Title, Summary: b.Summary, Date: b.Date, Editors: b.Editors, Draft: b.Draft,
		ClaimCount: len(b.md.Claims), SourceCount: len(b.cited),
		URL: b.href, CoverageURL: m.url(page.Coverage.Dir(b.Slug)),
		Body: b.html, Topics: m.topicsOf(b),
	}
	for _, t := range b.Tags {
		d.topic(t.Name) // its name, its page, its count
	}
	column := make(map[*view.SourceLink]int, len(b.cited))
	for k, s := range b.cited {
		v.Sources = append(v.Sources, s.link)
		column[s.link] = k
	}
	v.Claims = make([]*view.Claim, 0, len(b.md.Claims))
	v.Coverage = make([]view.CoverageRow, 0, len(b.md.Claims))
	var row []view.CoverageCell // the row being written, when only CellsHTML is shown
	html := &sc.frags           // every row's CellsHTML, sliced once the last is written
	html.Reset()
	var ends []int
	if cells.html {
		if !cells.cells {
			row = make([]view.CoverageCell, len(v.Sources))
		}
	}
	for _, c := range b.md.Claims {
		cv := &view.Claim{ID: c.ID, Text: c.Plain, Number: c.Number, URL: v.URL + "#" + c.ID,
			Disputed: c.Disputed(), SingleSource: c.SingleSource(), Broken: c.Broken(),
			Citations: make([]view.Citation, 0, len(c.Refs))}
		for _, r := range c.Refs {
			ref := b.refs[r]
			cit := view.Citation{Relation: relation(r), Passage: r.Passage, Enclosed: cite.Enclosed(r.Passage), WholeSource: !r.HasPassage,
				Status: r.Status, Href: r.Href, Key: r.Key}
			if ref != nil && ref.src != nil {
				cit.Source = ref.src.link
				if p := ref.pass; p != nil {
					cit.Paragraph = p.Para + 1
					_, cit.Page = ref.src.PageAt(ref.occ.Span.Start)
					cit.Before, cit.After = ref.before, ref.after
					cit.Original, cit.VersionDate, cit.VersionURL = ref.src.original, ref.src.versionDate, ref.src.versionURL
					if len(ref.occ.Parts) == 1 {
						cit.Passage = ref.q.exact // the source's “curly” quotes, not the ones typed
					}
				}
			}
			cv.Citations = append(cv.Citations, cit)
		}
		v.Claims = append(v.Claims, cv)
		r := view.CoverageRow{Claim: cv}
		if cells.cells {
			r.Cells = coverageOf(v, column, cv, make([]view.CoverageCell, len(v.Sources)))
		}
		if cells.html {
			if r.Cells != nil {
				writeCells(html, r.Cells)
			} else {
				writeCells(html, coverageOf(v, column, cv, row))
			}
			ends = append(ends, html.Len())
		}
		v.Coverage = append(v.Coverage, r)
	}
	v.Blocks = make([]view.Block, len(b.blocks))
	start := 0
	for k, bl := range b.blocks {
		vb := view.Block{HTML: b.html[start:bl.end], Claims: v.Claims[bl.from:bl.to:bl.to]}
		if bl.to > bl.from {
			vb.First, vb.Last = vb.Claims[0].Number, vb.Claims[len(vb.Claims)-1].Number
		}
		v.Blocks[k], start = vb, bl.end
	}
	if cells.html {
		all, start := fragments(html), 0
		for i, end := range ends {
			v.Coverage[i].CellsHTML = template.HTML(all[start:end])
			start = end
		}
	}
	return v
}

// coverageOf fills into, one cell for each of the view's sources (column gives
// a source's), with how each stands to the claim c, and returns it.
func coverageOf(v *view.Briefing, column map[*view.SourceLink]int, c *view.Claim, into []view.CoverageCell) []view.CoverageCell {
	for k, s := range v.Sources {
		into[k] = view.CoverageCell{Relation: "silent", Source: s}
	}
	for _, cit := range c.Citations {
		if k, ok := column[cit.Source]; ok && into[k].Relation != "contradicts" {
			into[k].Relation, into[k].Href = cit.Relation, cit.Href
		}
	}
	return into
}

func relation(r *mdext.Ref) string {
	if r.Contra {
		return "contradicts"
	}
	return "supports"
}

// sourceView is the view of a source. Its paragraphs' HTML and its Cites
// are written into sc and share its bytes, and its paragraphs are sc's:
// the view lives only while sc is kept.
func (m *model) sourceView(s *source, sc *scratch, d *deps) *view.Source {
	d.source(s)
	d.citations(s) // the claims that cite it, and the notes on its passages
	v := &view.Source{SourceLink: *s.link, Author: s.Author, Retrieved: asDate(s.Retrieved),
		Original: s.original, VersionDate: s.versionDate, VersionURL: s.versionURL, Archive: archived(s.Source), OriginalFile: s.originalFile(), SHA256: s.SHA256, Note: s.note, Format: s.Format.Name, Markdown: s.Format == content.Markdown, ClaimCount: len(s.claims), Passages: len(s.cited), OutletURL: m.outletURL(s)}
	// every paragraph's HTML, and the cites, are written into one buffer,
	// which the views slice: a string each would be grown byte by byte,
	// and a copy of each would be a second copy of ten thousand sources
	byPara := s.byParagraph()
	buf := &sc.frags
	buf.Reset()
	ends := make([]int, len(s.Paragraphs))
	// a PDF's pages that begin with a paragraph are anchored before it,
	// those that begin within it in its text
	var heads [][]content.PageStart
	if len(s.PageStarts) > 0 {
		heads = make([][]content.PageStart, len(s.Paragraphs))
	}
	pg := 0 // the next page start
	for k, para := range s.Paragraphs {
		from := pg
		for pg < len(s.PageStarts) && s.PageStarts[pg].Offset <= para.Start {
			pg++
		}
		within := pg
		for within < len(s.PageStarts) && s.PageStarts[within].Offset < para.End {
			within++
		}
		if heads != nil {
			heads[k] = s.PageStarts[from:pg]
		}
		m.markPassages(buf, s, para.Start, para.End, byPara[k], v.Original, s.PageStarts[pg:within])
		pg = within
		ends[k] = buf.Len()
	}
	m.writeCites(buf, s)
	all := fragments(buf)
	v.Paragraphs = slices.Grow(sc.paras[:0], len(s.Paragraphs))[:len(s.Paragraphs)]
	sc.paras = v.Paragraphs
	start := 0
	for k, para := range s.Paragraphs {
		v.Paragraphs[k] = view.Paragraph{N: k + 1, ID: paragraphID(k + 1), Kind: para.Kind,
			HTML: template.HTML(all[start:ends[k]]), Notes: m.notesOn(byPara[k])}
		if heads != nil {
			for _, ps := range heads[k] {
				v.Paragraphs[k].Pages = append(v.Paragraphs[k].Pages, view.PageStart{ID: pageID(ps.Page), Label: ps.Name()})
			}
		}
		start = ends[k]
	}
	v.Cites = template.HTML(all[start:])
	return v
}

// scratch is what a page's view is made in, and reused for the next
// page's once the page is written: the HTML of its fragments and a source's
// paragraphs.
type scratch struct {
	frags bytes.Buffer
	paras []view.Paragraph
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// fragments is the bytes of buf as a string, without a copy: the HTML of a
// page's fragments, which its view holds while the page is rendered and
// not after, when buf is written again. The page copies what it shows.
func fragments(buf *bytes.Buffer) string {
	return unsafe.String(unsafe.SliceData(buf.Bytes()), buf.Len())
}

// paragraphIDs are the ids of the first paragraphs, made once.
var paragraphIDs = func() (ids [512]string) {
	for i := range ids {
		ids[i] = "p" + strconv.Itoa(i)
	}
	return ids
}()

// paragraphID is the id of the paragraph numbered n: "p3".
func paragraphID(n int) string {
	if n < len(paragraphIDs) {
		return paragraphIDs[n]
	}
	return "p" + strconv.Itoa(n)
}

// pageID is the anchor of page n of a source imported from a PDF.
func pageID(n int) string { return "page-" + strconv.Itoa(n) }

// originalFile is the kept original's path under the site root, for an
// imported source; "" for one written by hand.
func (s *source) originalFile() string {
	if s.Original == "" || s.SHA256 == "" {
		return ""
	}
	return content.OriginalsDir + "/" + s.Original
}

// byParagraph groups the source's cited passages by paragraph.
func (s *source) byParagraph() map[int][]*passage {
	byPara := map[int][]*passage{}
	for _, p := range s.cited {
		byPara[p.Para] = append(byPara[p.Para], p)
	}
	return byPara
}

// notesOn is the editors' notes on the passages ps.
func (m *model) notesOn(ps []*passage) []view.Note {
	var notes []view.Note
	for _, p := range ps {
		for _, a := range p.notes {
			b := p.noteOf[a]
			at := b.href
			b.elsewhere.Do(func() {
				b.elsewhereHTML = newMarkdown(util.Prioritized(mdext.NewElsewhereRenderer(at), 100))
			})
			var body bytes.Buffer
			for c := a.FirstChild(); c != nil; c = c.NextSibling() {
				_ = b.elsewhereHTML.Renderer().Render(&body, b.Body, c)
			}
			notes = append(notes, view.Note{Variant: a.Variant, Title: strings.ToUpper(a.Variant[:1]) + a.Variant[1:],
				Body: template.HTML(body.String()), Passage: p.ID, Briefing: b.Title, Href: at + "#" + a.ID})
		}
	}
	return notes
}

// Published is a source's date as readers read it: "17 April 2025" for
// a date, else as the editor wrote it.
func Published(s *content.Source) string {
	if !s.Date.IsZero() {
		return render.Date(s.Date)
	}
	return s.Published
}

// asDate writes a YYYY-MM-DD date as readers read it ("18 April 2025");
// anything else stays as written.
func asDate(s string) string {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return render.Date(t)
	}
	return s
}

// shortLabel cuts a source's label in two for a note with no room for all
// of it, as a short title does in a note (Chicago 14.29): the first words
// up to about 22 characters, without a word such as "with" or "the" that
// leaves them hanging or the punctuation that ends them, and the rest.
// A label of up to 28 characters (an outlet's name, a short title) is not
// cut; short+rest is always label.
func shortLabel(label string) (short, rest string) {
	const keep, most = 28, 22
	if utf8.RuneCountInString(label) <= keep {
		return label, ""
	}
	n := 0 // runes taken
	for i := 0; i < len(label); {
		j := strings.IndexByte(label[i:], ' ')
		if j < 0 {
			j = len(label) - i
		}
		word := label[i : i+j]
		w := utf8.RuneCountInString(word)
		if n > 0 {
			w++ // the space before it
		}
		if n+w > most {
			break
		}
		n += w
		if !hang[strings.ToLower(strings.Trim(word, ".,:;!?"))] {
			short = label[:i+j]
		}
		i += j + 1
	}
	if short == "" { // one long word, or a script without spaces
		k, r := 0, 0
		for k < len(label) && r < most-2 {
			_, size := utf8.DecodeRuneInString(label[k:])
			k += size
			r++
		}
		short = label[:k]
	}
	short = strings.TrimRightFunc(short, func(r rune) bool {
		return unicode.IsPunct(r) && !strings.ContainsRune("’”)»'\"", r) || unicode.IsSpace(r)
	})
	if short == "" {
		return label, ""
	}
	return short, label[len(short):]
}

// hang holds the words a short label does not end on.
var hang = map[string]bool{"a": true, "an": true, "the": true, "of": true, "with": true, "to": true, "in": true, "on": true,
	"for": true, "and": true, "or": true, "at": true, "by": true, "from": true, "as": true, "is": true, "are": true,
	"was": true, "may": true, "could": true, "will": true, "would": true, "can": true, "its": true, "their": true, "but": true}
