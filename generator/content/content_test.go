package content

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"dossier/generator/diag"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func load(t *testing.T, fsys fstest.MapFS) (*Site, diag.List) {
	t.Helper()
	s, diags, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	diags.Sort()
	return s, diags
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":                 file("title: Talks\nbase_url: https://example.org/sub/\neditors: [A, B]\ntheme_color: blue\n"),
		"content/sources/reuters/paris.txt": file("---\ntitle: Paris\noutlet: Reuters\npublished: 2025-04-18\nurl: https://example.org/a\nnote: A *note*.\nextra: 3\n---\nFirst line.\n\n  Second   line.  \n"),
		"content/sources/notes.md":          file("# Heading\n\nA [link](http://x) and *emphasis*.\n\n- item one\n- item two\n\n> quoted\n"),
		"content/sources/.hidden.txt":       file("x"),
		"content/sources/backup.txt~":       file("x"),
		"content/sources/image.png":         file("x"),
		"content/briefings/b.md":            file("---\ntitle: B\ndate: 2025-04-20\nsummary: S\ndraft: true\n---\nBody [@reuters/paris].\n"),
	}
	s, diags := load(t, fsys)
	if len(diags) != 1 || diags[0].Path != "content/sources/image.png" || diags[0].Severity != diag.Warning {
		t.Errorf("diags = %v", diags)
	}
	if s.Config.Title != "Talks" || s.Config.BaseURL != "https://example.org/sub/" || len(s.Config.Editors) != 2 || s.Config.Extra["theme_color"] != "blue" {
		t.Errorf("config = %+v", s.Config)
	}
	if len(s.Sources) != 2 || s.Sources[0].ID != "notes" || s.Sources[1].ID != "reuters/paris" {
		t.Fatalf("sources = %v", s.Sources)
	}
	p := s.Sources[1]
	if p.Title != "Paris" || p.Outlet != "Reuters" || !p.Date.Equal(time.Date(2025, 4, 18, 0, 0, 0, 0, time.UTC)) || p.Note != "A *note*." || p.Extra["extra"] != 3 {
		t.Errorf("source = %+v", p)
	}
	if p.Text != "First line.\n\n  Second   line.  \n" || len(p.Paragraphs) != 2 {
		t.Fatalf("text %q, %d paragraphs", p.Text, len(p.Paragraphs))
	}
	if got := p.Text[p.Paragraphs[1].Start:p.Paragraphs[1].End]; got != "Second   line." || p.Paragraphs[1].Line != 11 || p.Paragraphs[1].RuneStart != 15 {
		t.Errorf("paragraph 2 = %q line %d runes %d", got, p.Paragraphs[1].Line, p.Paragraphs[1].RuneStart)
	}
	m := s.Sources[0]
	wantText := "Heading\nA link and emphasis.\nitem one\nitem two\nquoted"
	if m.Text != wantText {
		t.Errorf("markdown text = %q, want %q", m.Text, wantText)
	}
	var kinds []string
	for _, p := range m.Paragraphs {
		kinds = append(kinds, p.Kind)
	}
	if strings.Join(kinds, " ") != "h1 p li li quote" {
		t.Errorf("kinds = %v", kinds)
	}
	b := s.Briefings[0]
	if b.Slug != "b" || b.Title != "B" || !b.Draft || b.Summary != "S" || b.Date.Format("2006-01-02") != "2025-04-20" {
		t.Errorf("briefing = %+v", b)
	}
	if len(b.Body) != len(b.File) || strings.Count(string(b.Body), "\n") != strings.Count(string(b.File), "\n") ||
		strings.Contains(string(b.Body), "title") || !strings.Contains(string(b.Body), "Body [@reuters/paris].") {
		t.Errorf("body does not keep the file's offsets: %q", b.Body)
	}
}

func TestLoadNormalisesText(t *testing.T) {
	fsys := fstest.MapFS{
		"content/sources/a.txt": file("\uFEFF---\r\ntitle: A\r\n---\r\nOne.\r\nTwo.\rThree.\r\n"),
	}
	s, diags := load(t, fsys)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if s.Sources[0].Title != "A" || s.Sources[0].Text != "One.\nTwo.\nThree.\n" || len(s.Sources[0].Paragraphs) != 3 {
		t.Errorf("source = %q %q", s.Sources[0].Title, s.Sources[0].Text)
	}
}

