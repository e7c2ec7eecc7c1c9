package webpage

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Article is what a web page holds for a source: its main text, one
// paragraph a string, and what the page says of itself.
type Article struct {
	Title      string
	Outlet     string   // the site's name
	Authors    []string // in the page's order
	Published  string   // YYYY-MM-DD, or "" when the page gives no date
	URL        string   // the canonical URL, else the one the page was read from
	Language   string   // BCP 47, as the page declares it
	Charset    string   // the character set the page was read in
	Paragraphs []string
	// Warnings say what an editor should look at: text of the page the
	// article leaves out.
	Warnings []string
}

// Options says where a page came from and when.
type Options struct {
	// URL is where the page was fetched from, or "" for a file (the page's
	// own canonical URL or the URL a saving browser recorded is used then).
	URL string
	// ContentType is the HTTP Content-Type header, "" for a file.
	ContentType string
	// Retrieved is when the page was retrieved: no date after it is taken
	// for the publication date. The zero time means now.
	Retrieved time.Time
}

// ErrNoText is returned, wrapped with the reason, for a page that holds no
// article text: not HTML, empty, a login wall, an application drawn by
// script.
var ErrNoText = errors.New("no article text found")

// maxNodes bounds the elements of a page the extractor will walk: a page
// that nests or repeats more is refused rather than left to run for minutes.
const maxNodes = 400_000

// Extract reads the article in raw, a saved or fetched web page (HTML in
// any character set the page or its Content-Type declares, or a browser's
// single-file MHTML archive).
func Extract(raw []byte, opts Options) (*Article, error) {
	pageURL := opts.URL
	contentType := opts.ContentType
	if IsMHTML(raw) {
		part, ct, loc, err := unpackMHTML(raw)
		if err != nil {
			return nil, err
		}
		raw, contentType = part, ct
		if pageURL == "" {
			pageURL = loc
		}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("%w (the page is empty)", ErrNoText)
	}
	if kind := sniff(raw); kind != "" {
		return nil, fmt.Errorf("%w (this is not a web page: it looks like %s)", ErrNoText, kind)
	}
	text, cs, err := decode(raw, contentType)
	if err != nil {
		return nil, fmt.Errorf("cannot read the page as %s: %v", cs, err)
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("cannot parse the page: %v", err)
	}
	nodes, n, size := load(doc)
	if nodes > maxNodes {
		return nil, fmt.Errorf("the page has more than %d elements: too large to read; save only the article (a browser's reader view) and import that", maxNodes)
	}
	if float64(n)*float64(size)/2 > maxParagraphWork {
		return nil, fmt.Errorf("the page has %d paragraphs and %.1f MB of text in them, more than an article: too much to extract one from in reasonable time; save only the article (a browser's reader view) and import that", n, float64(size)/1e6)
	}
	if pageURL == "" {
		pageURL = savedFrom(text)
	}
	meta := readMeta(doc, pageURL)
	h1 := headline(doc)
	markSpaces(doc)
	dropFurniture(doc)

	retrieved := opts.Retrieved
	if retrieved.IsZero() {
		retrieved = time.Now()
	}
	topts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateOptions: &htmldate.Options{
			UseOriginalDate:     true,
			SkipExtensiveSearch: true,
			MaxDate:             retrieved.AddDate(0, 0, 1),
		},
	}
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
		topts.OriginalURL = u
	}
	res, err := trafilatura.ExtractDocument(doc, topts)
	if err != nil || res == nil || res.ContentNode == nil {
		return nil, fmt.Errorf("%w (%s)", ErrNoText, noTextReason(doc, nil))
	}
	a := &Article{Charset: cs}
	ps := paragraphs(res.ContentNode)
	kept := foldKept(ps)
	if items := allItems(doc, kept); items != nil {
		if r, err := trafilatura.ExtractDocument(itemsPage(items), topts); err == nil && r != nil && r.ContentNode != nil {
			if all := paragraphs(r.ContentNode); len(all) > len(ps) {
				ps = all
			}
		}
	} else if w := leftOut(doc, kept); w != "" {
		a.Warnings = append(a.Warnings, w)
	}
	a.Paragraphs = dropRepeats(ps)
	words := wordCount(a.Paragraphs)
	if words < minWords || words < minBehindLogin && paywalled(a.Paragraphs) {
		return nil, fmt.Errorf("%w (%s)", ErrNoText, noTextReason(doc, a.Paragraphs))
	}
	md := res.Metadata
	a.Outlet = clean(firstOf(meta.siteName, md.Sitename))
	given := clean(firstOf(meta.title, md.Title))
	a.Title = pageTitle(given, h1, a.Outlet, pageURL)
	a.Paragraphs = dropHeadline(a.Paragraphs, a.Title, given, clean(md.Title), h1)
	if meta.author != "" {
		a.Authors = authors(meta.author)
	} else {
		// the extractor's guess from the page's elements: a lone word is
		// more often a label ("Office", "Staff") than a name
		for _, name := range authors(md.Author) {
			if strings.ContainsRune(name, ' ') || !isASCII(name) {
				a.Authors = append(a.Authors, name)
			}
		}
	}
	a.Authors = slices.DeleteFunc(a.Authors, func(name string) bool { return isOutlet(name, a.Outlet, pageURL) })
	a.Published = firstOf(meta.published, dateOf(md.Date))
	a.URL = firstOf(meta.canonical, untracked(pageURL))
	a.Language = firstOf(meta.language, md.Language)
	return a, nil
}

