package content

import (
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// Whatever a field holds, the front matter written for it loads back as the
// same text (less control characters): titles with colons, quotes, "#",
// YAML's own words and marks.
func FuzzFrontMatterRoundTrip(f *testing.F) {
	for _, s := range []string{
		`Ukraine: "we will not sign" — Zelensky`, "# not a comment", "title #tag", "'single'", `"double"`,
		"key: value: more", "- a list?", "[bracketed]", "{braced}", "null", "~", "true", "2025-04-20", "0x1F",
		" leading space", "trailing space ", "tab\there", "line\nbreak", "back\\slash", "%percent", "@at", "`tick`",
		"&anchor", "*alias", "!tag", "|", ">", "? question", "a\u2028b", "\ufeffbom", "\u0085nel", "\x7f", "\xff\xfe",
		"日本語のタイトル：副題", "", "   ", "a:b", "a :b", "Pr\u00e9sident\u00a0Macron",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		file := append(FrontMatter([]Field{{Key: "title", Value: v}, {Key: "outlet", Value: "Reuters"}}), "body\n"...)
		s, diags := LoadSource(fstest.MapFS{"content/sources/x.txt": {Data: file}}, "content/sources/x.txt")
		if len(diags) > 0 {
			t.Fatalf("%q: %v\n%s", v, diags, file)
		}
		if !utf8.ValidString(v) {
			return // written as U+FFFD, as a page's bad bytes are read
		}
		if s.Title != DropControls(v) || s.Outlet != "Reuters" {
			t.Fatalf("title %q came back as %q (outlet %q)\n%s", v, s.Title, s.Outlet, file)
		}
	})
}

// A list field is written as a block list, and a source's archive reads
// back from one URL or a list; what is not an http(s) URL is a warning at
// its place, and left out.
func TestArchiveField(t *testing.T) {
	list := []string{"https://web.archive.org/web/20250418000000/https://example.org/a", "https://archive.ph/abc: x"}
	file := append(FrontMatter([]Field{{Key: "title", Value: "A"}, {Key: "archive", List: list}}), "body\n"...)
	s, diags := LoadSource(fstest.MapFS{"content/sources/x.txt": {Data: file}}, "content/sources/x.txt")
	if len(diags) > 0 || len(s.Archive) != 2 || s.Archive[0] != list[0] || s.Archive[1] != list[1] {
		t.Errorf("archive %q, %v\n%s", s.Archive, diags, file)
	}
	for _, c := range []struct{ front, want string }{
		{"archive: https://archive.ph/x", ""},
		{"archive: javascript:alert(1)", `content/sources/x.txt:2:10: warning: front matter: archive "javascript:alert(1)" is not an http or https URL: it is left out`},
		{"archive:\n  - https://a.example/\n  - /relative", `content/sources/x.txt:4:5: warning: front matter: archive "/relative" is not an http or https URL: it is left out`},
		{"archive:\n  - [nested]", `content/sources/x.txt:3:5: error: front matter: archive must be a URL or a list of URLs`},
		{"url: ftp://example.org/a", `content/sources/x.txt:2:6: warning: front matter: url "ftp://example.org/a" is not an http or https URL: the source's page does not link it`},
	} {
		file := "---\n" + c.front + "\n---\nbody\n"
		_, diags := LoadSource(fstest.MapFS{"content/sources/x.txt": {Data: []byte(file)}}, "content/sources/x.txt")
		got := ""
		if len(diags) > 0 {
			got = diags[0].Error()
		}
		if got != c.want || len(diags) > 1 {
			t.Errorf("%q: %v, want %q", c.front, diags, c.want)
		}
	}
}
