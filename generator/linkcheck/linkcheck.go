package linkcheck

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"html"
	"io"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"dossier/generator/diag"
	"dossier/generator/parallel"
	"dossier/generator/publish"
)

// Site is where the pages are served from.
type Site struct {
	BasePath string // "/" or "/sub/": the path every URL starts with
	BaseURL  string // absolute, with a trailing slash; "" when not configured
}

// Page is what the check keeps of a page until every page is
// written: hashes of its ids, its links to other pages and what was found
// wrong within it. Kept for every page (and by the dev server from build to
// build), so kept small: a large site has hundreds of thousands of ids and
// links, most of them the same few links on every page.
type Page struct {
	ids   []uint64 // the hashes of its ids, sorted
	dups  []string // ids found more than once
	links []*link  // its internal links, each once; a link within the page only when it is broken
}

// link is an href and where it leads.
type link struct {
	href, target, frag string
	fragHash           uint64
	outside            bool // a path above the site's base path
	broken             bool // a link within its page to an id the page lacks
}

// idSeed hashes ids and fragments; a 64-bit hash makes two different ids of
// one page collide with a chance of about one in 10^13.
var idSeed = maphash.MakeSeed()

func (pl *Page) has(frag string) bool { return pl.hasHash(maphash.String(idSeed, frag)) }

func (pl *Page) hasHash(h uint64) bool {
	if pl == nil {
		return false
	}
	_, ok := slices.BinarySearch(pl.ids, h)
	return ok
}

// Collector passes files on to an output and scans the HTML ones.
type Collector struct {
	publish.Output
	site  Site
	mu    sync.Mutex
	pages map[string]*Page
	files map[string]bool
	bufs  sync.Pool // of *scanBufs: a scan's lists, and the links its worker saw first
}

// maxSharedLinks bounds the links a worker keeps for the pages after, so
// that a lookup stays in the cache.
const maxSharedLinks = 1024

// NewCollector scans the pages written to out (which may be nil: a
// check writes nothing) for a site served from s.
func NewCollector(out publish.Output, s Site) *Collector {
	c := &Collector{Output: out, site: s, pages: map[string]*Page{}, files: map[string]bool{}}
	c.bufs.New = func() any { return &scanBufs{shared: map[string]*link{}} }
	return c
}

// File scans an HTML page, then passes the file on.
func (c *Collector) File(rel string, data []byte) error {
	var pl *Page
	if strings.HasSuffix(rel, ".html") {
		pl = c.scan(rel, data)
	}
	c.mu.Lock()
	c.files[rel] = true
	if pl != nil {
		c.pages[rel] = pl
	}
	c.mu.Unlock()
	if c.Output == nil {
		return nil
	}
	return c.Output.File(rel, data)
}

// Stream notes the file and passes it on.
func (c *Collector) Stream(rel string, gen func(io.Writer) error) error {
	c.mu.Lock()
	c.files[rel] = true
	c.mu.Unlock()
	if c.Output == nil {
		return nil
	}
	return c.Output.Stream(rel, gen)
}

