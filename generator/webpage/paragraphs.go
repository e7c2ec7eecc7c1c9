package webpage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// paragraphs returns the text of the extracted article, one paragraph a
// string, split where the page splits it: at every block (a paragraph, a
// heading, a list item, a block quote, a table row, a caption), at two or
// more <br> in a row, and at each line of preformatted text. White space is
// folded the way a browser folds it, so a paragraph is never broken at the
// width the page's source happened to be wrapped at; a single <br> is a
// space. Text is kept as the page shows it: quotes, dashes, non-breaking
// spaces and every other character as they are.
func paragraphs(root *html.Node) []string {
	p := &paraWriter{}
	p.walk(root)
	p.flush()
	return p.out
}

type paraWriter struct {
	out    []string
	cur    strings.Builder
	space  bool // a space is owed before the next word
	breaks int  // <br> seen in a row, with only white space between
	pre    int  // depth inside <pre>
	cells  int  // cells written in the current table row
}

// block elements: each starts and ends a paragraph
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.Tr: true, atom.Caption: true, atom.Figcaption: true, atom.Figure: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Table: true, atom.Summary: true, atom.Details: true, atom.Address: true, atom.Hr: true,
	atom.Main: true, atom.Aside: true, atom.Nav: true, atom.Body: true, atom.Html: true,
}

// elements whose content is never text a reader sees
var hidden = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Head: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Canvas: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
}

func (p *paraWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		p.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	// the extractor renames the elements it keeps (a <div> of text becomes
	// a <p>) without their atoms: the name is what counts
	a := atom.Lookup([]byte(n.Data))
	if n.Type == html.ElementNode {
		if hidden[a] {
			return
		}
		switch a {
		case atom.Br:
			p.breaks++
			if p.pre > 0 {
				p.flush()
			} else if p.breaks >= 2 {
				p.flush()
			} else {
				p.space = p.cur.Len() > 0
			}
			return
		case atom.Img:
			return
		case atom.Td, atom.Th:
			if p.cells > 0 {
				p.word(" |")
				p.space = true
			}
			p.cells++
		case atom.Tr:
			p.cells = 0
		case atom.Pre:
			p.flush()
			p.pre++
			defer func() { p.pre--; p.flush() }()
		}
		if blocks[a] {
			p.flush()
			defer p.flush()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		p.walk(c)
	}
}

// text adds a text node's content, folding white space outside <pre>.
func (p *paraWriter) text(s string) {
	s = strings.ReplaceAll(s, space, " ")
	if p.pre > 0 {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				p.flush()
			}
			line = strings.TrimRight(line, " \t\r\f")
			if strings.TrimSpace(line) != "" {
				p.cur.WriteString(line)
				p.breaks = 0
			}
		}
		return
	}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !isHTMLSpace(s[i]) {
			continue
		}
		if i > start {
			p.word(s[start:i])
		}
		if i < len(s) {
			p.space = p.cur.Len() > 0
		}
		start = i + 1
	}
}

func (p *paraWriter) word(w string) {
	if p.space && p.cur.Len() > 0 {
		p.cur.WriteByte(' ')
	}
	p.space = false
	p.breaks = 0
	p.cur.WriteString(w)
}

// flush ends the paragraph being written, if it has any text.
func (p *paraWriter) flush() {
	if s := strings.TrimSpace(p.cur.String()); s != "" {
		p.out = append(p.out, s)
	}
	p.cur.Reset()
	p.space = false
	p.breaks = 0
}

// isHTMLSpace reports ASCII white space as HTML defines it; other spaces
// (U+00A0 and the like) are text.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
