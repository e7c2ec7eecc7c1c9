package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dossier/generator/content"
	"dossier/generator/diag"
)

// Hostile configuration: a base URL that would send links, the search form
// and the assets to another host; a language Pagefind cannot take; outlet
// and tag names too long for a file name. Each is either refused with an
// error at the line that holds it, the same in check and build, with the
// previous output left as it was, or built safely.

// badBases are base URLs that must be refused, and what the error says.
var badBases = []struct{ base, says string }{
	{"https://example.org//evil.example/", `"//"`},
	{"https://example.org///", `"//"`},
	{"https://example.org/a//evil.example/", `"//"`},
	{"https://example.org/%2F%2Fevil.example/", "encoded slash"},
	{`https://example.org/\evil.example/`, "backslash"},
	{"https://user:TOKEN@example.org/", "user name or password"},
	{"https://example.org/?q=1", "query"},
	{"https://example.org/#x", "fragment"},
	{"https://example.org/a/../../", `".." segment`},
	{"https://example.org/\u202e/", "control character U+202E"},
	{"//evil.example/", "not an absolute http(s) URL"},
	{"///", "not an absolute http(s) URL"},
	{"javascript:alert(1)", "not an absolute http(s) URL"},
}

func TestHostileBaseURL(t *testing.T) {
	files := map[string]string{
		"content/sources/paris.txt": paris,
		"content/briefings/t.md":    "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n",
	}
	dir := writeSite(t, files)
	out := filepath.Join(t.TempDir(), "public")
	if res := build(t, Config{Dir: dir, Out: out}); res.Out == "" {
		t.Fatal(res.Diagnostics)
	}
	before := hash(t, out)
	for _, tt := range badBases {
		// in site.yaml: an error at the value, in check and in build alike
		yaml := "title: T\nbase_url: " + content.QuoteYAML(tt.base) + "\n"
		if err := os.WriteFile(filepath.Join(dir, "content/site.yaml"), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		check := build(t, Config{Dir: dir, Check: true})
		res := build(t, Config{Dir: dir, Out: out})
		if !res.Failed() || !check.Failed() {
			t.Errorf("base_url %q: build failed %v, check failed %v", tt.base, res.Failed(), check.Failed())
			continue
		}
		d := res.Diagnostics[0]
		if d.Path != "content/site.yaml" || d.Line != 2 || d.Col != 11 || !strings.Contains(d.Message, tt.says) {
			t.Errorf("base_url %q: %s; want content/site.yaml:2:11 saying %s", tt.base, d.Error(), tt.says)
		}
		if got, want := said(check.Diagnostics), said(res.Diagnostics); got != want {
			t.Errorf("base_url %q: check says\n%s\nbuild says\n%s", tt.base, got, want)
		}
		// on the command line
		os.Remove(filepath.Join(dir, "content/site.yaml"))
		res = build(t, Config{Dir: dir, Out: out, BaseURL: tt.base})
		check = build(t, Config{Dir: dir, Check: true, BaseURL: tt.base})
		if !res.Failed() || !strings.Contains(res.Diagnostics[0].Error(), "--base-url") || !strings.Contains(res.Diagnostics[0].Message, tt.says) {
			t.Errorf("--base-url %q: %v", tt.base, res.Diagnostics)
		}
		if !check.Failed() || said(check.Diagnostics) != said(res.Diagnostics) {
			t.Errorf("--base-url %q: check says %v, build %v", tt.base, check.Diagnostics, res.Diagnostics)
		}
		if hash(t, out) != before {
			t.Fatalf("base_url %q: a refused build changed the output", tt.base)
		}
	}
}

// With any base URL that is accepted, every address a page, the feed, the
// sitemap or the exports write is a path of the site's own origin (or the
// base's absolute URL, or a source's own URL): none starts with "//".
func TestNoLinkLeavesTheSite(t *testing.T) {
	bases := []string{"", "https://example.net", "https://example.net/sub/", "http://127.0.0.1:8080/a+b/<c>/", "https://EXAMPLE.net/caf%C3%A9"}
	protocolRelative := regexp.MustCompile(`(?i)(href|src|action|data-index|content|srcset)="\s*(//|\\\\|/\\\\|\\\\/)`)
	for _, base := range bases {
		res := build(t, Config{Dir: "testdata/basic", Memory: true, BaseURL: base})
		if res.Failed() {
			t.Fatalf("%q: %v", base, res.Diagnostics)
		}
		n := 0
		for name, data := range allFiles(res) {
			n++
			if m := protocolRelative.FindString(data); m != "" {
				t.Errorf("base %q: %s writes %s", base, name, m)
			}
			if strings.Contains(data, `"//`) && !strings.HasSuffix(name, ".js") {
				i := strings.Index(data, `"//`)
				t.Errorf("base %q: %s holds %q", base, name, data[max(0, i-40):min(len(data), i+40)])
			}
		}
		if n < 10 {
			t.Fatalf("base %q: %d files", base, n)
		}
	}
}

// An outlet or a tag of any length builds, in check and build alike: its
// slug is cut, with a hash, so that no file name is over 255 bytes.
func TestHostileLongNames(t *testing.T) {
	long := strings.Repeat("b", 256)
	cjk := strings.Repeat("中", 86)
	sitename := strings.Repeat("The Very Long Name Of A Site ", 11)[:300] // an imported page's og:site_name
	dir := writeSite(t, map[string]string{
		"content/sources/a.txt":  "---\ntitle: A\noutlet: " + long + "\n---\nThe talks went on.\n",
		"content/sources/b.txt":  "---\ntitle: B\noutlet: " + cjk + "\n---\nThe talks ended.\n",
		"content/sources/c.txt":  "---\ntitle: C\noutlet: " + sitename + "\n---\nThe talks began.\n",
		"content/briefings/x.md": "---\ntitle: X\ntags: [" + long + ", " + cjk + ", \"" + sitename + "\"]\n---\nSo [@a, \"went on\"], [@b, \"ended\"] and [@c, \"began\"].\n",
	})
	if res := build(t, Config{Dir: dir, Check: true}); res.Failed() {
		t.Fatalf("check: %v", res.Diagnostics)
	}
	out := filepath.Join(t.TempDir(), "public")
	res := build(t, Config{Dir: dir, Out: out, Strict: true})
	if res.Failed() || res.Out == "" {
		t.Fatalf("build: %v", res.Diagnostics)
	}
	outlets := 0
	for name := range tree(t, out) {
		for _, seg := range strings.Split(name, "/") {
			if len(seg) > maxSlug+4 {
				t.Errorf("%s: a name of %d bytes", name, len(seg))
			}
		}
		if strings.HasPrefix(name, "outlets/") && strings.Count(name, "/") == 2 {
			outlets++
		}
	}
	if outlets != 3 {
		t.Errorf("%d outlet pages, want 3", outlets)
	}
}

// language: is a BCP 47 tag, else an error at its line in check and build;
// Pagefind is given its language, script and region, so that a long tag
// neither stops it nor becomes a long file name.
func TestHostileLanguage(t *testing.T) {
	for _, lang := range []string{strings.Repeat("a", 34), `"\"><script>alert(1)</script>"`, `"x/y"`, `"en\u202e"`, "en US", "[en]"} {
		dir := writeSite(t, map[string]string{"content/site.yaml": "title: T\nlanguage: " + lang + "\n", "content/sources/paris.txt": paris})
		check := build(t, Config{Dir: dir, Check: true})
		res := build(t, Config{Dir: dir, Out: filepath.Join(t.TempDir(), "o")})
		if !res.Failed() || len(res.Diagnostics) == 0 {
			t.Errorf("language %s: built", lang)
			continue
		}
		d := res.Diagnostics[0]
		if d.Path != "content/site.yaml" || d.Line != 2 || d.Col != 11 {
			t.Errorf("language %s: %s, want an error at content/site.yaml:2:11", lang, d.Error())
		}
		if said(check.Diagnostics) != said(res.Diagnostics) {
			t.Errorf("language %s: check says %v, build %v", lang, check.Diagnostics, res.Diagnostics)
		}
	}
	for _, tt := range []struct{ tag, search string }{
		{"en", "en"}, {"EN-us", "en-US"}, {"zh-Hant-TW", "zh-Hant-TW"}, {"de-CH-1996", "de-CH"},
		{"en-US-u-ca-gregory-nu-latn-x-abcdefgh", "en-US"}, {"x-klingon", "und"}, {"pt-BR", "pt-BR"},
	} {
		if got := searchLanguage(tt.tag); got != tt.search {
			t.Errorf("searchLanguage(%q) = %q, want %q", tt.tag, got, tt.search)
		}
	}
	usePagefind(t)
	dir := writeSite(t, map[string]string{"content/site.yaml": "title: T\nlanguage: en-US-u-ca-gregory-nu-latn-x-abcdefgh\n", "content/sources/paris.txt": paris})
	out := filepath.Join(t.TempDir(), "o")
	res := build(t, Config{Dir: dir, Out: out, Search: SearchOn})
	if res.Failed() || res.Out == "" {
		t.Fatalf("a long language tag, with search: %v", res.Diagnostics)
	}
	page, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(page), `<html lang="en-US-u-ca-gregory-nu-latn-x-abcdefgh"`) {
		t.Error("the page does not carry the site's language")
	}
	safe := regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)
	for name := range tree(t, filepath.Join(out, "pagefind")) {
		if !safe.MatchString(name) || len(name) > 100 {
			t.Errorf("pagefind/%s: a file name made of more than letters, digits, - . _", name)
		}
	}
}

// said is every diagnostic of l, as printed.
func said(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Error() + "\n")
	}
	return b.String()
}
