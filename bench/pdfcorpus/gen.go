package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// article is one text of the corpus: a title and its paragraphs.
type article struct {
	Title string
	Paras []string
}

// doc is one PDF of the corpus: which texts, typeset how.
type doc struct {
	Name     string
	Layout   string // latex1, latex2, chrome1, chrome2, report
	Articles []int  // indexes into the texts
	Size     int    // font size in points
	Paper    string // a4 or letter
	Justify  bool   // chrome: justified (else ragged right)
	Notes    bool   // latex: footnotes
	Shy      bool   // chrome: a soft hyphen in some long words, as some sites write them
}

// texts reads the corpus's texts: the example site's five articles, then
// the Federalist papers of testdata/pdfcorpus/federalist.txt.
func texts(root string) ([]article, error) {
	var out []article
	news, err := filepath.Glob(filepath.Join(root, "content", "sources", "*.txt"))
	if err != nil {
		return nil, err
	}
	for _, p := range news {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		s := string(b)
		var a article
		if strings.HasPrefix(s, "---\n") {
			if i := strings.Index(s[4:], "\n---\n"); i >= 0 {
				for _, l := range strings.Split(s[4:4+i], "\n") {
					if t, ok := strings.CutPrefix(l, "title: "); ok {
						a.Title = strings.Trim(t, `"`)
					}
				}
				s = s[4+i+5:]
			}
		}
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" && l != a.Title {
				a.Paras = append(a.Paras, l)
			}
		}
		out = append(out, a)
	}
	b, err := os.ReadFile(filepath.Join(root, "testdata", "pdfcorpus", "federalist.txt"))
	if err != nil {
		return nil, err
	}
	var a *article
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "# "):
			out = append(out, article{Title: strings.TrimPrefix(l, "# ")})
			a = &out[len(out)-1]
		case strings.TrimSpace(l) != "" && a != nil:
			a.Paras = append(a.Paras, strings.TrimSpace(l))
		}
	}
	return out, nil
}

// corpus is the list of PDFs: each layout with several selections of the
// texts, sizes and papers, so that page and column breaks fall everywhere.
func corpus(n int) []doc {
	var docs []doc
	layouts := []string{"latex1", "latex2", "chrome1", "chrome2"}
	sizes := []int{10, 11, 12}
	papers := []string{"a4", "letter"}
	k := 0
	for li, l := range layouts {
		for i := range 12 {
			// one or two texts a PDF, walking the list so that each
			// layout typesets every text
			first := (i*2 + li) % n
			arts := []int{first}
			if i%3 == 0 {
				arts = append(arts, (first+7)%n)
			}
			docs = append(docs, doc{
				Name:     fmt.Sprintf("%s-%02d", l, i+1),
				Layout:   l,
				Articles: arts,
				Size:     sizes[(i+li)%3],
				Paper:    papers[k%2],
				Justify:  i%2 == 0,
				Notes:    i%2 == 1,
				Shy:      i%4 == 0,
			})
			k++
		}
	}
	// the report: the first seven papers with a foreword, 30 pages and more
	docs = append(docs, doc{Name: "report", Layout: "report", Articles: []int{5, 6, 7, 8, 9, 10, 11}, Size: 12, Paper: "letter", Notes: true})
	return docs
}

// truth is what a PDF holds, as its author wrote it.
type truth struct {
	Name       string   `json:"name"`
	Layout     string   `json:"layout"`
	Paragraphs []string `json:"paragraphs"`
	// Sentences are copied from the text with the page each starts on, as
	// poppler's per-page text places it
	Sentences []sentence `json:"sentences"`
	// Labels are the page labels when the PDF has its own
	Labels []string `json:"labels,omitempty"`
	// Refuse is what the import must say for a PDF that cannot be read
	Refuse string `json:"refuse,omitempty"`
	// Missing lists the pages that have no text layer
	Missing []int `json:"missing,omitempty"`
}

type sentence struct {
	Text    string `json:"text"`
	Page    int    `json:"page"`
	Crosses bool   `json:"crosses,omitempty"`
}

var notes = []string{
	"The figures are those of the statement published on the day of the meeting.",
	"An earlier version of this text gave the date of the talks as the nineteenth.",
	"Quoted from the transcript released by the press office, not from a recording.",
	"The same passage appears, with small differences, in the second edition.",
	"Compare the account of the same events given two days later by another paper.",
	"The editor has modernised the spelling of a few words in this paragraph.",
}

