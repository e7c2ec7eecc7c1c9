package cite

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Item is one citation inside a group: a source, and optionally a passage.
// Offsets are byte offsets into the input of ParseGroup.
type Item struct {
	Contra     bool   // the source contradicts the claim
	Key        string // the source id, as written
	KeyOff     int    // offset of the '@'
	Passage    string // the passage as written, without its quotes
	HasPassage bool   // false for [@id], the source as a whole
	PassageOff int    // offset of the opening quote
}

// Group is a bracketed citation group.
type Group struct {
	Items []Item
	Len   int // bytes from '[' through ']'
}

// SyntaxError is a citation that cannot be read. Incomplete is set when the
// input ended before the group closed; more input may complete it.
type SyntaxError struct {
	Off        int
	Msg        string
	Incomplete bool
}

func (e *SyntaxError) Error() string { return e.Msg }

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*$`)

// ValidID reports whether id is a well-formed source id.
func ValidID(id string) bool {
	return idPattern.MatchString(id) && !strings.Contains(id, "//") &&
		!strings.HasSuffix(id, "/") && !strings.Contains(id, "/.") && !strings.Contains(id, "..")
}

// IsCitationStart reports whether s, which starts with '[', opens a citation
// group: "[@" or "[contra @", with optional white space after the bracket.
// Anything else is left to the Markdown link parser.
func IsCitationStart(s []byte) bool {
	i := skipSpace(s, 1)
	if i < len(s) && s[i] == '@' {
		return true
	}
	if !hasWordAt(s, i, "contra") {
		return false
	}
	j := skipSpace(s, i+len("contra"))
	return j < len(s) && s[j] == '@'
}

// ParseGroup reads a citation group at the start of s, which must satisfy
// IsCitationStart.
func ParseGroup(s []byte) (Group, *SyntaxError) {
	var g Group
	i := 1
	for {
		i = skipSpace(s, i)
		var it Item
		if hasWordAt(s, i, "contra") {
			j := skipSpace(s, i+len("contra"))
			if j >= len(s) || s[j] != '@' {
				return g, errAt(s, j, "expected @id after contra")
			}
			it.Contra = true
			i = j
		}
		if i >= len(s) {
			return g, incomplete(i)
		}
		if s[i] != '@' {
			return g, errAt(s, i, "expected @id, a source id")
		}
		it.KeyOff = i
		i++
		k := i
		for i < len(s) && !isKeyEnd(s[i]) {
			i++
		}
		it.Key = string(s[k:i])
		if it.Key == "" {
			return g, errAt(s, i, "missing source id after @")
		}
		if !ValidID(it.Key) {
			msg := fmt.Sprintf("invalid source id %q: ids are lowercase letters, digits and . _ / -", it.Key)
			if low := strings.ToLower(it.Key); ValidID(low) {
				msg = fmt.Sprintf("invalid source id %q: ids are lowercase; did you mean @%s?", it.Key, low)
			}
			return g, &SyntaxError{Off: it.KeyOff, Msg: msg}
		}
		i = skipSpace(s, i)
		if i < len(s) && s[i] == ',' {
			i = skipSpace(s, i+1)
			if i >= len(s) {
				return g, incomplete(i)
			}
			open, size := utf8.DecodeRune(s[i:])
			if open != '"' && open != '“' {
				return g, errAt(s, i, "the passage must be in quotes: [@%s, \"…\"]", it.Key)
			}
			it.HasPassage, it.PassageOff = true, i
			p, n, err := readQuoted(s, i, open, size)
			if err != nil {
				return g, err
			}
			it.Passage = p
			i = skipSpace(s, i+n)
		}
		g.Items = append(g.Items, it)
		if i >= len(s) {
			return g, incomplete(i)
		}
		switch s[i] {
		case ';':
			i++
			continue
		case ']':
			g.Len = i + 1
			return g, nil
		}
		if it.HasPassage {
			return g, errAt(s, i, "expected ; or ] after the passage")
		}
		return g, errAt(s, i, "expected , ; or ] after @%s", it.Key)
	}
}

// readQuoted reads the quoted passage that opens at s[i] with the quote
// open of size bytes. It returns the passage and the bytes read, quotes included.
func readQuoted(s []byte, i int, open rune, size int) (string, int, *SyntaxError) {
	var b strings.Builder
	j := i + size
	for j < len(s) {
		r, n := utf8.DecodeRune(s[j:])
		switch {
		case open == '"' && r == '\\' && j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\\'):
			b.WriteByte(s[j+1])
			j += 2
			continue
		case open == '"' && r == '"', open == '“' && r == '”':
			if b.Len() == 0 {
				return "", 0, &SyntaxError{Off: i, Msg: "empty passage"}
			}
			return b.String(), j + n - i, nil
		}
		b.Write(s[j : j+n])
		j += n
	}
	return "", 0, &SyntaxError{Off: i, Msg: "unclosed quote: the passage has no closing " + closing(open), Incomplete: true}
}

func closing(open rune) string {
	if open == '“' {
		return "”"
	}
	return `"`
}

func isKeyEnd(c byte) bool {
	return c == ',' || c == ';' || c == ']' || c == '[' || c == '"' || isSpace(c)
}

func skipSpace(s []byte, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func hasWordAt(s []byte, i int, w string) bool {
	return len(s) >= i+len(w) && string(s[i:i+len(w)]) == w &&
		(len(s) == i+len(w) || isSpace(s[i+len(w)]) || s[i+len(w)] == '@')
}

func incomplete(i int) *SyntaxError {
	return &SyntaxError{Off: i, Msg: "unclosed citation: expected ]", Incomplete: true}
}

func errAt(s []byte, i int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Off: min(i, len(s)), Msg: fmt.Sprintf(format, args...)}
}
