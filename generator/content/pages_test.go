package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestPageMarkers(t *testing.T) {
	const head = "---\ntitle: R\npages: 5\n---\n"
	src := head + "[page 1, label \"i\"]\nFirst paragraph.\n[page 2]\nSecond, which runs on to the next page.\n[page 3, label \"1\", from \"runs on\"]\n" +
		"no, this one runs on to page three.\n[page 5, from \"quote \\\"it\\\"\"]\nA paragraph that says quote \"it\" here.\n"
	s, diags := LoadSource(fstest.MapFS{"content/sources/r.txt": {Data: []byte(src)}}, "content/sources/r.txt")
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(s.Paragraphs) != 4 {
		t.Fatalf("%d paragraphs; markers are not paragraphs", len(s.Paragraphs))
	}
	for i, want := range []int{1, 2, 2, 3} {
		if s.Paragraphs[i].Page != want {
			t.Errorf("¶%d on page %d; want %d", i+1, s.Paragraphs[i].Page, want)
		}
	}
	third := s.Text[s.Paragraphs[2].Start:s.Paragraphs[2].End]
	tests := []struct {
		off   int
		page  int
		label string
	}{
		{s.Paragraphs[0].Start, 1, "i"},
		{s.Paragraphs[1].Start, 2, "2"},
		{s.Paragraphs[2].Start, 2, "2"},
		{s.Paragraphs[2].Start + strings.Index(third, "runs on"), 3, "1"},
		{s.Paragraphs[3].Start + strings.Index(s.Text[s.Paragraphs[3].Start:], `quote "it"`), 5, "5"},
		{s.Paragraphs[3].Start, 3, "1"},
	}
	for _, tt := range tests {
		if p, l := s.PageAt(tt.off); p != tt.page || l != tt.label {
			t.Errorf("PageAt(%d) = %d %q; want %d %q", tt.off, p, l, tt.page, tt.label)
		}
	}
	// without pages: in the front matter, a marker is a paragraph
	s, _ = LoadSource(fstest.MapFS{"content/sources/r.txt": {Data: []byte("[page 1]\nText.\n")}}, "content/sources/r.txt")
	if len(s.Paragraphs) != 2 || s.Pages != 0 {
		t.Errorf("a source without pages: read its [page 1] line as a marker")
	}
}

func TestPageMarkerMistakes(t *testing.T) {
	tests := []struct{ body, want string }{
		{"[page]\nText.\n", "r.txt:5:1: error: page marker: a marker starts [page and a space"},
		{"[page x]\nText.\n", "r.txt:5:7: error: page marker: the page must be a number from 1"},
		{"[page 2 label \"x\"]\nText.\n", "r.txt:5:8: error: page marker: expected ] or , label"},
		{"[page 2, label \"x]\nText.\n", "r.txt:5:17: error: page marker: a quoted value without its closing quote"},
		{"[page 9]\nText.\n", "r.txt:5:1: error: page marker: page 9, but pages: says the document has 3"},
		{"[page 2]\nText.\n[page 1]\nMore.\n", "r.txt:7:1: error: page marker: page 1 after page 2: pages go in order"},
		{"[page 2, from \"absent\"]\nText.\n", "r.txt:5:1: error: page marker: \"absent\" is not in the paragraph after it"},
		{"[page 2, from \"a\"]\na b a.\n", "r.txt:5:1: error: page marker: \"a\" is more than once in the paragraph after it"},
		{"Text.\n[page 2]\n", "r.txt:6:1: error: page marker: no paragraph after it"},
		{"[page 1]\n", "r.txt:5:1: error: page marker: no paragraph after it"},
		{"[page 1, from \"b\"]\n[page 2]\na b\n", "r.txt:6:1: error: page marker: page 2 begins before page 1 does"},
	}
	for _, tt := range tests {
		src := "---\ntitle: R\npages: 3\n---\n" + tt.body
		_, diags := LoadSource(fstest.MapFS{"content/sources/r.txt": {Data: []byte(src)}}, "content/sources/r.txt")
		if len(diags) == 0 {
			t.Errorf("%q: no diagnostic; want %s", tt.body, tt.want)
			continue
		}
		if got := diags[0].Error(); !strings.Contains(got, tt.want) {
			t.Errorf("%q:\n got %s\nwant %s", tt.body, got, tt.want)
		}
	}
}

func TestMarkerLineRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		page        int
		label, from string
	}{{3, "", ""}, {4, "iv", ""}, {5, "", `he said "go\"`}, {6, "A-1", "the words"}} {
		line := MarkerLine(tt.page, tt.label, tt.from)
		m, _, msg := parseMarker(line)
		if msg != "" || m.page != tt.page || m.label != tt.label || m.from != tt.from {
			t.Errorf("%s reads back as %+v (%s)", line, m, msg)
		}
	}
}

// FuzzPageMarkers loads paged sources of any body: never a panic; every
// problem is positioned within the file; page starts in order, each in
// the text and at or after the paragraph it is recorded for.
func FuzzPageMarkers(f *testing.F) {
	f.Add("[page 1, label \"i\"]\nA.\n[page 2, from \"b\"]\nA b.\n")
	f.Add("[page 3]\n[page 2]\nx\n")
	f.Add("[page 1, from \"\\\"q\\\\\"]\nsaid \"q\\ here\n[page")
	f.Fuzz(func(t *testing.T, body string) {
		src := "---\npages: 4\n---\n" + body
		s, diags := LoadSource(fstest.MapFS{"content/sources/f.txt": {Data: []byte(src)}}, "content/sources/f.txt")
		for _, d := range diags {
			if d.Line < 1 || d.Col < 1 {
				t.Fatalf("a problem without a place: %v", d)
			}
		}
		if s == nil {
			return
		}
		last, off := 0, 0
		for _, p := range s.PageStarts {
			if p.Page <= last || p.Page > 4 || p.Offset < off || p.Offset > len(s.Text) {
				t.Fatalf("page starts out of order or place: %+v", s.PageStarts)
			}
			last, off = p.Page, p.Offset
		}
		for _, p := range s.Paragraphs {
			if isMarker(s.Text[p.Start:p.End]) {
				t.Fatalf("a marker is a paragraph: %q", s.Text[p.Start:p.End])
			}
		}
	})
}
