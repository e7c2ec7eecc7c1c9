package webpage

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Furniture is what a page puts in or beside its article that is not the
// article: pull quotes, asides, promotions of other articles, "related" and
// "read more" blocks, newsletter sign-ups, author bios. It is found by the
// page's structure, never by the words it says: by element (<aside>), by
// the names the page gives it (class, id, data-component, role), by links
// (a paragraph or a list that is all links to elsewhere), and by repetition
// of the article's own text (dropRepeats).

// furnitureNames are the words of a class, id or data-component that name
// furniture. A name is split into its words at every character that is not
// a letter or digit and at each lower-to-upper case change
// ("ArticleRelatedContentLink_root" is article, related, content, link,
// root), and one of these among them marks the element.
var furnitureNames = map[string]bool{
	"pullquote": true, "pullquotes": true, "blockquotepull": true,
	"related": true, "promo": true, "promos": true, "promotion": true,
	"newsletter": true, "newsletters": true, "signup": true, "subscribe": true, "subscription": true,
	"recommended": true, "recommendations": true, "recirc": true, "recirculation": true,
	"readmore": true, "morestories": true, "bio": true, "bios": true, "biography": true,
	"outbrain": true, "taboola": true, "sponsored": true, "advertisement": true, "advert": true,
	"share": true, "sharing": true,
}

// furniturePairs are two words in a row that name furniture where neither
// does alone: "pull quote", "read more", "more stories", "sign up", "see also".
var furniturePairs = map[[2]string]bool{
	{"pull", "quote"}: true, {"read", "more"}: true, {"more", "stories"}: true, {"sign", "up"}: true,
	{"see", "also"}: true, {"author", "info"}: true, {"about", "author"}: true, {"links", "block"}: true,
	{"ad", "slot"}: true, {"ad", "unit"}: true, {"ad", "container"}: true, {"ad", "wrapper"}: true,
}

// nameWords splits a class, id or data-component value into lowercase words.
func nameWords(s string) []string {
	var words []string
	start := -1
	rs := []rune(s)
	for i, r := range rs {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if start >= 0 && (!word || unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1])) {
			words = append(words, strings.ToLower(string(rs[start:i])))
			start = -1
		}
		if word && start < 0 {
			start = i
		}
	}
	if start >= 0 {
		words = append(words, strings.ToLower(string(rs[start:])))
	}
	return words
}

// namedFurniture reports whether n's names mark it as furniture.
func namedFurniture(n *html.Node) bool {
	if r := attr(n, "role"); r == "complementary" || r == "banner" || r == "contentinfo" || r == "navigation" {
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" && a.Key != "data-component" && a.Key != "data-testid" {
			continue
		}
		words := nameWords(a.Val)
		for i, w := range words {
			if furnitureNames[w] || i > 0 && furniturePairs[[2]string{words[i-1], w}] {
				return true
			}
		}
	}
	return false
}

// dropFurniture takes furniture out of doc before the article is
// extracted: each <aside>, each element its names mark, each paragraph
// and each list that is nearly all links. An element that holds a third or
// more of the page's paragraph text is never taken out: that is the
// article, whatever it is called.
func dropFurniture(doc *html.Node) {
	body := find(doc, atom.Body)
	if body == nil {
		return
	}
	// the paragraph text of each element named as furniture, in one pass
	sizes := map[*html.Node]int{}
	var measure func(n *html.Node, inP bool) int
	measure = func(n *html.Node, inP bool) int {
		if n.Type == html.TextNode {
			if inP {
				return len(strings.TrimSpace(n.Data))
			}
			return 0
		}
		named := n.Type == html.ElementNode && (n.DataAtom == atom.Aside || namedFurniture(n))
		inP = inP || n.Type == html.ElementNode && n.DataAtom == atom.P
		size := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			size += measure(c, inP)
		}
		if named {
			sizes[n] = size
		}
		return size
	}
	total := measure(body, false)
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		furniture := false
		if n.Type == html.ElementNode {
			if size, named := sizes[n]; named {
				furniture = 3*size < total
			} else if n.DataAtom == atom.P || n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
				furniture = allLinks(n)
			}
		}
		if furniture {
			out = append(out, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
	for _, n := range out {
		n.Parent.RemoveChild(n)
	}
}

// allLinks reports whether a paragraph is a promotion of another page
// (its text nearly all a link: "Read: Two disasters are worse than one"),
// or a list is one of links (every item so). Long prose is never that.
func allLinks(n *html.Node) bool {
	if n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
		items := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Li {
				if !linkDense(c) {
					return false
				}
				items++
			}
		}
		return items > 0
	}
	return linkDense(n)
}

