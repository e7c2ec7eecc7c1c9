package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
)

// Ports of html/template's escapers (html.go and url.go of Go's
// html/template), writing into the page instead of returning a string.
// FuzzEscapers compares each with html/template on arbitrary text.
//
// They were ported from portedFrom. A later Go may escape otherwise: the
// first page compiled runs a probe (escapersDiffer) through the ports and
// through the running Go's html/template, and on any difference no page
// is compiled, every one runs on html/template, and the build's notes say
// why.

// portedFrom is the Go release whose html/template the escapers are
// ported from.
const portedFrom = "go1.26"

// escapersDiffer is the probe's result, run once.
var escapersDiffer = sync.OnceValue(func() error { return probe(escapers) })

// probeTemplate puts a value in each context an escaper is made for.
const probeTemplate = `<title>{{.Title}}</title><p title="{{.Title}}" class={{.Title}}>{{.Title}}</p>` +
	`<a href="{{.Title}}">x</a><a href="/a/?q={{.Title}}#{{.Title}}">x</a><!-- {{.Title}} -->` +
	`<textarea>{{.Body}}</textarea>{{.Body}}<img alt={{.Title}} src="{{.Title}}">`

// probeValues are what html/template's escapers treat apart: markup,
// quotes, NUL, invalid UTF-8, noncharacters, schemes and URL parts.
var probeValues = []string{
	"", "plain", `<script>&"'+</script>`, "\x00nul", "javascript:alert(1)", " JavaScript:x", "HTTPS://x/y",
	"mailto:a@b", "data:text/html,x", "/rel:ative", "a b?c=d&e=f+g#h", "%zz%20%2", "üñí©ødé", "httpſ://x",
	"\xff\xfe bad utf-8", "~-._!$*,;=:@[]()'", "<a>&'\"+", "a b%2g%20", "ſ:x", "\uFDD0\uFFFE\uFFFF\t\n=`",
	"\u2028\u2029\u00a0\u202e", "<!-- -->", "&amp;&#39;&lt;", "\r\v\f", "=`'\"<>",
}

// probeData is what the probe template is executed with.
type probeData struct {
	Title string
	Body  template.HTML
}

// probe runs probeTemplate on every probe value compiled with the
// escapers esc and on html/template, and returns the first difference.
func probe(esc map[string]escaper) error {
	set, err := template.New("probe").Parse(probeTemplate)
	if err != nil {
		return err
	}
	_ = set.Execute(io.Discard, &probeData{}) // html/template escapes it as it first runs
	p, err := compileWith(set, "probe", reflect.TypeFor[*probeData](), esc)
	if err != nil {
		return fmt.Errorf("the escapers' probe does not compile: %v", err)
	}
	var got, want bytes.Buffer
	for _, v := range probeValues {
		d := &probeData{Title: v, Body: template.HTML(v)}
		got.Reset()
		want.Reset()
		errC, errI := p.execute(&got, d), set.Execute(&want, d)
		if errC != nil || errI != nil || got.String() != want.String() {
			return fmt.Errorf("the escapers ported from %s's html/template escape %q otherwise than %s's (%q, not %q): pages run on html/template",
				portedFrom, v, runtime.Version(), got.String(), want.String())
		}
	}
	return nil
}

// filterFailsafe is what html/template writes for a value it refuses.
const filterFailsafe = "ZgotmplZ"

