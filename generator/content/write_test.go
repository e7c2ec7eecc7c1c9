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
		file := append(FrontMatter([]Field{{"title", v}, {"outlet", "Reuters"}}), "body\n"...)
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