// generate writes every PDF of the corpus and truth.json into dir.
func generate(root, dir string) error {
	arts, err := texts(root)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "pdfcorpus")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var truths []truth
	for _, d := range corpus(len(arts)) {
		fmt.Fprintln(os.Stderr, "typesetting", d.Name)
		t, err := typeset(d, arts, tmp, dir)
		if err != nil {
			return fmt.Errorf("%s: %w", d.Name, err)
		}
		truths = append(truths, t)
	}
	more, err := unreadable(arts, tmp, dir)
	if err != nil {
		return err
	}
	truths = append(truths, more...)
	b, err := json.MarshalIndent(truths, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644)
}

// typeset makes d's PDF and returns what it holds.
func typeset(d doc, arts []article, tmp, dir string) (truth, error) {
	t := truth{Name: d.Name, Layout: d.Layout}
	title := arts[d.Articles[0]].Title
	author := "Prepared by the Briefings Desk"
	var src string
	switch d.Layout {
	case "latex1", "latex2", "report":
		src = latexDoc(d, arts, title, author, &t)
	default:
		src = htmlDoc(d, arts, title, author, &t)
	}
	pdf := filepath.Join(dir, d.Name+".pdf")
	var err error
	if strings.HasPrefix(d.Layout, "chrome") {
		err = chrome(src, tmp, pdf)
	} else {
		err = pdflatex(src, tmp, pdf)
	}
	if err != nil {
		return t, err
	}
	if d.Layout == "report" {
		t.Labels, err = labels(pdf)
		if err != nil {
			return t, err
		}
	}
	t.Sentences, err = sentences(t.Paragraphs, pdf)
	return t, err
}

// latexDoc writes d as LaTeX: running heads and page numbers by fancyhdr,
// justified and hyphenated, Latin Modern in T1 (with its ligatures),
// footnotes; the report has front matter numbered in roman numerals.
func latexDoc(d doc, arts []article, title, author string, t *truth) string {
	var b strings.Builder
	class, opts := "article", fmt.Sprintf("%dpt,%spaper", d.Size, d.Paper)
	if d.Layout == "latex2" {
		opts += ",twocolumn"
	}
	if d.Layout == "report" {
		class = "report"
	}
	fmt.Fprintf(&b, "\\documentclass[%s]{%s}\n", opts, class)
	b.WriteString(`\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{microtype}
\usepackage[margin=2.5cm]{geometry}
\usepackage{fancyhdr}
\usepackage{hyperref}
\pagestyle{fancy}
\fancyhf{}
`)
	fmt.Fprintf(&b, "\\fancyhead[L]{\\small %s}\n\\fancyhead[R]{\\small Briefings Desk}\n\\fancyfoot[C]{\\thepage}\n", tex(shortTitle(title)))
	if d.Layout == "report" {
		b.WriteString("\\linespread{1.25}\n")
	}
	b.WriteString("\\begin{document}\n")
	para := func(s string) { t.Paragraphs = append(t.Paragraphs, s) }
	date := "18 April 2025"
	if d.Layout == "report" {
		b.WriteString("\\pagenumbering{roman}\n")
	}
	fmt.Fprintf(&b, "\\title{%s}\n\\author{%s}\n\\date{%s}\n\\maketitle\n\\thispagestyle{fancy}\n", tex(title), tex(author), date)
	para(title)
	para(author)
	para(date)
	note := 0
	if d.Layout == "report" {
		b.WriteString("\\chapter*{Foreword}\n")
		para("Foreword")
		fore := arts[0].Paras
		for _, p := range fore {
			b.WriteString(tex(p) + "\n\n")
			para(p)
		}
		b.WriteString("\\clearpage\n\\pagenumbering{arabic}\n")
	}
	for ai, a := range d.Articles {
		art := arts[a]
		if d.Layout == "report" {
			fmt.Fprintf(&b, "\\chapter*{%s}\n", tex(art.Title))
			para(art.Title)
		} else if ai > 0 { // the first text's title is the document's
			fmt.Fprintf(&b, "\\section*{%s}\n", tex(art.Title))
			para(art.Title)
		}
		for pi, p := range art.Paras {
			b.WriteString(tex(p))
			para(p)
			if d.Notes && pi%5 == 2 && strings.HasSuffix(p, ".") {
				n := notes[note%len(notes)]
				note++
				fmt.Fprintf(&b, "\\footnote{%s}", tex(n))
				t.Paragraphs = append(t.Paragraphs, n)
			}
			b.WriteString("\n\n")
		}
	}
	b.WriteString("\\end{document}\n")
	return b.String()
}

// shortTitle is a title cut for a running head.
func shortTitle(s string) string {
	w := strings.Fields(s)
	if len(w) > 6 {
		return strings.Join(w[:6], " ") + "…"
	}
	return s
}

