package main

import (
	"bytes"
	"fmt"
	"mime"
	"strings"

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
		url: a.URL, language: a.Language, ext: ".html", paragraphs: len(a.Paragraphs)}
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
