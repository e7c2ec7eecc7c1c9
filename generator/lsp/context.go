package lsp

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"dossier/generator/cite"
)

// What is being typed at the cursor, for completion: read from the text
// as it is now, unsaved and unfinished, which is why this is not the
// citation parser's work (package cite reads whole groups).

type contextKind int

const (
	noContext      contextKind = iota
	sourceContext              // a source id after [@, ; @ or contra @
	passageContext             // a passage inside the quotes of [@id, "…
	alertContext               // a kind after > [!
	tagContext                 // a tag in the front matter's tags:
)

// typing is what is being typed: its kind, where the text it would
// replace starts (from) and what has been typed there (typed), the source
// id a passage is quoted from, and the opening quote.
type typing struct {
	kind  contextKind
	from  int
	typed string
	key   string
	quote rune
}

// maxLookBack is how far back from the cursor a citation group is looked
// for: a group is a few lines long.
const maxLookBack = 8 << 10

// typingAt says what is being typed at byte offset off of text.
func typingAt(text []byte, off int) typing {
	if t, ok := tagAt(text, off); ok {
		return t
	}
	start := lineStartAt(text, off)
	if m := alertPrefix.FindSubmatchIndex(text[start:off]); m != nil {
		return typing{kind: alertContext, from: start + m[2], typed: string(text[start+m[2] : off])}
	}
	lo := max(0, off-maxLookBack)
	if k := bytes.LastIndex(text[lo:off], []byte("\n\n")); k >= 0 {
		lo += k + 2 // a group does not cross a blank line
	}
	for i := off - 1; i >= lo; i-- {
		if text[i] != '[' || !cite.IsCitationStart(text[i:]) {
			continue
		}
		t, closed := inGroup(text[i:off])
		if closed {
			return typing{}
		}
		if t.kind != noContext {
			t.from += i
			return t
		}
	}
	return typing{}
}

// alertPrefix is a line that opens an alert, up to the cursor: "> [!NO".
var alertPrefix = regexp.MustCompile(`^[ \t]*(?:>[ \t]*)+\[!([A-Za-z]*)$`)

func lineStartAt(text []byte, off int) int {
	return bytes.LastIndexAny(text[:off], "\r\n") + 1
}

// inGroup reads s, a citation group from its '[' up to the cursor, and
// says what is being typed at its end; closed is set when the group ends
// before it.
func inGroup(s []byte) (t typing, closed bool) {
	i := 1
	for {
		i = skip(s, i)
		if strings.HasPrefix(string(s[i:]), "contra") {
			i = skip(s, i+len("contra"))
		}
		if i >= len(s) || s[i] != '@' {
			return typing{}, false
		}
		i++
		k := i
		for i < len(s) && !cite.IsKeyEnd(s[i]) {
			i++
		}
		if i == len(s) {
			return typing{kind: sourceContext, from: k, typed: string(s[k:])}, false
		}
		key := string(s[k:i])
		i = skip(s, i)
		if i == len(s) {
			return typing{}, false
		}
		switch s[i] {
		case ';':
			i++
			continue
		case ']':
			return typing{}, true
		case ',':
		default:
			return typing{}, false
		}
		i = skip(s, i+1)
		if i == len(s) {
			return typing{}, false
		}
		open, size := utf8.DecodeRune(s[i:])
		if open != '"' && open != '“' {
			return typing{}, false
		}
		j := i + size
		var typed strings.Builder
		for {
			if j >= len(s) {
				return typing{kind: passageContext, from: i + size, typed: typed.String(), key: key, quote: open}, false
			}
			r, n := utf8.DecodeRune(s[j:])
			if open == '"' && r == '\\' && j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\\') {
				typed.WriteByte(s[j+1])
				j += 2
				continue
			}
			if open == '"' && r == '"' || open == '“' && r == '”' {
				j += n
				break
			}
			typed.WriteRune(r)
			j += n
		}
		i = skip(s, j)
		if i < len(s) && s[i] == ',' { // a paragraph: ¶3
			i = skip(s, i+1)
			for i < len(s) && !cite.IsKeyEnd(s[i]) {
				i++
			}
			i = skip(s, i)
		}
		switch {
		case i == len(s):
			return typing{}, false
		case s[i] == ';':
			i++
		case s[i] == ']':
			return typing{}, true
		default:
			return typing{}, false
		}
	}
}

func skip(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// tagAt says whether off is in the front matter's tags, as a flow list
// ("tags: [a, b]") or a block one ("tags:" and "- a" lines), and what tag
// is being typed there.
func tagAt(text []byte, off int) (typing, bool) {
	if !bytes.HasPrefix(text, []byte("---\n")) && !bytes.HasPrefix(text, []byte("---\r\n")) {
		return typing{}, false
	}
	end := bytes.Index(text[3:], []byte("\n---"))
	if end < 0 || off > end+3 {
		return typing{}, false
	}
	start := lineStartAt(text, off)
	line := string(text[start:off])
	if rest, ok := strings.CutPrefix(line, "tags:"); ok {
		k := strings.LastIndexAny(rest, "[,:")
		typed := strings.TrimLeft(rest[k+1:], " \t")
		return typing{kind: tagContext, from: off - len(typed), typed: typed}, true
	}
	trimmed := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(trimmed, "- ") && trimmed != "-" {
		return typing{}, false
	}
	// a block list's item: is it under tags:?
	for p := start; p > 0; {
		prev := lineStartAt(text, p-1)
		l := strings.TrimRight(string(text[prev:p]), "\r\n")
		if !strings.HasPrefix(strings.TrimLeft(l, " \t"), "-") {
			if strings.TrimSpace(l) != "tags:" {
				return typing{}, false
			}
			typed := strings.TrimLeft(strings.TrimPrefix(trimmed, "-"), " \t")
			return typing{kind: tagContext, from: off - len(typed), typed: typed}, true
		}
		p = prev
	}
	return typing{}, false
}
