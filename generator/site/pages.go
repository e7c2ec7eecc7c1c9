package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/mdext"
	"dossier/generator/page"
	"dossier/generator/parallel"
	"dossier/generator/publish"
	"dossier/generator/render"
	"dossier/generator/sitefs"
	"dossier/generator/view"

	"github.com/yuin/goldmark/util"
)

// themeFiles is what the templates and static files give every page.
type themeFiles struct {
	r       *render.Renderer
	statics []staticFile // with chroma.css; stylesheets and scripts under content-hashed names
	css     []view.Asset // stylesheets, in order
	js      []view.Asset // scripts
}

// loadTheme loads the theme; interpret says to run every page on
// html/template, never compiled (tests compare the two).
func loadTheme(site, theme fs.FS, interpret bool) (*themeFiles, diag.List, error) {
	r, diags := render.New(
		render.Layer{FS: theme, Prefix: "(built-in) templates/"},
		render.Layer{FS: site, Prefix: "templates/"},
	)
	statics, sdiags := staticFiles(theme, site)
	diags = append(diags, sdiags...)
	var chroma bytes.Buffer
	if err := hl.CSS(&chroma); err != nil {
		return nil, nil, err
	}
	statics = append(statics, staticFile{"chroma.css", chroma.Bytes()})
	if r != nil && interpret { // r is nil when a shared template does not parse
		r.Interpret()
	}
	t := &themeFiles{r: r}
	for _, f := range statics {
		ext := path.Ext(f.name)
		if ext == ".css" || ext == ".js" {
			// a name that changes with the content, so hosts may cache it for ever
			sum := sha256.Sum256(f.data)
			sri := sha512.Sum384(f.data)
			f.name = strings.TrimSuffix(f.name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
			a := view.Asset{URL: f.name, Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:])}
			if ext == ".css" {
				t.css = append(t.css, a)
			} else {
				t.js = append(t.js, a)
			}
		}
		t.statics = append(t.statics, f)
	}
	return t, diags, nil
}

// outputs lists the path of every file the site has.
func (m *model) outputs(t *themeFiles) map[string]bool {
	out := map[string]bool{page.Index.File(""): true, page.Sources.File(""): true, page.NotFound.File(""): true, "claims.json": true,
		"feed.xml": true, "robots.txt": true, "annotations.jsonld": true}
	if m.baseURL != "" {
		out["sitemap.xml"] = true
	}
	for _, b := range m.briefings {
		for _, f := range page.Files(page.PerBriefing, b.Slug) {
			out[f] = true
		}
	}
	for _, s := range m.sources {
		for _, f := range page.Files(page.PerSource, s.ID) {
			out[f] = true
		}
	}
	for _, f := range t.statics {
		out[f.name] = true
	}
	return out
}

// write renders the files of the site that want names (every file when
// want is nil) into w, and returns the tasks that did, with what each
// read.
func (m *model) write(ctx context.Context, w publish.Output, t *themeFiles, want map[string]bool) ([]task, error) {
	tasks := m.tasks(w, t, want)
	errs := make([]error, len(tasks))
	parallel.For(len(tasks), func(i int) {
		if err := ctx.Err(); err != nil {
			errs[i] = err
			return
		}
		errs[i] = tasks[i].run()
	})
	return tasks, errors.Join(errs...)
}

// task writes one or more files of the site into the output it was made
// for. deps, in a build that is kept for updates, is what its run read.
type task struct {
	rels []string
	run  func() error
	deps *deps
}

