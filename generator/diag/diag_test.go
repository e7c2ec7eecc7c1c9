package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestLocate(t *testing.T) {
	src := []byte("first line\nsecond “line” here\r\nthird\rfourth")
	tests := []struct {
		off       int
		line, col int
		text      string
	}{
		{0, 1, 1, "first line"},
		{6, 1, 7, "first line"},
		{10, 1, 11, "first line"},
		{11, 2, 1, "second “line” here"},
		{strings.Index(string(src), "here"), 2, 15, "second “line” here"}, // columns count code points
		{strings.Index(string(src), "third"), 3, 1, "third"},
		{strings.Index(string(src), "fourth"), 4, 1, "fourth"}, // a lone \r ends a line
		{len(src) + 5, 4, 7, "fourth"},
		{-1, 1, 1, "first line"},
	}
	for _, tt := range tests {
		line, col, text := Locate(src, tt.off)
		if line != tt.line || col != tt.col || text != tt.text {
			t.Errorf("Locate(%d) = %d:%d %q; want %d:%d %q", tt.off, line, col, text, tt.line, tt.col, tt.text)
		}
	}
}

func TestTextCaret(t *testing.T) {
	src := []byte("title\nRubio said “days” [@paris, \"x\"].\n")
	d := At("content/briefings/a.md", src, strings.Index(string(src), "[@"), Error, "passage not found in @%s", "paris")
	d.Notes = []string{"did you mean \"y\"?"}
	var b bytes.Buffer
	if err := Text(&b, List{d}); err != nil {
		t.Fatal(err)
	}
	want := "content/briefings/a.md:2:19: error: passage not found in @paris\n" +
		"    Rubio said “days” [@paris, \"x\"].\n" +
		"                      ^\n" +
		"    did you mean \"y\"?\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// A long line is shortened around the column, and the caret stays under it.
func TestTextCaretLongLine(t *testing.T) {
	line := strings.Repeat("word ", 60) + "[@x]" + strings.Repeat(" tail", 60)
	off := strings.Index(line, "[@x]")
	d := At("a.md", []byte(line), off, Warning, "m")
	var b bytes.Buffer
	_ = Text(&b, List{d})
	lines := strings.Split(b.String(), "\n")
	excerpt, caret := []rune(lines[1]), []rune(lines[2])
	if len(excerpt) > excerptWidth+8 {
		t.Errorf("excerpt is %d code points long", len(excerpt))
	}
	at := len(caret) - 1
	if caret[at] != '^' || string(excerpt[at:at+4]) != "[@x]" {
		t.Errorf("caret at %d does not point at [@x]:\n%s\n%s", at, lines[1], lines[2])
	}
}

func TestTextCaretTabsAndControls(t *testing.T) {
	src := []byte("\tx\x1b[31m [@a]")
	d := At("a.md", src, strings.Index(string(src), "[@a]"), Error, "m")
	var b bytes.Buffer
	_ = Text(&b, List{d})
	if strings.Contains(b.String(), "\x1b") || strings.Contains(b.String(), "\t") {
		t.Errorf("control characters reach the terminal: %q", b.String())
	}
	lines := strings.Split(b.String(), "\n")
	at := strings.Index(lines[2], "^")
	if !strings.HasPrefix(string([]rune(lines[1])[at:]), "[@a]") {
		t.Errorf("caret misplaced:\n%s\n%s", lines[1], lines[2])
	}
}

func TestGitHub(t *testing.T) {
	l := List{
		{Path: "content/b,1.md", Line: 3, Col: 7, Severity: Error, Message: "passage not found: 100% sure", Notes: []string{"did you mean x?"}},
		{Path: "content/sources", Severity: Warning, Message: "ignored"},
		{Path: "content/sources/a.txt", Line: 5, Col: 6, Severity: Note, Message: "the live page has changed"},
	}
	var b bytes.Buffer
	_ = GitHub(&b, l)
	want := "::error file=content/b%2C1.md,line=3,col=7::passage not found: 100%25 sure%0Adid you mean x?\n" +
		"::warning file=content/sources::ignored\n" +
		"::notice file=content/sources/a.txt,line=5,col=6::the live page has changed\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	_ = JSON(&b, nil)
	if strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("empty list = %q, want []", b.String())
	}
	b.Reset()
	_ = JSON(&b, List{{Path: "a.md", Line: 1, Col: 2, Severity: Warning, Message: "m"}, {Path: "s.txt", Severity: Note, Code: "online/gone", Message: "n"}})
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got[0]["path"] != "a.md" || got[0]["line"] != 1.0 || got[0]["col"] != 2.0 || got[0]["severity"] != "warning" || got[0]["message"] != "m" || got[0]["code"] != nil {
		t.Errorf("got %v", got[0])
	}
	if got[1]["severity"] != "note" || got[1]["code"] != "online/gone" {
		t.Errorf("got %v", got[1])
	}
}

