package diag

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Severity says whether a diagnostic stops a build.
type Severity int

const (
	Note    Severity = iota - 1 // information that fails nothing, even a strict build
	Warning                     // reported; fails only a strict build (--strict, check)
	Error                       // fails the build, which writes nothing
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Note:
		return "note"
	}
	return "warning"
}

// MarshalText writes the severity as "error", "warning" or "note".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem at one place in one file.
type Diagnostic struct {
	Path     string   `json:"path"`     // relative to the site root, with forward slashes
	Line     int      `json:"line"`     // 1-based; 0 when the problem is the file as a whole
	Col      int      `json:"col"`      // 1-based, in code points
	Severity Severity `json:"severity"` // Error, Warning or Note
	// Code names the kind of problem, for tools, where it has one:
	// "online/changed", say (docs/commands.md)
	Code    string   `json:"code,omitempty"`
	Message string   `json:"message"`
	Notes   []string `json:"notes,omitempty"` // further lines: suggestions, occurrences
	Excerpt string   `json:"-"`               // the text of line Line, without its newline, or a window of it
	// ExcerptCol is Col within Excerpt when Excerpt is a window of a long
	// line; 0 when Excerpt is the whole line.
	ExcerptCol int `json:"-"`
	// EndLine and EndCol, when set, are where the text at fault ends (just
	// past it): an editor underlines from Line:Col to there.
	EndLine int `json:"end_line,omitempty"`
	EndCol  int `json:"end_col,omitempty"`
	// Fixes are edits of the file that mend the problem as its message or
	// notes say: a did-you-mean written in, a form rewritten.
	Fixes []Fix `json:"fixes,omitempty"`
}

// Fix is one mending of a problem: the text from Line:Col to EndLine:EndCol
// (columns in code points, the end just past the text) replaced with Text.
type Fix struct {
	Title   string `json:"title"` // what it does, as a menu says it
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	EndLine int    `json:"end_line"`
	EndCol  int    `json:"end_col"`
	Text    string `json:"text"`
}

// Error formats the first line of the diagnostic, so that a Diagnostic can
// travel as an error.
func (d Diagnostic) Error() string {
	if d.Line == 0 {
		return fmt.Sprintf("%s: %s: %s", d.Path, d.Severity, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.Path, d.Line, d.Col, d.Severity, d.Message)
}

// At makes a diagnostic for the byte offset off of src, the content of the
// file at path. An offset past the end points just after the last byte.
// For many diagnostics in one file, a Locator is faster.
func At(path string, src []byte, off int, sev Severity, format string, args ...any) Diagnostic {
	off = min(max(off, 0), len(src))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' || src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			line, start = line+1, i+1
		}
	}
	end := start
	for end < len(src) && src[end] != '\n' && src[end] != '\r' {
		end++
	}
	text, excerptCol := lineAt(src, start, end, off)
	return made(path, line, utf8.RuneCount(src[start:off])+1, text, excerptCol, sev, fmt.Sprintf(format, args...))
}

// File makes a diagnostic about a whole file.
func File(path string, sev Severity, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Severity: sev, Message: fmt.Sprintf(format, args...)}
}

// keepRunes is how much of a long line a diagnostic keeps, around its column.
const keepRunes = 4 * excerptWidth

func made(path string, line, col int, text string, excerptCol int, sev Severity, msg string) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Severity: sev, Message: msg, Excerpt: text, ExcerptCol: excerptCol}
}

// Locator makes diagnostics for one file, finding lines by binary search
// and columns from code-point counts kept every markEvery bytes, so that a
// thousand diagnostics on one line of a megabyte cost what one does.
type Locator struct {
	path   string
	src    []byte
	starts []int  // where each line starts
	marks  []mark // in order of offset
}

// mark is how many code points of the file precede offset off, the start
// of a code point.
type mark struct{ off, runes int }

const markEvery = 1024

// NewLocator indexes the lines of src, the content of the file at path.
func NewLocator(path string, src []byte) *Locator {
	l := &Locator{path: path, src: src, starts: []int{0}, marks: []mark{{0, 0}}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' || src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			l.starts = append(l.starts, i+1)
		}
		if last := l.marks[len(l.marks)-1]; i-last.off >= markEvery && utf8.RuneStart(src[i]) {
			l.marks = append(l.marks, mark{i, last.runes + utf8.RuneCount(src[last.off:i])})
		}
	}
	return l
}

