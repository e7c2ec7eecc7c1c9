package main

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/pdf"
	"dossier/generator/webpage"
)

// imported is what an import writes: the source's front matter fields, its
// body and the extension of the kept original, whatever it came from.
type imported struct {
	title, outlet, author, published, url, language string
	ext                                             string // of the kept original: ".html", ".mhtml", ".pdf"
	pages                                           int    // a PDF's page count; 0 for a web page
	body                                            []byte // the text, one paragraph a line, with page markers
	paragraphs                                      int
	warnings                                        []string
	// a Markdown or text file made a source: its format, and the whole
	// file to write when it has its own front matter; it keeps no original
	format *content.Format
	whole  []byte
}

// onPages is " on 12 pages" for a PDF.
func (d *imported) onPages() string {
	if d.pages == 0 {
		return ""
	}
	return " on " + diag.Plural(d.pages, "page")
}

// fromPage is a web page's article.
func fromPage(a *webpage.Article, raw []byte) *imported {
	d := &imported{title: a.Title, outlet: a.Outlet, author: strings.Join(a.Authors, ", "), published: a.Published,
		url: a.URL, language: a.Language, ext: ".html", paragraphs: len(a.Paragraphs), warnings: a.Warnings}
	if webpage.IsMHTML(raw) {
		d.ext = ".mhtml"
	}
	var b bytes.Buffer
	for _, p := range a.Paragraphs {
		b.WriteString(content.DropControls(p)) // a text holds none (docs/security.md)
		b.WriteByte('\n')
	}
	d.body = b.Bytes()
	return d
}

// fromPDF is a PDF's text, with a marker line where each page begins
// (docs/import.md, "Page markers"). address is the URL it was fetched
// from, "" for a file.
func fromPDF(doc *pdf.Document, address string) *imported {
	d := &imported{title: doc.Title, author: doc.Author, url: address, ext: ".pdf", pages: doc.Pages, paragraphs: len(doc.Paragraphs)}
	if d.title == "" && len(doc.Paragraphs) > 0 && len(doc.Paragraphs[0].Text) <= 200 {
		d.title = doc.Paragraphs[0].Text // the first line of the first page, as a PDF's title page has it
	}
	if !doc.Created.IsZero() && !doc.Created.After(today()) {
		d.published = doc.Created.Format("2006-01-02")
	}
	var b bytes.Buffer
	page := 0
	for _, p := range doc.Paragraphs {
		if p.Page > page {
			b.WriteString(content.MarkerLine(p.Page, doc.Label(p.Page), ""))
			b.WriteByte('\n')
			page = p.Page
		}
		for _, br := range p.Breaks {
			if br.Page > page {
				b.WriteString(content.MarkerLine(br.Page, doc.Label(br.Page), from(p.Text, br.Offset)))
				b.WriteByte('\n')
				page = br.Page
			}
		}
		if strings.HasPrefix(p.Text, "[page") {
			// not a marker: a word joiner, which matching ignores, keeps it text
			b.WriteString("\u2060")
		}
		b.WriteString(content.DropControls(p.Text))
		b.WriteByte('\n')
	}
	d.body = b.Bytes()
	if len(doc.Missing) > 0 {
		pages := make([]string, len(doc.Missing))
		for i, n := range doc.Missing {
			pages[i] = fmt.Sprint(n)
		}
		what := "page " + strings.Join(pages, ", ") + " has"
		if len(pages) > 1 {
			what = "pages " + strings.Join(pages, ", ") + " have"
		}
		d.warnings = append(d.warnings, what+" no text layer, only images (scanned?): their text is not in the source; "+
			"run OCR on the PDF (ocrmypdf IN.pdf OUT.pdf) and import it again with --force")
	}
	return d
}

// from is the words a page begins with at off in text, as many as it takes
// to be found once in text (at least three, or all that is left).
func from(text string, off int) string {
	rest := text[off:]
	end := 0
	for words := 0; end < len(rest); {
		i := strings.IndexByte(rest[end:], ' ')
		if i < 0 {
			end = len(rest)
			break
		}
		end += i
		words++
		if words >= 3 && strings.Count(text, rest[:end]) == 1 {
			break
		}
		end++
	}
	return rest[:end]
}

// mediaType is the media type of a Content-Type header, in lower case.
func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return strings.ToLower(mt)
}

// fromText is a Markdown or plain text file made a source as it is (name
// is its file's name): its own front matter kept, or one made with its
// title (a Markdown file's first heading, else the file's name) and the day
// it was retrieved. It is refused when it is not UTF-8, has no text, or its
// front matter has errors.
func fromText(raw []byte, name string, format *content.Format) (*imported, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("the file is not UTF-8 text: save it as UTF-8 and import it again")
	}
	text := strings.TrimPrefix(string(raw), "\uFEFF")
	text = content.DropControls(strings.ReplaceAll(text, "\r\n", "\n"))
	p := content.SourcesDir + "/" + "imported" + format.Ext
	s, diags := content.ParseSource(p, []byte(text))
	for _, d := range diags {
		if d.Severity == diag.Error {
			return nil, fmt.Errorf("line %d:%d: %s", d.Line, d.Col, d.Message)
		}
	}
	if s == nil || len(s.Paragraphs) == 0 {
		return nil, errors.New("the file has no text")
	}
	d := &imported{title: s.Title, outlet: s.Outlet, url: s.URL, format: format, paragraphs: len(s.Paragraphs)}
	if s.BodyOff > 0 {
		d.whole = []byte(text)
		return d, nil
	}
	if first := s.Paragraphs[0]; strings.HasPrefix(first.Kind, "h") {
		d.title = s.Text[first.Start:first.End]
	} else {
		d.title = titleOf(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	}
	d.body = []byte(text)
	return d, nil
}
