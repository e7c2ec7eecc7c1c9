package mdext

import (
	"fmt"
	"unicode"
	"unicode/utf8"

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
		if cite.IsPandocStart(line) && isLink(line) {
			block.SetPosition(savedLine, savedSeg) // [see @x](url) is a link
			return nil
		}
		if k := closeBracket(line); k >= 0 {
			doc.quiet = seg.Start + k // the group's "@id"s are not mentions too
		} else {
			doc.quiet = seg.Start + len(line)
		}
		off := seg.Start
		if !err.Incomplete || err.Placed {
			off = toSource(err.Off)
		}
		doc.problem(off, err.Msg)
		if f := err.Fix; f != nil {
			fix := *f
			fix.Off, fix.End = toSource(f.Off), toSource(f.End)
			if f.End > f.Off {
				fix.End = toSource(f.End-1) + 1 // the end of a line, not the next one's start
			}
			doc.Problems[len(doc.Problems)-1].Fix = &fix
		}
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
		it.KeyOff, it.End = toSource(it.KeyOff), toSource(it.End-1)+1
		if it.HasPassage {
			it.PassageOff, it.PassageEnd = toSource(it.PassageOff), toSource(it.PassageEnd-1)+1
		}
		n.Refs = append(n.Refs, &Ref{Item: it, Offset: seg.Start})
	}
	return n
}

// isLink reports whether the bracketed text that opens line is a link's:
// followed by "(" or "[".
func isLink(line []byte) bool {
	k := closeBracket(line)
	return k >= 0 && k+1 < len(line) && (line[k+1] == '(' || line[k+1] == '[')
}

// closeBracket returns the offset of the ']' that closes the '[' opening
// line, looking no further than the next '[' or line break, so that a line
// of brackets costs its length to read once; -1 if there is none.
func closeBracket(line []byte) int {
	for i := 1; i < len(line); i++ {
		switch line[i] {
		case ']':
			return i
		case '[', '\n':
			return -1
		}
	}
	return -1
}

// mentionParser reads "@id" in running text, Pandoc's in-text citation,
// which dossier does not check: followed by a locator ("@id [p. 3]") it is
// an error; alone it is kept as a Mention, which the build reports when id
// is a source's. It makes no node: the text stays as written.
type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if p := block.PrecendingCharacter(); p != ' ' && p != '\n' && p != '(' && p != '\t' && p != utf8.RuneError && !(p < 0x80 && unicode.IsPunct(p) && p != '\\' && p != '[' && p != '-') {
		return nil // an e-mail address, a handle in a word
	}
	k := 1
	for k < len(line) && isIDByte(line[k]) {
		k++
	}
	for k > 1 && (line[k-1] == '.' || line[k-1] == '-' || line[k-1] == '/') {
		k-- // the sentence's full stop, not the id's
	}
	if k == 1 {
		return nil
	}
	key := string(line[1:k])
	doc := document(pc)
	if seg.Start < doc.quiet {
		return nil // in a group already reported
	}
	rest := line[k:]
	j := 0
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
		j++
	}
	if j < len(rest) && rest[j] == '[' && !cite.IsCitationStart(rest[j:]) && !isLink(rest[j:]) {
		if k := closeBracket(rest[j:]); k > 0 {
			doc.problem(seg.Start, fmt.Sprintf("@%s %s is Pandoc's in-text citation, which dossier does not check: "+
				"cite the passage after the claim, [@%s, \"…\"]", key, rest[j:j+k+1], key))
			return nil
		}
	}
	doc.Mentions = append(doc.Mentions, Mention{Offset: seg.Start, Key: key})
	return nil
}

// isIDByte reports whether c may be part of a source id (or of an id
// mistyped with capitals).
func isIDByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '/' || c == '-'
}
