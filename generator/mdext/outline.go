package mdext

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// outline keeps the headings of a briefing an outline under its page's
// title, the page's one <h1>: a heading is at most one level below the one
// before it ("### Aside" straight after the title becomes an <h2>), so that
// no level is skipped, as HTML's outline asks. A heading written one level
// up or more keeps its level.
type outline struct{}

func (outline) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	prev := 1 // the title
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level, prev+1)
			prev = h.Level
		}
		return ast.WalkContinue, nil
	})
}
