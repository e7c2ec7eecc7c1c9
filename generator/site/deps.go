package site

import (
	"encoding/json"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"dossier/generator/parallel"
	"dossier/generator/view"
)

// deps is what a file was made from, recorded as it is read: the views a
// page is executed with are made by briefingView, sourceView,
// listedBriefing and listedSource (and the listings' own), and each
// records in the page's deps the keys it read, each with a fingerprint of
// its value then. An update fingerprints every key again in the new model
// (key.stamp, key.value) and makes again every file that read one whose
// fingerprint changed. A new kind of page is tracked by the views it
// reads, with nothing to list by hand; a new kind of key is one case in
// key.stamp. A nil *deps records nothing: a one-off build keeps no deps.
type deps struct {
	m     *model
	reads []read
	// whole holds a bit for each kind read as a whole (a list, every
	// claim), recorded once: a sitemap reads the list of sources once, not
	// once a source
	whole uint32
	// unsettled says reads of topics or of whole kinds wait for their
	// stamps (settle)
	unsettled bool
}

// read is a key a file read and the fingerprint of its value then.
type read struct {
	key
	stamp uint64 // key.stamp
	value uint64 // key.value, for a kind that has one
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

const (
	readsBriefing    keyKind = iota // a briefing's own values and its references
	readsSource                     // a source's own values: front matter, text
	readsCitations                  // the claims citing a source, and the notes on its passages
	readsClaimsShown                // the first claims citing a source, as an outlet's page shows them
	readsTopic                      // a topic as a briefing shows it: its name, slug and count
	listsTopic                      // a topic's briefings, in order: its own pages
	listsBriefing                   // a briefing as a list shows it
	listsBriefings                  // every briefing, as a list shows each
	listsSources                    // every source, as a list shows each
	listsTopics                     // every topic, with how many briefings each has
	readsEverything                 // every claim and citation: claims.json, annotations.jsonld
	keyKinds
)

// stamp fingerprints k's value in m, the latest model: equal stamps,
// equal values. It is cheap, made of the versions of what the value is
// made from, and 0 when k is not in m (its briefing or source is gone, or
// was read again).
func (k key) stamp(m *model) uint64 {
	switch k.kind {
	case readsBriefing:
		if !k.b.dropped {
			return k.b.version
		}
	case readsSource:
		if !k.s.dropped {
			return k.s.version
		}
	case readsCitations, readsClaimsShown:
		if !k.s.dropped {
			return k.s.citesVersion
		}
	case readsTopic:
		return m.stamps().topics[k.topic].shown
	case listsTopic:
		return m.stamps().topics[k.topic].list
	case listsBriefing: // by slug: a briefing read again is listed the same
		return m.stamps().listed[k.b.Slug]
	default:
		return m.stamps().whole[k.kind]
	}
	return 0
}

// ofModel says k is stamped from the model's stamps (m.stamps): a topic,
// a briefing's entry in the lists, or a kind read as a whole.
func (k key) ofModel() bool { return k.b == nil && k.s == nil || k.kind == listsBriefing }

// value fingerprints what a file shows of k, for the kinds whose stamp
// changes more often than that: an edit of one claim changes the citations
// of every source its briefing cites, and the claims an outlet's page
// shows of few of them. ok is false for the other kinds.
func (k key) value(m *model) (v uint64, ok bool) {
	if k.kind == readsClaimsShown {
		return claimsValue(m.claimLinks(k.s)), true
	}
	return 0, false
}

// read records that d's file read k.
func (d *deps) read(k key) {
	if d == nil {
		return
	}
	if k.b == nil && k.s == nil && k.topic == 0 {
		if d.whole&(1<<k.kind) != 0 {
			return
		}
		d.whole |= 1 << k.kind
	}
	if k.ofModel() {
		// stamped by settle: the model's stamps are made once, after its
		// pages, not before the first page a reader waits for
		d.reads, d.unsettled = append(d.reads, read{key: k}), true
		return
	}
	r := read{key: k, stamp: k.stamp(d.m)}
	r.value, _ = k.value(d.m)
	d.reads = append(d.reads, r)
}

// settle stamps the reads of topics and of whole kinds, once the build
// that made d's file is done with its model and before the next changes it.
func (d *deps) settle() {
	if d == nil || !d.unsettled {
		return
	}
	for i := range d.reads {
		if r := &d.reads[i]; r.ofModel() {
			r.stamp = r.key.stamp(d.m)
		}
	}
	d.unsettled = false
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

// claimsOfSource records that d's page shows of the claims citing s
// links and more, which claimLinks gave.
func (d *deps) claimsOfSource(s *source, links []view.ClaimLink, more int) {
	if d != nil {
		k := key{kind: readsClaimsShown, s: s}
		d.reads = append(d.reads, read{key: k, stamp: k.stamp(d.m), value: claimsValue(links, more)})
	}
}

// topic records that d's page shows the topic of that name as a briefing
// does: its name, its page, its count.
func (d *deps) topic(name string) {
	if d != nil {
		d.read(key{kind: readsTopic, topic: topicOf(name)})
	}
}

// topicPage records that d's page is one of the topic t's: it shows the
// topic and its briefings in order.
func (d *deps) topicPage(t *topic) {
	if d != nil {
		id := topicOf(t.name)
		d.read(key{kind: readsTopic, topic: id})
		d.read(key{kind: listsTopic, topic: id})
	}
}

func (d *deps) briefing(b *briefing) { d.read(key{kind: readsBriefing, b: b}) }
func (d *deps) source(s *source)     { d.read(key{kind: readsSource, s: s}) }
func (d *deps) citations(s *source)  { d.read(key{kind: readsCitations, s: s}) }
func (d *deps) everything()          { d.read(key{kind: readsEverything}) }

// changedIn reports whether a key d's file read has another value in m.
// values keeps the values made for this m, a key read by many files being
// valued once.
func (d *deps) changedIn(m *model, values map[key]uint64) bool {
	for _, r := range d.reads {
		stamp := r.key.stamp(m)
		if stamp == r.stamp {
			continue
		}
		if stamp == 0 {
			return true
		}
		v, ok := values[r.key]
		if !ok {
			if v, ok = r.key.value(m); !ok {
				return true
			}
			values[r.key] = v
		}
		if v != r.value {
			return true
		}
	}
	return false
}

// versions numbers the states of briefings and sources: a briefing takes
// a new version each time it is resolved, a source when it is read and
// each time the claims citing it change.
var versions atomic.Uint64

func nextVersion() uint64 { return versions.Add(1) }

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

// stampsOf are the stamps of a model's topics and of the kinds read as a
// whole, made once.
type stampsOf struct {
	once   sync.Once
	topics map[topicID]topicStamps
	listed map[string]uint64 // each briefing's entry, by slug
	whole  [keyKinds]uint64
}

// topicStamps are a topic's stamps: as a briefing shows it (readsTopic)
// and its briefings in order (listsTopic).
type topicStamps struct{ shown, list uint64 }

// stamps fingerprints m's topics and lists, once. A list's stamp is made
// of its entries' values (listedBriefing and listedSource as a hash),
// each kept with the entry beside the stamp of what it is made from, so
// that an update hashes again only the entries it changed.
func (m *model) stamps() *stampsOf {
	st := &m.stampsOf
	st.once.Do(func() {
		st.topics = make(map[topicID]topicStamps, len(m.topics))
		var all fold
		for _, t := range m.topics {
			var shown, list fold
			shown.str(t.name)
			shown.str(t.slug)
			shown.int(uint64(len(t.briefings)))
			for _, b := range t.briefings {
				list.str(b.Slug)
			}
			st.topics[topicOf(t.name)] = topicStamps{shown.sum(), list.sum()}
			all.int(uint64(shown))
		}
		st.whole[listsTopics] = all.sum()

		// an entry's stamp: its version, and what it shows of the rest of
		// the site; the entries whose stamp changed are hashed again
		var remake []func()
		for _, b := range m.briefings {
			h := fold(b.version)
			for _, t := range b.Tags {
				if tp := m.topicOf[strings.ToLower(t.Name)]; tp != nil {
					h.str(tp.slug)
					h.int(uint64(len(tp.briefings)))
				}
			}
			if stamp := h.sum(); b.listed.stamp != stamp {
				b.listed.stamp = stamp
				remake = append(remake, func() { b.listed.value = listing(m.briefingItem(b)) })
			}
		}
		listSources := func(ss []*source, outlet string) {
			for _, s := range ss {
				stamp := maphash.Comparable(stampSeed, struct {
					version, claims, cited uint64
					outlet                 string
				}{s.version, uint64(len(s.claims)), uint64(len(s.cited)), outlet}) | 1
				if s.listed.stamp != stamp {
					s.listed.stamp = stamp
					remake = append(remake, func() { s.listed.value = listing(m.listedSource(s, nil)) })
				}
			}
		}
		for _, o := range m.outlets {
			listSources(o.sources, o.slug)
		}
		listSources(slices.DeleteFunc(slices.Clone(m.sources), func(s *source) bool { return strings.TrimSpace(s.Outlet) != "" }), "")
		parallel.For(len(remake), func(i int) { remake[i]() })

		var lb, ls, every fold
		st.listed = make(map[string]uint64, len(m.briefings))
		for _, b := range m.briefings {
			st.listed[b.Slug] = b.listed.value
			lb.int(b.listed.value)
			every.int(b.version)
		}
		for _, s := range m.sources {
			ls.int(s.listed.value)
			every.int(s.version)
			every.int(s.citesVersion)
		}
		st.whole[listsBriefings], st.whole[listsSources], st.whole[readsEverything] = lb.sum(), ls.sum(), every.sum()
	})
	return st
}

// kept is a value kept with the stamp of what it was made from.
type kept struct{ stamp, value uint64 }

// stampSeed hashes stamps and listings.
var stampSeed = maphash.MakeSeed()

// fold is a hash of a sequence of numbers and strings.
type fold uint64

func (f *fold) int(v uint64) { *f = fold(maphash.Comparable(stampSeed, [2]uint64{uint64(*f), v})) }

func (f *fold) str(v string) {
	*f = fold(maphash.Comparable(stampSeed, struct {
		h uint64
		s string
	}{uint64(*f), v}))
}

// sum is the stamp; never 0, which says "not in the model".
func (f fold) sum() uint64 { return uint64(f) | 1 }

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

// listing is a hash of a view as a list shows it: two equal listings are
// the same entry in every list.
func listing(v any) uint64 {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // a view is plain data
	}
	return maphash.Bytes(stampSeed, b) | 1
}

// claimsValue is a hash of what an outlet's page shows of the claims
// citing a source (claimLinks): an update remakes the outlet pages of the
// sources whose shown claims it changed, not of every source a changed
// briefing cites.
func claimsValue(links []view.ClaimLink, more int) uint64 {
	var h fold
	for _, l := range links {
		h.int(uint64(l.Number))
		h.str(l.Text)
		h.str(l.URL)
		h.str(l.BriefingTitle)
	}
	h.int(uint64(more))
	return h.sum()
}
