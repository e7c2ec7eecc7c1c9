package site

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"dossier/generator/render"
)

// The pages a site has thousands of (a source's, a briefing's and its
// coverage table) are written here by hand when the theme in effect is the
// built-in one: executing html/template for them was three quarters of a
// large build's rendering, most of it in reflection. Each writer produces
// the bytes that executing the built-in template produces, escaped the way
// html/template escapes each context; TestFastPages* compare the two on
// every page of several sites, including the attack corpus, and FuzzBuild
// on generated ones. A site that overrides one of the templates involved
// gets html/template, so its templates stay the whole contract.

// fastPage is a hand-written page and the template files it stands for.
type fastPage struct {
	files []string
	write func(*pageWriter, *PageData)
}

var fastPages = map[string]fastPage{
	"source":   {[]string{"base.html", "source.html"}, writeSourcePage},
	"briefing": {[]string{"base.html", "briefing.html", "_claimnote.html"}, writeBriefingPage},
	"coverage": {[]string{"base.html", "coverage.html"}, writeCoveragePage},
	"index":    {[]string{"base.html", "index.html"}, writeIndexPage},
	"sources":  {[]string{"base.html", "sources.html"}, writeSourcesPage},
}

// fastWriter returns the hand-written writer of the page kind, when the
// templates it stands for are the built-in ones.
func fastWriter(r *render.Renderer, kind string) func(*pageWriter, *PageData) {
	fp, ok := fastPages[kind]
	if !ok || !r.BuiltIn(fp.files...) {
		return nil
	}
	return fp.write
}

// pageWriter appends to a buffer, escaping as html/template does in each
// context.
type pageWriter struct{ *bytes.Buffer }

// raw writes markup.
func (w pageWriter) raw(s string) { w.WriteString(s) }

// text writes s escaped for HTML text, RCDATA or a quoted attribute value
// (html/template's htmlEscaper, rcdataEscaper and attrEscaper for strings).
func (w pageWriter) text(s string) { escapeWith(w, s, &templateEscapes) }

// templateEscapes is html/template's htmlReplacementTable.
var templateEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// int writes a number.
func (w pageWriter) int(n int) {
	var b [20]byte
	w.Write(strconv.AppendInt(b[:0], int64(n), 10))
}

// url writes s at the start of a URL attribute: a scheme other than http,
// https or mailto becomes "#ZgotmplZ", and the URL is normalised and
// attribute-escaped (urlFilter, urlNormalizer, attrEscaper).
func (w pageWriter) url(s string) {
	if !isSafeTemplateURL(s) {
		w.WriteString("#ZgotmplZ")
		return
	}
	w.urlPart(s, true)
}

// frag writes s in the query or fragment of a URL attribute (urlEscaper,
// attrEscaper).
func (w pageWriter) frag(s string) { w.urlPart(s, false) }

// urlPart is html/template's processURLOnto followed by its attribute
// escaper: normalising keeps reserved characters, escaping encodes them;
// both keep unreserved ones and, when normalising, valid %xx escapes.
func (w pageWriter) urlPart(s string, norm bool) {
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '&', '+':
			if norm { // kept by the normaliser, then escaped for the attribute
				w.WriteString(s[last:i])
				if c == '&' {
					w.WriteString("&amp;")
				} else {
					w.WriteString("&#43;")
				}
				last = i + 1
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		w.WriteString(s[last:i])
		w.WriteByte('%')
		w.WriteByte(hex[c>>4])
		w.WriteByte(hex[c&15])
		last = i + 1
	}
	w.WriteString(s[last:])
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isSafeTemplateURL is html/template's isSafeURL: a relative URL, or one
// whose scheme is http, https or mailto.
func isSafeTemplateURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			p := s[:i]
			return strings.EqualFold(p, "http") || strings.EqualFold(p, "https") || strings.EqualFold(p, "mailto")
		}
	}
	return true
}

func (w pageWriter) plural(n int, one, many string) {
	if n == 1 {
		w.WriteString("1 ")
		w.text(one)
		return
	}
	w.int(n)
	w.WriteByte(' ')
	w.text(many)
}

// timeTag writes <time datetime="{{isodate .}}">{{date .}}</time>.
func (w pageWriter) timeTag(t time.Time) {
	w.raw("<time datetime=\"")
	w.date(t, "2006-01-02")
	w.raw("\">")
	w.date(t, "2 January 2006")
	w.raw("</time>")
}

