package site

import (
	"cmp"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/generator/cite"
	"dossier/generator/diag"
	"dossier/generator/mdext"
	"dossier/generator/page"
	"dossier/generator/view"

	"golang.org/x/text/unicode/norm"
)

// The archive: outlets (the sources' outlet fields), topics (the
// briefings' tags) and listings cut into pages (docs/site.md).

// outlet is every source that names one outlet.
type outlet struct {
	name, slug string
	sources    []*source // in the order of m.sources
}

// topic is every briefing that has one tag.
type topic struct {
	name, slug string
	briefings  []*briefing // newest first
}

// group gathers the outlets and topics, and checks the briefings' tags
// against the ones site.yaml allows, if it lists them.
func (m *model) group() diag.List {
	var diags diag.List
	byName := map[string]*outlet{}
	m.outlets = nil
	for _, s := range m.sources {
		name := strings.TrimSpace(s.Outlet)
		if name == "" {
			continue
		}
		o := byName[strings.ToLower(name)]
		if o == nil {
			o = &outlet{name: name}
			byName[strings.ToLower(name)] = o
			m.outlets = append(m.outlets, o)
		}
		o.sources = append(o.sources, s)
	}
	slices.SortFunc(m.outlets, func(a, b *outlet) int { return compareNames(a.name, b.name) })
	slugs := map[string]bool{}
	for _, o := range m.outlets {
		o.slug = uniqueSlug(slugs, o.name)
	}
	allowed := map[string]bool{}
	for _, t := range m.site.Config.Tags {
		allowed[strings.ToLower(t)] = true
	}
	byTag := map[string]*topic{}
	m.topics = nil
	for _, b := range m.briefings {
		for _, t := range b.Tags {
			if len(allowed) > 0 && !allowed[strings.ToLower(t.Name)] {
				d := diag.At(b.Path, b.File, t.Offset, diag.Warning, "tag %q is not one of site.yaml's tags", t.Name)
				if near := closestName(t.Name, m.site.Config.Tags); near != "" {
					d.Notes = append(d.Notes, fmt.Sprintf("did you mean %q?", near))
				} else {
					d.Notes = append(d.Notes, "add it to tags: in content/site.yaml, or use one of "+strings.Join(m.site.Config.Tags, ", "))
				}
				diags = append(diags, d)
			}
			tp := byTag[strings.ToLower(t.Name)]
			if tp == nil {
				tp = &topic{name: t.Name}
				byTag[strings.ToLower(t.Name)] = tp
				m.topics = append(m.topics, tp)
			}
			tp.briefings = append(tp.briefings, b)
		}
	}
	slices.SortFunc(m.topics, func(a, b *topic) int { return compareNames(a.name, b.name) })
	slugs = map[string]bool{}
	for _, t := range m.topics {
		t.slug = uniqueSlug(slugs, t.name)
	}
	m.outletOf, m.topicOf = map[string]*outlet{}, map[string]*topic{}
	for _, o := range m.outlets {
		m.outletOf[strings.ToLower(o.name)] = o
	}
	for _, t := range m.topics {
		m.topicOf[strings.ToLower(t.name)] = t
	}
	return diags
}

