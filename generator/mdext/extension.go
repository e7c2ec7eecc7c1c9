package mdext

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

type citations struct{}

// Extension adds citations, claims and editor notes to a goldmark instance.
var Extension goldmark.Extender = citations{}

func (citations) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(NewCitationParser(), 150), util.Prioritized(mentionParser{}, 150)),
		parser.WithASTTransformers(
			util.Prioritized(safeLinks{}, 50),
			util.Prioritized(alertTransformer{}, 100),
			util.Prioritized(claimTransformer{}, 200),
			util.Prioritized(outline{}, 300),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(NewHTMLRenderer(), 500)))
}
