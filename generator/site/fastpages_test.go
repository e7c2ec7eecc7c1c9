package site

import (
	"bytes"
	"hash/maphash"
	"html"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dossier/generator/render"
)

// The hand-written pages are byte for byte what the built-in templates
// make, on every page of each site: the example, the golden one with and
// without a base URL, a site of every feature the pages show, and the
// attack corpus.
func TestFastPagesEqualTemplates(t *testing.T) {
	sites := []struct {
		name string
		cfg  Config
	}{
		{"example", Config{Dir: "../.."}},
		{"basic", Config{Dir: "testdata/basic"}},
		{"basic with a base URL", Config{Dir: "testdata/basic", BaseURL: "https://example.org/a+b/dossier/"}},
		{"every feature", Config{Dir: writeSite(t, everyFeature), Drafts: true}},
		{"empty", Config{Dir: writeSite(t, map[string]string{"content/site.yaml": "title: Empty\ndescription: Nothing yet.\n"})}},
	}
	for _, tt := range attackCases {
		sites = append(sites, struct {
			name string
			cfg  Config
		}{"attack: " + tt.name, Config{Dir: writeSite(t, tt.files())}})
	}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			compareFastPages(t, s.cfg)
		})
	}
}

// compareFastPages builds the site with the hand-written pages and with
// templates only, and reports every file that differs.
func compareFastPages(t *testing.T, cfg Config) {
	t.Helper()
	cfg.Memory = true
	fast := build(t, cfg)
	cfg.templatesOnly = true
	slow := build(t, cfg)
	if fast.Failed() || slow.Failed() {
		t.Fatalf("the build failed: %v", fast.Diagnostics)
	}
	a, b := allFiles(fast), allFiles(slow)
	if len(a) != len(b) {
		t.Fatalf("%d files with hand-written pages, %d with templates", len(a), len(b))
	}
	pages := 0
	for name, want := range b {
		if a[name] != want {
			t.Errorf("%s differs from its template's output:\n%s", name, firstDiff(a[name], want))
		}
		if strings.HasPrefix(name, "sources/") || strings.HasPrefix(name, "briefings/") {
			pages++
		}
	}
	if pages == 0 && len(b) > 0 && !strings.Contains(b["index.html"], "No briefings yet") {
		t.Fatal("no source or briefing pages were compared")
	}
}

// everyFeature is a site whose pages use every branch of the hand-written
// writers: editors, a base URL, notes on passages and on a source, elided
// and overlapping passages, contradictions, an ambiguous passage and one
// not found (a build that is not strict renders them), a draft, a zero date,
// and characters each escaper treats apart.
var everyFeature = map[string]string{
	"content/site.yaml": "title: A + B <Briefings> & 'more'\ndescription: \"Quotes \\\" and + signs\"\n" +
		"editors: [Ann O'Neil, B & C]\nbase_url: https://example.org/x+y/\nlanguage: fr\n",
	"content/sources/alpha.txt": "---\ntitle: Alpha + \"report\"\noutlet: The <Outlet>\nauthor: A & B\npublished: 2025-04-18\n" +
		"retrieved: 2025-04-19\nurl: https://example.org/a b/ü?x=1&y=2+3#frag%20%zz\nnote: The **whole** source & more.\n---\n" +
		"First paragraph says the talks were long & hard, and the ministers agreed.\n" +
		"Second paragraph: the ministers agreed to meet again + soon.\n" +
		"Third, the ministers agreed. The ministers agreed.\n",
	"content/sources/beta.md": "---\ntitle: Beta\nurl: HTTPS://Example.ORG/beta\n---\n# A heading\n\nA paragraph with *emphasis* and a [link](https://example.org).\n\n" +
		"- an item that says yes\n- another item\n\n> a quotation in the source\n\n| a | b |\n| - | - |\n| cell one | cell two |\n",
	"content/sources/gamma.txt": "---\noutlet: Gamma\nurl: javascript:alert(1)\n---\nOnly text here, nothing cited.\n",
	"content/sources/delta.txt": "---\ntitle: Delta\nurl: mailto:desk@example.org\n---\nDelta says it plainly.\n",
	"content/briefings/one.md": "---\ntitle: One & \"two\" + three\ndate: 2025-04-20\nsummary: A <summary> & more\neditors: [Zoe]\n---\n" +
		"# Heading\n\nThe talks were long [@alpha, \"the talks were long & hard\"]. " +
		"They agreed [@alpha, \"the ministers agreed … meet again\"; contra @beta, \"an item that says yes\"]. " +
		"A whole source [@delta]. Not found [@alpha, \"words that are not there\"]. " +
		"Ambiguous [@alpha, \"The ministers agreed\"].\n\n" +
		"Overlap [@alpha, \"long & hard, and the ministers\"; @alpha, \"and the ministers agreed\"].\n\n" +
		"> [!WARNING] [@alpha, \"meet again + soon\"]\n> A note **with** markup & a [link](https://example.org/?a=1&b=2).\n\n" +
		"> [!NOTE] [@beta, \"a quotation in the source\"]\n> Another note.\n\n" +
		"```go\nfunc main() {}\n```\n",
	"content/briefings/two.md":   "---\ntitle: Two\n---\nNo date here [@beta, \"cell one\"; @delta, \"plainly\"].\n",
	"content/briefings/draft.md": "---\ntitle: Draft\ndraft: true\ndate: 2024-01-02\n---\nA draft [@gamma].\n",
}