// scan finds the id and href attributes of a page dossier wrote, whose
// attributes are all double-quoted and escaped, in one pass: checks its
// ids and its links within the page, and keeps the rest.
func (c *Collector) scan(rel string, b []byte) *Page {
	sb := c.bufs.Get().(*scanBufs)
	ids, hrefs, uniq := sb.ids[:0], sb.hrefs[:0], sb.uniq[:0]
	defer func() {
		clear(ids) // let go of the page
		clear(hrefs)
		clear(uniq)
		sb.ids, sb.hrefs, sb.uniq = ids[:0], hrefs[:0], uniq[:0]
		c.bufs.Put(sb)
	}()
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(`="`))
		if k < 0 {
			break
		}
		k += i
		j := bytes.IndexByte(b[k+2:], '"')
		if j < 0 {
			break
		}
		v := b[k+2 : k+2+j]
		switch {
		case k >= 3 && string(b[k-3:k]) == " id":
			if bytes.IndexByte(v, '&') >= 0 {
				v = []byte(html.UnescapeString(string(v)))
			}
			ids = append(ids, attr{maphash.Bytes(idSeed, v), v})
		case k >= 5 && string(b[k-5:k]) == " href":
			hrefs = append(hrefs, attr{maphash.Bytes(idSeed, v), v})
		}
		i = k + 2 + j + 1
	}
	pl := &Page{ids: make([]uint64, len(ids))}
	for k, x := range ids {
		pl.ids[k] = x.hash
	}
	slices.Sort(pl.ids)
	for k := 1; k < len(pl.ids); k++ {
		if pl.ids[k] == pl.ids[k-1] {
			pl.dups = duplicates(ids) // an id given twice, or two ids of one hash
			break
		}
	}
	pl.ids = slices.Compact(pl.ids)
	// each href once, in the order of the page: a set of their indexes,
	// open-addressed by hash, cheaper than sorting them
	size := 16
	for size < 2*len(hrefs) {
		size *= 2
	}
	seen := slices.Grow(sb.seen[:0], size)[:size]
	clear(seen)
	sb.seen = seen
	plain := 0 // how many may be plain links to other pages, not yet seen by this worker
next:
	for k, h := range hrefs {
		slot := h.hash & uint64(size-1)
		for ; seen[slot] != 0; slot = (slot + 1) & uint64(size-1) {
			if o := hrefs[seen[slot]-1]; o.hash == h.hash && bytes.Equal(o.v, h.v) {
				continue next
			}
		}
		seen[slot] = int32(k + 1)
		u := uniqHref{v: h.v}
		if len(h.v) > 0 && h.v[0] != '#' {
			if u.l = sb.shared[string(h.v)]; u.l == nil && !bytes.HasPrefix(h.v, []byte("http")) {
				plain++
			}
		}
		uniq = append(uniq, u)
	}
	slab := make([]link, 0, plain) // the page's own links, made at once
	for _, u := range uniq {
		raw := u.v
		if len(raw) > 0 && raw[0] == '#' && plainFragment(raw) {
			// within the page: checked now
			frag := raw[1:]
			if len(frag) > 0 && !bytes.HasPrefix(frag, []byte(":~:")) && !pl.hasHash(maphash.Bytes(idSeed, frag)) {
				pl.links = append(pl.links, &link{href: string(raw), target: rel, frag: string(frag), broken: true})
			}
			continue
		}
		l := u.l
		if l == nil {
			l = c.resolve(rel, raw, sb, &slab)
		}
		switch {
		case l == nil: // to another site
		case l.target == rel && !l.outside:
			if l.frag != "" && !strings.HasPrefix(l.frag, ":~:") && !pl.has(l.frag) {
				pl.links = append(pl.links, &link{href: l.href, target: rel, frag: l.frag, broken: true})
			}
		default:
			pl.links = append(pl.links, l)
		}
	}
	return pl
}

// duplicates lists, sorted, the values given to more than one of ids.
func duplicates(ids []attr) []string {
	slices.SortFunc(ids, func(a, b attr) int {
		if a.hash != b.hash {
			return cmp.Compare(a.hash, b.hash)
		}
		return bytes.Compare(a.v, b.v)
	})
	var dups []string
	for k := 1; k < len(ids); k++ {
		if bytes.Equal(ids[k].v, ids[k-1].v) && (len(dups) == 0 || dups[len(dups)-1] != string(ids[k].v)) {
			dups = append(dups, string(ids[k].v))
		}
	}
	slices.Sort(dups)
	return dups
}

// attr is an id or an href a scan found, and its hash.
type attr struct {
	hash uint64
	v    []byte // within the page, or unescaped
}

// scanBufs are what a worker's scans reuse from page to page: their lists,
// and the plain links first seen, shared by every page that has them (the
// links every page has, home, stylesheets, feed, are kept once; links seen
// once, most of a large site's, are not kept here).
type scanBufs struct {
	ids, hrefs []attr
	seen       []int32    // a set of hrefs, by index + 1
	uniq       []uniqHref // the hrefs, each once
	text       []byte     // where plainLink makes a link's strings
	shared     map[string]*link
}

