package mdext

import (
	"dossier/generator/cite"

	"github.com/yuin/goldmark/parser"
)

// Document is the per-document state of the extension.
type Document struct {
	Slug     string // the briefing's slug, part of every claim id
	Claims   []*Claim
	Alerts   []*Alert
	Problems []Problem
	Mentions []Mention // "@id" in running text, not a citation
	scanned  int       // bytes citation groups read past their first line
	quiet    int       // no mention before this offset: it is in a group reported
}

// Problem is a citation or note that cannot be read.
type Problem struct {
	Offset int // into the document's source
	Msg    string
	Fix    *cite.Edit // its mending, in offsets into the document's source
}

var documentKey = parser.NewContextKey()

// SetDocument stores doc in pc, where the parser and transformers fill it in.
func SetDocument(pc parser.Context, doc *Document) { pc.Set(documentKey, doc) }

// document returns the Document in pc, making one if there is none.
func document(pc parser.Context) *Document {
	if d, ok := pc.Get(documentKey).(*Document); ok {
		return d
	}
	d := &Document{}
	pc.Set(documentKey, d)
	return d
}

func (d *Document) problem(off int, msg string) {
	d.Problems = append(d.Problems, Problem{Offset: off, Msg: msg})
}

// Mention is "@id" written in running text: Pandoc's in-text citation,
// which dossier does not read. The build warns when Key is a source's id.
type Mention struct {
	Offset int // of the '@'
	Key    string
}