// Every problem names the file, line and column.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, path, data string
		line, col        int
		msg              string
	}{
		{"yaml syntax", "content/briefings/a.md", "---\ntitle: A\nsummary: [unclosed\n---\nx\n", 0, 0, "front matter:"},
		{"title not text", "content/briefings/a.md", "---\ntitle: [a, b]\n---\nx\n", 2, 8, "title must be text"},
		{"bad date", "content/briefings/a.md", "---\ntitle: A\ndate: next tuesday\n---\nx\n", 3, 7, `date "next tuesday" is not a date`},
		{"draft not bool", "content/briefings/a.md", "---\ntitle: A\ndraft: maybe\n---\nx\n", 3, 8, "draft must be true or false"},
		{"no title", "content/briefings/a.md", "---\ndate: 2025-01-01\n---\nx\n", 2, 1, "briefing has no title"},
		{"no front matter", "content/briefings/a.md", "just text\n", 1, 1, "briefing has no front matter"},
		{"unclosed front matter", "content/sources/a.txt", "---\ntitle: A\nbody\n", 1, 1, "front matter is not closed"},
		{"front matter not a mapping", "content/sources/a.txt", "---\n- a\n- b\n---\nx\n", 2, 1, "must be a mapping"},
		{"not utf-8", "content/sources/a.txt", "---\ntitle: A\n---\nfine\nbad \xff here\n", 5, 5, "not UTF-8"},
		{"nul byte", "content/sources/a.txt", "ab\x00c", 1, 3, "NUL byte"},
		{"site.yaml", "content/site.yaml", "title: A\neditors: {a: 1}\n", 2, 10, "editors must be a list"},
		// invisible controls in a text: an error at the first, the rest counted
		{"a bell in a source", "content/sources/a.txt", "---\ntitle: A\n---\nThe bell\arang.\n", 4, 9, "control character U+0007 (a bell): remove it"},
		{"a form feed in a source", "content/sources/a.txt", "Page one ends.\n\fPage two.\n", 2, 1, "U+000C (a form feed, a page break): remove it; a PDF imports"},
		{"controls past eight bytes", "content/sources/a.txt", "0123456789abcdef\x1b[31mred\x7f \u0085 \u009f\n", 1, 17, "U+001B (an escape): remove it (and 3 more in the file)"},
		{"a C1 control", "content/sources/a.md", "# T\n\nnext\u0085line\n", 3, 5, "U+0085 (a next line)"},
		{"a vertical tab in a briefing", "content/briefings/a.md", "---\ntitle: A\n---\nA claim\v here.\n", 4, 8, "U+000B (a vertical tab)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := load(t, fstest.MapFS{tt.path: file(tt.data)})
			if len(diags) != 1 {
				t.Fatalf("diags = %v, want one", diags)
			}
			d := diags[0]
			if tt.line == 0 { // yaml's own message: only check the file and that a line is named
				if d.Path != tt.path || d.Line < 2 || !strings.Contains(d.Message, tt.msg) {
					t.Errorf("got %v", d)
				}
				return
			}
			if d.Path != tt.path || d.Line != tt.line || d.Col != tt.col || !strings.Contains(d.Message, tt.msg) || d.Severity != diag.Error {
				t.Errorf("got %s; want %s:%d:%d: error: …%s…", d.Error(), tt.path, tt.line, tt.col, tt.msg)
			}
		})
	}
}

// Text that is not a control passes: tabs, newlines, the Latin-1 symbols
// that share a lead byte with the C1 controls, every script.
func TestNoControlsInText(t *testing.T) {
	for _, text := range []string{"", "plain", "a\tb\nc\n", "\u00a0no-break \u00a9 \u00bf ¿ é 中文 🙂", strings.Repeat("eight by", 9) + "\u00a0"} {
		if d := controlsIn("a.txt", []byte(text), 0); d != nil {
			t.Errorf("%q: %v", text, d)
		}
	}
}

// controlsIn finds a control where a rune at a time does, at every offset.
func FuzzControls(f *testing.F) {
	for _, s := range []string{"abc\x01", "0123456\u0085", "\u00a0\u00a0\u00a0\u00a0\x7f", "\t\n\t\n\t\n\t\n\f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		want := strings.IndexFunc(s, isControl)
		d := controlsIn("a.txt", []byte(s), 0)
		switch {
		case want < 0 && d != nil:
			t.Fatalf("%q: %v", s, d)
		case want >= 0 && (d == nil || d[0].Col != utf8.RuneCountInString(s[strings.LastIndexByte(s[:want], '\n')+1:want])+1):
			t.Fatalf("%q: the first control is at %d; got %v", s, want, d)
		}
	})
}

func TestLoadNoContent(t *testing.T) {
	if _, _, err := Load(fstest.MapFS{"other/x": file("x")}); err == nil {
		t.Error("Load of a tree without content/ did not fail")
	}
}

// Each paragraph of any text is where it says, counted in code points
// (one way for ASCII text, another for the rest), and is ASCII when it
// says so.
func FuzzParagraphs(f *testing.F) {
	for _, s := range []string{"a\nb", "  First line.  \n\nSecond   line.\n", "é\n  ü x\n", "\xff\n a", "plain\r\ntext\n\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		text, paras := plainText(bytes.Clone(body), 1)
		for i, p := range paras {
			if p.Start < 0 || p.Start >= p.End || p.End > len(text) {
				t.Fatalf("paragraph %d: %d–%d of %d bytes", i, p.Start, p.End, len(text))
			}
			if want := utf8.RuneCountInString(text[:p.Start]); p.RuneStart != want {
				t.Fatalf("paragraph %d of %q: RuneStart %d, want %d", i, text, p.RuneStart, want)
			}
			if p.ASCII && !isASCII(text[p.Start:p.End]) {
				t.Fatalf("paragraph %d of %q: said to be ASCII", i, text)
			}
		}
	})
}

func isASCII(s string) bool {
	for _, c := range []byte(s) {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