// uniqHref is an href of a page, and the link the worker already has for
// it, if it has one.
type uniqHref struct {
	v []byte
	l *link
}

// resolve finds where the href written as raw on page rel leads; nil for a
// link to another site or scheme. A plain link is made in slab.
func (c *Collector) resolve(rel string, raw []byte, sb *scanBufs, slab *[]link) *link {
	if c.site.foreignLink(raw) {
		return nil // the link to the original beside each passage: parsing it was a third of the scan
	}
	if l, ok := c.site.plainLink(raw, &sb.text); ok {
		*slab = append(*slab, l)
		p := &(*slab)[len(*slab)-1]
		if len(sb.shared) < maxSharedLinks {
			sb.shared[p.href] = p
		}
		return p
	}
	href := string(raw)
	if bytes.IndexByte(raw, '&') >= 0 {
		href = html.UnescapeString(href)
	}
	target, frag, internal, outside := c.site.resolveLink(rel, href)
	if !internal {
		return nil
	}
	return &link{href: href, target: target, frag: frag, fragHash: maphash.String(idSeed, frag), outside: outside}
}

// plainLink resolves, as resolveLink would but without parsing a URL, the
// links most pages are made of: a path under the base path, of letters,
// digits and - . _ ~ / only (no segment that starts with a dot, no escape),
// with a fragment of the same characters or none. The link's href and the
// file it leads to are one string, put together in buf.
func (m Site) plainLink(raw []byte, buf *[]byte) (l link, ok bool) {
	base := m.BasePath
	if len(raw) < len(base) || string(raw[:len(base)]) != base || strings.IndexByte(base, '%') >= 0 {
		return l, false
	}
	end := len(raw) // of the path
	for i, c := range raw {
		switch {
		case c == '#':
			if end != len(raw) {
				return l, false
			}
			end = i
		case c == '/':
			if i > end || i+1 < len(raw) && (raw[i+1] == '.' || raw[i+1] == '/') {
				return l, false
			}
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~':
		default:
			return l, false
		}
	}
	text := append(append((*buf)[:0], raw...), raw[len(base):end]...)
	if end == len(base) || raw[end-1] == '/' {
		text = append(text, "index.html"...)
	}
	*buf = text
	s := string(text)
	l = link{href: s[:len(raw)], target: s[len(raw):]}
	if end < len(raw) {
		l.frag = l.href[end+1:]
	}
	l.fragHash = maphash.String(idSeed, l.frag)
	return l, true
}

// foreignLink reports, without parsing a URL, that resolveLink takes href
// (as written in an attribute) for a link to another site: an http or https
// URL outside the base URL, whose host has only letters, digits, dots and
// hyphens and whose rest is printable ASCII with valid escapes and no
// entity.
func (m Site) foreignLink(href []byte) bool {
	var rest []byte
	switch {
	case bytes.HasPrefix(href, []byte("https://")):
		rest = href[len("https://"):]
	case bytes.HasPrefix(href, []byte("http://")):
		rest = href[len("http://"):]
	default:
		return false
	}
	if m.BaseURL != "" && bytes.HasPrefix(href, []byte(m.BaseURL)) {
		return false
	}
	host := true
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '/' || c == '?' || c == '#':
			host = false
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-':
		case host || c <= ' ' || c >= 0x7f || c == '&':
			return false
		case c == '%':
			if i+2 >= len(rest) || !isHex(rest[i+1]) || !isHex(rest[i+2]) {
				return false
			}
		}
	}
	return true
}

// plainFragment reports whether a "#…" href is printable ASCII without
// escapes, so that its fragment is the text after the "#" as written.
func plainFragment(raw []byte) bool {
	for _, c := range raw {
		if c <= ' ' || c >= 0x7f || c == '%' || c == '&' {
			return false
		}
	}
	return true
}

