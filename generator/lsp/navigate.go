package lsp

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/site"
)

// Hover, definition, references and code actions: each reads the last
// check, brought up to date with the open documents first.

// checked returns the open document of the site at uri, its text as the
// last check read it, brought up to date, and the function that lets go
// of that check (Server.current); nil for a file the site does not read.
func (s *Server) checked(uri string) (d *document, text []byte, done func()) {
	d = s.doc(uri)
	if d == nil || d.path == "" {
		return nil, nil, nil
	}
	done = s.current()
	return d, s.texts[d.path], done
}

// citationAt returns the citation of the briefing at path whose text holds
// off: from its '@' to its end, its group's '[' for the first.
func (s *Server) citationAt(path string, off int) (site.Citation, bool) {
	for _, c := range s.b.Citations(path) {
		if c.Off-1 <= off && off <= c.End {
			return c, true
		}
	}
	return site.Citation{}, false
}

func (s *Server) hover(p *textDocumentPositionParams) (any, error) {
	d, text, done := s.checked(p.TextDocument.URI)
	if d == nil {
		return nil, nil
	}
	defer done()
	if content.IsSource(d.path) {
		return s.hoverPassage(d.path, text, offsetOf(text, p.Position, s.enc)), nil
	}
	if !content.IsBriefing(d.path) {
		return nil, nil
	}
	c, ok := s.citationAt(d.path, offsetOf(text, p.Position, s.enc))
	if !ok {
		return nil, nil
	}
	var b strings.Builder
	if c.Source != nil {
		b.WriteString(sourceCard(c.Source))
		b.WriteString("\n\n")
	}
	switch {
	case c.Anchored():
		cand := candidate{para: c.Para, start: c.Span.Start, end: c.Span.End}
		fmt.Fprintf(&b, "%s · %s", where(c.Source, cand), c.Status)
		if c.Contra {
			b.WriteString(" · contradicts the claim")
		}
		fmt.Fprintf(&b, "\n\n> %s", inContext(c.Source, cand))
	case c.Status == "whole-source":
		b.WriteString("the source as a whole")
	default:
		b.WriteString(strings.ReplaceAll(c.Status, "-", " "))
	}
	for _, dg := range s.diagnosticsIn(d.path, text, c.Off-1, c.End) {
		fmt.Fprintf(&b, "\n\n**%s**: %s", dg.Severity, mdEscape(dg.Message))
		for _, n := range dg.Notes {
			fmt.Fprintf(&b, "  \n%s", mdEscape(n))
		}
	}
	r := Range{Start: positionOf(text, c.Off, s.enc), End: positionOf(text, c.End, s.enc)}
	return Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: &r}, nil
}

// hoverPassage says, on a cited passage of a source's file, which claims
// cite it; nil elsewhere.
func (s *Server) hoverPassage(path string, text []byte, off int) any {
	src := s.sourceAt(path)
	if src == nil {
		return nil
	}
	var b strings.Builder
	var first site.Citation
	var r Range // the first passage's
	n := 0
	for _, c := range s.b.CitationsOf(src.ID) {
		if !c.Anchored() {
			continue
		}
		a, e := spanInFile(text, src, c.Para, c.Span.Start, c.Span.End)
		if a > off || off > e {
			continue
		}
		if n == 0 {
			first, r = c, Range{Start: positionOf(text, a, s.enc), End: positionOf(text, e, s.enc)}
		}
		n++
		line := positionOf(c.File, c.Off, utf8Encoding).Line + 1
		what := "an editor note"
		if c.Claim != "" {
			what = "“" + mdEscape(clip(c.Claim, 120)) + "”"
		}
		if c.Contra {
			what += " (contradicted)"
		}
		fmt.Fprintf(&b, "\n- %s:%d — %s", c.Path, line, what)
	}
	if n == 0 {
		return nil
	}
	return Hover{Contents: MarkupContent{Kind: "markdown", Value: fmt.Sprintf("**Cited %s** (¶%d)\n%s", diag.Plural(n, "time"), first.Para+1, b.String())}, Range: &r}
}

// diagnosticsIn lists the last check's diagnostics of the file at path
// that overlap text[from:to].
func (s *Server) diagnosticsIn(path string, text []byte, from, to int) []diag.Diagnostic {
	var list []diag.Diagnostic
	for _, d := range s.res.Diagnostics {
		if d.Path != path || d.Line == 0 {
			continue
		}
		r := s.rangeOf(text, d)
		if offsetOf(text, r.Start, s.enc) <= to && from <= offsetOf(text, r.End, s.enc) {
			list = append(list, d)
		}
	}
	return list
}

