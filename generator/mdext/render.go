package mdext

import (
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"dossier/generator/cite"
)

type htmlRenderer struct{}

// NewHTMLRenderer returns the renderer for Citation, Claim and Alert nodes.
func NewHTMLRenderer() renderer.NodeRenderer { return htmlRenderer{} }

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, renderCitation)
	reg.Register(KindClaim, renderClaim)
	reg.Register(KindAlert, renderAlert)
}

// renderCitation writes the claim's note reference: a superscript number
// linking to the claim's note.
func renderCitation(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Citation)
	if !entering || n.Hidden || n.Claim == nil || n.Claim.ID == "" {
		return ast.WalkSkipChildren, nil
	}
	writeNoteRef(w, n.Claim, "#n-"+n.Claim.ID, ` id="r-`+n.Claim.ID+`"`)
	return ast.WalkSkipChildren, nil
}

// writeNoteRef writes a claim's number, linked to its note at href, with
// the attribute id (` id="…"`, or "").
func writeNoteRef(w util.BufWriter, c *Claim, href, id string) {
	num := strconv.Itoa(c.Number)
	class := "noteref"
	if c.Broken() {
		class += " broken"
	}
	_, _ = w.WriteString(`<sup class="` + class + `"><a href="` + html.EscapeString(href) + `"` + id +
		` role="doc-noteref" aria-label="` + noteLabel(c) + `">` + num + `</a></sup>`)
}

// noteLabel is what a screen reader says of a claim's number: "Claim 17,
// disputed, 3 sources".
func noteLabel(c *Claim) string {
	label := "Claim " + strconv.Itoa(c.Number)
	if c.Disputed() {
		label += ", disputed"
	}
	if c.Broken() {
		label += ", unverified"
	}
	var keys []string
	for _, r := range c.Refs {
		if !slices.Contains(keys, r.Key) {
			keys = append(keys, r.Key)
		}
	}
	if len(keys) == 1 {
		return label + ", 1 source"
	}
	return label + ", " + strconv.Itoa(len(keys)) + " sources"
}

func renderClaim(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Claim)
	if entering {
		_, _ = w.WriteString(`<span class="` + claimClass(n) + `" id="` + html.EscapeString(n.ID) + `">`)
	} else {
		_, _ = w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

// claimClass is the class of a claim's span.
func claimClass(n *Claim) string {
	class := "claim"
	if n.Disputed() {
		class += " disputed"
	}
	if n.Broken() {
		class += " broken"
	}
	return class
}

var alertTitles = map[string]string{
	"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
}

// renderAlert writes an editor's note: its title, the passage it is
// anchored to, linked to the passage on its source's page, and the note.
func renderAlert(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Alert)
	if !entering {
		_, _ = w.WriteString("</aside>\n")
		return ast.WalkContinue, nil
	}
	// each note its own label: "Editor's note 2: Caution"
	_, _ = w.WriteString(`<aside class="alert alert-` + n.Variant + `" id="` + n.ID + `" aria-label="Editor's note ` +
		strings.TrimPrefix(n.ID, "note-") + `: ` + alertTitles[n.Variant] + `">` + "\n")
	_, _ = w.WriteString(`<p class="alert-title">` + alertTitles[n.Variant] + "</p>\n")
	if r := n.Ref; r != nil {
		WritePassageQuote(w, r)
	}
	return ast.WalkContinue, nil
}

// WritePassageQuote writes the passage a reference quotes, linked to where
// it is anchored, and the source's name.
func WritePassageQuote(w util.BufWriter, r *Ref) {
	_, _ = w.WriteString(`<blockquote class="passage">`)
	quote := html.EscapeString(r.Passage)
	if !r.HasPassage {
		quote = "the source as a whole"
	} else if !cite.Enclosed(r.Passage) {
		quote = "“" + quote + "”"
	}
	if r.Href != "" {
		_, _ = w.WriteString(`<a href="` + html.EscapeString(r.Href) + `">` + quote + `</a>`)
	} else {
		_, _ = w.WriteString(`<span class="broken">` + quote + `</span>`)
	}
	if r.Label != "" {
		_, _ = w.WriteString(` <cite>` + html.EscapeString(r.Label) + `</cite>`)
	}
	_, _ = w.WriteString("</blockquote>\n")
}

// NewElsewhereRenderer renders a briefing's Markdown on another page, an
// editor's note in a source's margin: a claim's number links to its note on
// the briefing's page, at page (a URL path); the claim and its number have
// no ids, which are the briefing page's; and a relative link is resolved
// against page, so that it leads where it leads from the briefing.
func NewElsewhereRenderer(page string) renderer.NodeRenderer { return elsewhere{page} }

type elsewhere struct{ page string }

func (e elsewhere) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, e.renderCitation)
	reg.Register(KindClaim, e.renderClaim)
	reg.Register(ast.KindLink, e.renderLink)
}

func (e elsewhere) renderCitation(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Citation)
	if !entering || n.Hidden || n.Claim == nil || n.Claim.ID == "" {
		return ast.WalkSkipChildren, nil
	}
	writeNoteRef(w, n.Claim, e.page+"#n-"+n.Claim.ID, "")
	return ast.WalkSkipChildren, nil
}

func (e elsewhere) renderClaim(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Claim)
	if entering {
		_, _ = w.WriteString(`<span class="` + claimClass(n) + `">`)
	} else {
		_, _ = w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

// renderLink is goldmark's, with the destination resolved against the page.
func (e elsewhere) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	if !gmhtml.IsDangerousURL(n.Destination) {
		_, _ = w.Write(util.EscapeHTML(ResolveAgainst(e.page, n.Destination)))
	}
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		gmhtml.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// ResolveAgainst is the href a link to dest written on the page at page
// (a URL path) has on any page: dest escaped as goldmark escapes it, and
// resolved against page when it is relative.
func ResolveAgainst(page string, dest []byte) []byte {
	escaped := util.URLEscape(dest, true)
	ref, err := url.Parse(string(escaped))
	if err != nil || ref.Scheme != "" || ref.Host != "" || strings.HasPrefix(ref.Path, "/") {
		return escaped
	}
	base, err := url.Parse(page)
	if err != nil {
		return escaped
	}
	return []byte(base.ResolveReference(ref).String())
}
