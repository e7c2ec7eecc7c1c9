package webpage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// space stands for white space between words that the extractor would
// drop: it trims the text around every element it keeps, so "<b>bold</b>
// text" would come out as "boldtext". Before extraction, white space that
// touches an inline element is replaced by this noncharacter, which no
// trimming takes for a space; paragraphs turns it back into one. Unicode
// keeps noncharacters for a program's own use, and the page's own
// U+FDD0s are replaced first.
const space = "\uFDD0"

// inline elements: text runs on around them
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Cite: true,
	atom.Code: true, atom.Data: true, atom.Dfn: true, atom.Em: true, atom.I: true, atom.Kbd: true,
	atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true, atom.U: true, atom.Var: true,
	atom.Font: true, atom.Ins: true, atom.Del: true, atom.Strike: true, atom.Tt: true, atom.Big: true,
	atom.Label: true, atom.Img: true,
}

func isInline(n *html.Node) bool {
	return n != nil && (n.Type == html.TextNode || n.Type == html.ElementNode && inline[n.DataAtom])
}

// markSpaces replaces the white space next to inline elements with space.
func markSpaces(n *html.Node) {
	for stack := []*html.Node{n}; len(stack) > 0; {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.TextNode {
			markText(n)
			continue
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Pre || n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
}

func markText(n *html.Node) {
	s := strings.ReplaceAll(n.Data, space, "\uFFFD")
	prev, next := n.PrevSibling, n.NextSibling
	if strings.TrimLeft(s, " \t\n\r\f") == "" {
		if s != "" && isInline(prev) && isInline(next) && (prev.Type == html.ElementNode || next.Type == html.ElementNode) {
			s = space
		}
		n.Data = s
		return
	}
	if prev != nil && prev.Type == html.ElementNode && inline[prev.DataAtom] || prev == nil && runsOn(n.Parent, false) {
		if t := strings.TrimLeft(s, " \t\n\r\f"); len(t) < len(s) {
			s = space + t
		}
	}
	if next != nil && next.Type == html.ElementNode && inline[next.DataAtom] || next == nil && runsOn(n.Parent, true) {
		if t := strings.TrimRight(s, " \t\n\r\f"); len(t) < len(s) {
			s = t + space
		}
	}
	n.Data = s
}

// runsOn reports whether text runs on past the edge of the inline element
// n, after it (or before it): a sibling on that side, text or an inline
// element, through inline parents. "<b>33% </b>of" keeps its space so.
func runsOn(n *html.Node, after bool) bool {
	for ; n != nil && n.Type == html.ElementNode && inline[n.DataAtom]; n = n.Parent {
		sib := n.PrevSibling
		if after {
			sib = n.NextSibling
		}
		if sib != nil {
			return isInline(sib)
		}
	}
	return false
}
