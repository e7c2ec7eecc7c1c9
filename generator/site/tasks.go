package site

import (
	"bytes"
	"context"
	"dossier/generator/highlight"
	"dossier/generator/page"
	"dossier/generator/parallel"
	"dossier/generator/publish"
	"dossier/generator/view"
	"errors"
	"io"
	"maps"
	"reflect"
	"strings"
	"sync"
)

// The work of a build: a task for each file of the site (a briefing's
// page and its coverage table share one), run in parallel, each recording
// what it read (deps.go).

// outputs lists the path of every file the site has.
func (m *model) outputs(t *themeFiles) map[string]bool {
	out := map[string]bool{page.NotFound.File(""): true, "claims.json": true, "feed.xml": true, "robots.txt": true}
	if m.searchPage {
		out[page.Search.File("")] = true
	}
	maps.Copy(out, m.listingFiles())
	if m.baseURL != "" {
		// both name pages by absolute URLs, which only a base URL gives
		out["sitemap.xml"], out["annotations.jsonld"] = true, true
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
		if m.searchPage || !strings.HasPrefix(f.name, "search.") {
			out[f.name] = true
		}
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
		OutletsURL:  m.url(page.Outlets.Dir("")),
		TopicsURL:   m.url(page.Topics.Dir("")),
		ClaimsURL:   m.url("claims.json"),
		FeedURL:     m.url("feed.xml"),
	}
	for _, a := range t.css {
		sv.CSS = append(sv.CSS, view.Asset{URL: m.url(a.URL), Integrity: a.Integrity, Code: a.Code})
	}
	if m.searchPage {
		// the shards by name in a build on disk, which plans them first;
		// by number in the dev server's, which plans them after
		folders := make([]string, searchShardCount(len(m.briefings)+len(m.sources)))
		for i := range folders {
			folders[i] = servedShardFolder(i)
		}
		if m.searchShards != nil {
			folders = folders[:0]
			for _, s := range m.searchShards {
				folders = append(folders, shardFolder(s.name))
			}
		}
		sv.SearchURL, sv.SearchIndex = m.url(page.Search.Dir("")), m.url(folders[0])
		for _, f := range folders[1:] {
			sv.SearchMerge = append(sv.SearchMerge, m.url(f))
		}
	}
	for _, a := range t.js {
		if a.Page == page.Search.Name && !m.searchPage {
			continue
		}
		sv.JS = append(sv.JS, view.Asset{URL: m.url(a.URL), Integrity: a.Integrity, Page: a.Page})
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
			return &deps{m: m}
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
		return w.Stream("claims.json", func(w io.Writer) error { return m.writeClaimsJSON(bidiWriter{w}) })
	})
	if m.baseURL != "" {
		add("annotations.jsonld", func(d *deps) error {
			d.everything()
			return w.Stream("annotations.jsonld", func(w io.Writer) error { return m.writeAnnotationsJSONLD(bidiWriter{w}) })
		})
	}
	// every page of every listing
	for _, l := range m.listings() {
		for n := 1; n <= page.Pages(l.items); n++ {
			add(l.kind.PageFile(l.key, n), func(d *deps) error {
				p, from, to := m.pager(l.kind, l.key, n, l.items)
				data := l.page(d, from, to)
				data.Pager = p
				return renderListing(m, w, t, sv, l.kind, l.key, n, l.title, data)
			})
		}
	}
	for _, b := range m.briefings {
		// the briefing's page and its coverage share a view: one task
		// writes both, and the view is garbage once it has
		briefingRel, coverageRel := page.Briefing.File(b.Slug), page.Coverage.File(b.Slug)
		if want != nil && !want[briefingRel] && !want[coverageRel] {
			continue
		}
		d := newDeps()
		tasks = append(tasks, task{[]string{briefingRel, coverageRel}, func() error {
			sc := scratches.Get().(*scratch)
			defer scratches.Put(sc)
			v := m.briefingView(b, cells, sc, d)
			if want == nil || want[briefingRel] {
				if err := renderPage(m, w, t, sv, page.Briefing, b.Slug, b.Title, view.Page{Briefing: v, Description: b.Summary}); err != nil {
					return err
				}
			}
			if want == nil || want[coverageRel] {
				return renderPage(m, w, t, sv, page.Coverage, b.Slug, "Sources of “"+b.Title+"”", view.Page{Briefing: v,
					Description: "How each of the sources of “" + b.Title + "” stands to each of its claims: supports, contradicts or silent."})
			}
			return nil
		}, d})
	}
	for _, s := range m.sources {
		rel := page.Source.File(s.ID)
		add(rel, func(d *deps) error {
			sc := scratches.Get().(*scratch)
			defer scratches.Put(sc)
			err := renderPage(m, w, t, sv, page.Source, s.ID, firstOf(s.Title, s.ID), view.Page{Source: m.sourceView(s, sc, d),
				Description: sourceDescription(s)})
			if !m.keep {
				// nothing after its own page reads a source's text (what the
				// briefings and the JSON show of it was copied as it was
				// resolved): a one-off build lets it go
				s.Source.Text = ""
			}
			return err
		})
	}
	if m.searchPage {
		one(page.Search, "Search", func(d *deps) view.Page {
			d.lists(true, true) // how many shards there are, in the dev server
			return view.Page{Description: "Search the briefings, claims and sources of " + m.title + "."}
		})
	}
	one(page.NotFound, "Page not found", func(*deps) view.Page {
		return view.Page{Description: "This page is not on " + m.title + "; its briefings and sources are listed from its home page."}
	})
	for _, f := range t.statics {
		if m.searchPage || !strings.HasPrefix(f.name, "search.") { // the search page's script, with the page
			add(f.name, func(*deps) error { return w.File(f.name, f.data) })
		}
	}
	add("feed.xml", func(d *deps) error {
		b, err := m.feedXML(d)
		if err != nil {
			return err
		}
		return w.File("feed.xml", neutralizeBidi(b))
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

// showsCode reports whether a page of kind k shows highlighted code: a
// briefing's body, or an editor's note on a source, may.
func showsCode(k *page.Kind, data *view.Page) bool {
	switch {
	case k == page.Briefing && data.Briefing != nil:
		return strings.Contains(string(data.Briefing.Body), highlight.Marker)
	case k == page.Source && data.Source != nil:
		if strings.Contains(string(data.Source.Note), highlight.Marker) {
			return true
		}
		for _, p := range data.Source.Paragraphs {
			for _, n := range p.Notes {
				if strings.Contains(string(n.Body), highlight.Marker) {
					return true
				}
			}
		}
	}
	return false
}

// sourceDescription is a source page's description: what it is, and from
// whom.
func sourceDescription(s *source) string {
	d := "The text of " + firstOf(s.Title, s.ID)
	if s.Outlet != "" {
		d += " (" + s.Outlet
		if p := Published(s.Source); p != "" {
			d += ", " + p
		}
		d += ")"
	}
	return d + ", with every passage a briefing cites highlighted and linked to its claims."
}

// renderPage executes the page of kind k and key and writes it.
func renderPage(m *model, w publish.Output, t *themeFiles, sv *view.Site, k *page.Kind, key, title string, data view.Page) error {
	return renderListing(m, w, t, sv, k, key, 1, title, data)
}

// renderListing executes page n of the page of kind k and key and writes it.
func renderListing(m *model, w publish.Output, t *themeFiles, sv *view.Site, k *page.Kind, key string, n int, title string, data view.Page) error {
	rel, dir := k.PageFile(key, n), k.PageDir(key, n)
	data.Site, data.Kind, data.Title = sv, k.Name, title
	data.Code = showsCode(k, &data)
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

// buffers hold pages while they are rendered; reusing them spares the
// garbage collector a page's worth of growing buffers per page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