// runes is how many code points of the file precede offset off: as
// utf8.RuneCount(src[:off]) counts them, since a count splits at the start
// of a code point without changing.
func (l *Locator) runes(off int) int {
	k := sort.Search(len(l.marks), func(k int) bool { return l.marks[k].off > off }) - 1
	return l.marks[k].runes + utf8.RuneCount(l.src[l.marks[k].off:off])
}

// At makes a diagnostic at byte offset off, as the function At does.
func (l *Locator) At(off int, sev Severity, format string, args ...any) Diagnostic {
	off = min(max(off, 0), len(l.src))
	i := sort.SearchInts(l.starts, off+1) - 1
	start, end := l.starts[i], len(l.src)
	if i+1 < len(l.starts) {
		end = l.starts[i+1] - 1 // the line's '\n' or lone '\r'
		if l.src[end] == '\n' && end > start && l.src[end-1] == '\r' {
			end--
		}
	}
	text, excerptCol := lineAt(l.src, start, end, off)
	return made(l.path, i+1, l.runes(off)-l.runes(start)+1, text, excerptCol, sev, fmt.Sprintf(format, args...))
}

// pos is the 1-based line and code-point column of byte offset off.
func (l *Locator) pos(off int) (line, col int) {
	off = min(max(off, 0), len(l.src))
	i := sort.SearchInts(l.starts, off+1) - 1
	return i + 1, l.runes(off) - l.runes(l.starts[i]) + 1
}

// Span makes d, a diagnostic of this file, end at byte offset end.
func (l *Locator) Span(d *Diagnostic, end int) {
	d.EndLine, d.EndCol = l.pos(end)
}

// Fix adds to d the fix that replaces the bytes off to end of the file
// with text.
func (l *Locator) Fix(d *Diagnostic, off, end int, text, title string) {
	f := Fix{Title: title, Text: text}
	f.Line, f.Col = l.pos(off)
	f.EndLine, f.EndCol = l.pos(end)
	d.Fixes = append(d.Fixes, f)
}

// Locate turns a byte offset into a 1-based line and code-point column and
// returns the text of that line. A "\r\n" or a lone "\r" ends a line as "\n" does.
func Locate(src []byte, off int) (line, col int, text string) {
	off = min(max(off, 0), len(src))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		switch src[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			line, start = line+1, i+1
		}
	}
	col = utf8.RuneCount(src[start:off]) + 1
	end := start
	for end < len(src) && src[end] != '\n' && src[end] != '\r' {
		end++
	}
	return line, col, string(bytes.ToValidUTF8(src[start:end], []byte("\uFFFD")))
}

// lineAt returns the text of the line of src from start to end, or a
// window of it around off when it is long, and off's code-point column in
// the window (0 when the text is the whole line).
func lineAt(src []byte, start, end, off int) (text string, excerptCol int) {
	if end-start <= keepRunes {
		return string(bytes.ToValidUTF8(src[start:end], []byte("\uFFFD"))), 0
	}
	// a window of keepRunes code points around off, not a line of megabytes
	ws := off
	for n := 0; n < keepRunes/2 && ws > start; n++ {
		ws--
		for ws > start && !utf8.RuneStart(src[ws]) {
			ws--
		}
	}
	we := ws
	for n := 0; n < keepRunes && we < end; n++ {
		_, size := utf8.DecodeRune(src[we:end])
		we += size
	}
	return string(bytes.ToValidUTF8(src[ws:we], []byte("\uFFFD"))), utf8.RuneCount(src[ws:off]) + 1
}

// List is a set of diagnostics.
type List []Diagnostic

// Sort orders the list by path, line, column and message, so that output
// does not depend on the order in which work finished.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Message, b.Message))
	})
}

// Count returns how many errors and warnings the list holds (notes are
// neither).
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return
}

// Summary says how many errors and warnings the list holds, as a person
// would: "1 error, 2 warnings".
func (l List) Summary() string {
	errs, warns := l.Count()
	return Plural(errs, "error") + ", " + Plural(warns, "warning")
}

// Plural is n and the word, in the plural unless n is 1: "1 error", "0 errors".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Strict returns a copy of the list in which every warning is an error.
func (l List) Strict() List {
	out := slices.Clone(l)
	for i := range out {
		if out[i].Severity == Warning {
			out[i].Severity = Error
		}
	}
	return out
}