// linkDense reports whether four fifths or more of n's letters are inside
// links, in a text of at most 30 words.
func linkDense(n *html.Node) bool {
	var all, linked, words int
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		switch {
		case n.Type == html.TextNode:
			letters := 0
			for _, r := range n.Data {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					letters++
				}
			}
			all += letters
			if in {
				linked += letters
			}
			words += len(strings.Fields(n.Data))
			return
		case n.Type == html.ElementNode && hidden[n.DataAtom]:
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.A && attr(n, "href") != "":
			in = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(n, false)
	return all > 0 && words <= 30 && 5*linked >= 4*all
}

// find returns the first element of kind a under n, or nil.
func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

// minRepeat is the fewest words a paragraph must have for dropRepeats to
// take it for a repetition: a short heading or label may well recur in
// the text.
const minRepeat = 5

// nearRepeat is how many paragraphs apart two equal ones are taken for
// one repeated: a pull quote stands near the words it repeats, where an
// interview's question asked of each guest, or a recipe's line in each
// day's plan, recurs further on and is the text's own.
const nearRepeat = 6

// dropRepeats keeps one copy of each sentence: a paragraph whose words all
// stand, in order, in a longer paragraph (a pull quote repeating the body),
// or that repeats an earlier paragraph, is dropped. Words are compared
// folded: case, punctuation and quotation marks aside, and an ellipsis a
// pull quote cut with may stand for any words.
func dropRepeats(ps []string) []string {
	folded := make([][]string, len(ps))
	// where each run of three words starts, paragraph by paragraph
	type at struct{ p, w int }
	starts := map[[3]string][]at{}
	for i, p := range ps {
		folded[i] = foldWords(p)
		f := folded[i]
		for w := 0; w+3 <= len(f); w++ {
			if f[w] == "…" || f[w+1] == "…" || f[w+2] == "…" {
				continue
			}
			k := [3]string{f[w], f[w+1], f[w+2]}
			starts[k] = append(starts[k], at{i, w})
		}
	}
	drop := make([]bool, len(ps))
	for i, f := range folded {
		if len(f) < minRepeat || f[0] == "…" && len(f) < minRepeat+1 {
			continue
		}
		first := 0
		for first < len(f) && f[first] == "…" {
			first++
		}
		if first+3 > len(f) {
			continue
		}
		for _, s := range starts[[3]string{f[first], f[first+1], f[first+2]}] {
			if s.p == i || drop[s.p] {
				continue
			}
			g := folded[s.p]
			if len(g) < len(f) || len(g) == len(f) && (s.p > i || i-s.p > nearRepeat) {
				continue // the longer one stays; of two alike, the first, when near
			}
			if within(f[first:], g[s.w:]) {
				drop[i] = true
				break
			}
		}
	}
	out := ps[:0:0]
	for i, p := range ps {
		if !drop[i] {
			out = append(out, p)
		}
	}
	return out
}

// within reports whether the words of f stand at the start of g, an
// ellipsis in f standing for any words of g.
func within(f, g []string) bool {
	j := 0
	for i := 0; i < len(f); i++ {
		if f[i] == "…" {
			for i+1 < len(f) && f[i+1] == "…" {
				i++
			}
			if i+1 == len(f) {
				return true
			}
			for j < len(g) && g[j] != f[i+1] {
				j++
			}
			if j == len(g) {
				return false
			}
			continue
		}
		if j >= len(g) || g[j] != f[i] {
			return false
		}
		j++
	}
	return true
}

// foldWords splits a paragraph into words for comparison: lowercase,
// letters and digits only, an ellipsis ("…", "...") a word of its own.
func foldWords(p string) []string {
	p = strings.ReplaceAll(p, "...", " … ")
	p = strings.ReplaceAll(p, "…", " … ")
	var out []string
	for _, w := range strings.Fields(p) {
		if w == "…" {
			out = append(out, w)
			continue
		}
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, w)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}
