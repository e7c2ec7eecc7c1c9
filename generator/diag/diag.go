package diag

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Severity says whether a diagnostic stops a build.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText writes the severity as "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem at one place in one file.
type Diagnostic struct {
	Path     string   `json:"path"`     // relative to the site root, with forward slashes
	Line     int      `json:"line"`     // 1-based; 0 when the problem is the file as a whole
	Col      int      `json:"col"`      // 1-based, in code points
	Severity Severity `json:"severity"` // Error or Warning
	Message  string   `json:"message"`
	Notes    []string `json:"notes,omitempty"` // further lines: suggestions, occurrences
	Excerpt  string   `json:"-"`               // the text of line Line, without its newline
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
func At(path string, src []byte, off int, sev Severity, format string, args ...any) Diagnostic {
	line, col, text := Locate(src, off)
	return Diagnostic{Path: path, Line: line, Col: col, Severity: sev,
		Message: fmt.Sprintf(format, args...), Excerpt: text}
}

// File makes a diagnostic about a whole file.
func File(path string, sev Severity, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Severity: sev, Message: fmt.Sprintf(format, args...)}
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
	end := start
	for end < len(src) && src[end] != '\n' && src[end] != '\r' {
		end++
	}
	col = utf8.RuneCount(src[start:off]) + 1
	return line, col, string(bytes.ToValidUTF8(src[start:end], []byte("\uFFFD")))
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

// Count returns how many errors and warnings the list holds.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Strict returns a copy of the list in which every warning is an error.
func (l List) Strict() List {
	out := slices.Clone(l)
	for i := range out {
		out[i].Severity = Error
	}
	return out
}
