package site

import (
	"encoding/json"
	"hash/maphash"
	"math/bits"
	"strings"
	"sync"

	"dossier/generator/view"
)

// deps is what a file was made from, recorded as it is read: the views a
// page is executed with are made by briefingView, sourceView,
// listedBriefing and listedSource (and the listings' own), and each
// records in the page's deps the keys of what it read. An update finds
// the keys whose values changed (Builder.Update) and makes again every
// file that read one, so a new kind of page is tracked by the views it
// reads, with nothing to list by hand. A nil *deps records nothing: a
// one-off build keeps no deps.
type deps struct {
	keys []key
	// kinds holds a bit for each kind read as a whole (a list, every
	// claim): a sitemap reads the list of sources once, not once a source
	kinds uint32
}

// key is one thing a file read: its kind, and the briefing, source or
// topic it is of. It is plain memory, so that an update looks up each
// key of every file kept cheaply.
type key struct {
	kind  keyKind
	topic topicID // a topic, by its lower-case name
	b     *briefing
	s     *source
}

// keyKind is a kind of thing a file reads.
type keyKind uint32

// topicID names a topic (its lower-case name) across updates, whose
// models have topics of their own.
type topicID uint32

var topicIDs = struct {
	sync.Mutex
	of map[string]topicID
}{of: map[string]topicID{}}

// topicOf is the id of the topic of that name, whatever its case.
func topicOf(name string) topicID {
	name = strings.ToLower(name)
	topicIDs.Lock()
	defer topicIDs.Unlock()
	id, ok := topicIDs.of[name]
	if !ok {
		id = topicID(len(topicIDs.of) + 1)
		topicIDs.of[name] = id
	}
	return id
}

const (
	readsBriefing    keyKind = iota // a briefing's own values
	readsSource                     // a source's own values: front matter, text
	readsCitations                  // the claims citing a source
	readsClaimsShown                // the first claims citing a source, as an outlet's page shows them
	readsTopic                      // a topic's briefings, by name
	listsBriefings                  // every briefing, as a list shows each
	listsSources                    // every source, as a list shows each
	listsTopics                     // every topic, with how many briefings each has
	readsEverything                 // every claim and citation: claims.json, annotations.jsonld
)

// read records that d's file read k.
func (d *deps) read(k key) {
	switch {
	case d == nil:
	case k.b == nil && k.s == nil && k.topic == 0:
		d.kinds |= 1 << k.kind
	default:
		d.keys = append(d.keys, k)
	}
}

// lists records that d's page lists briefings or sources (or both): it
// changes when one comes or goes, whether or not it shows any.
func (d *deps) lists(briefings, sources bool) {
	if briefings {
		d.read(key{kind: listsBriefings})
	}
	if sources {
		d.read(key{kind: listsSources})
	}
}

func (d *deps) claimsOfSource(s *source) { d.read(key{kind: readsClaimsShown, s: s}) }
func (d *deps) topic(name string) {
	if d != nil {
		d.read(key{kind: readsTopic, topic: topicOf(name)})
	}
}
func (d *deps) briefing(b *briefing) { d.read(key{kind: readsBriefing, b: b}) }
func (d *deps) source(s *source)     { d.read(key{kind: readsSource, s: s}) }
func (d *deps) citations(s *source)  { d.read(key{kind: readsCitations, s: s}) }
func (d *deps) everything()          { d.read(key{kind: readsEverything}) }

// entry is a briefing (by slug) or a source (by id) in its list:
// listsBriefings or listsSources.
type entry struct {
	list keyKind
	name string
}

// changes is the keys whose values an update changed.
type changes map[key]bool

// briefing records that b's own values changed (it was read again,
// resolved again, or is gone); so did every claim.
func (c changes) briefing(b *briefing) {
	c[key{kind: readsBriefing, b: b}] = true
	c[key{kind: readsEverything}] = true
}

// source records that s's own values changed (it was read again, or is
// gone); so did what shows its claims, and every claim.
func (c changes) source(s *source) {
	c[key{kind: readsSource, s: s}] = true
	c[key{kind: readsCitations, s: s}] = true
	c[key{kind: readsClaimsShown, s: s}] = true
	c[key{kind: readsEverything}] = true
}

// citations records that the claims citing s may have changed.
func (c changes) citations(s *source) {
	c[key{kind: readsCitations, s: s}] = true
	c[key{kind: readsEverything}] = true
}

// touches reports whether the file made from d read a key c changed.
func (d *deps) touches(c changes) bool {
	for kinds := d.kinds; kinds != 0; kinds &= kinds - 1 {
		if c[key{kind: keyKind(bits.TrailingZeros32(kinds))}] {
			return true
		}
	}
	for _, k := range d.keys {
		if c[k] {
			return true
		}
	}
	return false
}

// listedBriefing is what a list of briefings shows of b: the home page,
// the feed and the sitemap.
func (m *model) listedBriefing(b *briefing, d *deps) *view.Briefing {
	d.lists(true, false)
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
	d.lists(false, true)
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
