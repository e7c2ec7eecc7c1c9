package content

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"dossier/generator/mdext"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdParser reads Markdown sources. Sources are text: it is only ever used to
// find their blocks, never to render them.
// Its parser is bounded as briefings' is (mdext.NewParser).
var mdParser = goldmark.New(goldmark.WithParser(mdext.NewParser()),
	goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// markdownText returns the text of a Markdown body's blocks, one block a
// line, and a paragraph for each block, and what is over the parser's
// bounds (offsets in body). Inline markup is dropped: a link contributes
// its text, an image its description, raw HTML nothing.
func markdownText(body []byte, bodyOff int, file []byte) (string, []Paragraph, []mdext.Problem) {
	pc := parser.NewContext()
	d := &mdext.Document{}
	mdext.SetDocument(pc, d)
	doc := mdParser.Parse(text.NewReader(body), parser.WithContext(pc))
	var b strings.Builder
	var paras []Paragraph
	runes := 0
	add := func(n ast.Node, kind string, s string) {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			runes++
		}
		line := 0
		if n.Lines().Len() > 0 {
			line = lineOf(file, bodyOff+n.Lines().At(0).Start)
		} else if n.Pos() >= 0 {
			line = lineOf(file, bodyOff+n.Pos())
		}
		paras = append(paras, Paragraph{Start: b.Len(), End: b.Len() + len(s), RuneStart: runes, Line: line, Kind: kind})
		b.WriteString(s)
		runes += utf8.RuneCountInString(s)
	}
	var walk func(n ast.Node, kind string)
	walk = func(n ast.Node, kind string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Heading:
				add(c, "h"+string(rune('0'+c.Level)), inlineText(c, body))
			case *ast.Paragraph, *ast.TextBlock:
				add(c, kind, inlineText(c, body))
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				var code bytes.Buffer
				for i := 0; i < c.Lines().Len(); i++ {
					seg := c.Lines().At(i)
					code.Write(seg.Value(body))
				}
				add(c, "code", code.String())
			case *ast.Blockquote:
				walk(c, "quote")
			case *ast.ListItem:
				walk(c, "li")
			case *east.TableCell:
				add(c, "cell", inlineText(c, body))
			case *ast.HTMLBlock, *ast.ThematicBreak:
			default:
				walk(c, kind)
			}
		}
	}
	walk(doc, "p")
	return b.String(), paras, d.Problems
}

// inlineText is the plain text of n's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(c.Segment.Value(src)))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
