package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// excerptWidth is how many code points of a long line are shown around the column.
const excerptWidth = 100

// Text prints each diagnostic as a position line, the line of the file with
// a caret under the column, and its notes.
func Text(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Error())
		b.WriteByte('\n')
		if d.Line > 0 {
			col := d.Col
			if d.ExcerptCol > 0 {
				col = d.ExcerptCol
			}
			line, caret := excerpt(d.Excerpt, col)
			fmt.Fprintf(&b, "    %s\n    %s^\n", line, strings.Repeat(" ", caret))
		}
		for _, n := range d.Notes {
			for _, nl := range strings.Split(n, "\n") {
				fmt.Fprintf(&b, "    %s\n", nl)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// excerpt returns the part of line to show and how many columns of it come
// before the caret. Tabs become single spaces so that the caret lines up.
func excerpt(line string, col int) (string, int) {
	runes := []rune(strings.ReplaceAll(line, "\t", " "))
	for i, r := range runes {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			runes[i] = '\uFFFD' // no terminal control or bidi override from content
		}
	}
	at := min(max(col-1, 0), len(runes))
	start, end := 0, len(runes)
	if len(runes) > excerptWidth {
		start = max(0, at-excerptWidth/3)
		end = min(len(runes), start+excerptWidth)
		if end-start < excerptWidth {
			start = max(0, end-excerptWidth)
		}
	}
	s := string(runes[start:end])
	caret := at - start
	if start > 0 {
		s = "…" + s
		caret++
	}
	if end < len(runes) {
		s += "…"
	}
	return s, caret
}

// GitHub prints each diagnostic as a GitHub Actions workflow command, which
// the Actions runner shows as an annotation on the file and line.
func GitHub(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		msg := d.Message
		for _, n := range d.Notes {
			msg += "\n" + n
		}
		kind := d.Severity.String()
		if d.Severity == Note {
			kind = "notice" // the Actions runner's word
		}
		fmt.Fprintf(&b, "::%s file=%s", kind, ghProperty(d.Path))
		if d.Line > 0 {
			fmt.Fprintf(&b, ",line=%d,col=%d", d.Line, d.Col)
		}
		fmt.Fprintf(&b, "::%s\n", ghData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func ghData(s string) string     { return ghDataEscaper.Replace(s) }
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }

// JSON prints the list as a JSON array of objects with the fields path,
// line, col, severity, message and notes. An empty list prints [].
func JSON(w io.Writer, l List) error {
	if l == nil {
		l = List{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(l)
}

// Print writes the list in the named format: "text", "github" or "json".
func Print(w io.Writer, format string, l List) error {
	switch format {
	case "github":
		return GitHub(w, l)
	case "json":
		return JSON(w, l)
	case "", "text":
		return Text(w, l)
	}
	return fmt.Errorf("unknown format %q (want text, json or github)", format)
}

// ValidFormat reports whether Print knows the format.
func ValidFormat(format string) bool {
	return format == "text" || format == "json" || format == "github"
}
