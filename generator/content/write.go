package content

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Field is one front matter field, in the order it is written: a value,
// or a list of them.
type Field struct {
	Key, Value string
	List       []string // written as a block list, when Value is ""
}

// FrontMatter writes fields as front matter: "---", a "key: value" line
// for each field with a value, "---". A value is written as it is where YAML
// reads it back as that same text, and in double quotes, escaped, where it
// would not (a colon and a space, a leading quote, "#", a date-like or
// empty-looking value, leading or trailing spaces, control characters):
// whatever a title holds, loading the file gives it back unchanged, but
// for control characters, which front matter may not hold and are dropped.
func FrontMatter(fields []Field) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	value := func(v string) {
		if PlainYAML(v) {
			b.WriteString(v)
		} else {
			quoteYAML(&b, v)
		}
		b.WriteByte('\n')
	}
	for _, f := range fields {
		f.Value = DropControls(f.Value)
		if f.Value == "" && len(f.List) > 0 {
			b.WriteString(f.Key)
			b.WriteString(":\n")
			for _, v := range f.List {
				b.WriteString("  - ")
				value(DropControls(v))
			}
			continue
		}
		if f.Value == "" {
			continue
		}
		b.WriteString(f.Key)
		b.WriteString(": ")
		value(f.Value)
	}
	b.WriteString("---\n")
	return b.Bytes()
}

// DropControls removes from s the control characters that front matter may
// not hold (C0 but tab and newline, DEL, C1).
func DropControls(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' || 0x7f <= r && r <= 0x9f }

// PlainYAML reports whether s may be written as a plain YAML scalar, which
// YAML reads back as s: not null, nothing YAML reads as markup, no white
// space at its ends.
func PlainYAML(s string) bool {
	return s == strings.TrimSpace(s) && simpleValue([]byte(s))
}

// QuoteYAML is s as a YAML double-quoted scalar, which YAML reads back as
// s whatever it holds: a name from a folder or a URL in a generated file.
func QuoteYAML(s string) string {
	var b bytes.Buffer
	quoteYAML(&b, s)
	return b.String()
}

// quoteYAML writes s as a YAML double-quoted scalar: backslash and quote
// escaped, and every character YAML would not keep as it is (controls,
// line and paragraph separators, the byte order mark, non-characters,
// invalid UTF-8) as an escape.
func quoteYAML(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\uFFFD`)
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff:
			fmt.Fprintf(b, `\u%04X`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
