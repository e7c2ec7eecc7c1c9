package mdext

import (
	"strconv"
	"strings"
	"unicode"

	"dossier/generator/cite"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

type claimTransformer struct{}

// Transform wraps the sentence each citation group closes in a Claim node,
// then numbers the claims in reading order.
func (claimTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	hoistFromLinks(doc, reader.Source())
	var parents []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if _, ok := c.(*Citation); ok {
				parents = append(parents, n)
				break
			}
		}
		return ast.WalkContinue, nil
	})
	d := document(pc)
	src := reader.Source()
	for _, p := range parents {
		claims(p, src, d)
	}
	// number in reading order, and give each its id
	seen := map[string]int{}
	d.Claims = d.Claims[:0]
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*Claim); ok && entering {
			d.Claims = append(d.Claims, c)
			c.Number = len(d.Claims)
			id := cite.ClaimID(d.Slug, c.Plain)
			seen[id]++
			if k := seen[id]; k > 1 {
				id += "-" + strconv.Itoa(k)
			}
			c.ID = id
		}
		return ast.WalkContinue, nil
	})
}

// hoistFromLinks moves each citation group written inside a link's text
// ("[the report [@a]](url)") to just after the link: a note's link may not
// sit inside another link, and the claim is the sentence the link is in.
func hoistFromLinks(doc *ast.Document, src []byte) {
	type move struct {
		cit  *Citation
		link ast.Node // the outermost link around it
	}
	var moves []move
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		c, ok := n.(*Citation)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		var link ast.Node
		for p := c.Parent(); p != nil; p = p.Parent() {
			if k := p.Kind(); k == ast.KindLink || k == ast.KindImage {
				link = p
			}
		}
		if link != nil {
			moves = append(moves, move{c, link})
		}
		return ast.WalkSkipChildren, nil
	})
	// in reverse, so that several groups of one link keep their order after it
	for i := len(moves) - 1; i >= 0; i-- {
		m := moves[i]
		m.cit.Parent().RemoveChild(m.cit.Parent(), m.cit)
		m.link.Parent().InsertAfter(m.link.Parent(), m.link, m.cit)
		if t, ok := m.link.LastChild().(*ast.Text); ok { // "[the report [@a]]": no space left in the link
			t.Segment = t.Segment.TrimRightSpace(src)
		}
	}
}

// claims wraps the claims among the children of parent.
func claims(parent ast.Node, src []byte, d *Document) {
	start := parent.FirstChild()
	var last *Claim
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		cit, ok := c.(*Citation)
		if !ok {
			c = next
			continue
		}
		var nodes []ast.Node
		for n := start; n != cit; n = n.NextSibling() {
			nodes = append(nodes, n)
		}
		raw := rawText(nodes, src)
		if last != nil && !hasWord(raw) {
			// [@a, "…"] [@b, "…"]: a further group of the same claim; the
			// space between the groups goes, as the group renders nothing
			for _, n := range nodes {
				parent.RemoveChild(parent, n)
			}
			parent.RemoveChild(parent, cit)
			last.AppendChild(last, cit)
			last.Refs = append(last.Refs, cit.Refs...)
			cit.Claim, cit.Hidden = last, true
		} else {
			nodes = splitAt(parent, nodes, cite.ClaimStart(raw), src)
			cl := &Claim{Offset: cit.Offset, Refs: cit.Refs}
			parent.InsertBefore(parent, firstOr(nodes, cit), cl)
			for _, n := range nodes {
				parent.RemoveChild(parent, n)
				cl.AppendChild(cl, n)
			}
			if t, ok := cl.LastChild().(*ast.Text); ok { // "days [@x]": no space before the note number
				t.Segment = t.Segment.TrimRightSpace(src)
				t.SetSoftLineBreak(false)
			}
			parent.RemoveChild(parent, cit)
			cl.AppendChild(cl, cit)
			cit.Claim = cl
			cl.Plain = plainText(nodes, src)
			if cl.Plain == "" {
				d.problem(cit.Offset, "this citation closes no claim: write the sentence it supports before it")
			}
			last = cl
		}
		start = next
		c = next
	}
}

func firstOr(nodes []ast.Node, n ast.Node) ast.Node {
	if len(nodes) > 0 {
		return nodes[0]
	}
	return n
}

// rawText is the text of nodes as one string in which each Text node
// appears as its source bytes, so that an offset into it can be mapped back.
func rawText(nodes []ast.Node, src []byte) string {
	var b strings.Builder
	for _, n := range nodes {
		if t, ok := n.(*ast.Text); ok {
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte('\n')
			}
			continue
		}
		b.WriteString(plainText([]ast.Node{n}, src))
	}
	return b.String()
}

// splitAt drops the nodes before offset k of their rawText, splitting the
// Text node that k falls in, and returns the rest. An offset inside any
// other node moves to that node's start.
func splitAt(parent ast.Node, nodes []ast.Node, k int, src []byte) []ast.Node {
	at := 0
	for i, n := range nodes {
		var size int
		t, isText := n.(*ast.Text)
		if isText {
			size = t.Segment.Len()
			if t.SoftLineBreak() || t.HardLineBreak() {
				size++
			}
		} else {
			size = len(plainText([]ast.Node{n}, src))
		}
		if k >= at+size {
			at += size
			continue
		}
		if !isText || k == at {
			return nodes[i:]
		}
		off := k - at
		if off >= t.Segment.Len() { // k is on the line break
			return nodes[i+1:]
		}
		rest := ast.NewTextSegment(t.Segment.WithStart(t.Segment.Start + off))
		rest.SetSoftLineBreak(t.SoftLineBreak())
		rest.SetHardLineBreak(t.HardLineBreak())
		t.Segment = t.Segment.WithStop(t.Segment.Start + off)
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		parent.InsertAfter(parent, t, rest)
		return append([]ast.Node{rest}, nodes[i+1:]...)
	}
	return nil
}

// plainText is what a reader reads of nodes, white space collapsed; citation
// groups read as nothing.
func plainText(nodes []ast.Node, src []byte) string {
	var b strings.Builder
	for _, n := range nodes {
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch c := c.(type) {
			case *Citation:
				return ast.WalkSkipChildren, nil
			case *ast.Text:
				v := c.Segment.Value(src)
				if _, code := c.Parent().(*ast.CodeSpan); !code {
					v = util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
				}
				b.Write(v)
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
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
