package mdext

import (
	"dossier/generator/cite"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// maxGroupBytes bounds how far a citation group is read: a group that has
// not closed by then is reported as unclosed.
const maxGroupBytes = 64 << 10

// scanBudget bounds how many bytes a document's citation groups may read in
// all beyond their first line, so that thousands of unclosed groups in a row
// cost a bounded time; past it a group must close on its own line.
const scanBudget = 4 << 20

type citationParser struct{}

// NewCitationParser returns the inline parser for citation groups.
func NewCitationParser() parser.InlineParser { return citationParser{} }

func (citationParser) Trigger() []byte { return []byte{'['} }

// piece is a line of the paragraph as read into one buffer.
type piece struct {
	at  int          // where the line starts in the buffer
	seg text.Segment // where it is in the source
}

func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !cite.IsCitationStart(line) {
		return nil
	}
	savedLine, savedSeg := block.Position()
	doc := document(pc)
	if doc.scanned >= scanBudget && len(line) > 1024 {
		line = line[:1024] // a document of endless unclosed groups: read little of each
	}
	buf := line[:len(line):len(line)] // read in place; a second line, appended, makes a copy
	pieces := []piece{{0, seg}}
	toSource := func(off int) int {
		p := pieces[0]
		for _, q := range pieces {
			if q.at <= off {
				p = q
			}
		}
		return p.seg.Start + off - p.at
	}
	var g cite.Group
	for {
		var err *cite.SyntaxError
		g, err = cite.ParseGroup(buf)
		if err == nil {
			break
		}
		if err.Incomplete {
			doc.scanned += len(line)
		}
		if err.Incomplete && len(buf) < maxGroupBytes && doc.scanned < scanBudget {
			block.AdvanceLine()
			if l, s := block.PeekLine(); l != nil {
				pieces = append(pieces, piece{len(buf), s})
				buf = append(buf, l...)
				doc.scanned += len(l)
				continue
			}
		}
		off := seg.Start
		if !err.Incomplete {
			off = toSource(err.Off)
		}
		doc.problem(off, err.Msg)
		block.SetPosition(savedLine, savedSeg)
		return nil
	}
	if g.Len < len(buf) && buf[g.Len] == '(' {
		block.SetPosition(savedLine, savedSeg) // [@x](url) is a link
		return nil
	}
	// move the reader to just after ']'
	block.SetPosition(savedLine, savedSeg)
	last := 0
	for i, p := range pieces {
		if p.at < g.Len {
			last = i
		}
	}
	for range last {
		block.AdvanceLine()
	}
	block.Advance(g.Len - pieces[last].at)

	n := &Citation{Offset: seg.Start}
	for _, it := range g.Items {
		it.KeyOff = toSource(it.KeyOff)
		if it.HasPassage {
			it.PassageOff = toSource(it.PassageOff)
		}
		n.Refs = append(n.Refs, &Ref{Item: it, Offset: seg.Start})
	}
	return n
}
