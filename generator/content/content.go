package content

import (
	"time"
)

// Site is the whole of content/.
type Site struct {
	Config    Config
	Sources   []*Source   // sorted by id
	Briefings []*Briefing // sorted by slug
}

// Config is content/site.yaml. Every field may be left out.
type Config struct {
	Title       string   // defaults to "dossier"
	BaseURL     string   // absolute URL the site is served from; "" serves from "/"
	Language    string   // BCP 47 tag for <html lang>; defaults to "en"
	Description string   // the index page's description
	Editors     []string // shown in the footer
	// Tags, when given, are the topics a briefing may have: another is
	// a warning (an error with --strict)
	Tags  []string
	Extra map[string]any // unknown fields
}

// Tag is one of a briefing's tags, and where its front matter gives it.
type Tag struct {
	Name   string
	Offset int // in the briefing's file
}

// Source is one source document.
type Source struct {
	ID     string  // path under content/sources/ without extension
	Path   string  // path relative to the site root
	Format *Format // how its file is read

	Title     string
	Outlet    string
	Author    string
	Published string // as written; see Date
	Date      time.Time
	URL       string
	Retrieved string
	// Archive lists archived copies of the page at URL (a Wayback Machine
	// capture, say), each an http or https URL, in the order given.
	Archive  []string
	Note     string // Markdown: the editor's note on the source as a whole
	NoteLine int    // line of the note field, for diagnostics
	// An imported source's: the language the page declared, and the kept
	// original, by its path under content/originals/ and the SHA-256 of
	// its bytes when it was imported.
	Language, Original, SHA256 string
	// Pages is the page count of a source imported from a PDF (0 for any
	// other): its text has page markers, and PageStarts says where each
	// page begins
	Pages      int
	PageStarts []PageStart
	Extra      map[string]any

	BodyOff int // where the body starts in the file
	// Text is what passages are matched against: for a Text source the
	// body itself, for a Markdown one the text of its blocks, a line each.
	Text       string
	Paragraphs []Paragraph
}

// ParagraphTexts lists the text of each of the source's paragraphs.
func (s *Source) ParagraphTexts() []string {
	out := make([]string, len(s.Paragraphs))
	for i, p := range s.Paragraphs {
		out[i] = s.Text[p.Start:p.End]
	}
	return out
}

// Paragraph is one paragraph of a source's Text.
type Paragraph struct {
	Start, End int    // byte offsets in Text
	RuneStart  int    // code points in Text before Start
	Line       int    // line in the file where it starts
	Kind       string // "p", or for a .md source "h1"…"h6", "li", "quote", "code", "cell"
	ASCII      bool   // known to be ASCII: its code points are its bytes
	Page       int    // of a paged source: the page it starts on; else 0
}

// Briefing is one briefing.
type Briefing struct {
	Slug string // path under content/briefings/ without extension
	Path string // path relative to the site root

	Title   string
	Date    time.Time // zero when not given
	Summary string
	Editors []string
	Draft   bool
	Tags    []Tag // its topics, in the order given
	Extra   map[string]any

	File []byte // the file, UTF-8, "\n" line endings
	// Body is File with the front matter blanked to spaces, so that byte
	// offsets into Body are offsets into File and lines stay where they are.
	Body []byte
}