func TestSortAndStrict(t *testing.T) {
	l := List{
		{Path: "b.md", Line: 1, Col: 1, Message: "x"},
		{Path: "a.md", Line: 9, Col: 1, Message: "y"},
		{Path: "a.md", Line: 2, Col: 5, Message: "z", Severity: Error},
		{Path: "c.txt", Message: "a note", Severity: Note},
	}
	l.Sort()
	if l[0].Line != 2 || l[1].Line != 9 || l[2].Path != "b.md" {
		t.Errorf("sorted = %v", l)
	}
	if e, w := l.Count(); e != 1 || w != 2 {
		t.Errorf("Count = %d, %d (a note is neither)", e, w)
	}
	if e, w := l.Strict().Count(); e != 3 || w != 0 || l.Strict()[3].Severity != Note {
		t.Errorf("Strict has %d errors, %d warnings, want 3 and the note a note", e, w)
	}
	if e, _ := l.Count(); e != 1 {
		t.Error("Strict changed the list it was called on")
	}
}

// A Locator finds what Locate finds.
func TestLocator(t *testing.T) {
	src := []byte("one\ntwo “x”\r\nthree\rfour\n\nlast")
	l := NewLocator("f", src)
	for off := 0; off <= len(src)+2; off++ {
		line, col, text := Locate(src, off)
		d := l.At(off, Error, "m")
		if d.Line != line || d.Col != col || d.Excerpt != text {
			t.Errorf("offset %d: Locator %d:%d %q, Locate %d:%d %q", off, d.Line, d.Col, d.Excerpt, line, col, text)
		}
	}
}

// On long lines of many-byte code points (and a byte that is none), a
// Locator's count kept every markEvery bytes gives what counting from the
// line's start gives.
func TestLocatorLongLines(t *testing.T) {
	line := strings.Repeat("ab é “q” 😀 \xff ", 500) // 8 KB or so
	src := []byte(line + "\r\n" + line + "\r" + line + "\nend")
	l := NewLocator("f", src)
	if len(l.marks) < 10 {
		t.Fatalf("%d marks for %d bytes", len(l.marks), len(src))
	}
	for off := 0; off <= len(src); off += 7 {
		want, got := At("f", src, off, Error, "m"), l.At(off, Error, "m")
		if got.Line != want.Line || got.Col != want.Col || got.Excerpt != want.Excerpt || got.ExcerptCol != want.ExcerptCol {
			t.Fatalf("offset %d: Locator %d:%d (excerpt col %d), At %d:%d (%d)", off, got.Line, got.Col, got.ExcerptCol, want.Line, want.Col, want.ExcerptCol)
		}
	}
}

// A diagnostic on a very long line keeps a window of it, and the caret still points right.
func TestLongLineExcerptIsWindowed(t *testing.T) {
	line := strings.Repeat("x", 1<<20) + "[@here]" + strings.Repeat("y", 1<<20)
	d := At("f", []byte(line), 1<<20, Error, "m")
	if len(d.Excerpt) > keepRunes*4 {
		t.Fatalf("excerpt of %d bytes kept", len(d.Excerpt))
	}
	var b bytes.Buffer
	Text(&b, List{d})
	lines := strings.Split(b.String(), "\n")
	at := strings.Index(lines[2], "^")
	if !strings.HasPrefix(string([]rune(lines[1])[at:]), "[@here]") {
		t.Errorf("caret misplaced:\n%s\n%s", lines[1][:min(len(lines[1]), 200)], lines[2])
	}
}
