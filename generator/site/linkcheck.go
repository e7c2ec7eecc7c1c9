package site

import (
	"strings"
	"sync"

	"dossier/generator/diag"
	"dossier/generator/linkcheck"
	"dossier/generator/mdext"
	"dossier/generator/page"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkBlame places a link problem where it was made: at the link in the
// Markdown of a briefing (its body, or an editor's note shown on a source
// page), at the note of a source, or else on the template that renders the
// page. Each file's links are indexed once, when a problem first asks.
type linkBlame struct {
	m       *model
	mu      sync.Mutex
	bySlug  map[string]*briefing         // made at the first problem
	byID    map[string]*source           // likewise
	pages   map[string]map[string]linkAt // by briefing slug: href → its first link
	notes   map[string]linkAt            // href as source pages have it → the note's link; nil until asked
	sources map[string]map[string]bool   // by source id: the hrefs of its note
}

// linkAt is a link in a briefing's Markdown: its opening '['.
type linkAt struct {
	b   *briefing
	off int
}

func newLinkBlame(m *model) *linkBlame {
	return &linkBlame{m: m, pages: map[string]map[string]linkAt{}, sources: map[string]map[string]bool{}}
}

func (lb *linkBlame) diag(t *themeFiles, file, href, format string, args ...any) diag.Diagnostic {
	if href != "" {
		if d, ok := lb.find(file, href, format, args...); ok {
			return d
		}
	}
	name := file
	if k, _ := page.Of(file); k != nil {
		name = k.Name
	}
	return diag.File(t.r.Path(name), diag.Error, format, args...)
}

func (lb *linkBlame) find(file, href, format string, args ...any) (diag.Diagnostic, bool) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	m := lb.m
	if lb.bySlug == nil {
		lb.bySlug, lb.byID = map[string]*briefing{}, map[string]*source{}
		for _, b := range m.briefings {
			lb.bySlug[b.Slug] = b
		}
		for _, s := range m.sources {
			lb.byID[s.ID] = s
		}
	}
	// index adds the links under n, keyed as the page shows them, to links
	index := func(links map[string]linkAt, b *briefing, n ast.Node, key func(dest []byte) string) {
		eachLink(n, func(l *ast.Link, off int) {
			if k := key(l.Destination); links[k].b == nil {
				links[k] = linkAt{b, off}
			}
		})
	}
	var at linkAt
	switch k, key := page.Of(file); k {
	case page.Briefing, page.Coverage:
		slug := key
		b := lb.bySlug[slug]
		if b == nil || b.doc == nil {
			return diag.Diagnostic{}, false
		}
		links, ok := lb.pages[slug]
		if !ok {
			links = map[string]linkAt{}
			index(links, b, b.doc, func(dest []byte) string { return string(util.URLEscape(dest, true)) })
			lb.pages[slug] = links
		}
		at = links[href]
	case page.Source:
		id := key
		if lb.notes == nil { // the links of the editors' notes, as source pages show them
			lb.notes = map[string]linkAt{}
			for _, b := range m.briefings {
				if b.doc == nil {
					continue
				}
				base := b.href
				for _, a := range b.md.Alerts {
					index(lb.notes, b, a, func(dest []byte) string { return string(mdext.ResolveAgainst(base, dest)) })
				}
			}
		}
		at = lb.notes[href]
		if s := lb.byID[id]; at.b == nil && s != nil && s.Note != "" {
			links, ok := lb.sources[id]
			if !ok {
				links = map[string]bool{}
				eachLink(md.Parser().Parse(text.NewReader([]byte(s.Note))), func(l *ast.Link, off int) {
					links[string(util.URLEscape(l.Destination, true))] = true
				})
				lb.sources[id] = links
			}
			if links[href] {
				d := diag.File(s.Path, diag.Error, "in its note: "+format, args...)
				first, _, _ := strings.Cut(s.Note, "\n")
				d.Line, d.Col, d.Excerpt = s.NoteLine, 1, "note: "+first
				return d, true
			}
		}
	}
	if at.b == nil {
		return diag.Diagnostic{}, false
	}
	return at.b.locator().At(at.off, diag.Error, format, args...), true
}

// eachLink calls f with each Markdown link under n and the offset of its
// opening '[', in the order of the text.
func eachLink(n ast.Node, f func(l *ast.Link, off int)) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		off := -1
		if t, ok := l.FirstChild().(*ast.Text); ok {
			off = t.Segment.Start - 1 // the '['
		}
		if off >= 0 {
			f(l, off)
		}
		return ast.WalkContinue, nil
	})
}

// linkSite is where the link check sees the pages served from.
func (m *model) linkSite() linkcheck.Site {
	return linkcheck.Site{BasePath: m.basePath, BaseURL: m.baseURL}
}

// blameLinks places link problems for the check of m's pages.
func (m *model) blameLinks(t *themeFiles) linkcheck.Blame {
	lb := newLinkBlame(m)
	return func(file, href, format string, args ...any) diag.Diagnostic {
		return lb.diag(t, file, href, format, args...)
	}
}
