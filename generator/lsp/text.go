package lsp

import (
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Position encodings, as the protocol names them.
const (
	utf8Encoding  = "utf-8"
	utf16Encoding = "utf-16"
	utf32Encoding = "utf-32"
)

// units is how many units of the encoding enc the code point r takes.
func units(r rune, enc string) int {
	switch enc {
	case utf8Encoding:
		return utf8.RuneLen(max(r, 0))
	case utf32Encoding:
		return 1
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// lineStart returns the byte offset where the 0-based line starts, or
// len(text) past the last line. A line ends at "\n", "\r\n" or "\r".
func lineStart(text []byte, line int) int {
	off := 0
	for l := 0; l < line; l++ {
		i := off
		for i < len(text) && text[i] != '\n' && text[i] != '\r' {
			i++
		}
		if i == len(text) {
			return len(text)
		}
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		off = i + 1
	}
	return off
}

// lineEnd returns the offset of the end of the line that starts at off,
// before its line break.
func lineEnd(text []byte, off int) int {
	for off < len(text) && text[off] != '\n' && text[off] != '\r' {
		off++
	}
	return off
}

// offsetOf turns a position into a byte offset of text; a character past
// the end of its line is the line's end, and a line past the last, the
// end of the text.
func offsetOf(text []byte, p Position, enc string) int {
	off := lineStart(text, max(p.Line, 0))
	end := lineEnd(text, off)
	for n := 0; off < end && n < p.Character; {
		r, size := utf8.DecodeRune(text[off:end])
		if n+units(r, enc) > p.Character {
			break // in the middle of a code point: at its start
		}
		n += units(r, enc)
		off += size
	}
	return off
}

// positionOf turns a byte offset of text into a position.
func positionOf(text []byte, off int, enc string) Position {
	off = min(max(off, 0), len(text))
	line, start := 0, 0
	for i := 0; i < off; i++ {
		if text[i] == '\n' || text[i] == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
			line, start = line+1, i+1
		}
	}
	return Position{Line: line, Character: width(text[start:off], enc)}
}

// width is how many units of enc the text takes.
func width(text []byte, enc string) int {
	if enc == utf8Encoding {
		return len(text)
	}
	n := 0
	for _, r := range string(text) {
		n += units(r, enc)
	}
	return n
}

// positionAt turns a diagnostic's 1-based line and code-point column into
// a position of text.
func positionAt(text []byte, line, col int, enc string) Position {
	if line < 1 {
		return Position{}
	}
	off := lineStart(text, line-1)
	end := lineEnd(text, off)
	i := off
	for k := 1; k < col && i < end; k++ {
		_, size := utf8.DecodeRune(text[i:end])
		i += size
	}
	return Position{Line: line - 1, Character: width(text[off:i], enc)}
}

// applyChange applies one change to text.
func applyChange(text []byte, c contentChange, enc string) []byte {
	if c.Range == nil {
		return []byte(c.Text)
	}
	from, to := offsetOf(text, c.Range.Start, enc), offsetOf(text, c.Range.End, enc)
	if to < from {
		from, to = to, from
	}
	out := make([]byte, 0, len(text)-(to-from)+len(c.Text))
	out = append(out, text[:from]...)
	out = append(out, c.Text...)
	return append(out, text[to:]...)
}

// pathOfURI returns the file path a file: URI names; "" for another kind
// of URI.
func pathOfURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

// uriOf returns the file: URI of an absolute path.
func uriOf(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// sitePath returns the slash path of file relative to root; "" when file is
// not inside root.
func sitePath(root, file string) string {
	rel, err := filepath.Rel(root, file)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ""
	}
	return filepath.ToSlash(rel)
}