func (s *Server) definition(p *textDocumentPositionParams) (any, error) {
	d, text, done := s.checked(p.TextDocument.URI)
	if d == nil {
		return nil, nil
	}
	defer done()
	c, ok := s.citationAt(d.path, offsetOf(text, p.Position, s.enc))
	if !ok || c.Source == nil {
		return nil, nil
	}
	loc, ok := s.passageLocation(c)
	if !ok {
		return nil, nil
	}
	return []Location{loc}, nil
}

// sourceFile is the text of a source's file: the editor's, when it is
// open, else the disk's.
func (s *Server) sourceFile(src *content.Source) []byte {
	if text, ok := s.texts[src.Path]; ok {
		return text
	}
	b, err := os.ReadFile(filepath.Join(s.root, filepath.FromSlash(src.Path)))
	if err != nil {
		return nil
	}
	return b
}

// passageLocation is where a citation's passage is in its source's file:
// the passage's own characters when it is anchored, else the start of the
// source's text.
func (s *Server) passageLocation(c site.Citation) (Location, bool) {
	src := c.Source
	file := s.sourceFile(src)
	if file == nil {
		return Location{}, false
	}
	loc := Location{URI: uriOf(filepath.Join(s.root, filepath.FromSlash(src.Path)))}
	start, end := src.BodyOff, src.BodyOff
	if c.Anchored() {
		start, end = spanInFile(file, src, c.Para, c.Span.Start, c.Span.End)
	}
	loc.Range = Range{Start: positionOf(file, start, s.enc), End: positionOf(file, end, s.enc)}
	return loc, true
}

// spanInFile finds text[start:end] of a source's Text, in paragraph para,
// in the source's file: at the same offset past the front matter for a
// source whose text is its body, else searched for from the paragraph's
// line; the paragraph's line when it is not there as it is (a Markdown
// source's markup in the middle of it).
func spanInFile(file []byte, src *content.Source, para, start, end int) (int, int) {
	want := []byte(src.Text[start:end])
	if off := src.BodyOff + start; off+len(want) <= len(file) && bytes.Equal(file[off:off+len(want)], want) {
		return off, off + len(want)
	}
	line := lineStart(file, max(src.Paragraphs[para].Line-1, 0))
	if k := bytes.Index(file[line:], want); k >= 0 {
		return line + k, line + k + len(want)
	}
	return line, lineEnd(file, line)
}

func (s *Server) references(p *referenceParams) (any, error) {
	d, text, done := s.checked(p.TextDocument.URI)
	if d == nil {
		return nil, nil
	}
	defer done()
	off := offsetOf(text, p.Position, s.enc)
	var id string
	var cits []site.Citation
	switch {
	case content.IsBriefing(d.path):
		c, ok := s.citationAt(d.path, off)
		if !ok {
			return nil, nil
		}
		id = c.Key
		cits = s.b.CitationsOf(id)
	case content.IsSource(d.path):
		src := s.sourceAt(d.path)
		if src == nil {
			return nil, nil
		}
		id = src.ID
		cits = s.b.CitationsOf(id)
		// on a cited passage: the citations of it alone
		var here []site.Citation
		for _, c := range cits {
			if c.Anchored() {
				if a, b := spanInFile(text, src, c.Para, c.Span.Start, c.Span.End); a <= off && off <= b {
					here = append(here, c)
				}
			}
		}
		if here != nil {
			cits = here
		}
	default:
		return nil, nil
	}
	locs := []Location{}
	for _, c := range cits {
		file := c.File
		if t, ok := s.texts[c.Path]; ok {
			file = t
		}
		locs = append(locs, Location{
			URI:   uriOf(filepath.Join(s.root, filepath.FromSlash(c.Path))),
			Range: Range{Start: positionOf(file, c.Off, s.enc), End: positionOf(file, c.End, s.enc)},
		})
	}
	return locs, nil
}

// sourceAt is the source whose file is at path, as the last check read it.
func (s *Server) sourceAt(path string) *content.Source {
	for _, src := range s.b.Sources() {
		if src.Path == path {
			return src
		}
	}
	return nil
}

func (s *Server) codeActions(p *codeActionParams) (any, error) {
	actions := []CodeAction{}
	d, text, done := s.checked(p.TextDocument.URI)
	if d == nil {
		return actions, nil
	}
	defer done()
	from, to := offsetOf(text, p.Range.Start, s.enc), offsetOf(text, p.Range.End, s.enc)
	for _, dg := range s.diagnosticsIn(d.path, text, from, to) {
		for _, f := range dg.Fixes {
			edit := TextEdit{
				Range:   Range{Start: positionAt(text, f.Line, f.Col, s.enc), End: positionAt(text, f.EndLine, f.EndCol, s.enc)},
				NewText: f.Text,
			}
			actions = append(actions, CodeAction{
				Title: f.Title, Kind: "quickfix", Diagnostics: []Diagnostic{s.diagnostic(text, dg)},
				IsPreferred: len(dg.Fixes) == 1,
				Edit:        WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: {edit}}},
			})
		}
	}
	return actions, nil
}
