package lsp

import (
	"path/filepath"
	"testing"
)

// Changes are applied at positions in the encoding agreed: a character
// past U+FFFF is two UTF-16 units, four UTF-8 bytes, one UTF-32 unit.
func TestApplyChange(t *testing.T) {
	const text = "a😀b\r\nc“d”\ne"
	for _, tc := range []struct {
		enc  string
		r    Range
		with string
		want string
	}{
		{utf16Encoding, Range{Position{0, 3}, Position{0, 4}}, "B", "a😀B\r\nc“d”\ne"},
		{utf8Encoding, Range{Position{0, 5}, Position{0, 6}}, "B", "a😀B\r\nc“d”\ne"},
		{utf32Encoding, Range{Position{0, 2}, Position{0, 3}}, "B", "a😀B\r\nc“d”\ne"},
		{utf16Encoding, Range{Position{1, 1}, Position{1, 4}}, `"D"`, "a😀b\r\nc\"D\"\ne"},
		{utf16Encoding, Range{Position{0, 4}, Position{1, 0}}, "", "a😀bc“d”\ne"},
		{utf16Encoding, Range{Position{2, 1}, Position{2, 1}}, "nd", "a😀b\r\nc“d”\nend"},
		{utf16Encoding, Range{Position{9, 0}, Position{9, 0}}, "!", "a😀b\r\nc“d”\ne!"}, // past the end: at the end
		{utf16Encoding, Range{Position{0, 2}, Position{0, 2}}, "x", "ax😀b\r\nc“d”\ne"}, // inside a code point: at its start
		{utf16Encoding, Range{Position{1, 3}, Position{0, 1}}, "", "a”\ne"},            // backwards
	} {
		got := string(applyChange([]byte(text), contentChange{Range: &tc.r, Text: tc.with}, tc.enc))
		if got != tc.want {
			t.Errorf("%s %+v → %q: got %q, want %q", tc.enc, tc.r, tc.with, got, tc.want)
		}
	}
	if got := string(applyChange([]byte(text), contentChange{Text: "all"}, utf16Encoding)); got != "all" {
		t.Errorf("a change without a range: %q", got)
	}
}

// URIs and the site's paths: spaces and non-ASCII letters survive, a file
// outside the site has no site path.
func TestURIs(t *testing.T) {
	root := filepath.FromSlash("/home/ed/my briefings")
	file := filepath.Join(root, "content", "briefings", "été 2025.md")
	uri := uriOf(file)
	if uri != "file:///home/ed/my%20briefings/content/briefings/%C3%A9t%C3%A9%202025.md" {
		t.Errorf("uriOf = %s", uri)
	}
	if got := pathOfURI(uri); got != file {
		t.Errorf("pathOfURI(%s) = %s", uri, got)
	}
	if got := sitePath(root, file); got != "content/briefings/été 2025.md" {
		t.Errorf("sitePath = %q", got)
	}
	for _, outside := range []string{filepath.FromSlash("/home/ed/other/x.md"), filepath.FromSlash("/home/ed/my briefings2/x.md"), root} {
		if got := sitePath(root, outside); got != "" {
			t.Errorf("sitePath(%s) = %q, want none", outside, got)
		}
	}
	if pathOfURI("untitled:Untitled-1") != "" {
		t.Error("an untitled document has a path")
	}
}

// A tag is written plain when YAML reads it back as itself inside [ ].
func TestYAMLTag(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{
		{"Russia", "Russia"}, {"peace talks", "peace talks"}, {"C#", "C#"}, {"été", "été"},
		{"a, b", `"a, b"`}, {"[x]", `"[x]"`}, {"null", `"null"`}, {"- x", `"- x"`}, {"a: b", `"a: b"`}, {"a #b", `"a #b"`},
	} {
		if got := yamlTag(tc.tag); got != tc.want {
			t.Errorf("yamlTag(%q) = %s, want %s", tc.tag, got, tc.want)
		}
	}
}
