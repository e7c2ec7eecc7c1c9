package cite

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
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
	PassageEnd int    // offset just past the closing quote
	// Para is the paragraph (1-based) that an editor named after the
	// passage, [@id, "…", ¶3], to choose one of its occurrences; 0 for none.
	Para    int
	ParaOff int // offset of the ¶ (or "para."), when Para is set
	End     int // offset just past the item: its key, closing quote or paragraph
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
	// Placed is set on an incomplete error whose Off is where the mistake
	// is (a ']' inside an unclosed passage), rather than the group's start.
	Placed bool
	// Fix, when set, is the edit that writes what Msg asks for.
	Fix *Edit
}

// Edit replaces the bytes Off to End of the input with Text: the mending of a
// mistake, which an editor's tools offer to make (dossier lsp).
type Edit struct {
	Off, End int
	Text     string
	Title    string // what it does, as a menu says it: "write @abc"
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
// It also reports true for a group that Pandoc reads as a citation but
// dossier does not accept ("[see @id]", "[-@id]"; IsPandocStart tells
// those apart) and for one that lacks only its '@' ("[id, \"…\"]"), so
// that ParseGroup can say what to write instead. Anything else is left to
// the Markdown link parser.
func IsCitationStart(s []byte) bool {
	return isDossierStart(s) || IsPandocStart(s) || missingAt(s, skipSpace(s, 1)) != ""
}

// missingAt returns the id of an item at s[i] that lacks its '@': an id
// followed by a quoted passage ("paris, \"…"), or after contra by ',', ';'
// or ']' ("contra paris]"); "" for anything else.
func missingAt(s []byte, i int) string {
	contra := hasWordAt(s, i, "contra")
	if contra {
		i = skipSpace(s, i+len("contra"))
	}
	j := i
	for j < len(s) && !IsKeyEnd(s[j]) {
		j++
	}
	k := skipSpace(s, j)
	switch {
	case k >= len(s) || j == i:
		return ""
	case contra && (s[k] == ']' || s[k] == ';' || s[k] == ','):
	case s[k] == ',':
		if r, _ := utf8.DecodeRune(s[skipSpace(s, k+1):]); r != '"' && r != '“' {
			return ""
		}
	default:
		return ""
	}
	if id := string(s[i:j]); ValidID(id) {
		return id
	}
	return ""
}

func isDossierStart(s []byte) bool {
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

// IsPandocStart reports whether s, which starts with '[', opens a group
// that Pandoc reads as a citation and dossier does not: a prefix before the
// first key ("[see @id"), or "-@id", Pandoc's suppressed author. The
// group's first line is looked at, up to its first ']'.
func IsPandocStart(s []byte) bool {
	if len(s) < 2 || s[1] == '^' || s[1] == '!' || isDossierStart(s) {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case ']', '[', '\n':
			return false
		case '@':
			if pandocKeyAt(s, i) {
				return true
			}
		}
	}
	return false
}

// pandocKeyAt reports whether s[i], an '@', starts a Pandoc citation key:
// after white space, '[', ';' or '-', and before a letter, digit, '_' or '{'.
func pandocKeyAt(s []byte, i int) bool {
	if i+1 >= len(s) || i == 0 {
		return false
	}
	switch s[i-1] {
	case ' ', '\t', '\n', '[', ';', '-':
	default:
		return false
	}
	c := s[i+1]
	return c == '_' || c == '{' || c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// pandocItem explains an item that starts at s[i] with something other than
// '@': Pandoc's suppressed author ("-@id") or a prefix ("see @id"). ok is
// false when the item is not one of those.
func pandocItem(s []byte, i int) (err *SyntaxError, ok bool) {
	if i+1 < len(s) && s[i] == '-' && s[i+1] == '@' {
		key := pandocKey(s, i+1)
		return &SyntaxError{Off: i, Msg: fmt.Sprintf(
			"-@%s hides the author in Pandoc; dossier shows no author, so cite [@%s, \"…\"]", key, key),
			Fix: &Edit{Off: i, End: i + 1, Title: "write @" + key}}, true
	}
	for j := i; j < len(s); j++ {
		switch s[j] {
		case ';', ']', '[', '"', '\n':
			return nil, false
		case '@':
			if !pandocKeyAt(s, j) {
				continue
			}
			prefix := strings.TrimRight(string(s[i:j]), " \t-")
			key := pandocKey(s, j)
			return &SyntaxError{Off: i, Msg: fmt.Sprintf(
				"a prefix (%q) is not part of a citation: write it in the sentence and cite [@%s, \"…\"]", prefix, key),
				Fix: &Edit{Off: 0, End: j, Text: prefix + " [", Title: fmt.Sprintf("move %q out of the citation", prefix)}}, true
		}
	}
	return nil, false
}

// pandocKey returns the key written after the '@' at s[i].
func pandocKey(s []byte, i int) string {
	j := i + 1
	for j < len(s) && !IsKeyEnd(s[j]) {
		j++
	}
	return string(s[i+1 : j])
}

// locator matches what Pandoc takes for a locator: "p. 3", "pp. 4-5",
// "chap. 2", "§ 4", "12".
var locator = regexp.MustCompile(`^(?i:(?:p|pp|pg|page|pages|ch|chap|chapter|sec|section|para|paragraph|l|ll|line|lines|vol|fig|n|no|col|§|¶)\.?\s*[0-9ivxlc]+|[0-9]+)\b[^;\]]*`)

// paragraphWord matches how a paragraph is named after a passage: ¶3,
// ¶ 3, or Pandoc's "para. 3", "para 3", "paragraph 3".
var paragraphWord = regexp.MustCompile(`^(?:¶ ?|(?i:para\.?|paragraph) ?)([0-9]{1,7})\b`)

// paragraphAt reads a paragraph named at the start of s: its number and
// the bytes it takes; n is 0 when s does not start with one.
func paragraphAt(s []byte) (para, n int) {
	m := paragraphWord.FindSubmatchIndex(s)
	if m == nil {
		return 0, 0
	}
	for _, c := range s[m[2]:m[3]] {
		para = para*10 + int(c-'0')
	}
	return para, m[1]
}

// ParseGroup reads a citation group at the start of s, which must satisfy
// IsCitationStart.
func ParseGroup(s []byte) (Group, *SyntaxError) {
	bracket := -1
	g, err := parseGroup(s, &bracket)
	if err != nil && !err.Incomplete && bracket >= 0 {
		// a passage that ran past a ']' and on into the text: its closing
		// quote is missing there, wherever the reading stopped
		err = &SyntaxError{Off: bracket, Msg: runOn}
	}
	return g, err
}

// runOn is the message for a passage whose closing quote is missing before
// a ']'.
const runOn = "unclosed quote: is the passage's closing quote missing before this ]?"

// parseGroup is ParseGroup; it sets *bracket to the offset of the first ']'
// inside the last passage read, if any.
func parseGroup(s []byte, bracket *int) (Group, *SyntaxError) {
	var g Group
	i := 1
	for {
		i = skipSpace(s, i)
		var it Item
		if hasWordAt(s, i, "contra") {
			j := skipSpace(s, i+len("contra"))
			if id := missingAt(s, i); id != "" {
				return g, fixAt(errAt(s, j, "expected @id after contra: did you mean contra @%s?", id), j, j, "@", "write contra @"+id)
			}
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
			if err, ok := pandocItem(s, i); ok {
				return g, err
			}
			if id := missingAt(s, i); id != "" {
				return g, fixAt(errAt(s, i, "a source id starts with @: did you mean @%s?", id), i, i, "@", "write @"+id)
			}
			return g, errAt(s, i, "expected @id, a source id")
		}
		it.KeyOff = i
		i++
		k := i
		for i < len(s) && !IsKeyEnd(s[i]) {
			i++
		}
		it.Key = string(s[k:i])
		it.End = i
		if it.Key == "" {
			return g, errAt(s, i, "missing source id after @")
		}
		if !ValidID(it.Key) {
			msg := fmt.Sprintf("invalid source id %q: ids are lowercase letters, digits and . _ / -", it.Key)
			err := &SyntaxError{Off: it.KeyOff, Msg: msg}
			if low := strings.ToLower(it.Key); ValidID(low) {
				err.Msg = fmt.Sprintf("invalid source id %q: ids are lowercase; did you mean @%s?", it.Key, low)
				fixAt(err, k, i, low, "write @"+low)
			}
			return g, err
		}
		i = skipSpace(s, i)
		if i < len(s) && s[i] == ',' {
			i = skipSpace(s, i+1)
			if i >= len(s) {
				return g, incomplete(i)
			}
			open, size := utf8.DecodeRune(s[i:])
			if open != '"' && open != '“' {
				if m := locator.Find(s[i:]); m != nil {
					return g, notPassage(s, i, i, m, it.Key, `"…"`)
				}
				return g, errAt(s, i, "the passage must be in quotes: [@%s, \"…\"]", it.Key)
			}
			it.HasPassage, it.PassageOff = true, i
			p, n, err := readQuoted(s, i, open, size)
			if err != nil {
				return g, err
			}
			*bracket = -1
			if k := bytes.IndexByte(s[i:i+n], ']'); k >= 0 {
				*bracket = i + k
			}
			it.Passage, it.PassageEnd, it.End = p, i+n, i+n
			i = skipSpace(s, i+n)
			if i < len(s) && s[i] == ',' {
				j := skipSpace(s, i+1)
				if j >= len(s) {
					return g, incomplete(j)
				}
				para, n := paragraphAt(s[j:])
				if n == 0 {
					if m := locator.Find(s[j:]); m != nil {
						return g, errAt(s, j, "only a paragraph can follow the passage (%q is not one): [@%s, \"…\", ¶3] chooses the passage in ¶3", m, it.Key)
					}
					return g, errAt(s, j, "expected a paragraph after the passage, as in [@%s, \"…\", ¶3], or ; or ]", it.Key)
				}
				if para == 0 {
					return g, errAt(s, j, "paragraphs are numbered from ¶1")
				}
				it.Para, it.ParaOff, it.End = para, j, j+n
				i = skipSpace(s, j+n)
			}
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
			if para, n := paragraphAt(s[i:]); n > 0 && it.Para == 0 {
				return g, fixAt(errAt(s, i, "a paragraph follows the passage after a comma: [@%s, \"…\", ¶%d]", it.Key, para),
					it.End, i, ", ", "put a comma before ¶"+strconv.Itoa(para))
			}
			if m := locator.Find(s[i:]); m != nil {
				m = bytes.TrimRight(m, " \t\n")
				return g, fixAt(errAt(s, i, "a locator (%q) after the passage is not read: end the citation with ]", m),
					it.End, i+len(m), "", fmt.Sprintf("remove %q", m))
			}
			return g, errAt(s, i, "expected ; or ] after the passage")
		}
		if m := locator.Find(s[i:]); m != nil {
			return g, notPassage(s, i, it.End, m, it.Key, `, "…"`)
		}
		return g, errAt(s, i, "expected , ; or ] after @%s", it.Key)
	}
}

// notPassage is the error for a locator m, at s[i], written where a
// passage goes, with the fix that puts text (a passage to fill in) in its
// place from s[from].
func notPassage(s []byte, i, from int, m []byte, key, text string) *SyntaxError {
	m = bytes.TrimRight(m, " \t\n")
	return fixAt(errAt(s, i, "a locator (%q) is not a passage: dossier cites the words themselves, [@%s, \"…\"]", m, key),
		from, i+len(m), text, fmt.Sprintf("replace %q with a passage to quote", m))
}

// fixAt gives err the edit that replaces s[off:end] with text.
func fixAt(err *SyntaxError, off, end int, text, title string) *SyntaxError {
	err.Fix = &Edit{Off: off, End: end, Text: text, Title: title}
	return err
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
	other := "”"
	if open == '“' {
		other = `"`
	}
	if k := bytes.Index(s[i+size:], []byte(other+"]")); k >= 0 {
		at := i + size + k
		return "", 0, &SyntaxError{Off: at, Incomplete: true, Placed: true,
			Msg: fmt.Sprintf("mismatched quotes: the passage opens with %c, so it closes with %s, not %s", open, closing(open), other),
			Fix: &Edit{Off: at, End: at + len(other), Text: closing(open), Title: "close the passage with " + closing(open)}}
	}
	if k := bytes.IndexByte(s[i:], ']'); k >= 0 {
		return "", 0, &SyntaxError{Off: i + k, Msg: runOn, Incomplete: true, Placed: true}
	}
	return "", 0, &SyntaxError{Off: i, Msg: "unclosed quote: the passage has no closing " + closing(open), Incomplete: true}
}

func closing(open rune) string {
	if open == '“' {
		return "”"
	}
	return `"`
}

// IsKeyEnd reports whether c ends a source id written after '@'.
func IsKeyEnd(c byte) bool {
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