// compareNames orders names as a reader looks them up: without regard to
// case, then as written, so the order is total.
func compareNames(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// closestName is the name of names nearest to s, if one is near.
func closestName(s string, names []string) string {
	best, bestD := "", len(s)/3+2
	for _, n := range names {
		if d := cite.Distance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// maxSlug is the most bytes of a slug: a folder's name may have 255 on
// most file systems, and an address is read by people. A longer slug is
// cut to maxSlug-9 bytes at a "-" (else at a letter) and ends in "-" and
// eight hex digits of the CRC-32 of the whole of it, so that it is stable
// and two long names with one beginning stay apart.
const maxSlug = 96

// slug is name as a URL path segment: lower case, accents dropped from
// Latin letters (NFD, marks removed), every letter and digit of any script
// kept, and every run of anything else one "-". A name with no letter or
// digit ("…", "/") is named by a hash of it; a long one is cut (maxSlug).
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return fmt.Sprintf("x%08x", crc32.ChecksumIEEE([]byte(name)))
	}
	s := norm.NFC.String(b.String())
	if len(s) <= maxSlug {
		return s
	}
	cut := maxSlug - 9
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if dash := strings.LastIndexByte(s[:cut], '-'); dash > cut/2 {
		cut = dash
	}
	return fmt.Sprintf("%s-%08x", s[:cut], crc32.ChecksumIEEE([]byte(s)))
}

// uniqueSlug is name's slug, with "-2", "-3"… when another name took it;
// "page" is a listing's next pages, so a name that slugs to it is "page-1".
func uniqueSlug(taken map[string]bool, name string) string {
	base := slug(name)
	if base == "page" {
		base = "page-1"
	}
	s := base
	for n := 2; taken[s]; n++ {
		s = base + "-" + strconv.Itoa(n)
	}
	taken[s] = true
	return s
}

// pager is page n of a listing of total items at k's key, and the range
// of items it shows.
func (m *model) pager(k *page.Kind, key string, n, total int) (*view.Pager, int, int) {
	count := page.Pages(total)
	p := &view.Pager{Number: n, Count: count, Total: total}
	from, to := (n-1)*page.PerPage, min(n*page.PerPage, total)
	if total > 0 {
		p.First, p.Last = from+1, to
	}
	if n > 1 {
		p.Prev = m.url(k.PageDir(key, n-1))
	}
	if n < count {
		p.Next = m.url(k.PageDir(key, n+1))
	}
	// the first, the last and those near this one
	for _, i := range []int{1, n - 2, n - 1, n, n + 1, n + 2, count} {
		last := 0
		if len(p.Pages) > 0 {
			last = p.Pages[len(p.Pages)-1].Number
		}
		if i <= last || i < 1 || i > count {
			continue
		}
		if i > last+1 && last > 0 {
			p.Pages = append(p.Pages, view.PageLink{}) // a gap
		}
		p.Pages = append(p.Pages, view.PageLink{Number: i, URL: m.url(k.PageDir(key, i)), Current: i == n})
	}
	return p, from, to
}

// listPages is a listing of the site, cut into pages: its kind and key, how
// many items it has, and how a page of it is made from items [from, to).
type listPages struct {
	kind  *page.Kind
	key   string
	items int
	title string
	page  func(d *deps, from, to int) view.Page
}

// listings is every listing of the site, in the sitemap's order.
func (m *model) listings() []listPages {
	ls := []listPages{
		{page.Index, "", len(m.briefings), m.title, func(d *deps, from, to int) view.Page {
			d.lists(true, false)
			bs := make([]*view.Briefing, 0, to-from)
			for _, b := range m.briefings[from:to] {
				bs = append(bs, m.listedBriefing(b, d))
			}
			return view.Page{Briefings: bs, Description: m.site.Config.Description}
		}},
		{page.Sources, "", len(m.sources), "Sources", func(d *deps, from, to int) view.Page {
			d.lists(false, true)
			ss := make([]*view.Source, 0, to-from)
			for _, s := range m.sources[from:to] {
				ss = append(ss, m.listedSource(s, d))
			}
			return view.Page{Sources: ss, Description: "Every source cited in " + m.title + ", with its outlet, its date and the claims that cite it."}
		}},
		{page.Outlets, "", len(m.outlets), "Outlets", func(d *deps, from, to int) view.Page {
			d.lists(false, true)
			os := make([]*view.Outlet, 0, to-from)
			for _, o := range m.outlets[from:to] {
				os = append(os, m.listedOutlet(o, d))
			}
			return view.Page{Outlets: os, Description: "Every outlet whose reporting " + m.title + " cites, with its sources and the claims that cite them."}
		}},
	}
	for _, o := range m.outlets {
		ls = append(ls, listPages{page.Outlet, o.slug, len(o.sources), o.name, func(d *deps, from, to int) view.Page {
			// a page of an outlet reads its own sources and their claims, not
			// those of the outlet's other pages: a save remakes the pages that
			// show what it changed
			d.lists(false, true)
			v := &view.Outlet{Name: o.name, URL: m.url(page.Outlet.Dir(o.slug)), SourceCount: len(o.sources)}
			v.Sources = m.outletSources(o.sources[from:to], d)
			return view.Page{Outlet: v,
				Description: "The sources from " + o.name + " cited in " + m.title + ", and the claims that cite each."}
		}})
	}
	ls = append(ls, listPages{page.Topics, "", len(m.topics), "Topics", func(d *deps, from, to int) view.Page {
		d.read(key{kind: listsTopics})
		ts := make([]*view.Topic, 0, to-from)
		for _, t := range m.topics[from:to] {
			ts = append(ts, m.listedTopic(t))
		}
		return view.Page{Topics: ts, Description: "The topics of the briefings of " + m.title + "."}
	}})
	for _, t := range m.topics {
		ls = append(ls, listPages{page.Topic, t.slug, len(t.briefings), t.name, func(d *deps, from, to int) view.Page {
			// a topic's pages change with the briefings on them and with
			// the topic's own (one joins, leaves or moves)
			d.topicPage(t)
			bs := make([]*view.Briefing, 0, to-from)
			for _, b := range t.briefings[from:to] {
				d.read(key{kind: listsBriefing, b: b})
				bs = append(bs, m.briefingItem(b))
			}
			return view.Page{Topic: m.listedTopic(t), Briefings: bs, Description: "Briefings of " + m.title + " on " + t.name + "."}
		}})
	}
	return ls
}

// listingFiles is the file of every page of every listing.
func (m *model) listingFiles() map[string]bool {
	out := map[string]bool{}
	for _, l := range m.listings() {
		for n := 1; n <= page.Pages(l.items); n++ {
			out[l.kind.PageFile(l.key, n)] = true
		}
	}
	return out
}

// listedOutlet is what a list of outlets shows of o.
func (m *model) listedOutlet(o *outlet, d *deps) *view.Outlet {
	v := &view.Outlet{Name: o.name, URL: m.url(page.Outlet.Dir(o.slug)), SourceCount: len(o.sources)}
	d.lists(false, true)
	for _, s := range o.sources {
		d.citations(s)
		v.ClaimCount += len(s.claims)
	}
	return v
}

// listedTopic is what a list of topics shows of t; its callers record
// what it reads.
func (m *model) listedTopic(t *topic) *view.Topic {
	return &view.Topic{Name: t.name, URL: m.url(page.Topic.Dir(t.slug)), BriefingCount: len(t.briefings)}
}

// claimsPerSource is how many of the claims citing a source an outlet's
// page lists under it; the source's own page lists every one. It bounds
// the page: 50 sources, however often each is cited.
const claimsPerSource = 5

// outletSources is ss as an outlet's page lists them: each with the
// claims that cite it (the first claimsPerSource), in the order of the
// briefings and their claims.
func (m *model) outletSources(ss []*source, d *deps) []*view.Source {
	out := make([]*view.Source, len(ss))
	for i, s := range ss {
		out[i] = m.listedSource(s, d)
		out[i].Claims, out[i].MoreClaims = m.claimLinks(s)
		d.claimsOfSource(s, out[i].Claims, out[i].MoreClaims)
	}
	return out
}

// claimLinks is what an outlet's page shows of the claims citing s: the
// first claimsPerSource, and how many more there are.
func (m *model) claimLinks(s *source) ([]view.ClaimLink, int) {
	claims := m.citingClaims()[s]
	var links []view.ClaimLink
	for _, c := range claims[:min(len(claims), claimsPerSource)] {
		links = append(links, view.ClaimLink{Number: c.claim.Number, Text: c.claim.Plain,
			URL: c.b.href + "#" + c.claim.ID, BriefingTitle: c.b.Title})
	}
	return links, max(0, len(claims)-claimsPerSource)
}

// claimAt is a claim in its briefing.
type claimAt struct {
	b     *briefing
	claim *mdext.Claim
}

// citingClaims lists, for each source, the claims that cite it, in the
// order of the briefings and their claims: made once, when an outlet's
// page first needs it, in one pass over every claim.
func (m *model) citingClaims() map[*source][]claimAt {
	m.citing.once.Do(func() {
		m.citing.of = map[*source][]claimAt{}
		for _, b := range m.briefings {
			for _, c := range b.md.Claims {
				var last *source
				for _, r := range c.Refs {
					if ref := b.refs[r]; ref != nil && ref.src != nil && ref.src != last {
						if l := m.citing.of[ref.src]; len(l) == 0 || l[len(l)-1].claim != c {
							m.citing.of[ref.src] = append(l, claimAt{b, c})
						}
						last = ref.src
					}
				}
			}
		}
	})
	return m.citing.of
}

// inheritCiting makes m's citingClaims from prev's, when prev has made
// them, by making again only the lists of the sources touched: those that
// the removed and the re-resolved briefings cite or cited. A save of one
// briefing is not a pass over every claim of the site.
func (m *model) inheritCiting(prev *model, removed, resolve []*briefing, touched map[*source]bool) {
	if prev.citing.of == nil {
		return // made when first needed
	}
	of := maps.Clone(prev.citing.of)
	changed := map[*briefing]bool{}
	for _, b := range removed {
		changed[b] = true
	}
	for _, b := range resolve {
		changed[b] = true
	}
	own := map[*source]bool{} // lists of of that are not prev's: prev's are never written
	for s := range touched {
		own[s] = true
		l := slices.DeleteFunc(slices.Clone(of[s]), func(c claimAt) bool { return changed[c.b] })
		if len(l) == 0 {
			delete(of, s)
		} else {
			of[s] = l
		}
	}
	order := make(map[*briefing]int, len(m.briefings))
	for i, b := range m.briefings {
		order[b] = i
	}
	gained := map[*source]bool{} // sources a re-resolved briefing cites now
	for _, b := range resolve {
		for _, c := range b.md.Claims {
			var last *source
			for _, r := range c.Refs {
				if ref := b.refs[r]; ref != nil && ref.src != nil && ref.src != last {
					if !own[ref.src] {
						of[ref.src], own[ref.src] = slices.Clone(of[ref.src]), true
					}
					if l := of[ref.src]; len(l) == 0 || l[len(l)-1].claim != c {
						of[ref.src] = append(l, claimAt{b, c})
					}
					last, gained[ref.src] = ref.src, true
				}
			}
		}
	}
	maps.Copy(gained, touched)
	for s := range gained {
		slices.SortStableFunc(of[s], func(x, y claimAt) int {
			return cmp.Or(order[x.b]-order[y.b], x.claim.Number-y.claim.Number)
		})
	}
	m.citing.once.Do(func() { m.citing.of = of })
}

// topicsOf is what a briefing's page and listing show of its topics.
func (m *model) topicsOf(b *briefing) []*view.Topic {
	var ts []*view.Topic
	for _, t := range b.Tags {
		if tp := m.topicOf[strings.ToLower(t.Name)]; tp != nil {
			ts = append(ts, &view.Topic{Name: t.Name, URL: m.url(page.Topic.Dir(tp.slug)), BriefingCount: len(tp.briefings)})
		}
	}
	return ts
}

// outletOfSource is the outlet s names; nil when it names none.
func (m *model) outletOfSource(s *source) *outlet {
	return m.outletOf[strings.ToLower(strings.TrimSpace(s.Outlet))]
}

// outletURL is the page of s's outlet; "" when it names none.
func (m *model) outletURL(s *source) string {
	if o := m.outletOfSource(s); o != nil {
		return m.url(page.Outlet.Dir(o.slug))
	}
	return ""
}
