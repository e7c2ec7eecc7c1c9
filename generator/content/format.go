package content

import (
	"path"
	"slices"
	"strings"

	"dossier/generator/diag"
	"dossier/generator/mdext"
	"dossier/generator/sitefs"
)

// Format is a kind of source file: what its extension is, how large it may
// be, and how its body becomes the text passages are matched against and
// that text's paragraphs. The formats are the registry Formats; the rest of
// dossier asks it (FormatOf) rather than spelling extensions.
type Format struct {
	Name  string // "text", "markdown"
	Ext   string // ".txt"
	Limit int64  // its size limit, in bytes
	Kind  string // how messages name it: "a source"
	// Hint is the body `dossier new source` writes below the front matter.
	Hint string
	// read makes the text and paragraphs of body, which starts at bodyOff
	// in file; a problem is a diagnostic in file.
	read func(s *Source, file []byte) diag.List
}

// The formats dossier reads.
var (
	// Text is a plain text source: every non-blank line is a paragraph.
	// The importer writes this format.
	Text = &Format{Name: "text", Ext: ".txt", Limit: sitefs.MaxSource, Kind: "a source",
		Hint: "Paste the text here, one paragraph a line.\n", read: readPlain}
	// Markdown is a source in Markdown: every block is a paragraph, its
	// kind (heading, list item, quote, code, table cell) kept.
	Markdown = &Format{Name: "markdown", Ext: ".md", Limit: 1 << 20, Kind: "a Markdown source",
		Hint: "Paste the text here in Markdown: each paragraph, heading, list item and quote is a paragraph.\n", read: readMarkdown}
)

// Formats is every source format, in the order their files are listed.
var Formats = []*Format{Text, Markdown}

// FormatOf returns the format of the source file at p, by its extension;
// nil when p is not a source file of any format.
func FormatOf(p string) *Format {
	ext := path.Ext(p)
	for _, f := range Formats {
		if f.Ext == ext {
			return f
		}
	}
	return nil
}

// IsSource reports whether p, a slash path relative to the site root, is
// a source file: under content/sources/, of a registered format.
func IsSource(p string) bool {
	return strings.HasPrefix(p, SourcesDir+"/") && FormatOf(p) != nil
}

// IsBriefing reports whether p is a briefing file.
func IsBriefing(p string) bool {
	return strings.HasPrefix(p, BriefingsDir+"/") && path.Ext(p) == BriefingExt
}

// The folders of content/ and the briefings' extension.
const (
	SourcesDir   = "content/sources"
	BriefingsDir = "content/briefings"
	BriefingExt  = ".md"
)

// sourceExts are the formats' extensions, for listing content/sources/.
func sourceExts() []string {
	exts := make([]string, len(Formats))
	for i, f := range Formats {
		exts[i] = f.Ext
	}
	return exts
}

// Others returns the files that would give a source the same id as the
// one at p in another format: two files may not share an id.
func Others(p string) []string {
	f := FormatOf(p)
	if f == nil {
		return nil
	}
	base := strings.TrimSuffix(p, f.Ext)
	var out []string
	for _, o := range Formats {
		if o != f {
			out = append(out, base+o.Ext)
		}
	}
	return slices.Clip(out)
}

// readPlain makes each non-blank line of the body a paragraph.
func readPlain(s *Source, file []byte) diag.List {
	s.Text, s.Paragraphs = plainText(file[s.BodyOff:], lineOf(file, s.BodyOff))
	return nil
}

// readMarkdown makes each block of the body a paragraph.
func readMarkdown(s *Source, file []byte) diag.List {
	var problems []mdext.Problem
	var diags diag.List
	s.Text, s.Paragraphs, problems = markdownText(file[s.BodyOff:], s.BodyOff, file)
	for _, p := range problems {
		diags = append(diags, diag.At(s.Path, file, s.BodyOff+p.Offset, diag.Error, "%s", p.Msg))
	}
	return diags
}
