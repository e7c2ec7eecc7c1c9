package site

import (
	"encoding/json"
	"hash/maphash"
	"strings"

	"dossier/generator/view"
)

// deps is what a file was made from, recorded as it is read: the views a
// page is executed with are made by briefingView, sourceView,
// listedBriefing and listedSource, and each records in the page's deps
// what it read. An update makes again the files whose deps it changed
// (Builder.Update), so a new kind of page is tracked by the views it
// reads, with nothing to list by hand. A nil *deps records nothing: a
// one-off build keeps no deps.
type deps struct {
	briefings []*briefing // whose own values it read
	sources   []*source   // whose own values it read: front matter, text
	citedIn   []*source   // whose citations it read: the claims citing it
	// it lists every briefing, or every source, as listedBriefing and
	// listedSource show each
	listsBriefings, listsSources bool
	claimsOf                     []*source // whose first citing claims it shows (an outlet's page)
	topics                       []string  // the topics (lower-case names) whose briefings it lists
	listsTopics                  bool      // it lists the topics, with how many briefings each has
	all                          bool      // everything: claims.json, annotations.jsonld
}

// lists records that d's page lists briefings or sources (or both): it
// changes when one comes or goes, whether or not it shows any.
func (d *deps) lists(briefings, sources bool) {
	if d != nil {
		d.listsBriefings = d.listsBriefings || briefings
		d.listsSources = d.listsSources || sources
	}
}

func (d *deps) claimsOfSource(s *source) {
	if d != nil {
		d.claimsOf = append(d.claimsOf, s)
	}
}

func (d *deps) topic(name string) {
	if d != nil {
		d.topics = append(d.topics, strings.ToLower(name))
	}
}

func (d *deps) briefing(b *briefing) {
	if d != nil {
		d.briefings = append(d.briefings, b)
	}
}

func (d *deps) source(s *source) {
	if d != nil {
		d.sources = append(d.sources, s)
	}
}

func (d *deps) citations(s *source) {
	if d != nil {
		d.citedIn = append(d.citedIn, s)
	}
}

func (d *deps) everything() {
	if d != nil {
		d.all = true
	}
}

// changes is what an update changed, old values and new.
type changes struct {
	briefings map[*briefing]bool // re-read or re-resolved, new or gone
	sources   map[*source]bool   // re-read, new or gone
	cited     map[*source]bool   // whose citations may have changed
	// a briefing's or a source's listing changed, or one came or went
	listedBriefings, listedSources bool
	// the sources whose first citing claims, as an outlet's page shows
	// them, changed
	claimsOf map[*source]bool
	// the topics (lower-case names) a briefing joined, left or was
	// changed in; and whether the list of topics changed with them
	topics       map[string]bool
	listedTopics bool
}

func (c changes) any() bool {
	return len(c.briefings) > 0 || len(c.sources) > 0 || len(c.cited) > 0
}

// touches reports whether the file made from d may change with c.
func (d *deps) touches(c changes) bool {
	if d.all && c.any() || d.listsBriefings && c.listedBriefings || d.listsSources && c.listedSources || d.listsTopics && c.listedTopics {
		return true
	}
	for _, t := range d.topics {
		if c.topics[t] {
			return true
		}
	}
	for _, s := range d.claimsOf {
		if c.claimsOf[s] || c.sources[s] {
			return true
		}
	}
	for _, b := range d.briefings {
		if c.briefings[b] {
			return true
		}
	}
	for _, s := range d.sources {
		if c.sources[s] {
			return true
		}
	}
	for _, s := range d.citedIn {
		if c.cited[s] || c.sources[s] {
			return true
		}
	}
	return false
}

// listedBriefing is what a list of briefings shows of b: the home page,
// the feed and the sitemap.
func (m *model) listedBriefing(b *briefing, d *deps) *view.Briefing {
	if d != nil {
		d.listsBriefings = true
	}
	return m.briefingItem(b)
}

// briefingItem is what a list shows of b, read without a record: a
// topic's page records its briefings one by one.
func (m *model) briefingItem(b *briefing) *view.Briefing {
	return &view.Briefing{Slug: b.Slug, Title: b.Title, Summary: b.Summary, Date: b.Date, Editors: b.Editors, Draft: b.Draft,
		URL: b.href, ClaimCount: len(b.md.Claims), SourceCount: len(b.cited), Topics: m.topicsOf(b)}
}

// listedSource is what a list of sources shows of s: the sources page and
// the sitemap.
func (m *model) listedSource(s *source, d *deps) *view.Source {
	if d != nil {
		d.listsSources = true
	}
	return &view.Source{SourceLink: *s.link, ClaimCount: len(s.claims), Passages: len(s.cited), OutletURL: m.outletURL(s)}
}

// listingSeed hashes listings.
var listingSeed = maphash.MakeSeed()

// listing is a hash of a view as a list shows it: two equal listings are
// the same entry in every list.
func listing(v any) uint64 {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // a view is plain data
	}
	return maphash.Bytes(listingSeed, b)
}