// headline is the text of the page's first <h1>, or "".
func headline(doc *html.Node) string {
	if h := find(doc, atom.H1); h != nil {
		return clean(textOf(h))
	}
	return ""
}

// textOf is the text n shows, its white space as it is.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(strings.ReplaceAll(n.Data, space, " "))
		case n.Type == html.ElementNode && hidden[n.DataAtom]:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// titleSeparators stand between a title and the site's name after it in a
// page's <title> and og:title: "Title - BBC News", "Title | The Atlantic".
var titleSeparators = []string{" - ", " | ", " – ", " — ", " · ", " :: ", " // "}

// pageTitle is a source's title: the title the page gives (its JSON-LD
// headline, og:title, <title>) without the site's name after it, or the
// page's own headline (its <h1>) where the title given is that headline
// and the site's name.
func pageTitle(given, h1, outlet, pageURL string) string {
	title := given
	for _, sep := range titleSeparators {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		if rest := title[i+len(sep):]; isOutlet(rest, outlet, pageURL) || h1 != "" && comparable(title[:i]) == comparable(h1) {
			title = strings.TrimSpace(title[:i])
			break
		}
	}
	if h1 != "" && comparable(h1) == comparable(title) {
		return h1
	}
	if title == "" {
		return h1
	}
	return title
}

// isOutlet reports whether a name (an author's, the end of a title) is the
// outlet's: its name, a part of its name ("BBC" of "BBC News"), or its
// site's host ("nytimes" of www.nytimes.com).
func isOutlet(name, outlet, pageURL string) bool {
	n := comparable(name)
	if n == "" {
		return false
	}
	if o := comparable(outlet); o != "" && (n == o || strings.HasPrefix(o, n+" ") || strings.HasPrefix(n, o+" ") ||
		strings.TrimPrefix(o, "the ") == strings.TrimPrefix(n, "the ")) {
		return true
	}
	if u, err := url.Parse(pageURL); err == nil && u.Hostname() != "" {
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		squeezed := strings.ReplaceAll(strings.TrimPrefix(n, "the "), " ", "")
		return n == host || strings.HasPrefix(host, squeezed+".") || strings.HasPrefix(host, "the"+squeezed+".")
	}
	return false
}

// dropHeadline drops a first paragraph that is the headline: the headline
// is the source's title, shown above its text, not its ¶1.
func dropHeadline(ps []string, titles ...string) []string {
	if len(ps) < 2 {
		return ps
	}
	first := comparable(ps[0])
	for _, t := range titles {
		if t != "" && comparable(t) == first {
			return ps[1:]
		}
	}
	return ps
}

// comparable folds case, white space and the punctuation around a title.
func comparable(s string) string {
	return strings.ToLower(strings.Trim(clean(s), ".:;!?\"'“”‘’ "))
}