// htmlTable is html/template's htmlReplacementTable.
var htmlTable = [128]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// htmlNormTable is htmlNormReplacementTable: htmlTable without '&'.
var htmlNormTable = [128]string{0: "\uFFFD", '"': "&#34;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// nospaceTable is htmlNospaceReplacementTable, for unquoted attributes.
var nospaceTable = [128]string{0: "&#xfffd;", '\t': "&#9;", '\n': "&#10;", '\v': "&#11;", '\f': "&#12;", '\r': "&#13;",
	' ': "&#32;", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '=': "&#61;", '>': "&gt;", '`': "&#96;"}

// sink is a page's buffer or a string's builder.
type sink interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// replace is htmlReplacer: it writes s with the ASCII characters that have
// a replacement in table replaced and, unless badRunes, the noncharacters
// U+FDD0–U+FDEF and U+FFF0–U+FFFF (and each invalid byte, which decodes
// as U+FFFD) written as numeric references.
func replace(w sink, s string, table *[128]string, badRunes bool) {
	written := 0
	for i := 0; i < len(s); {
		if badRunes {
			i = skipPlain(s, i, table)
			if i == len(s) {
				break
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if r := table[c]; r != "" {
				w.WriteString(s[written:i])
				w.WriteString(r)
				written = i + 1
			}
			i++
			continue
		}
		if badRunes {
			i++ // every replaced character is ASCII: the bytes of others pass
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			w.WriteString(s[written:i])
			w.WriteString("&#x")
			writeHex(w, uint32(r))
			w.WriteByte(';')
			written = i + n
		}
		i += n
	}
	w.WriteString(s[written:])
}

func writeHex(w sink, r uint32) {
	const digits = "0123456789abcdef"
	var b [8]byte
	i := len(b)
	for {
		i--
		b[i] = digits[r&15]
		if r >>= 4; r == 0 {
			break
		}
	}
	w.WriteString(string(b[i:]))
}

// skipPlain returns where, from i on, the first eight bytes of s start
// that hold a byte the table replaces, or the start of the last seven
// bytes or fewer. Text is mostly letters and spaces: eight bytes tested at
// once are twice as fast as a byte and its replacement at a time.
func skipPlain(s string, i int, table *[128]string) int {
	special := &htmlSpecial
	if table != &htmlTable {
		special = &normSpecial
	}
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		if special[b[0]]|special[b[1]]|special[b[2]]|special[b[3]]|special[b[4]]|special[b[5]]|special[b[6]]|special[b[7]] != 0 {
			return i
		}
	}
	return i
}

// htmlSpecial and normSpecial mark the bytes htmlTable and htmlNormTable
// replace; replace with badRunes uses no other table.
var htmlSpecial, normSpecial = specials(&htmlTable), specials(&htmlNormTable)

func specials(table *[128]string) (t [256]uint8) {
	for c, r := range table {
		if r != "" {
			t[c] = 1
		}
	}
	return t
}

// isSafeURL is html/template's: a URL with no scheme (nothing before a
// colon, or a slash before it), or http, https or mailto.
func isSafeURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			p := s[:i]
			return strings.EqualFold(p, "http") || strings.EqualFold(p, "https") || strings.EqualFold(p, "mailto")
		}
	}
	return true
}

// processURL is processURLOnto: normalising keeps reserved characters and
// valid %xx escapes; escaping encodes everything but unreserved ones.
func processURL(w sink, s string, norm bool) {
	const hex = "0123456789abcdef"
	written := 0
	for i := encodedFrom(s, 0, norm); i < len(s); i = encodedFrom(s, i+1, norm) {
		c := s[i]
		w.WriteString(s[written:i])
		w.WriteByte('%')
		w.WriteByte(hex[c>>4])
		w.WriteByte(hex[c&15])
		written = i + 1
	}
	w.WriteString(s[written:])
}

// processURLAttr is processURL followed by the attribute escaper: of what
// processURL leaves as it is, only & and + (kept when normalising) are
// escaped for an attribute.
func processURLAttr(w sink, s string, norm bool) {
	const hex = "0123456789abcdef"
	written := 0
	for i := encodedFrom(s, 0, norm); i < len(s); i = encodedFrom(s, i+1, norm) {
		c := s[i]
		urlPart(w, s[written:i], norm)
		w.WriteByte('%')
		w.WriteByte(hex[c>>4])
		w.WriteByte(hex[c&15])
		written = i + 1
	}
	urlPart(w, s[written:], norm)
}

// urlPart writes a part of a URL that needs no encoding: normalised, it
// may hold & and +, which the attribute escapes.
func urlPart(w sink, s string, norm bool) {
	if norm {
		writeAmpPlus(w, s)
	} else {
		w.WriteString(s)
	}
}

// writeAmpPlus writes s with & and + escaped for an attribute.
func writeAmpPlus(w sink, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '+':
			esc = "&#43;"
		default:
			continue
		}
		w.WriteString(s[start:i])
		w.WriteString(esc)
		start = i + 1
	}
	w.WriteString(s[start:])
}

// encodedFrom is the index of the first byte of s from i on that
// processURL encodes, or len(s).
func encodedFrom(s string, i int, norm bool) int {
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if isAlnum(c) {
				continue
			}
		}
		return i
	}
	return i
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