// Overriding a template, or adding a shared one, turns its hand-written
// writer off; a copy of a built-in template does not.
func TestFastWriterChosen(t *testing.T) {
	builtIn, err := theme.(interface {
		ReadFile(string) ([]byte, error)
	}).ReadFile("templates/source.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		site fstest.MapFS
		want map[string]bool // page kind → hand-written
	}{
		{"no templates", fstest.MapFS{}, map[string]bool{"source": true, "briefing": true, "coverage": true, "index": true, "sources": true, "404": false}},
		{"a copy of a built-in template", fstest.MapFS{"templates/source.html": {Data: builtIn}},
			map[string]bool{"source": true, "briefing": true, "coverage": true}},
		{"source.html overridden", fstest.MapFS{"templates/source.html": {Data: []byte(`{{define "main"}}x{{end}}`)}},
			map[string]bool{"source": false, "briefing": true, "coverage": true}},
		{"the claim note overridden", fstest.MapFS{"templates/_claimnote.html": {Data: []byte(`{{define "claimnote"}}x{{end}}`)}},
			map[string]bool{"source": false, "briefing": false, "coverage": false}},
		{"a shared template added", fstest.MapFS{"templates/_extra.html": {Data: []byte(`{{define "extra"}}x{{end}}`)}},
			map[string]bool{"source": false, "briefing": false, "coverage": false}},
		{"base.html overridden", fstest.MapFS{"templates/base.html": {Data: []byte(`{{template "main" .}}`)}},
			map[string]bool{"source": false, "briefing": false, "coverage": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, diags := render.New(render.Layer{FS: theme, Prefix: "(built-in) templates/"}, render.Layer{FS: tt.site, Prefix: "templates/"})
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			for kind, want := range tt.want {
				if got := fastWriter(r, kind) != nil; got != want {
					t.Errorf("%s: hand-written %v, want %v", kind, got, want)
				}
			}
		})
	}
}

// escapeContexts puts one value in each context the hand-written pages
// write values in, through html/template.
var escapeContexts = template.Must(template.New("").Parse(
	`<title>{{.}}</title><p title="{{.}}">{{.}}</p><a href="{{.}}">x</a><a href="/a/#{{.}}">x</a>`))

// handEscaped is s through each hand-written escaper: pageWriter's in the
// contexts of escapeContexts, then escapeHTML's, which must equal
// html.EscapeString.
func handEscaped(s string) string {
	var b bytes.Buffer
	w := pageWriter{&b}
	w.raw("<title>")
	w.text(s)
	w.raw(`</title><p title="`)
	w.text(s)
	w.raw(`">`)
	w.text(s)
	w.raw(`</p><a href="`)
	w.url(s)
	w.raw(`">x</a><a href="/a/#`)
	w.frag(s)
	w.raw(`">x</a>`)
	var e strings.Builder
	escapeHTML(&e, s)
	if e.String() != html.EscapeString(s) {
		return "escapeHTML: " + e.String()
	}
	return b.String()
}

// The escapers against html/template's own on any string; `go test` runs
// the seeds, the contexts' hard cases.
func FuzzPageWriterEscapes(f *testing.F) {
	for _, s := range []string{
		"", "plain", `<script>&"'+</script>`, "\x00nul", "javascript:alert(1)", " JavaScript:x", "HTTPS://x/y",
		"mailto:a@b", "data:text/html,x", "/rel:ative", "a b?c=d&e=f+g#h", "%zz%20%2", "üñí©ødé", "httpſ://x",
		"\xff\xfe bad utf-8", "~-._!$*,;=:@[]()'", "<a>&'\"+", "javascript:x", "a b%2g%20", "ſ:x", "\x00\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := escapeContexts.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got := handEscaped(s); got != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want.String())
		}
	})
}