func (w pageWriter) date(t time.Time, layout string) {
	if t.IsZero() {
		return
	}
	var b [32]byte
	w.text(string(t.AppendFormat(b[:0], layout)))
}

// names writes {{range $i, $e := .}}{{if $i}}, {{end}}{{$e}}{{end}}.
func (w pageWriter) names(names []string) {
	for i, n := range names {
		if i > 0 {
			w.raw(", ")
		}
		w.text(n)
	}
}

// writeBase is base.html around the page's main part.
func writeBase(w *pageWriter, d *PageData, main func()) {
	s := d.Site
	index := d.Kind == "index"
	w.raw("<!doctype html>\n<html lang=\"")
	w.text(s.Language)
	w.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"")
	w.url(s.Home)
	w.raw("favicon.svg\" type=\"image/svg+xml\">\n<title>")
	if index {
		w.text(s.Title)
	} else {
		w.text(d.Title)
		w.raw(" · ")
		w.text(s.Title)
	}
	w.raw("</title>")
	if d.Description != "" {
		w.raw("\n<meta name=\"description\" content=\"")
		w.text(d.Description)
		w.raw("\">")
	}
	if d.Canonical != "" {
		w.raw("\n<link rel=\"canonical\" href=\"")
		w.url(d.Canonical)
		w.raw("\">\n<meta property=\"og:url\" content=\"")
		w.text(d.Canonical)
		w.raw("\">")
	}
	w.raw("\n<meta property=\"og:title\" content=\"")
	if index {
		w.text(s.Title)
	} else {
		w.text(d.Title)
	}
	w.raw("\">\n<meta property=\"og:type\" content=\"")
	if d.Kind == "briefing" {
		w.raw("article")
	} else {
		w.raw("website")
	}
	w.raw("\">\n<meta property=\"og:site_name\" content=\"")
	w.text(s.Title)
	w.raw("\">")
	if d.Description != "" {
		w.raw("\n<meta property=\"og:description\" content=\"")
		w.text(d.Description)
		w.raw("\">")
	}
	w.raw("\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"")
	w.url(s.FeedURL)
	w.raw("\" title=\"")
	w.text(s.Title)
	w.raw("\">")
	for _, a := range s.CSS {
		w.raw("\n<link rel=\"stylesheet\" href=\"")
		w.url(a.URL)
		w.raw("\" integrity=\"")
		w.text(a.Integrity)
		w.raw("\">")
	}
	for _, a := range s.JS {
		w.raw("\n<script src=\"")
		w.url(a.URL)
		w.raw("\" integrity=\"")
		w.text(a.Integrity)
		w.raw("\" defer></script>")
	}
	w.raw("\n</head>\n<body class=\"page-")
	w.text(d.Kind)
	w.raw("\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n<nav aria-label=\"Site\">\n<a class=\"site-title\" href=\"")
	w.url(s.Home)
	w.raw("\">")
	w.text(s.Title)
	w.raw("</a>\n<a href=\"")
	w.url(s.Home)
	w.raw("\"")
	if index {
		w.raw(" aria-current=\"page\"")
	}
	w.raw(">Briefings</a>\n<a href=\"")
	w.url(s.SourcesURL)
	w.raw("\"")
	if d.Kind == "sources" {
		w.raw(" aria-current=\"page\"")
	}
	w.raw(">Sources</a>\n</nav>\n</header>\n<main id=\"main\">\n")
	main()
	w.raw("\n</main>\n<footer class=\"site-footer\">\n<p>")
	if len(s.Editors) > 0 {
		w.raw("Edited by ")
		w.names(s.Editors)
		w.raw(". ")
	}
	w.raw("Every quoted passage on this site was checked against its source when the site was built. <a href=\"")
	w.url(s.ClaimsURL)
	w.raw("\">All claims as JSON</a>.</p>\n</footer>\n</body>\n</html>\n")
}

