package site

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"dossier/generator/export"
	"dossier/generator/page"
)

// The Atom feed, the sitemap and robots.txt, from the lists' views of the
// briefings and sources (listedBriefing, listedSource).

// absolute makes p (a site path) absolute when the site has a base URL.
func (m *model) absolute(p string) string {
	if m.baseURL == "" {
		return m.url(p)
	}
	return m.baseURL + p
}

// iri is an absolute identifier for p: its URL with a base URL, else a
// name-based UUID, since Atom ids must be absolute.
func (m *model) iri(p string) string {
	if m.baseURL != "" {
		return m.baseURL + p
	}
	h := sha256.Sum256([]byte("dossier:" + m.title + ":" + p))
	h[6] = h[6]&0x0f | 0x50 // version 5 layout
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func (m *model) feedXML(d *deps) ([]byte, error) {
	f := export.Feed{
		Title:    m.title,
		Subtitle: m.site.Config.Description,
		ID:       m.iri(""),
		Links: []export.Link{
			{Rel: "self", Type: "application/atom+xml", Href: m.absolute("feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: m.absolute("")},
		},
		Author: export.Person{Name: firstOf(strings.Join(m.site.Config.Editors, ", "), m.title)},
	}
	var newest time.Time
	for _, br := range m.briefings {
		b := m.listedBriefing(br, d)
		t := b.Date
		if t.IsZero() {
			t = export.FallbackTime()
		}
		if t.After(newest) {
			newest = t
		}
		e := export.Entry{Title: b.Title, ID: m.iri(page.Briefing.Dir(b.Slug)), Updated: t.UTC().Format(time.RFC3339),
			Links: []export.Link{{Rel: "alternate", Type: "text/html", Href: m.absolute(page.Briefing.Dir(b.Slug))}}, Summary: b.Summary}
		for _, ed := range b.Editors {
			e.Authors = append(e.Authors, export.Person{Name: ed})
		}
		for _, t := range br.Tags {
			if tp := m.topicOf[strings.ToLower(t.Name)]; tp != nil {
				e.Categories = append(e.Categories, export.Category{Term: tp.slug, Scheme: m.absolute(page.Topics.Dir("")), Label: t.Name})
			}
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = export.FallbackTime()
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	return f.XML()
}

// sitemapXML lists every page. Sitemaps need absolute URLs, so it is only
// written for a site with a base URL.
func (m *model) sitemapXML(d *deps) ([]byte, error) {
	s := export.Sitemap{URLs: []export.SitemapURL{{Loc: m.absolute("")}}}
	for _, br := range m.briefings {
		b := m.listedBriefing(br, d)
		var mod string
		if !b.Date.IsZero() {
			mod = b.Date.Format("2006-01-02")
		}
		for _, f := range page.Kinds {
			if f.Per == page.PerBriefing {
				s.URLs = append(s.URLs, export.SitemapURL{Loc: m.absolute(f.Dir(b.Slug)), LastMod: mod})
			}
		}
	}
	for _, src := range m.sources {
		src := m.listedSource(src, d)
		s.URLs = append(s.URLs, export.SitemapURL{Loc: m.absolute(page.Source.Dir(src.ID))})
	}
	// every page of every listing, the home page's first one aside
	for _, l := range m.listings() {
		for n := 1; n <= page.Pages(l.items); n++ {
			if l.kind != page.Index || n > 1 {
				s.URLs = append(s.URLs, export.SitemapURL{Loc: m.absolute(l.kind.PageDir(l.key, n))})
			}
		}
	}
	d.lists(false, true)
	return s.XML()
}

// robotsTXT is robots.txt, naming the sitemap when there is one.
func (m *model) robotsTXT() []byte {
	if m.baseURL == "" {
		return export.Robots("")
	}
	return export.Robots(m.baseURL + "sitemap.xml")
}