var texEsc = strings.NewReplacer(`\`, `\textbackslash{}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`,
	`_`, `\_`, `{`, `\{`, `}`, `\}`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
	`"`, `\textquotedbl{}`, "\u00a0", "~", "--", "-{}-", "``", "`{}`", "''", "'{}'")

func tex(s string) string { return texEsc.Replace(s) }

// htmlDoc writes d as a page for Chromium's "Save as PDF": its header and
// footer (date, title, address, page numbers) are the running heads; soft
// hyphens in long words let it hyphenate; two columns by CSS.
func htmlDoc(d doc, arts []article, title, author string, t *truth) string {
	var b strings.Builder
	align := "left"
	if d.Justify {
		align = "justify"
	}
	cols := ""
	if d.Layout == "chrome2" {
		cols = "main { columns: 2; column-gap: 2em; }"
	}
	size := map[string]string{"a4": "A4", "letter": "letter"}[d.Paper]
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<style>@page { size: %s; margin: 2cm 2cm; }
body { font: %dpt/1.4 "DejaVu Serif", "Liberation Serif", serif; text-align: %s; }
h1 { font-size: 1.8em; text-align: left; } h2 { font-size: 1.25em; text-align: left; break-after: avoid; }
p { margin: 0 0 0.6em; orphans: 2; widows: 2; } %s</style></head><body>
`, html(title), size, d.Size, align, cols)
	para := func(s string) { t.Paragraphs = append(t.Paragraphs, s) }
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p><i>%s</i></p>\n<main>\n", html(title), html(author))
	para(title)
	para(author)
	for ai, a := range d.Articles {
		art := arts[a]
		if ai > 0 {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", html(art.Title))
			para(art.Title)
		}
		for _, p := range art.Paras {
			shown := p
			if d.Shy {
				shown = softHyphens(p)
			}
			fmt.Fprintf(&b, "<p>%s</p>\n", html(shown))
			para(p)
		}
	}
	b.WriteString("</main></body></html>\n")
	return b.String()
}

var htmlEsc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func html(s string) string { return htmlEsc.Replace(s) }

var longWord = regexp.MustCompile(`\pL{9,}`)

// softHyphens puts a soft hyphen in the middle of every fourth long word,
// where a browser may break it with a hyphen at the line's end.
func softHyphens(s string) string {
	n := 0
	return longWord.ReplaceAllStringFunc(s, func(w string) string {
		if n++; n%4 != 1 {
			return w
		}
		r := []rune(w)
		m := len(r) / 2
		return string(r[:m]) + "\u00ad" + string(r[m:])
	})
}

func pdflatex(src, tmp, out string) error {
	texPath := filepath.Join(tmp, "doc.tex")
	if err := os.WriteFile(texPath, []byte(src), 0o644); err != nil {
		return err
	}
	for range 2 { // twice: page labels and heads settle on the second run
		cmd := exec.Command("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1745000000", "FORCE_SOURCE_DATE=1")
		if o, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("pdflatex: %v\n%s", err, lastLines(o, 20))
		}
	}
	return os.Rename(filepath.Join(tmp, "doc.pdf"), out)
}

func chrome(src, tmp, out string) error {
	page := filepath.Join(tmp, "page.html")
	if err := os.WriteFile(page, []byte(src), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(tmp, "profile"), "--print-to-pdf="+out, "file://"+page)
	if o, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("chromium: %v\n%s", err, lastLines(o, 20))
	}
	return nil
}

func browser() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "chromium"
}

func lastLines(b []byte, n int) string {
	l := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}

// labels are the page labels of pdf, as qpdf reads them.
func labels(pdf string) ([]string, error) {
	o, err := exec.Command("qpdf", "--json", "--json-key=pagelabels", "--json-key=pages", pdf).Output()
	if err != nil {
		return nil, fmt.Errorf("qpdf: %v", err)
	}
	// a range of pages labelled alike, from the page at Index
	type labelRange struct {
		Index int `json:"index"`
		Label struct {
			Style  string `json:"/S"`
			Start  int    `json:"/St"`
			Prefix string `json:"/P"`
		} `json:"label"`
	}
	var j struct {
		Pages      []json.RawMessage `json:"pages"`
		PageLabels []labelRange      `json:"pagelabels"`
	}
	if err := json.Unmarshal(o, &j); err != nil {
		return nil, err
	}
	out := make([]string, len(j.Pages))
	for i := range out {
		// the last range that starts at or before page i
		var cur *labelRange
		for k := range j.PageLabels {
			if j.PageLabels[k].Index <= i {
				cur = &j.PageLabels[k]
			}
		}
		if cur == nil {
			out[i] = fmt.Sprint(i + 1)
			continue
		}
		n := max(cur.Label.Start, 1) + i - cur.Index
		switch cur.Label.Style {
		case "/r":
			out[i] = cur.Label.Prefix + strings.ToLower(roman(n))
		case "/R":
			out[i] = cur.Label.Prefix + roman(n)
		case "/D":
			out[i] = cur.Label.Prefix + fmt.Sprint(n)
		default:
			out[i] = cur.Label.Prefix
		}
	}
	return out, nil
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// sentences picks sentences of the body paragraphs, every few, and the
// page each starts on by poppler's per-page text; every sentence that
// runs from one page onto the next is taken.
func sentences(paras []string, pdf string) ([]sentence, error) {
	pages, err := pageTexts(pdf)
	if err != nil {
		return nil, err
	}
	var all []string
	for _, p := range paras {
		if len(strings.Fields(p)) < 12 {
			continue // titles, bylines, headings
		}
		for _, s := range splitSentences(p) {
			if len(strings.Fields(s)) >= 6 {
				all = append(all, s)
			}
		}
	}
	var out []sentence
	for i, s := range all {
		first, last := pageOf(pages, key(s, true)), pageOf(pages, key(s, false))
		if first == 0 || last == 0 {
			continue // not found on one page: a heading's text, or the oracle fails
		}
		crosses := last != first
		if crosses || i%9 == 0 {
			out = append(out, sentence{Text: s, Page: first, Crosses: crosses})
		}
	}
	return out, nil
}

var sentenceEnd = regexp.MustCompile(`[.!?][”’"')]*\s+`)

func splitSentences(p string) []string {
	var out []string
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(p, -1) {
		// an initial or an abbreviation does not end a sentence
		word := p[start:m[0]]
		if i := strings.LastIndexByte(word, ' '); i >= 0 {
			word = word[i+1:]
		}
		if utf8.RuneCountInString(word) <= 3 && word != "" && unicode.IsUpper([]rune(word)[0]) {
			continue
		}
		out = append(out, strings.TrimSpace(p[start:m[1]]))
		start = m[1]
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// pageTexts is each page's text by pdftotext, reduced to its letters and
// digits (so that hyphenation, ligatures and line breaks do not matter).
func pageTexts(pdf string) ([]string, error) {
	o, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext: %v", err)
	}
	var out []string
	for _, p := range strings.Split(string(o), "\f") {
		out = append(out, letters(p))
	}
	return out, nil
}

var ligatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl")

func letters(s string) string {
	s = ligatures.Replace(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// key is the first (or last) 24 letters of a sentence.
func key(s string, first bool) string {
	l := []rune(letters(s))
	if len(l) <= 24 {
		return string(l)
	}
	if first {
		return string(l[:24])
	}
	return string(l[len(l)-24:])
}

// pageOf is the 1-based page whose text holds k once, 0 if none or more
// than one does.
func pageOf(pages []string, k string) int {
	found := 0
	for i, p := range pages {
		if n := strings.Count(p, k); n > 0 {
			if found != 0 || n > 1 {
				return 0
			}
			found = i + 1
		}
	}
	return found
}

// unreadable makes the PDFs an import refuses or warns about: a scanned
// page, a document with one scanned page among its text, one locked with
// a password, one locked for editing only (readable), and one whose font
// maps its glyphs to no characters.
func unreadable(arts []article, tmp, dir string) ([]truth, error) {
	var out []truth
	// a page of text, rendered to an image, is a scanned page
	var t truth
	src := latexDoc(doc{Name: "x", Layout: "latex1", Articles: []int{1}, Size: 11, Paper: "a4"}, arts, arts[1].Title, "Scanned", &t)
	text := filepath.Join(tmp, "text.pdf")
	if err := pdflatex(src, tmp, text); err != nil {
		return nil, err
	}
	if o, err := exec.Command("pdftoppm", "-r", "100", "-gray", "-png", "-f", "1", "-l", "1", text, filepath.Join(tmp, "scan")).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %v: %s", err, o)
	}
	scans, _ := filepath.Glob(filepath.Join(tmp, "scan*.png"))
	if len(scans) != 1 {
		return nil, fmt.Errorf("pdftoppm wrote %d pages", len(scans))
	}
	img := `\documentclass{article}\usepackage{graphicx}\usepackage[margin=0pt]{geometry}\pagestyle{empty}\begin{document}\noindent\includegraphics[width=\paperwidth]{` + scans[0] + `}\end{document}`
	if err := pdflatex(img, tmp, filepath.Join(dir, "scanned.pdf")); err != nil {
		return nil, err
	}
	out = append(out, truth{Name: "scanned", Layout: "scan", Refuse: "no text"})

	// text, then a scanned page, then text
	var m truth
	mixed := latexDoc(doc{Name: "mixed", Layout: "latex1", Articles: []int{2}, Size: 11, Paper: "a4"}, arts, arts[2].Title, "Prepared by the Briefings Desk", &m)
	mixed = strings.Replace(mixed, `\usepackage{lmodern}`, `\usepackage{lmodern}\usepackage{graphicx}`, 1)
	mixed = strings.Replace(mixed, `\end{document}`, `\clearpage\noindent\includegraphics[width=\textwidth]{`+scans[0]+`}\end{document}`, 1)
	if err := pdflatex(mixed, tmp, filepath.Join(dir, "mixed.pdf")); err != nil {
		return nil, err
	}
	n, err := pageCount(filepath.Join(dir, "mixed.pdf"))
	if err != nil {
		return nil, err
	}
	m.Name, m.Layout, m.Missing = "mixed", "latex1", []int{n}
	if m.Sentences, err = sentences(m.Paragraphs, filepath.Join(dir, "mixed.pdf")); err != nil {
		return nil, err
	}
	out = append(out, m)

	// locked: a user password; and an owner password alone, which any
	// viewer opens
	for _, lock := range []struct{ name, user, refuse string }{{"encrypted", "secret", "password"}, {"owner-locked", "", ""}} {
		o, err := exec.Command("qpdf", "--encrypt", lock.user, "owner-secret", "256", "--", filepath.Join(dir, "latex1-01.pdf"), filepath.Join(dir, lock.name+".pdf")).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("qpdf: %v: %s", err, o)
		}
		out = append(out, truth{Name: lock.name, Layout: "locked", Refuse: lock.refuse})
	}

	if err := os.WriteFile(filepath.Join(dir, "no-unicode.pdf"), noUnicodePDF(), 0o644); err != nil {
		return nil, err
	}
	out = append(out, truth{Name: "no-unicode", Layout: "type3", Refuse: "no Unicode"})
	return out, nil
}

func pageCount(pdf string) (int, error) {
	o, err := exec.Command("qpdf", "--show-npages", pdf).Output()
	if err != nil {
		return 0, err
	}
	var n int
	_, err = fmt.Sscan(string(o), &n)
	return n, err
}

// noUnicodePDF is a page of text set in a Type 3 font whose glyphs have
// names that say nothing (g1, g2, …) and no ToUnicode map: what a viewer
// shows cannot be copied as text, as with many subsetted fonts of old
// typesetting systems.
func noUnicodePDF() []byte {
	var glyphs, names, widths bytes.Buffer
	for c := 1; c <= 26; c++ {
		fmt.Fprintf(&names, "/g%d ", c)
		fmt.Fprintf(&widths, "600 ")
		fmt.Fprintf(&glyphs, "/g%d %d 0 R\n", c, 100+c)
	}
	var text bytes.Buffer
	text.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
	line := "the quick brown fox jumps over the lazy dog and keeps on running far away"
	for range 30 {
		text.WriteString("(")
		for _, r := range line {
			if r == ' ' {
				text.WriteString("\\033")
				continue
			}
			fmt.Fprintf(&text, "\\%03o", int(r-'a'+1))
		}
		text.WriteString(") ' \n")
	}
	text.WriteString("ET")
	objs := map[int]string{
		1: "<< /Type /Catalog /Pages 2 0 R >>",
		2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		4: fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", text.Len(), text.String()),
		5: fmt.Sprintf("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] /FontMatrix [0.001 0 0 0.001 0 0] "+
			"/CharProcs << %s/g27 127 0 R >> /Encoding << /Type /Encoding /Differences [1 %s/g27] >> /FirstChar 1 /LastChar 27 /Widths [%s600] >>",
			glyphs.String(), names.String(), widths.String()),
	}
	for c := 1; c <= 27; c++ {
		draw := fmt.Sprintf("600 0 0 0 500 700 d1 50 0 %d 700 re f", 100+c*12)
		if c == 27 {
			draw = "600 0 0 0 0 0 d1"
		}
		objs[100+c] = fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(draw), draw)
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := map[int]int{}
	maxObj := 0
	for n := range 200 {
		if o, ok := objs[n]; ok {
			offs[n] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, o)
			maxObj = n
		}
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", maxObj+1)
	for n := 1; n <= maxObj; n++ {
		if off, ok := offs[n]; ok {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", maxObj+1, xref)
	return b.Bytes()
}
