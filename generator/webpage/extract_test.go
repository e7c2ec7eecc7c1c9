package webpage

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"dossier/internal/cputime"
)

// article is a page whose main text is body, with enough words around it
// that the extractor takes it for an article.
func article(head, body string) string {
	return "<!DOCTYPE html><html><head>" + head + "</head><body><nav><a href=/>Home</a> <a href=/a>About</a></nav><article>" + body +
		"<p>" + strings.Repeat("The talks went on late into the night and the delegates spoke at length. ", 6) + "</p></article></body></html>"
}

// Paragraphs split where the page splits them, never at the width its
// source was wrapped at.
func TestParagraphs(t *testing.T) {
	for _, c := range []struct{ name, html, want string }{
		{"wrapped lines are one paragraph", "<p>one\ntwo\n   three</p><p>four</p>", "one two three|four"},
		{"two <br> split, one joins", "<div>a b<br><br>c d<br>e f<br> <br>\n<br>g</div>", "a b|c d e f|g"},
		{"list items and quotes", "<ul><li>x</li><li>y <b>z</b></li></ul><blockquote><p>“q”</p></blockquote>", "x|y z|“q”"},
		{"inline elements keep their spaces", "<p><b>bold</b> text and <i>it</i>alic <a href=#>link</a>, end</p>", "bold text and italic link, end"},
		{"a space inside an inline element's edge", "<p>Of them, <b>33% </b>of those <span><i>hospitalised </i></span>died<b> at </b>home.</p>", "Of them, 33% of those hospitalised died at home."},
		{"pre keeps its lines", "<pre>line 1\n  line 2\n\nline 3</pre>", "line 1|line 2|line 3"},
		{"a row is a paragraph, cells apart", "<table><tr><th>Pos</th><th>Name</th></tr><tr><td>1</td><td>Kyle</td></tr></table>", "Pos | Name|1 | Kyle"},
		{"characters as they are", "<p>“Quoted” — dash – en\u00a0nbsp, Zelenskyy’s café…</p>", "“Quoted” — dash – en\u00a0nbsp, Zelenskyy’s café…"},
		{"nothing hidden", "<p>a<script>x()</script> b<style>p{}</style><button>Share</button></p>", "a b"},
		{"headings", "<h2>Sub</h2><p>text</p>", "Sub|text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(c.html))
			if err != nil {
				t.Fatal(err)
			}
			markSpaces(doc)
			if got := strings.Join(paragraphs(doc), "|"); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// The character set comes from where a browser takes it, and the text is
// decoded by it.
func TestCharsets(t *testing.T) {
	body := "<p>Hélène Lefèvre a dit « rien n’est signé » — “quotes”.</p>"
	want := "Hélène Lefèvre a dit « rien n’est signé » — “quotes”."
	cp1252 := func(s string) []byte { b, _ := charmap.Windows1252.NewEncoder().String(s); return []byte(b) }
	latin9 := func(s string) []byte {
		b, _ := charmap.ISO8859_15.NewEncoder().String(strings.NewReplacer("’", "'", "—", "-", "“", "\"", "”", "\"").Replace(s))
		return []byte(b)
	}
	longScript := "<script>" + strings.Repeat("var x = 1;\n", 200) + "</script>"
	for _, c := range []struct {
		name, contentType, charset string
		page                       []byte
		want                       string
	}{
		{"meta charset", "", "windows-1252", cp1252(article(`<meta charset="windows-1252">`, body)), want},
		{"http-equiv", "", "windows-1252", cp1252(article(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`, body)), want},
		{"the header alone", "text/html; charset=windows-1252", "windows-1252", cp1252(article("", body)), want},
		{"the header over the page", "text/html; charset=iso-8859-15", "iso-8859-15", latin9(article(`<meta charset="utf-8">`, body)),
			`Hélène Lefèvre a dit « rien n'est signé » - "quotes".`},
		{"a meta after 1,024 bytes", "", "windows-1252", cp1252(article(longScript+`<meta charset="windows-1252">`, body)), want},
		{"undeclared UTF-8", "", "utf-8", []byte(article(longScript, body)), want},
		{"a server that says UTF-8 wrongly", "text/html; charset=utf-8", "windows-1252",
			cp1252(article(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`, body)), want},
		{"a byte order mark", "text/html; charset=windows-1252", "utf-8", []byte("\ufeff" + article("", body)), want},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Extract(c.page, Options{ContentType: c.contentType})
			if err != nil {
				t.Fatal(err)
			}
			if a.Charset != c.charset || len(a.Paragraphs) == 0 || a.Paragraphs[0] != c.want {
				t.Errorf("read as %s: %q", a.Charset, a.Paragraphs)
			}
		})
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(article(`<meta charset="gbk"><title>巴黎会谈</title>`,
		"<p>鲁比奥表示，美国将在数日内决定和平协议是否可能达成，并称这一进程不会无休止地拖延下去。欧洲外交官称会谈具有建设性。</p>"))
	a, err := Extract([]byte(gbk), Options{})
	if err != nil || a.Charset != "gbk" || !strings.HasPrefix(a.Paragraphs[0], "鲁比奥表示") {
		t.Errorf("GBK: %v %+v", err, a)
	}
}

// What a page says of itself, read from where the web publishes it.
func TestMetadata(t *testing.T) {
	for _, c := range []struct {
		name, head, url string
		want            Article
	}{
		{"JSON-LD first", `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"LD headline",
			"datePublished":"2025-04-18T10:00:00Z","author":[{"@type":"Person","name":"A One"},{"@type":"Person","name":"B Two"}],
			"publisher":{"@type":"Organization","name":"LD News"}}</script>
			<meta property="og:title" content="OG title"><meta name="author" content="Meta Author">
			<meta property="article:published_time" content="2024-01-01">`, "",
			Article{Title: "LD headline", Outlet: "LD News", Authors: []string{"A One", "B Two"}, Published: "2025-04-18"}},
		{"Open Graph and meta", `<meta property="og:title" content="OG title"><meta property="og:site_name" content="OG Site">
			<meta name="author" content="Meta Author"><meta property="article:published_time" content="2025-03-02T09:00:00+01:00">
			<link rel="canonical" href="/story?utm_source=x&id=7">`, "https://news.example/amp/story",
			Article{Title: "OG title", Outlet: "OG Site", Authors: []string{"Meta Author"}, Published: "2025-03-02",
				URL: "https://news.example/story?id=7"}},
		{"a <time pubdate>", `<title>T</title>`, "",
			Article{Title: "T", Published: "2025-02-01"}},
		{"no canonical: the fetched URL", `<title>T</title><meta property="og:url" content="javascript:alert(1)">`, "https://x.example/a?utm_medium=m",
			Article{Title: "T", Outlet: "x.example", Published: "2025-02-01", URL: "https://x.example/a"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := article(c.head, `<time pubdate datetime="2025-02-01">1 Feb</time><p>Body text of the article, long enough to be one.</p>`)
			a, err := Extract([]byte(page), Options{URL: c.url, Retrieved: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != c.want.Title || a.Outlet != c.want.Outlet || strings.Join(a.Authors, ";") != strings.Join(c.want.Authors, ";") ||
				a.Published != c.want.Published || a.URL != c.want.URL {
				t.Errorf("got %q %q %q %q %q", a.Title, a.Outlet, a.Authors, a.Published, a.URL)
			}
		})
	}
}

// Pages that hold no article are refused with a reason, quickly.
func TestNoArticle(t *testing.T) {
	deep := "<html><body>" + strings.Repeat("<div>", 100_000) + "text" + strings.Repeat("</div>", 100_000) + "</body></html>"
	many := "<html><body><article>" + strings.Repeat("<p>"+strings.Repeat("word ", 90)+"</p>", 35_000) + "</article></body></html>"
	wide := "<html><body>" + strings.Repeat("<span>a</span>", 450_000) + "</body></html>"
	for _, c := range []struct{ name, page, want string }{
		{"empty", "  \n", "the page is empty"},
		{"a PDF", "%PDF-1.7\n1 0 obj", "a PDF document"},
		{"an image", "\x89PNG\r\n\x1a\n0000", "image/png"},
		{"plain text", "just some words, no markup at all", "plain text"},
		{"an app drawn by script", `<html><head><script src=app.js></script></head><body><div id=root></div></body></html>`, "drawn by script"},
		{"a login wall", `<html><body><h1>Story</h1><p>Subscribe to continue reading. Already a subscriber? Sign in.</p><form><input name=u><input type=password></form></body></html>`,
			"login or paywall"},
		{"nested 100,000 deep", deep, "cannot parse the page"},
		{"35,000 paragraphs", many, "too much to extract"},
		{"450,000 elements", wide, "more than 400000 elements"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := cputime.Used()
			_, err := Extract([]byte(c.page), Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v, want %q", err, c.want)
			}
			if d := cputime.Since(start); d > 10*time.Second {
				t.Errorf("took %v of CPU", d)
			}
		})
	}
	if _, err := Extract([]byte("  "), Options{}); !errors.Is(err, ErrNoText) {
		t.Errorf("%v is not ErrNoText", err)
	}
}

// Whatever the bytes, Extract returns in bounded time, never panics, and
// what it returns is paragraphs of valid UTF-8 with no line breaks.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		article("<title>T</title>", "<p>one<br><br>two</p>"), "<p>" + strings.Repeat("a ", 300), "<html><body><pre>a\nb</pre>",
		"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b--",
		"<meta charset=shift_jis><p>\x82\xa0\x82\xa2</p>", "<table><tr><td>" + strings.Repeat("<td>x", 50), "\xff\xfe<\x00p\x00>",
		article(`<script type="application/ld+json">{"@graph":[[[[[{"@type":"Article","headline":{"x":1}}]]]]]}</script>`, "<p>x\ufdd0y</p>"),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		a, err := Extract(page, Options{Retrieved: time.Unix(1745107200, 0)})
		if err != nil {
			return
		}
		for _, p := range a.Paragraphs {
			if p == "" || strings.ContainsAny(p, "\n\r") || !utf8.ValidString(p) || strings.Contains(p, space) {
				t.Fatalf("paragraph %q", p)
			}
		}
		for _, s := range []string{a.Title, a.Outlet, a.Published, a.URL, a.Language} {
			if strings.ContainsAny(s, "\n\r") || !utf8.ValidString(s) {
				t.Fatalf("metadata %q", s)
			}
		}
	})
}

// A page of 16 MiB saved with its images and styles inlined (as SingleFile
// saves one) is read in seconds, its article whole; the same page cut
// anywhere is read or refused, never a panic.
func TestLargeAndTruncatedPages(t *testing.T) {
	body := "<p>" + strings.Repeat("The delegates met again on Friday and talked until late. ", 8) + "</p>"
	img := `<img src="data:image/png;base64,` + strings.Repeat("iVBORw0KGgoAAAANSUhEUgAA", 13<<20/24) + `">`
	style := "<style>" + strings.Repeat(".x{color:red}", 200_000) + "</style>"
	page := []byte("<!--\n Page saved with SingleFile \n url: https://news.example/story \n-->" +
		article(style+"<title>Big</title>", body+img+body))
	if len(page) < 14<<20 || len(page) > 16<<20 {
		t.Fatalf("the page is %d bytes", len(page))
	}
	start := cputime.Used()
	a, err := Extract(page, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cputime.Since(start); d > 10*time.Second {
		t.Errorf("took %v of CPU", d)
	}
	if a.URL != "https://news.example/story" || len(a.Paragraphs) < 2 || !strings.HasPrefix(a.Paragraphs[0], "The delegates met") {
		t.Errorf("url %q, paragraphs %.200q", a.URL, a.Paragraphs)
	}
	full := []byte(article("<title>T</title>", body+"<ul><li>one</li><li>two</li></ul><table><tr><td>a</td></tr></table>"+body))
	for cut := 0; cut < len(full); cut += 37 {
		_, err := Extract(full[:cut], Options{})
		if err != nil && !errors.Is(err, ErrNoText) {
			t.Errorf("cut at %d: %v", cut, err)
		}
	}
}

// White space at an inline element's edge survives the extractor, which
// trims the text it keeps: "<div><b>33% </b>of" came out as "33%of".
func TestSpacesAtInlineEdges(t *testing.T) {
	for _, body := range []string{
		"<div><b>33% </b>of those hospitalised were over 80, said the report, which covered the whole of the first wave of the pandemic.</div>",
		"<div><span><b>33% </b></span>of those hospitalised were over 80, said the report, which covered the whole of the first wave of the pandemic.</div>",
	} {
		a, err := Extract([]byte(article("<title>T</title>", body)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(a.Paragraphs[0], "33% of those hospitalised") {
			t.Errorf("%q: ¶1 %.40q", body, a.Paragraphs[0])
		}
	}
}