// tasks lists the work of writing the files that want names (every file
// when want is nil) into w.
func (m *model) tasks(w publish.Output, t *themeFiles, want map[string]bool) []task {
	sv := &view.Site{
		Title:       m.title,
		Description: m.site.Config.Description,
		Language:    m.site.Config.Language,
		BaseURL:     m.baseURL,
		Editors:     m.site.Config.Editors,
		Home:        m.url(""),
		SourcesURL:  m.url(page.Sources.Dir("")),
		ClaimsURL:   m.url("claims.json"),
		FeedURL:     m.url("feed.xml"),
	}
	for _, a := range t.css {
		sv.CSS = append(sv.CSS, view.Asset{URL: m.url(a.URL), Integrity: a.Integrity})
	}
	for _, a := range t.js {
		sv.JS = append(sv.JS, view.Asset{URL: m.url(a.URL), Integrity: a.Integrity})
	}
	// the briefing and coverage pages share a view: its coverage cells are
	// made when a template of either shows them
	row := reflect.TypeFor[view.CoverageRow]()
	cells := coverageCells{
		cells: t.reads(page.Coverage.Name, row, "Cells") || t.reads(page.Briefing.Name, row, "Cells"),
		html:  t.reads(page.Coverage.Name, row, "CellsHTML") || t.reads(page.Briefing.Name, row, "CellsHTML"),
	}
	var tasks []task
	// newDeps is where a task records what it reads, when the build is
	// kept for updates
	newDeps := func() *deps {
		if m.keep {
			return &deps{}
		}
		return nil
	}
	add := func(rel string, run func(d *deps) error) {
		if want == nil || want[rel] {
			d := newDeps()
			tasks = append(tasks, task{[]string{rel}, func() error { return run(d) }, d})
		}
	}
	one := func(k *page.Kind, title string, data func(d *deps) view.Page) {
		add(k.File(""), func(d *deps) error { return renderPage(m, w, t, sv, k, "", title, data(d)) })
	}
	// tens of megabytes for a large site, written as they are made; the dev
	// server makes them when asked for them, from each briefing's part,
	// which it keeps (and, after a change, makes here for what changed)
	if m.keep && want != nil && (want["annotations.jsonld"] || want["claims.json"]) {
		parallel.For(len(m.briefings), func(i int) {
			m.annotate(m.briefings[i])
			m.encodeClaims(m.briefings[i])
		})
	}
	add("claims.json", func(d *deps) error {
		d.everything()
		return w.Stream("claims.json", m.writeClaimsJSON)
	})
	add("annotations.jsonld", func(d *deps) error {
		d.everything()
		return w.Stream("annotations.jsonld", m.writeAnnotationsJSONLD)
	})
	one(page.Index, m.title, func(d *deps) view.Page {
		// the index needs little of each briefing
		briefings := make([]*view.Briefing, len(m.briefings))
		for i, b := range m.briefings {
			briefings[i] = m.listedBriefing(b, d)
		}
		return view.Page{Briefings: briefings, Description: m.site.Config.Description}
	})
	for _, b := range m.briefings {
		// the briefing's page and its coverage share a view: one task
		// writes both, and the view is garbage once it has
		briefingRel, coverageRel := page.Briefing.File(b.Slug), page.Coverage.File(b.Slug)
		if want != nil && !want[briefingRel] && !want[coverageRel] {
			continue
		}
		d := newDeps()
		tasks = append(tasks, task{[]string{briefingRel, coverageRel}, func() error {
			frags := buffers.Get().(*bytes.Buffer)
			defer buffers.Put(frags)
			v := m.briefingView(b, cells, frags, d)
			if want == nil || want[briefingRel] {
				if err := renderPage(m, w, t, sv, page.Briefing, b.Slug, b.Title, view.Page{Briefing: v, Description: b.Summary}); err != nil {
					return err
				}
			}
			if want == nil || want[coverageRel] {
				return renderPage(m, w, t, sv, page.Coverage, b.Slug, "Sources of “"+b.Title+"”", view.Page{Briefing: v})
			}
			return nil
		}, d})
	}
	one(page.Sources, "Sources", func(d *deps) view.Page {
		// the sources list needs little of each source; a source's own page
		// is built in its task, so that it is not held in memory longer than that
		sources := make([]*view.Source, len(m.sources))
		for i, s := range m.sources {
			sources[i] = m.listedSource(s, d)
		}
		return view.Page{Sources: sources}
	})
	for _, s := range m.sources {
		rel := page.Source.File(s.ID)
		add(rel, func(d *deps) error {
			frags := buffers.Get().(*bytes.Buffer)
			defer buffers.Put(frags)
			err := renderPage(m, w, t, sv, page.Source, s.ID, firstOf(s.Title, s.ID), view.Page{Source: m.sourceView(s, frags, d)})
			if !m.keep {
				// nothing after its own page reads a source's text (what the
				// briefings and the JSON show of it was copied as it was
				// resolved): a one-off build lets it go
				s.Source.Text = ""
			}
			return err
		})
	}
	one(page.NotFound, "Page not found", func(*deps) view.Page { return view.Page{} })
	for _, f := range t.statics {
		add(f.name, func(*deps) error { return w.File(f.name, f.data) })
	}
	add("feed.xml", func(d *deps) error {
		b, err := m.feedXML(d)
		if err != nil {
			return err
		}
		return w.File("feed.xml", b)
	})
	add("robots.txt", func(*deps) error { return w.File("robots.txt", m.robotsTXT()) })
	if m.baseURL != "" {
		add("sitemap.xml", func(d *deps) error {
			b, err := m.sitemapXML(d)
			if err != nil {
				return err
			}
			return w.File("sitemap.xml", b)
		})
	}
	return tasks
}

