package site

import (
	"bytes"
	"html"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"dossier/generator/diag"

	"github.com/yuin/goldmark/ast"
)

// Link integrity is a build check: every internal link and every #fragment
// of the output must resolve, and no page may hold an id twice. Pages are
// scanned as they are written; links to other sites are not followed.

// pageLinks is what a page holds of links: its ids, sorted, and its links,
// each once. Kept for every page until the check, so kept small.
type pageLinks struct {
	ids   []string
	dups  []string // ids found more than once
	hrefs []string
}

func (pl *pageLinks) has(id string) bool {
	_, ok := slices.BinarySearch(pl.ids, id)
	return ok
}

// linkCollector passes files on to an output and scans the HTML ones.
type linkCollector struct {
	output
	mu    sync.Mutex
	pages map[string]*pageLinks
	files map[string]bool
}

func newLinkCollector(out output) *linkCollector {
	return &linkCollector{output: out, pages: map[string]*pageLinks{}, files: map[string]bool{}}
}

func (c *linkCollector) file(rel string, data []byte) error {
	var pl *pageLinks
	if strings.HasSuffix(rel, ".html") {
		pl = scanHTML(data)
	}
	c.mu.Lock()
	c.files[rel] = true
	if pl != nil {
		c.pages[rel] = pl
	}
	c.mu.Unlock()
	if c.output == nil {
		return nil
	}
	return c.output.file(rel, data)
}

func (c *linkCollector) lazy(rel string, gen func() []byte) error {
	c.mu.Lock()
	c.files[rel] = true
	c.mu.Unlock()
	if c.output == nil {
		return nil
	}
	return c.output.lazy(rel, gen)
}

// scanHTML finds the id and href attributes of a page dossier wrote, whose
// attributes are all double-quoted and escaped.
func scanHTML(b []byte) *pageLinks {
	pl := &pageLinks{}
	seen := map[string]bool{}
	for _, attr := range [][]byte{[]byte(` id="`), []byte(` href="`)} {
		for rest := b; ; {
			i := bytes.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			j := bytes.IndexByte(rest, '"')
			if j < 0 {
				break
			}
			v := string(rest[:j])
			if bytes.IndexByte(rest[:j], '&') >= 0 {
				v = html.UnescapeString(v)
			}
			rest = rest[j:]
			if attr[1] == 'i' {
				pl.ids = append(pl.ids, v)
			} else if !seen[v] {
				seen[v] = true
				pl.hrefs = append(pl.hrefs, v)
			}
		}
	}
	slices.Sort(pl.ids)
	for i := 1; i < len(pl.ids); i++ {
		if pl.ids[i] == pl.ids[i-1] {
			pl.dups = append(pl.dups, pl.ids[i])
		}
	}
	pl.ids = slices.Compact(pl.ids)
	return pl
}

// resolve maps a link on page (a file path of the output) to the file it
// leads to and its fragment; internal is false for a link to another site
// or scheme.
func (m *model) resolveLink(page, href string) (target, frag string, internal, outside bool) {
	u, err := url.Parse(href)
	if err != nil {
		return "", "", true, true
	}
	if u.Scheme != "" || u.Host != "" {
		if m.baseURL == "" || !strings.HasPrefix(href, m.baseURL) {
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
		p = path.Join(m.url(path.Dir(page)), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	base := m.basePath // escaped, as p is not
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

// checkLinks checks the links of the pages named, against the ids of every
// page in all and the files that exist.
func (m *model) checkLinks(t *themeFiles, pages []string, all map[string]*pageLinks, exists func(string) bool) diag.List {
	var diags diag.List
	slices.Sort(pages)
	for _, page := range pages {
		pl := all[page]
		if pl == nil {
			continue
		}
		for _, id := range slices.Compact(slices.Sorted(slices.Values(pl.dups))) {
			diags = append(diags, m.linkDiag(t, page, "", "the id %q is given to two elements of /%s", id, page))
		}
		for _, href := range pl.hrefs {
			target, frag, internal, outside := m.resolveLink(page, href)
			switch {
			case !internal || strings.HasPrefix(frag, ":~:"):
			case outside:
				diags = append(diags, m.linkDiag(t, page, href, "the link %q on /%s leads outside the site (base path %s)", href, page, m.basePath))
			case !exists(target):
				diags = append(diags, m.linkDiag(t, page, href, "broken link %q on /%s: no page /%s", href, page, target))
			case frag != "" && strings.HasSuffix(target, ".html") && (all[target] == nil || !all[target].has(frag)):
				diags = append(diags, m.linkDiag(t, page, href, "broken link %q on /%s: /%s has no element with id %q", href, page, target, frag))
			}
		}
	}
	return diags
}

// linkDiag places a link problem where it was made: at the link in a
// briefing's Markdown, or else on the template that renders the page.
func (m *model) linkDiag(t *themeFiles, page, href, format string, args ...any) diag.Diagnostic {
	if slug, ok := strings.CutPrefix(page, "briefings/"); ok && href != "" {
		slug, _, _ = strings.Cut(slug, "/")
		for _, b := range m.briefings {
			if b.Slug != slug || b.doc == nil {
				continue
			}
			if off := linkOffset(b.doc, href); off >= 0 {
				return diag.At(b.Path, b.File, off, diag.Error, format, args...)
			}
		}
	}
	return diag.File(t.r.Path(pageKind(page)), diag.Error, format, args...)
}

// linkOffset finds the Markdown link to href in doc: the offset of its text,
// or -1.
func linkOffset(doc ast.Node, href string) int {
	off := -1
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok || string(l.Destination) != href {
			return ast.WalkContinue, nil
		}
		if t, ok := l.FirstChild().(*ast.Text); ok {
			off = t.Segment.Start - 1 // the '['
		}
		return ast.WalkStop, nil
	})
	return off
}

// pageKind names the template that renders an output page.
func pageKind(page string) string {
	switch {
	case page == "index.html":
		return "index"
	case page == "404.html":
		return "404"
	case page == "sources/index.html":
		return "sources"
	case strings.HasPrefix(page, "sources/"):
		return "source"
	case strings.HasSuffix(page, "/sources/index.html"):
		return "coverage"
	case strings.HasPrefix(page, "briefings/"):
		return "briefing"
	}
	return page
}
