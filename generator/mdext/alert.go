package mdext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"dossier/generator/cite"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var alertMarker = regexp.MustCompile(`^\[!(?i:(note|tip|important|warning|caution))\]([ \t]|\n|$)`)

// unknownAlert is a marker of any other kind: "[!WARN]".
var unknownAlert = regexp.MustCompile(`^\[!([A-Za-z]+)\]`)

// AlertKinds are the kinds of alert, as GitHub spells them.
var AlertKinds = []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}

// unknownKind is the message for an alert marker of an unknown kind.
func unknownKind(kind string) string {
	msg := fmt.Sprintf("unknown alert kind [!%s]: the kinds are NOTE, TIP, IMPORTANT, WARNING and CAUTION", kind)
	up := strings.ToUpper(kind)
	best, bestD := "", 3
	for _, k := range AlertKinds {
		d := cite.Distance(up, k)
		if strings.HasPrefix(k, up) || strings.HasPrefix(up, k) {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf("; did you mean [!%s]?", best)
	}
	return msg
}

type alertTransformer struct{}

// Transform replaces each blockquote that opens with [!KIND] by an Alert.
func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	d := document(pc)
	src := reader.Source()
	for _, q := range quotes {
		if a := toAlert(q, src, d); a != nil {
			q.Parent().ReplaceChild(q.Parent(), q, a)
		}
	}
	for i, a := range d.Alerts {
		a.ID = "note-" + strconv.Itoa(i+1)
	}
}

func toAlert(q *ast.Blockquote, src []byte, d *Document) *Alert {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return nil
	}
	first := p.Lines().At(0)
	m := alertMarker.FindSubmatchIndex(first.Value(src))
	if m == nil {
		if u := unknownAlert.FindSubmatch(first.Value(src)); u != nil {
			d.problem(first.Start, unknownKind(string(u[1])))
		}
		return nil
	}
	markerEnd := first.Start + m[3] + 1 // just after ']'
	// the marker must have been parsed as plain text
	reached := first.Start
	for c := p.FirstChild(); c != nil && reached < markerEnd; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			return nil
		}
		reached = t.Segment.Stop
	}
	a := &Alert{Variant: strings.ToLower(string(first.Value(src)[m[2]:m[3]])), Offset: first.Start}
	// drop the marker
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok || t.Segment.Start >= markerEnd {
			break
		}
		if t.Segment.Stop <= markerEnd {
			p.RemoveChild(p, t)
		} else {
			t.Segment = t.Segment.WithStart(markerEnd)
		}
		c = next
	}
	trimLeadingSpace(p, src, first.Stop)
	if c, ok := p.FirstChild().(*Citation); ok && c.Offset < first.Stop {
		if len(c.Refs) == 1 {
			a.Ref = c.Refs[0]
		} else {
			d.problem(c.Offset, "an editor note anchors to one passage: cite one source in its first line")
		}
		p.RemoveChild(p, c)
		trimLeadingSpace(p, src, first.Stop)
	}
	if t, ok := p.FirstChild().(*ast.Text); ok && t.Segment.Len() == 0 {
		p.RemoveChild(p, t)
	}
	if p.ChildCount() == 0 {
		q.RemoveChild(q, p)
	}
	for c := q.FirstChild(); c != nil; {
		next := c.NextSibling()
		a.AppendChild(a, c)
		c = next
	}
	d.Alerts = append(d.Alerts, a)
	return a
}

// trimLeadingSpace removes the white space that opens p's first line, up to lineEnd.
func trimLeadingSpace(p ast.Node, src []byte, lineEnd int) {
	for {
		t, ok := p.FirstChild().(*ast.Text)
		if !ok || t.Segment.Start >= lineEnd {
			return
		}
		s := t.Segment
		for s.Start < s.Stop && (src[s.Start] == ' ' || src[s.Start] == '\t') {
			s.Start++
		}
		t.Segment = s
		if s.Len() > 0 {
			return
		}
		if t.SoftLineBreak() || t.HardLineBreak() {
			p.RemoveChild(p, t)
			return
		}
		p.RemoveChild(p, t)
	}
}
