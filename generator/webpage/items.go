package webpage

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page of several items (a newsletter's stories, a live blog's posts,
// a digest) puts each in an element of one kind: the same tag and class,
// side by side. The extractor takes the one that scores best for the
// article; allItems finds the others, so that the text keeps every item
// with its heading. A page whose text leaves out much of what its
// paragraphs say is named in a warning (leftOut).

// minItemWords is the fewest words of paragraphs an element must hold to
// be an item: teasers of other articles, a list's entries, hold fewer.
const minItemWords = 40

// maxItemDepth is how far above the first paragraph kept an item is
// looked for.
const maxItemDepth = 8

// keptText is the text an extraction kept, folded once (foldWords) for
// the look-ups of allItems and leftOut.
type keptText struct {
	first  string // the first paragraph's words, joined by spaces
	folded string // every word, each between spaces
	words  int
}

func foldKept(ps []string) keptText {
	var k keptText
	if len(ps) > 0 {
		k.first = strings.Join(foldWords(ps[0]), " ")
	}
	w := foldWords(strings.Join(ps, " "))
	k.folded, k.words = " "+strings.Join(w, " ")+" ", len(w)
	return k
}

// has reports whether words stand, in a row, in the text.
func (k keptText) has(words []string) bool {
	return strings.Contains(k.folded, " "+strings.Join(words, " ")+" ")
}

// allItems returns the items of a page of several, in the page's order,
// when the text kept (its paragraphs) is one of them and leaves out
// another; nil for any other page.
func allItems(doc *html.Node, kept keptText) []*html.Node {
	if kept.first == "" {
		return nil
	}
	p := findText(doc, kept.first)
	if p == nil {
		return nil
	}
	for a, up := p.Parent, 0; a != nil && a.Parent != nil && a.DataAtom != atom.Body && up < maxItemDepth; a, up = a.Parent, up+1 {
		if a.Type != html.ElementNode {
			continue
		}
		class := attr(a, "class")
		if class == "" && a.DataAtom != atom.Article && a.DataAtom != atom.Section {
			continue
		}
		if commentLike(a) {
			return nil
		}
		var items []*html.Node
		missing := false
		for s := a.Parent.FirstChild; s != nil; s = s.NextSibling {
			if s.Type != html.ElementNode || s.Data != a.Data || attr(s, "class") != class || words(s) < minItemWords || !headed(s) {
				continue
			}
			items = append(items, s)
			if s != a && !kept.has(firstWords(s, 12)) {
				missing = true
			}
		}
		if len(items) >= 3 && missing {
			return items
		}
	}
	return nil
}

// headed reports whether an item has its heading: an <h2>, <h3> or <h4>
// before its first paragraph. A page's layout (rows, columns, chunks of
// one article) repeats its elements too, but not each with a heading.
func headed(n *html.Node) bool {
	found := false
	var walk func(n *html.Node) bool // false once a paragraph is reached
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.H2, atom.H3, atom.H4:
				if strings.TrimSpace(textOf(n)) != "" {
					found = true
					return false
				}
			case atom.P:
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(n)
	return found
}

// itemsPage is a page of the items alone, in order, each a copy: the
// extractor, given it, takes their text with its own care (captions,
// bylines, links to read on left out) and keeps each, as nothing else
// competes for the article.
func itemsPage(items []*html.Node) *html.Node {
	doc := &html.Node{Type: html.DocumentNode}
	root := &html.Node{Type: html.ElementNode, Data: "html", DataAtom: atom.Html}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	doc.AppendChild(root)
	root.AppendChild(&html.Node{Type: html.ElementNode, Data: "head", DataAtom: atom.Head})
	root.AppendChild(body)
	for _, it := range items {
		body.AppendChild(clone(it))
	}
	return doc
}

// clone copies n and everything under it.
func clone(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: slices.Clone(n.Attr)}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(clone(ch))
	}
	return c
}

// commentLike reports whether n's names say it holds comments: their posts
// stand side by side like items, and are not the article.
func commentLike(n *html.Node) bool {
	for _, w := range nameWords(attr(n, "class") + " " + attr(n, "id")) {
		if w == "comment" || w == "comments" || w == "reply" || w == "replies" {
			return true
		}
	}
	return false
}

// findText returns the first paragraph, heading or list item under n
// whose text, folded, is want.
func findText(n *html.Node, want string) *html.Node {
	if n.Type == html.ElementNode && leafBlocks[n.DataAtom] {
		if strings.Join(foldWords(textOf(n)), " ") == want {
			return n
		}
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findText(c, want); f != nil {
			return f
		}
	}
	return nil
}

// leafBlocks are the blocks a text's paragraph is most often one of.
var leafBlocks = map[atom.Atom]bool{atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true}

// maxLeftOut is the longest text, in bytes, that leftOut compares the
// page with (a text that long is no item of a newsletter), and
// maxLeftOutParas the most paragraphs of the page it looks for in it.
const (
	maxLeftOut      = 256 << 10
	maxLeftOutParas = 2000
)

// words counts the words of n's <p> elements.
func words(n *html.Node) int {
	count := 0
	var walk func(n *html.Node, inP bool)
	walk = func(n *html.Node, inP bool) {
		switch {
		case n.Type == html.TextNode && inP:
			count += len(strings.Fields(n.Data))
		case n.Type == html.ElementNode && hidden[n.DataAtom]:
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.P:
			inP = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inP)
		}
	}
	walk(n, false)
	return count
}

// firstWords is the first n words, folded, of n's first <p>.
func firstWords(n *html.Node, count int) []string {
	p := find(n, atom.P)
	if p == nil {
		return nil
	}
	w := foldWords(textOf(p))
	return w[:min(count, len(w))]
}

// leftOut names what of the page's paragraphs the text leaves out, when
// that is much: at least 150 words and half as many as the text has, in
// paragraphs of the page's body outside its header, footer, navigation
// and comments. "" when the text holds (nearly) all of it.
func leftOut(doc *html.Node, kept keptText) string {
	body := find(doc, atom.Body)
	if body == nil || len(kept.folded) > maxLeftOut {
		return ""
	}
	var paras, total, looked int
	var firstOut string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case hidden[n.DataAtom], n.DataAtom == atom.Header, n.DataAtom == atom.Footer, n.DataAtom == atom.Nav, commentLike(n):
				return
			case n.DataAtom == atom.P:
				if looked++; looked > maxLeftOutParas {
					return
				}
				w := foldWords(textOf(n))
				if len(w) >= 8 && !kept.has(w) {
					paras++
					total += len(w)
					if firstOut == "" {
						firstOut = clean(textOf(n))
					}
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
	if total < 150 || 2*total < kept.words {
		return ""
	}
	if r := []rune(firstOut); len(r) > 60 {
		firstOut = string(r[:60]) + "…"
	}
	return fmt.Sprintf("%d paragraphs of the page (%d words) are not in the text, the first %q: if the page holds several items (a newsletter, a live blog), import each from its own page, or check the text against the page",
		paras, total, firstOut)
}