// resolve maps a link on page (a file path of the output) to the file it
// leads to and its fragment; internal is false for a link to another site
// or scheme.
func (m Site) resolveLink(page, href string) (target, frag string, internal, outside bool) {
	u, err := url.Parse(href)
	if err != nil {
		return "", "", true, true
	}
	if u.Scheme != "" || u.Host != "" {
		if m.BaseURL == "" || !strings.HasPrefix(href, m.BaseURL) {
			return "", "", false, false
		}
		// a link to the site's own URL: its path starts with the base path
	}
	frag = u.Fragment
	p := u.Path
	switch {
	case p == "" && u.RawQuery == "":
		return page, frag, true, false
	case !strings.HasPrefix(p, "/"):
		p = path.Join(m.BasePath+path.Dir(page), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	base := m.BasePath // escaped, as p is not
	if b, err := url.PathUnescape(base); err == nil {
		base = b
	}
	if !strings.HasPrefix(p, base) && p+"/" != base {
		return "", frag, true, true // a path above the site's base path
	}
	target = strings.TrimPrefix(strings.TrimPrefix(p, base), "/")
	if target == "" || strings.HasSuffix(target, "/") {
		target += "index.html"
	}
	return target, frag, true, false
}

// Pages are the pages the collector scanned, by path. Not safe for use
// while files are written.
func (c *Collector) Pages() map[string]*Page { return c.pages }

// Check checks the links of every page the collector saw, against them
// and the files it saw.
func (c *Collector) Check(blame Blame) diag.List {
	return c.site.Check(slices.Collect(maps.Keys(c.pages)), c.pages, func(f string) bool { return c.files[f] }, blame)
}

// Blame makes the diagnostic of a link problem on page file: at the
// Markdown that made the link href ("" for a problem of the page as a
// whole), or else at the page's template.
type Blame func(file, href, format string, args ...any) diag.Diagnostic

// Check checks the links of the pages named, against the ids of every page
// in all and the files that exist. Its work is linear in the links and
// problems; a file is blamed for at most MaxProblems of them, then a count.
func (m Site) Check(pages []string, all map[string]*Page, exists func(string) bool, blame Blame) diag.List {
	slices.Sort(pages)
	found := make([]diag.List, len(pages))
	parallel.For(len(pages), func(i int) {
		page, pl := pages[i], all[pages[i]]
		if pl == nil {
			return
		}
		var diags diag.List
		for _, id := range pl.dups {
			diags = append(diags, blame(page, "", "the id %q is given to two elements of /%s", id, page))
		}
		for _, l := range pl.links {
			switch {
			case l.broken:
				diags = append(diags, blame(page, l.href, "broken link %q on /%s: /%s has no element with id %q", l.href, page, l.target, l.frag))
			case strings.HasPrefix(l.frag, ":~:"):
			case l.outside:
				diags = append(diags, blame(page, l.href, "the link %q on /%s leads outside the site (base path %s)", l.href, page, m.BasePath))
			case !exists(l.target):
				diags = append(diags, blame(page, l.href, "broken link %q on /%s: no page /%s", l.href, page, l.target))
			case l.frag != "" && strings.HasSuffix(l.target, ".html") && !all[l.target].hasHash(l.fragHash):
				diags = append(diags, blame(page, l.href, "broken link %q on /%s: /%s has no element with id %q", l.href, page, l.target, l.frag))
			}
		}
		found[i] = diags
	})
	return capPerFile(slices.Concat(found...))
}

// MaxProblems is how many link problems one file reports; one more
// diagnostic says how many there were besides.
const MaxProblems = 100

// capPerFile keeps, of each file's link problems, the first MaxProblems in
// the order of the file, and a count of the rest at the last one kept.
func capPerFile(diags diag.List) diag.List {
	diags.Sort()
	var out diag.List
	for i := 0; i < len(diags); {
		j := i
		for j < len(diags) && diags[j].Path == diags[i].Path {
			j++
		}
		if j-i <= MaxProblems {
			out = append(out, diags[i:j]...)
		} else {
			out = append(out, diags[i:i+MaxProblems]...)
			more := diags[i+MaxProblems-1]
			more.Notes = nil
			more.Message = fmt.Sprintf("and %d more link problems in this file: fix these first", j-i-MaxProblems)
			out = append(out, more)
		}
		i = j
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