// renderPage executes the page of kind k and key and writes it.
func renderPage(m *model, w publish.Output, t *themeFiles, sv *view.Site, k *page.Kind, key, title string, data view.Page) error {
	rel, dir := k.File(key), k.Dir(key)
	data.Site, data.Kind, data.Title = sv, k.Name, title
	data.URL = m.url(dir)
	if m.baseURL != "" {
		data.Canonical = m.baseURL + dir
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := t.r.Page(buf, k.Name, &data); err != nil {
		return err
	}
	return w.File(rel, neutralizeBidi(buf.Bytes()))
}

// neutralizeBidi replaces the bidirectional embedding, override and isolate
// controls (U+202A–U+202E, U+2066–U+2069) with U+FFFD, in place when it can:
// from content they could make text read otherwise than it is ("Trojan
// Source"). Matching still sees the source's own characters.
func neutralizeBidi(b []byte) []byte {
	var out []byte
	last := 0
	for i := 0; ; i++ {
		k := bytes.IndexByte(b[i:], 0xe2) // the lead byte of U+2000–U+2FFF
		if k < 0 || i+k+2 >= len(b) {
			break
		}
		i += k
		if (b[i+1] == 0x80 && b[i+2] >= 0xaa && b[i+2] <= 0xae) || (b[i+1] == 0x81 && b[i+2] >= 0xa6 && b[i+2] <= 0xa9) {
			out = append(append(out, b[last:i]...), "\uFFFD"...)
			last = i + 3
			i += 2
		}
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// buffers hold pages while they are rendered; reusing them spares the
// garbage collector a page's worth of growing buffers per page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type staticFile struct {
	name string
	data []byte
}

// staticFiles returns the files of the theme's static/ overlaid by the
// site's, sorted by name. A file that cannot be read, or is over its limit,
// is an error and left out; so is every file once static/ as a whole is
// over its limit.
func staticFiles(layers ...fs.FS) ([]staticFile, diag.List) {
	files := map[string][]byte{}
	var diags diag.List
	var total int64
	for _, l := range layers {
		err := fs.WalkDir(l, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == "static" {
					return fs.SkipDir
				}
				diags = append(diags, diag.File(p, diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			b, err := sitefs.ReadFile(l, p)
			if err != nil {
				diags = append(diags, diag.File(p, diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
				return nil
			}
			name := strings.TrimPrefix(p, "static/")
			total += int64(len(b)) - int64(len(files[name]))
			if total > sitefs.MaxStatic {
				diags = append(diags, diag.File("static", diag.Error, "static/ holds more than %s: keep large files elsewhere", sitefs.LimitSize(sitefs.MaxStatic)))
				return fs.SkipAll
			}
			files[name] = b
			return nil
		})
		if err != nil {
			diags = append(diags, diag.File("static", diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
		}
	}
	out := make([]staticFile, 0, len(files))
	for name, b := range files {
		out = append(out, staticFile{name, b})
	}
	slices.SortFunc(out, func(a, b staticFile) int { return strings.Compare(a.name, b.name) })
	return out, diags
}

// coverageCells says which of a coverage row's Cells and CellsHTML the
// templates show: a briefing of a hundred claims and sources has ten
// thousand cells.
type coverageCells struct{ cells, html bool }

// briefingView is the view of a briefing. Its rows' CellsHTML are written
// into frags and share its bytes: the view lives only while frags is kept.
func (m *model) briefingView(b *briefing, cells coverageCells, frags *bytes.Buffer, d *deps) *view.Briefing {
	d.briefing(b)
	v := &view.Briefing{
		Slug: b.Slug, Title: b.Title, Summary: b.Summary, Date: b.Date, Editors: b.Editors,
		ClaimCount: len(b.md.Claims), SourceCount: len(b.cited),
		URL: b.href, CoverageURL: m.url(page.Coverage.Dir(b.Slug)),
		Body: b.html,
	}
	column := make(map[*view.SourceLink]int, len(b.cited))
	for k, s := range b.cited {
		d.source(s) // its label, title and link
		v.Sources = append(v.Sources, s.link)
		column[s.link] = k
	}
	v.Claims = make([]*view.Claim, 0, len(b.md.Claims))
	v.Coverage = make([]view.CoverageRow, 0, len(b.md.Claims))
	var row []view.CoverageCell // the row being written, when only CellsHTML is shown
	html := frags               // every row's CellsHTML, sliced once the last is written
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
			cit := view.Citation{Relation: relation(r), Passage: r.Passage, WholeSource: !r.HasPassage,
				Status: r.Status, Href: r.Href, Key: r.Key}
			if ref != nil && ref.src != nil {
				d.source(ref.src) // and the words around the passage
				cit.Source = ref.src.link
				if p := ref.pass; p != nil {
					cit.Paragraph = p.Para + 1
					cit.Before, cit.After = ref.before, ref.after
					cit.Original = ref.src.original
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

func relation(r *mdext.Ref) string {
	if r.Contra {
		return "contradicts"
	}
	return "supports"
}

// sourceView is the view of a source. Its paragraphs' HTML and its Cites
// are written into frags and share its bytes: the view lives only while
// frags is kept.
func (m *model) sourceView(s *source, frags *bytes.Buffer, d *deps) *view.Source {
	d.source(s)
	d.citations(s) // the claims that cite it, and the notes on its passages
	v := &view.Source{SourceLink: *s.link, Author: s.Author, Retrieved: s.Retrieved,
		Original: s.original, OriginalFile: s.originalFile(), SHA256: s.SHA256, Note: s.note, Format: s.Format.Name, Markdown: s.Format == content.Markdown, ClaimCount: len(s.claims), Passages: len(s.cited)}
	// every paragraph's HTML, and the cites, are written into one buffer,
	// which the views slice: a string each would be grown byte by byte,
	// and a copy of each would be a second copy of ten thousand sources
	byPara := s.byParagraph()
	buf := frags
	buf.Reset()
	ends := make([]int, len(s.Paragraphs))
	for k, para := range s.Paragraphs {
		m.markPassages(buf, s, para.Start, para.End, byPara[k], v.Original)
		ends[k] = buf.Len()
	}
	m.writeCites(buf, s)
	all := fragments(buf)
	v.Paragraphs = make([]view.Paragraph, len(s.Paragraphs))
	start := 0
	for k, para := range s.Paragraphs {
		v.Paragraphs[k] = view.Paragraph{N: k + 1, ID: paragraphID(k + 1), Kind: para.Kind,
			HTML: template.HTML(all[start:ends[k]]), Notes: m.notesOn(byPara[k])}
		start = ends[k]
	}
	v.Cites = template.HTML(all[start:])
	return v
}

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

// reads reports whether the page kind's templates may read one of the
// fields of struct type st.
func (t *themeFiles) reads(kind string, st reflect.Type, fields ...string) bool {
	if t.r == nil || !t.r.Has(kind) {
		return false
	}
	for _, f := range fields {
		if t.r.Reads(kind, reflect.TypeFor[*view.Page](), st, f) {
			return true
		}
	}
	return false
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

// markPassages writes the text of s from start to end as HTML, each cited
// passage in a <mark> followed by links back to the claims that cite it.
// Every piece of text is escaped here; nothing from the source is trusted.
func (m *model) markPassages(b htmlSink, s *source, start, end int, ps []*passage, original string) {
	if len(ps) == 0 {
		escapeHTML(b, s.Text[start:end])
		return
	}
	cuts := make([]int, 0, 2+4*len(ps))
	cuts = append(cuts, start, end)
	for _, p := range ps {
		for _, part := range p.Parts {
			cuts = append(cuts, part.Start, part.End)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	opened := make([]bool, len(ps))
	in := make([]int, 0, len(ps)) // the passages, by index in ps, that a segment is part of
	for i := 0; i+1 < len(cuts); i++ {
		a, z := cuts[i], cuts[i+1]
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
		for _, p := range ps {
			if p.Span.End == z {
				m.backrefs(b, s, p, original)
			}
		}
	}
}

// backrefs links a passage back to each claim that cites it, and to the
// passage in the original when the source has a URL.
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
		b.WriteByte('"')
		if ref.ref.Contra {
			b.WriteString(` class="contra"`)
		}
		b.WriteByte('>')
		b.WriteString(num)
		b.WriteString(`</a>`)
	}
	if original != "" {
		b.WriteString(`<a class="original" href="`)
		escapeHTML(b, original+textFragment(s, p))
		b.WriteString(`" aria-label="This passage in the original" title="This passage in the original">↗</a>`)
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