// minWords is the fewest words an article may have: fewer is a stub (a
// teaser, a cookie notice), not a source to cite. A text that asks the
// reader to subscribe or sign in to read on is a paywall's teaser unless it
// has minBehindLogin words.
const (
	minWords       = 20
	minBehindLogin = 150
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// paywallPhrases are what a paywall or login wall says where the article
// would go.
var paywallPhrases = []string{
	"subscribe to continue", "subscribe to read", "subscribe to keep reading", "continue reading", "to keep reading",
	"already a subscriber", "already subscribed", "subscribers only", "for subscribers", "sign in to continue",
	"sign in to read", "log in to continue", "log in to read", "create a free account", "register to continue",
}

// paywalled reports whether the text reads as a paywall's.
func paywalled(ps []string) bool {
	for _, p := range ps {
		l := strings.ToLower(p)
		for _, phrase := range paywallPhrases {
			if strings.Contains(l, phrase) {
				return true
			}
		}
	}
	return false
}

// wordCount counts the words of ps: runs of letters between spaces, and
// each ideograph and kana, since Chinese and Japanese put no spaces
// between words.
func wordCount(ps []string) int {
	n := 0
	for _, p := range ps {
		n += len(strings.Fields(p))
		for _, r := range p {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				n++
			}
		}
	}
	return n
}

// noTextReason guesses why a page had no article: what an editor should
// look at.
func noTextReason(doc *html.Node, paras []string) string {
	var scripts, words int
	var password bool
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && n.Data == "script":
			scripts++
			return
		case n.Type == html.ElementNode && n.Data == "input":
			password = password || strings.EqualFold(attr(n, "type"), "password")
		case n.Type == html.TextNode:
			words += len(strings.Fields(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	switch {
	case password || paywalled(paras):
		return "the page is behind a login or paywall: save the page from a browser where you are signed in and import the file"
	case scripts > 0 && words < 50:
		return "the page is drawn by script: save it from a browser once it has loaded (File › Save Page As…) and import the file"
	default:
		return fmt.Sprintf("the page has %d words outside scripts, none of them an article's paragraphs", words)
	}
}

// sniff names what raw is when it is plainly not HTML, or returns "".
func sniff(raw []byte) string {
	ct := http.DetectContentType(raw)
	mt, _, _ := strings.Cut(ct, ";")
	switch {
	case mt == "text/html", mt == "text/plain", mt == "text/xml", strings.HasSuffix(mt, "/octet-stream"):
		if mt != "text/html" && !looksLikeHTML(raw) {
			if mt == "text/plain" {
				return "plain text"
			}
			return "binary data"
		}
		return ""
	case mt == "application/pdf":
		return "a PDF document"
	default:
		return mt
	}
}

func looksLikeHTML(raw []byte) bool {
	head := bytes.ToLower(raw[:min(len(raw), 64<<10)])
	for _, tag := range []string{"<html", "<body", "<head", "<p>", "<p ", "<div", "<article", "<title"} {
		if bytes.Contains(head, []byte(tag)) {
			return true
		}
	}
	return false
}

// maxParagraphWork bounds the extractor's work on a page's paragraphs: it
// joins their text once for each place it looks for the article, which costs
// about paragraphs × text / 2 bytes copied (6 GB/s here). A 200-page report
// of 5 MB in 6,000 paragraphs is within it; a 14 MB page of 30,000 took 37 s.
const maxParagraphWork = 1.5e10

// load counts doc's nodes (stopping once past maxNodes), its <p> elements
// and the bytes of their text.
func load(doc *html.Node) (nodes, paras, size int) {
	type item struct {
		n   *html.Node
		inP bool
	}
	for stack := []item{{doc, false}}; len(stack) > 0 && nodes <= maxNodes; {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nodes++
		switch {
		case it.n.Type == html.TextNode && it.inP:
			size += len(it.n.Data)
		case it.n.Type == html.ElementNode && it.n.DataAtom == atom.P:
			paras++
			it.inP = true
		}
		for c := it.n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, item{c, it.inP})
		}
	}
	return nodes, paras, size
}

func firstOf(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// clean folds white space in a metadata value to single spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, space, " ")), " ")
}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// authors splits the extractor's "A; B" and a page's "A, B and C" into names.
func authors(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		for _, name := range strings.Split(part, ",") {
			for _, name := range strings.Split(name, " and ") {
				name = clean(strings.TrimPrefix(clean(name), "By "))
				if name != "" && !containsFold(out, name) {
					out = append(out, name)
				}
			}
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