// writeSourcePage is base.html with source.html.
func writeSourcePage(w *pageWriter, d *PageData) {
	writeBase(w, d, func() {
		w.raw("\n")
		v := d.Source
		if v == nil {
			w.raw("\n")
			return
		}
		w.raw("\n<article class=\"source\">\n<header>\n<p class=\"kicker\">Source <code>")
		w.text(v.ID)
		w.raw("</code></p>\n<h1>")
		if v.Title != "" {
			w.text(v.Title)
		} else {
			w.text(v.ID)
		}
		w.raw("</h1>\n")
		if v.Outlet != "" || v.Author != "" || v.Published != "" || v.Retrieved != "" {
			w.raw("<p class=\"meta\">")
			w.text(v.Outlet)
			if v.Author != "" {
				w.raw(" · ")
				w.text(v.Author)
			}
			if v.Published != "" {
				w.raw(" · ")
				w.text(v.Published)
			}
			if v.Retrieved != "" {
				w.raw(" · retrieved ")
				w.text(v.Retrieved)
			}
			w.raw("</p>")
		}
		w.raw("\n")
		if v.OriginalFile != "" {
			w.raw("<p class=\"meta provenance\">Text imported")
			if v.Original != "" {
				w.raw(" from <a href=\"")
				w.url(v.Original)
				w.raw("\">")
				w.text(v.Original)
				w.raw("</a>")
			}
			if v.Retrieved != "" {
				w.raw(" on ")
				w.text(v.Retrieved)
			}
			w.raw(" · the page as it was: <code>")
			w.text(v.OriginalFile)
			w.raw("</code>, SHA-256 <code class=\"hash\">")
			w.text(v.SHA256)
			w.raw("</code></p>\n")
		}
		w.raw("<p class=\"meta\">")
		w.plural(v.Passages, "passage", "passages")
		w.raw(" cited by ")
		w.plural(v.ClaimCount, "claim", "claims")
		if v.Original != "" {
			w.raw(" · <a href=\"")
			w.url(v.Original)
			w.raw("\">the original</a>")
		}
		w.raw("</p>\n")
		if v.Note != "" {
			w.raw("<div class=\"source-note\">")
			w.raw(string(v.Note))
			w.raw("</div>")
		}
		w.raw("\n</header>\n<div class=\"text\">")
		// the view of a hand-written page carries the source, not its
		// paragraphs' HTML (sourceView)
		v.m.writeParagraphs(w, v.src, v.Original)
		w.raw("\n</article>\n\n")
	})
}

// writeParagraphs writes the paragraphs of s, its passages marked, and the
// claims' templates, as source.html shows them from a SourceView.
func (m *model) writeParagraphs(w *pageWriter, s *source, original string) {
	byPara := s.byParagraph()
	for k, para := range s.Paragraphs {
		n, ps := k+1, byPara[k]
		w.raw("\n<div class=\"para para-")
		w.text(para.Kind)
		w.raw("\" id=\"p")
		w.int(n)
		w.raw("\"><a class=\"pnum\" href=\"#p")
		w.int(n)
		w.raw("\" aria-label=\"Paragraph ")
		w.int(n)
		w.raw("\">")
		w.int(n)
		w.raw("</a><p>")
		m.markPassages(w, s, para.Start, para.End, ps, original)
		w.raw("</p>")
		for _, note := range m.notesOn(ps) {
			w.raw("\n<aside class=\"margin-note alert-")
			w.text(note.Variant)
			w.raw("\" aria-label=\"Editor's note\">\n<p class=\"alert-title\">")
			w.text(note.Title)
			w.raw("</p>\n")
			w.raw(string(note.Body))
			w.raw("\n<p class=\"from\">From <a href=\"")
			w.url(note.Href)
			w.raw("\">")
			w.text(note.Briefing)
			w.raw("</a></p>\n</aside>")
		}
		w.raw("\n</div>")
	}
	w.raw("\n</div>\n")
	m.writeCites(w, s)
}

// writeBriefingMeta is the part briefing.html shows of the date, counts
// and editors.
func writeBriefingMeta(w *pageWriter, v *BriefingView) {
	w.raw("<p class=\"meta\">")
	w.timeTag(v.Date)
	w.raw(" · ")
	w.plural(len(v.Claims), "claim", "claims")
	w.raw(" from ")
	w.plural(len(v.Sources), "source", "sources")
	w.raw(" · <a href=\"")
	w.url(v.CoverageURL)
	w.raw("\">coverage</a>")
	if len(v.Editors) > 0 {
		w.raw(" · by ")
		w.names(v.Editors)
	}
	w.raw("</p>\n")
}

