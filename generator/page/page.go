// Package page is the table of a site's page kinds and where each page is
// (docs/site.md): the home page lists the briefings; each briefing has its page
// and its coverage table; the sources list and each source's page; the
// outlets list and each outlet's page; the topics list and each topic's
// page; the search page, when the site is indexed; and the page a host
// serves for an address it does not have. A
// listing runs to as many pages of PerPage items as it needs: page n of
// it is its folder, then "page/n/".
//
// Every path here is relative to the site's root, slash-separated: a
// page's folder ("briefings/talks/") is its URL path below the base path,
// and its file is the folder's index.html. The build's tasks, the views'
// links, the sitemap and feed, the link check's blame and the dev server's
// rebuilds all name pages through this table.
package page

import (
	"strconv"
	"strings"
)

// Kind is one kind of page.
type Kind struct {
	// Name is the page's template, templates/<Name>.html, and what
	// templates see as .Kind.
	Name string
	// pattern is the page's folder, {key} standing for a briefing's slug
	// or a source's id; a pattern ending in ".html" is a file.
	pattern string
	// nested says a key may hold slashes: a source's id is its path
	// under content/sources/ ("afp/2025-04-18"); a slug may not.
	nested bool
	// before and after are the pattern on either side of {key}
	before, after string
	// Per says what the kind has a page for: PerBriefing, PerSource, or
	// nothing (one page).
	Per Per
	// Paged says the page is a listing cut into pages of PerPage items:
	// the first at Dir, page n at Dir + "page/n/".
	Paged bool
}

// PerPage is how many items a page of a listing shows.
const PerPage = 50

// Per is what a keyed kind has a page for.
type Per int

const (
	One         Per = iota // one page
	PerBriefing            // a page for each briefing, keyed by its slug
	PerSource              // a page for each source, keyed by its id
	PerOutlet              // a page for each outlet, keyed by its slug
	PerTopic               // a page for each topic, keyed by its slug
)

// The kinds of page, in the order of Kinds.
var (
	Index    = &Kind{Name: "index", pattern: "", Paged: true}
	Briefing = &Kind{Name: "briefing", pattern: "briefings/{key}/", Per: PerBriefing}
	Coverage = &Kind{Name: "coverage", pattern: "briefings/{key}/sources/", Per: PerBriefing}
	Sources  = &Kind{Name: "sources", pattern: "sources/", Paged: true}
	Source   = &Kind{Name: "source", pattern: "sources/{key}/", nested: true, Per: PerSource}
	Outlets  = &Kind{Name: "outlets", pattern: "outlets/", Paged: true}
	Outlet   = &Kind{Name: "outlet", pattern: "outlets/{key}/", Per: PerOutlet, Paged: true}
	Topics   = &Kind{Name: "topics", pattern: "topics/", Paged: true}
	Topic    = &Kind{Name: "topic", pattern: "topics/{key}/", Per: PerTopic, Paged: true}
	Search   = &Kind{Name: "search", pattern: "search/"}
	NotFound = &Kind{Name: "404", pattern: "404.html"}
)

// Kinds is every kind of page.
var Kinds = []*Kind{Index, Briefing, Coverage, Sources, Source, Outlets, Outlet, Topics, Topic, Search, NotFound}

func init() {
	for _, k := range Kinds {
		k.before, k.after, _ = strings.Cut(k.pattern, "{key}")
	}
}

// Keyed reports whether the kind has a page for each briefing or source,
// named by its key, rather than one page.
func (k *Kind) Keyed() bool { return k.Per != One }

// Files returns the files of every kind that has a page for each of per:
// the pages a briefing (or a source) of that key has.
func Files(per Per, key string) []string {
	var out []string
	for _, k := range Kinds {
		if k.Per == per {
			out = append(out, k.File(key))
		}
	}
	return out
}

// Dir is where the page of key is, as a URL path relative to the site's
// root: "briefings/talks/", "" for the home page; for a page that is a file
// (404.html), the file.
func (k *Kind) Dir(key string) string {
	if k.Per == One {
		return k.pattern
	}
	return k.before + key + k.after
}

// PageDir is the folder of page n (1-based) of the listing of key: Dir
// for the first (and for a page of any kind), Dir + "page/n/" for another.
func (k *Kind) PageDir(key string, n int) string {
	if n <= 1 {
		return k.Dir(key)
	}
	return k.Dir(key) + "page/" + strconv.Itoa(n) + "/"
}

// PageFile is the file of page n of the listing of key: File for the
// first (and for a page of any kind).
func (k *Kind) PageFile(key string, n int) string {
	if n <= 1 {
		return k.File(key)
	}
	return k.PageDir(key, n) + "index.html"
}

// Pages is how many pages a listing of items has: one at least.
func Pages(items int) int { return max(1, (items+PerPage-1)/PerPage) }

// File is the file of the page of key.
func (k *Kind) File(key string) string {
	d := k.Dir(key)
	if strings.HasSuffix(d, ".html") {
		return d
	}
	return d + "index.html"
}

// Of says which page a file is: its kind and key; nil for a file that is
// not a page (a stylesheet, claims.json). Page n of a listing is its kind's.
func Of(file string) (*Kind, string) {
	if k, key := pageOf(file); k != nil {
		return k, key
	}
	return of(file)
}

// pageOf says which listing a file is page n (n ≥ 2) of: the listing's
// folder, "page/", n. A source may not have such an id.
func pageOf(file string) (*Kind, string) {
	rest, ok := strings.CutSuffix(file, "/index.html")
	if !ok {
		return nil, ""
	}
	i := strings.LastIndex(rest, "/page/")
	dir, n := "", ""
	if i >= 0 {
		dir, n = rest[:i+1], rest[i+len("/page/"):]
	} else if n, ok = strings.CutPrefix(rest, "page/"); !ok {
		return nil, ""
	}
	if v, err := strconv.Atoi(n); err != nil || v < 2 || strconv.Itoa(v) != n {
		return nil, ""
	}
	if k, key := of(dir + "index.html"); k != nil && k.Paged {
		return k, key
	}
	return nil, ""
}

func of(file string) (*Kind, string) {
	for _, k := range Kinds {
		before, after, keyed := strings.Cut(k.pattern, "{key}")
		if !keyed {
			if file == k.File("") {
				return k, ""
			}
			continue
		}
		if !strings.HasSuffix(after, ".html") {
			after += "index.html"
		}
		key, ok := strings.CutPrefix(file, before)
		if key, ok2 := strings.CutSuffix(key, after); ok && ok2 && key != "" && (k.nested || !strings.Contains(key, "/")) &&
			!strings.HasPrefix(key, "/") && !strings.HasSuffix(key, "/") && !strings.Contains(key, "//") {
			return k, key
		}
	}
	return nil, ""
}
