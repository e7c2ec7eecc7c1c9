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
	var diags diag.List
	if s.Pages > 0 {
		diags = readPages(s, file)
	}
	if first, n := hardWrapped(s.Text, s.Paragraphs); n > 0 {
		diags = append(diags, diag.At(s.Path, file, s.BodyOff+s.Paragraphs[first].End, diag.Warning,
			"this source looks hard-wrapped: %d of its %d lines end mid-sentence, and each line is a paragraph, "+
				"so no passage can run from one line to the next; join each paragraph's lines into one line, "+
				"or import the page again with dossier new source --from", n, len(s.Paragraphs)))
	}
	return diags
}

// hardWrapped reports whether the paragraphs of a text source look like
// the lines of text wrapped at a fixed width rather than paragraphs: at
// least five, and a third, of them run on into the next line (no sentence
// end, the next line in lower case, no blank line between). It returns
// the first such line and how many there are; n is 0 when the text does
// not look wrapped.
func hardWrapped(text string, paras []Paragraph) (first, n int) {
	first = -1
	for i := 0; i+1 < len(paras); i++ {
		p, next := paras[i], paras[i+1]
		if next.Line != p.Line+1 {
			continue
		}
		last, c := text[p.End-1], text[next.Start]
		if ('a' <= c && c <= 'z') && (last == ',' || last == '-' || 'a' <= last && last <= 'z' || 'A' <= last && last <= 'Z' || '0' <= last && last <= '9') {
			if n == 0 {
				first = i
			}
			n++
		}
	}
	if n < 5 || 3*n < len(paras) {
		return -1, 0
	}
	return first, n
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