// writeBriefingPage is base.html with briefing.html and _claimnote.html.
func writeBriefingPage(w *pageWriter, d *PageData) {
	writeBase(w, d, func() {
		w.raw("\n")
		v := d.Briefing
		if v == nil {
			w.raw("\n")
			return
		}
		w.raw("\n<article class=\"briefing\">\n<header>\n<h1>")
		w.text(v.Title)
		w.raw("</h1>\n")
		writeBriefingMeta(w, v)
		if v.Summary != "" {
			w.raw("<p class=\"lede\">")
			w.text(v.Summary)
			w.raw("</p>")
		}
		w.raw("\n</header>\n<div class=\"body\">\n")
		w.raw(string(v.Body))
		w.raw("\n</div>\n")
		if len(v.Claims) > 0 {
			w.raw("\n<section class=\"notes\" role=\"doc-endnotes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">Sources of each claim</h2>\n<ol>")
			for _, c := range v.Claims {
				writeClaimNote(w, c)
			}
			w.raw("\n</ol>\n</section>\n")
		}
		w.raw("\n</article>\n\n")
	})
}

// writeClaimNote is _claimnote.html.
func writeClaimNote(w *pageWriter, c *ClaimView) {
	w.raw("\n<li id=\"n-")
	w.text(c.ID)
	w.raw("\" class=\"claim-note")
	if c.Broken {
		w.raw(" broken")
	}
	w.raw("\">\n<p class=\"note-head\"><a href=\"#r-")
	w.frag(c.ID)
	w.raw("\" role=\"doc-backlink\" aria-label=\"Back to claim ")
	w.int(c.Number)
	w.raw("\">")
	w.int(c.Number)
	w.raw(".</a>")
	if c.Disputed {
		w.raw(" <span class=\"badge disputed\">disputed</span>")
	}
	if c.SingleSource {
		w.raw(" <span class=\"badge single\">single source</span>")
	}
	if c.Broken {
		w.raw(" <span class=\"badge broken\">unverified</span>")
	}
	w.raw("</p>\n<ul class=\"citations\">")
	for i := range c.Citations {
		cit := &c.Citations[i]
		w.raw("\n<li class=\"citation ")
		w.text(cit.Relation)
		w.raw("\">")
		if cit.Relation == "contradicts" {
			w.raw("<span class=\"relation\">Contradicted by</span> ")
		} else {
			w.raw("<span class=\"relation supports-label\">Supported by</span> ")
		}
		if s := cit.Source; s != nil {
			w.raw("<cite><a href=\"")
			w.url(s.URL)
			w.raw("\">")
			w.text(s.Label)
			w.raw("</a></cite>")
			if s.Title != "" && s.Title != s.Label {
				w.raw("<span class=\"title\">, “")
				w.text(s.Title)
				w.raw("”</span>")
			}
		} else {
			w.raw("<cite class=\"broken\">@")
			w.text(cit.Key)
			w.raw("</cite> (unknown source)")
		}
		if cit.Paragraph != 0 {
			w.raw(", <a href=\"")
			w.url(cit.Source.URL)
			w.raw("#p")
			w.int(cit.Paragraph)
			w.raw("\">¶")
			w.int(cit.Paragraph)
			w.raw("</a>")
		}
		if cit.WholeSource {
			w.raw(" (the source as a whole)")
		}
		if cit.Passage != "" {
			w.raw("\n<blockquote class=\"passage\">")
			if cit.Before != "" {
				w.raw("<span class=\"ctx\">")
				w.text(cit.Before)
				w.raw(" </span>")
			}
			if cit.Href != "" {
				w.raw("<a href=\"")
				w.url(cit.Href)
				w.raw("\">“")
				w.text(cit.Passage)
				w.raw("”</a>")
			} else {
				w.raw("<span class=\"broken\">“")
				w.text(cit.Passage)
				w.raw("”</span>")
			}
			if cit.After != "" {
				w.raw("<span class=\"ctx\"> ")
				w.text(cit.After)
				w.raw("</span>")
			}
			w.raw("</blockquote>")
		}
		if cit.Original != "" {
			w.raw("<span class=\"orig-url\">")
			w.text(cit.Original)
			w.raw("</span>")
		}
		switch cit.Status {
		case "not-found":
			w.raw("<p class=\"problem\">This passage was not found in the source.</p>")
		case "ambiguous":
			w.raw("<p class=\"problem\">This passage occurs more than once in the source; the first occurrence is linked.</p>")
		}
		w.raw("\n</li>")
	}
	w.raw("\n</ul>\n</li>\n")
}

// writeCoveragePage is base.html with coverage.html.
func writeCoveragePage(w *pageWriter, d *PageData) {
	writeBase(w, d, func() {
		w.raw("\n")
		v := d.Briefing
		if v == nil {
			w.raw("\n")
			return
		}
		w.raw("\n<h1>Sources of “<a href=\"")
		w.url(v.URL)
		w.raw("\">")
		w.text(v.Title)
		w.raw("</a>”</h1>\n<p>How each source stands to each claim: <span class=\"cell supports\">supports</span>, <span class=\"cell contradicts\">contradicts</span> or silent.</p>\n<div class=\"table-scroll\" role=\"region\" aria-label=\"Claims and sources\" tabindex=\"0\">\n<table class=\"coverage\">\n<thead>\n<tr><th scope=\"col\">Claim</th>")
		for _, s := range v.Sources {
			w.raw("<th scope=\"col\"><a href=\"")
			w.url(s.URL)
			w.raw("\" title=\"")
			w.text(s.Label)
			if s.Title != "" && s.Title != s.Label {
				w.raw(": ")
				w.text(s.Title)
			}
			w.raw("\">")
			w.text(s.ID)
			w.raw("</a></th>")
		}
		w.raw("</tr>\n</thead>\n<tbody>")
		var row0 []CoverageCell // one row's cells at a time, when the view has none
		if len(v.Coverage) > 0 && v.Coverage[0].Cells == nil {
			row0 = make([]CoverageCell, len(v.Sources))
		}
		for _, row := range v.Coverage {
			w.raw("\n<tr>\n<th scope=\"row\"><a href=\"")
			w.url(row.Claim.URL)
			w.raw("\">")
			w.int(row.Claim.Number)
			w.raw(".</a> ")
			w.text(row.Claim.Text)
			w.raw("</th>\n\n")
			if row.Cells == nil {
				row.Cells = v.cells(row.Claim, row0)
			}
			writeCells(w, row.Cells)
			w.raw("</tr>")
		}
		w.raw("\n</tbody>\n</table>\n</div>\n\n")
	})
}

// writeIndexPage is base.html with index.html.
func writeIndexPage(w *pageWriter, d *PageData) {
	writeBase(w, d, func() {
		w.raw("\n<h1>")
		w.text(d.Site.Title)
		w.raw("</h1>\n")
		if d.Site.Description != "" {
			w.raw("<p class=\"lede\">")
			w.text(d.Site.Description)
			w.raw("</p>")
		}
		w.raw("\n")
		if len(d.Briefings) == 0 {
			w.raw("\n<p>No briefings yet.</p>\n\n")
			return
		}
		w.raw("\n<ol class=\"briefing-list\">")
		for _, b := range d.Briefings {
			w.raw("\n<li>\n<h2><a href=\"")
			w.url(b.URL)
			w.raw("\">")
			w.text(b.Title)
			w.raw("</a></h2>\n<p class=\"meta\">")
			w.timeTag(b.Date)
			w.raw(" · ")
			w.plural(b.ClaimCount, "claim", "claims")
			w.raw(" · ")
			w.plural(b.SourceCount, "source", "sources")
			w.raw("</p>\n")
			if b.Summary != "" {
				w.raw("<p>")
				w.text(b.Summary)
				w.raw("</p>")
			}
			w.raw("\n</li>")
		}
		w.raw("\n</ol>\n\n")
	})
}

// writeSourcesPage is base.html with sources.html.
func writeSourcesPage(w *pageWriter, d *PageData) {
	writeBase(w, d, func() {
		w.raw("\n<h1>Sources</h1>\n")
		if len(d.Sources) == 0 {
			w.raw("\n<p>No sources yet.</p>\n\n")
			return
		}
		w.raw("\n<ul class=\"source-list\">")
		for _, s := range d.Sources {
			w.raw("\n<li><a href=\"")
			w.url(s.URL)
			w.raw("\">")
			if s.Title != "" {
				w.text(s.Title)
			} else {
				w.text(s.ID)
			}
			w.raw("</a>\n<span class=\"meta\">")
			if s.Outlet != "" {
				w.text(s.Outlet)
				w.raw(" · ")
			}
			if s.Published != "" {
				w.text(s.Published)
				w.raw(" · ")
			}
			w.raw("cited by ")
			w.plural(s.ClaimCount, "claim", "claims")
			w.raw("</span></li>")
		}
		w.raw("\n</ul>\n\n")
	})
}
