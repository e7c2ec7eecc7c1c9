package mdext

import (
	"fmt"

	"dossier/generator/cite"

	"github.com/yuin/goldmark/ast"
)

// Ref is one item of a citation group, with offsets into the document's
// source, and what resolving it found.
type Ref struct {
	cite.Item
	Offset int // offset of the group's '['

	// Filled in by the resolver before rendering.
	Status string // "anchored", "whole-source", "not-found", "ambiguous", "unknown-source", "empty"
	Href   string // the passage or the source page; "" when there is nothing to link to
	Label  string // the source's name as readers see it
}

// Broken reports whether the reference failed to resolve to a source or
// passage. An ambiguous passage is linked to its first occurrence, so it is not.
func (r *Ref) Broken() bool {
	return r.Status != "anchored" && r.Status != "whole-source" && r.Status != "ambiguous"
}

// KindCitation is the NodeKind of Citation.
var KindCitation = ast.NewNodeKind("Citation")

// Citation is a citation group.
type Citation struct {
	ast.BaseInline
	Refs   []*Ref
	Offset int    // offset of '['
	Claim  *Claim // the claim the group closes
	Hidden bool   // a further group of a claim already referenced
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	m := map[string]string{}
	for i, r := range n.Refs {
		m[fmt.Sprintf("Ref%d", i)] = fmt.Sprintf("contra=%v @%s %q", r.Contra, r.Key, r.Passage)
	}
	ast.DumpHelper(n, source, level, m, nil)
}

// KindClaim is the NodeKind of Claim.
var KindClaim = ast.NewNodeKind("Claim")

// Claim is the text a citation closes; its children are that text and the
// closing citation groups.
type Claim struct {
	ast.BaseInline
	ID     string // stable: "c-" and eight hex digits, "-2" for a repeat
	Number int    // 1, 2, 3 … in reading order
	Plain  string // plain text, without the citations
	Offset int    // offset of the first closing group's '['
	Refs   []*Ref // every reference of every closing group
}

// Kind implements ast.Node.
func (n *Claim) Kind() ast.NodeKind { return KindClaim }

// Dump implements ast.Node.
func (n *Claim) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"ID": n.ID, "Number": fmt.Sprint(n.Number), "Plain": n.Plain}, nil)
}

// Disputed reports whether a source contradicts the claim.
func (n *Claim) Disputed() bool {
	for _, r := range n.Refs {
		if r.Contra {
			return true
		}
	}
	return false
}

// SingleSource reports whether only one source supports the claim.
func (n *Claim) SingleSource() bool {
	seen := map[string]bool{}
	for _, r := range n.Refs {
		if !r.Contra {
			seen[r.Key] = true
		}
	}
	return len(seen) == 1
}

// Broken reports whether any reference of the claim failed to resolve.
func (n *Claim) Broken() bool {
	for _, r := range n.Refs {
		if r.Broken() {
			return true
		}
	}
	return false
}

// KindAlert is the NodeKind of Alert.
var KindAlert = ast.NewNodeKind("Alert")

// Alert is an editor's note: a GitHub-style alert, anchored to a passage
// when its first line is a citation. Its children are the note.
type Alert struct {
	ast.BaseBlock
	Variant string // "note", "tip", "important", "warning" or "caution"
	Ref     *Ref   // nil for a plain callout
	Offset  int    // offset of the blockquote's '['
	ID      string // "note-1", "note-2" … in reading order
}

// Kind implements ast.Node.
func (n *Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (n *Alert) Dump(source []byte, level int) {
	m := map[string]string{"Variant": n.Variant}
	if n.Ref != nil {
		m["Ref"] = fmt.Sprintf("@%s %q", n.Ref.Key, n.Ref.Passage)
	}
	ast.DumpHelper(n, source, level, m, nil)
}