// The dates the hand-written pages write are the template functions'.
func TestPageWriterDates(t *testing.T) {
	for _, d := range []time.Time{{}, time.Date(2025, 4, 18, 0, 0, 0, 0, time.UTC)} {
		var b bytes.Buffer
		w := pageWriter{&b}
		w.timeTag(d)
		want := `<time datetime="` + render.Funcs["isodate"].(func(time.Time) string)(d) + `">` + render.Funcs["date"].(func(time.Time) string)(d) + "</time>"
		if b.String() != want {
			t.Errorf("%v: %q, want %q", d, b.String(), want)
		}
	}
}

// fieldsWords is words as strings.Fields makes them: the reference.
func fieldsWords(s string, n int, first bool) (string, bool) {
	f := strings.Fields(s)
	if len(f) <= n {
		return strings.Join(f, " "), false
	}
	if first {
		return strings.Join(f[:n], " "), true
	}
	return strings.Join(f[len(f)-n:], " "), true
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", " ", "one", " one  two\tthree\u00a0four\u2003five ", "a b c d e f g h i j", "\xffx y\u0085z"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n % 12
		if n < 1 {
			n = 1
		}
		for _, first := range []bool{true, false} {
			w, more := nwords(s, n, first)
			ww, wmore := fieldsWords(s, n, first)
			if w != ww || more != wmore {
				t.Fatalf("nwords(%q, %d, %v) = %q, %v; want %q, %v", s, n, first, w, more, ww, wmore)
			}
		}
	})
}

// plainLink resolves what it resolves as resolveLink does, for a site at
// the root and one under a path.
func FuzzPlainLink(f *testing.F) {
	for _, s := range []string{"/sources/x/", "/sources/x/#q-1", "/a/b.css", "/", "/#", "/x/../y/", "/x//y", "/sub/a/", "/sub/", "/a/#b#c", "/a/#:~:text=x"} {
		f.Add(s)
	}
	models := []*model{{basePath: "/"}, {basePath: "/sub/", baseURL: "https://example.org/sub/"}}
	f.Fuzz(func(t *testing.T, href string) {
		for _, m := range models {
			var buf []byte
			l, ok := m.plainLink([]byte(href), &buf)
			if !ok {
				continue
			}
			wt, wf, internal, outside := m.resolveLink("sources/p/index.html", href)
			if !internal || outside || l.href != href || l.target != wt || l.frag != wf || l.fragHash != maphash.String(idSeed, wf) {
				t.Fatalf("base %s, %q: plainLink %q %q #%q; resolveLink %q #%q internal %v outside %v", m.basePath, href, l.href, l.target, l.frag, wt, wf, internal, outside)
			}
		}
	})
}

// foreignLink against resolveLink: what it calls a link to another site,
// resolveLink does.
func FuzzForeignLink(f *testing.F) {
	for _, s := range []string{"https://example.org/a#:~:text=x%20y", "http://a.b/", "https://example.org/sub/x", "https://a b/",
		"https://a:80/", "https://a/%zz", "https://a/&amp;", "https://user@a/", "https://[::1]/", "https://a/b%2"} {
		f.Add(s)
	}
	models := []*model{{basePath: "/"}, {basePath: "/sub/", baseURL: "https://example.org/sub/"}}
	f.Fuzz(func(t *testing.T, href string) {
		for _, m := range models {
			if !m.foreignLink([]byte(href)) {
				continue
			}
			if _, _, internal, outside := m.resolveLink("sources/p/index.html", href); internal || outside {
				t.Fatalf("base %s, %q: foreignLink, but resolveLink internal %v outside %v", m.baseURL, href, internal, outside)
			}
		}
	})
}

func BenchmarkEscapeText(b *testing.B) {
	// news text: mostly letters and spaces, now and then an apostrophe
	text := strings.Repeat("Secretary of State Marco Rubio said on Friday that the United States could walk away from "+
		"its effort to broker a peace deal within days unless there were clear signs of progress, after talks in "+
		"Paris with European and Ukrainian officials. It's time to see whether the war can end, he said. ", 40)
	var buf bytes.Buffer
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		buf.Reset()
		pageWriter{&buf}.text(text)
	}
}
