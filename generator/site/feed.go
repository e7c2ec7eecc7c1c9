package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"dossier/generator/page"
)

// The Atom feed, the sitemap, robots.txt and annotations.jsonld. Nothing in
// them comes from the clock: dates are the briefings' own, and where a
// briefing has none, SOURCE_DATE_EPOCH's (or 1970-01-01).

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string       `xml:"title"`
	ID      string       `xml:"id"`
	Updated string       `xml:"updated"`
	Links   []atomLink   `xml:"link"`
	Authors []atomPerson `xml:"author,omitempty"`
	Summary string       `xml:"summary,omitempty"`
}

// fallbackTime is the date of what has none: SOURCE_DATE_EPOCH, or the epoch.
func fallbackTime() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Unix(0, 0).UTC()
}

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
	f := atomFeed{
		Title:    m.title,
		Subtitle: m.site.Config.Description,
		ID:       m.iri(""),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: m.absolute("feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: m.absolute("")},
		},
		Author: atomPerson{Name: firstOf(strings.Join(m.site.Config.Editors, ", "), m.title)},
	}
	var newest time.Time
	for _, br := range m.briefings {
		b := m.listedBriefing(br, d)
		t := b.Date
		if t.IsZero() {
			t = fallbackTime()
		}
		if t.After(newest) {
			newest = t
		}
		e := atomEntry{Title: b.Title, ID: m.iri(page.Briefing.Dir(b.Slug)), Updated: t.UTC().Format(time.RFC3339),
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: m.absolute(page.Briefing.Dir(b.Slug))}}, Summary: b.Summary}
		for _, ed := range b.Editors {
			e.Authors = append(e.Authors, atomPerson{Name: ed})
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = fallbackTime()
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapXML lists every page. Sitemaps need absolute URLs, so it is only
// written for a site with a base URL.
func (m *model) sitemapXML(d *deps) ([]byte, error) {
	s := sitemapURLSet{URLs: []sitemapURL{{Loc: m.absolute("")}}}
	for _, br := range m.briefings {
		b := m.listedBriefing(br, d)
		var mod string
		if !b.Date.IsZero() {
			mod = b.Date.Format("2006-01-02")
		}
		s.URLs = append(s.URLs, sitemapURL{Loc: m.absolute(page.Briefing.Dir(b.Slug)), LastMod: mod},
			sitemapURL{Loc: m.absolute(page.Coverage.Dir(b.Slug)), LastMod: mod})
	}
	s.URLs = append(s.URLs, sitemapURL{Loc: m.absolute(page.Sources.Dir(""))})
	for _, src := range m.sources {
		src := m.listedSource(src, d)
		s.URLs = append(s.URLs, sitemapURL{Loc: m.absolute(page.Source.Dir(src.ID))})
	}
	out, err := xml.MarshalIndent(s, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func (m *model) robotsTXT() []byte {
	s := "User-agent: *\nAllow: /\n"
	if m.baseURL != "" {
		s += "Sitemap: " + m.baseURL + "sitemap.xml\n"
	}
	return []byte(s)
}

// writeAnnotationsJSONLD exports every anchored citation as a W3C Web
// Annotation: the claim's text as its body, the passage on its source's
// page as its target, found by a TextQuoteSelector and a
// TextPositionSelector. Compact: tens of megabytes for a large site.
func (m *model) writeAnnotationsJSONLD(w io.Writer) error {
	head := &jsonObject{dst: []byte{'{'}}
	head.str("@context", "http://www.w3.org/ns/anno.jsonld")
	first := head.open("first", '{')
	first.str("id", m.absolute("annotations.jsonld#page1"))
	first.key("items")
	first.dst = append(first.dst, '[')
	if _, err := w.Write(first.dst); err != nil {
		return err
	}
	total := 0
	var scratch []byte
	for _, b := range m.briefings {
		items, n := b.annotations, b.annotationCount
		if items == nil {
			scratch, n = m.appendAnnotations(scratch[:0], b)
			items = scratch
			if m.keep {
				b.annotations, b.annotationCount = bytes.Clone(items), n
			}
		}
		if n == 0 {
			continue
		}
		if total > 0 {
			if _, err := w.Write([]byte{','}); err != nil {
				return err
			}
		}
		total += n
		if _, err := w.Write(items); err != nil {
			return err
		}
	}
	// the rest of "first", then of the document: members after others
	tail := &jsonObject{dst: []byte{']'}, n: 1}
	tail.str("type", "AnnotationPage")
	tail.dst = append(tail.dst, '}')
	tail.str("id", m.absolute("annotations.jsonld"))
	tail.str("label", "The cited passages of "+m.title)
	tail.int("total", total)
	tail.str("type", "AnnotationCollection")
	_, err := w.Write(append(tail.dst, '}', '\n'))
	return err
}

// annotate makes the briefing's items of annotations.jsonld and keeps them,
// unless it has them.
func (m *model) annotate(b *briefing) {
	if b.annotations == nil {
		b.annotations, b.annotationCount = m.appendAnnotations([]byte{}, b)
	}
}

// appendAnnotations appends the briefing's annotations, joined by commas,
// and returns how many.
func (m *model) appendAnnotations(dst []byte, b *briefing) ([]byte, int) {
	items := &jsonObject{dst: dst}
	count := 0
	for _, c := range b.md.Claims {
		claimURL := m.absolute(page.Briefing.Dir(b.Slug) + "#" + c.ID)
		for i, r := range c.Refs {
			ref := b.refs[r]
			if ref == nil || ref.pid == "" {
				continue
			}
			s, q := ref.src, ref.q
			items.item()
			a := items.open("", '{')
			a.str("id", claimURL+"-"+strconv.Itoa(i+1))
			a.str("type", "Annotation")
			a.str("motivation", "assessing")
			body := a.open("body", '[')
			for _, v := range [3][4]string{
				{"", "TextualBody", c.Plain, "assessing"},
				{"", "TextualBody", relation(r), "tagging"},
				{claimURL, "Text", "", "linking"},
			} {
				body.item()
				e := body.open("", '{')
				if v[0] != "" {
					e.str("id", v[0])
				}
				e.str("type", v[1])
				if v[2] != "" {
					e.str("value", v[2])
					e.str("format", "text/plain")
				} else if v[1] == "TextualBody" {
					e.str("format", "text/plain")
				}
				e.str("purpose", v[3])
				body.close(&e, '}')
			}
			a.close(&body, ']')
			target := a.open("target", '{')
			target.str("source", m.absolute(page.Source.Dir(s.ID)))
			if scope := s.original; scope != "" {
				target.str("scope", scope)
			}
			sels := target.open("selector", '[')
			sels.item()
			quote := sels.open("", '{')
			quote.str("type", "TextQuoteSelector")
			for _, kv := range [3][2]string{{"exact", q.exact}, {"prefix", q.prefix}, {"suffix", q.suffix}} {
				if kv[1] != "" {
					quote.str(kv[0], kv[1])
				}
			}
			sels.close(&quote, '}')
			sels.item()
			pos := sels.open("", '{')
			pos.str("type", "TextPositionSelector")
			pos.int("start", q.start)
			pos.int("end", q.end)
			sels.close(&pos, '}')
			target.close(&sels, ']')
			a.close(&target, '}')
			items.close(&a, '}')
			count++
		}
	}
	return items.dst, count
}
