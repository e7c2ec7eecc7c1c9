package content

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dossier/generator/diag"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// splitFrontMatter finds front matter at the start of file. It returns the
// YAML, the line the YAML starts on, and the offset where the body starts;
// ok is false when the file has none. An opening "---" with no closing one
// is an error.
func splitFrontMatter(path string, file []byte) (fm []byte, bodyOff int, ok bool, err *diag.Diagnostic) {
	if !bytes.HasPrefix(file, []byte("---\n")) && !bytes.Equal(file, []byte("---")) {
		return nil, 0, false, nil
	}
	start := 4
	for i := start; i <= len(file); {
		end := bytes.IndexByte(file[i:], '\n')
		line := file[i:]
		next := len(file)
		if end >= 0 {
			line, next = file[i:i+end], i+end+1
		}
		if string(bytes.TrimRight(line, " \t")) == "---" {
			return file[start:i], next, true, nil
		}
		if end < 0 {
			break
		}
		i = next
	}
	d := diag.At(path, file, 0, diag.Error, "front matter is not closed: add a line --- after it")
	return nil, 0, false, &d
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// fields decodes the front matter into its key nodes and value nodes, in order.
type field struct {
	key   string
	value *yaml.Node
}

// parseFields decodes fm, whose first line is line firstLine of file.
func parseFields(path string, file, fm []byte, firstLine int) ([]field, diag.List) {
	fields, diags := readFields(path, file, fm, firstLine)
	// a value may hold no control character, which YAML's escapes ("\0",
	// "\x07") can write: NUL is refused in every file, and none has a
	// place in a title or a name
	kept := fields[:0]
	for _, f := range fields {
		if v, r := controlIn(f.value); v != nil {
			diags = append(diags, lineDiag(path, file, v.Line+firstLine-1, v.Column,
				"front matter: %s holds the control character %U: remove it", f.key, r))
			continue
		}
		kept = append(kept, f)
	}
	return kept, diags
}

// controlIn finds, in n or under it, a scalar holding a control character
// (C0 but tab and newline, DEL, C1), and the character.
func controlIn(n *yaml.Node) (*yaml.Node, rune) {
	if n == nil {
		return nil, 0
	}
	if n.Kind == yaml.ScalarNode {
		if i := strings.IndexFunc(n.Value, isControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(n.Value[i:])
			return n, r
		}
	}
	for _, c := range n.Content {
		if v, r := controlIn(c); v != nil {
			return v, r
		}
	}
	return nil, 0
}

func readFields(path string, file, fm []byte, firstLine int) ([]field, diag.List) {
	if fields, ok := simpleFields(fm); ok {
		return fields, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		msg := err.Error()
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = n, m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		d := lineDiag(path, file, line+firstLine-1, 1, "front matter: %s", msg)
		if fix := quoteFix(fm, line); fix != "" {
			d.Notes = append(d.Notes, "quote the value: "+fix+" (YAML reads \": \" inside a value, and @ ` * & ! | > % [ { at its start, as its own syntax)")
		}
		return nil, diag.List{d}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, diag.List{lineDiag(path, file, m.Line+firstLine-1, m.Column, "front matter must be a mapping of fields, like title: …")}
	}
	var out []field
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if first := seen[k.Value]; first != nil {
			return nil, diag.List{lineDiag(path, file, k.Line+firstLine-1, k.Column,
				"front matter: %s is given twice (lines %d and %d): keep one", k.Value, first.Line+firstLine-1, k.Line+firstLine-1)}
		}
		seen[k.Value] = k
		out = append(out, field{k.Value, m.Content[i+1]})
	}
	return out, nil
}

// quoteFix returns the line of front matter fm (1-based) with its value
// in double quotes, "" when the line is not "key: value" or its value is
// already quoted. YAML misreads a title like "Flight 9: what failed" or
// "@home" unquoted; quoted, it reads it as written.
func quoteFix(fm []byte, line int) string {
	lines := strings.Split(string(fm), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	l := lines[line-1]
	colon := strings.Index(l, ": ")
	if colon <= 0 || !simpleKey([]byte(l[:colon])) {
		return ""
	}
	v := strings.TrimSpace(l[colon+2:])
	if v == "" || v[0] == '"' && strings.Count(v, `"`) >= 2 && strings.HasSuffix(v, `"`) {
		return ""
	}
	return l[:colon] + ": " + strconv.Quote(v)
}

// simpleFields reads front matter that is only lines of "key: value" with
// plain values, the front matter of almost every file, as the YAML parser
// reads it, without the parser: the parser was a fifth of the time spent
// reading a large site. Anything else (quotes, lists, comments, blank
// lines, a value YAML reads as null, tabs, characters YAML treats apart) is
// left to the parser: ok is false. FuzzSimpleFields holds the two to the
// same result.
func simpleFields(fm []byte) (fields []field, ok bool) {
	line := 0
	for len(fm) > 0 {
		line++
		end := bytes.IndexByte(fm, '\n')
		var l []byte
		if end < 0 {
			l, fm = fm, nil
		} else {
			l, fm = fm[:end], fm[end+1:]
		}
		colon := bytes.IndexByte(l, ':')
		if colon <= 0 || !simpleKey(l[:colon]) {
			return nil, false
		}
		start := colon + 1
		for start < len(l) && l[start] == ' ' {
			start++
		}
		if start == colon+1 && start < len(l) { // "key:value" is one plain scalar, not a field
			return nil, false
		}
		value := bytes.TrimRight(l[start:], " ")
		if !simpleValue(value) {
			return nil, false
		}
		key := string(l[:colon])
		for _, f := range fields {
			if f.key == key {
				return nil, false // the parser reports it
			}
		}
		fields = append(fields, field{key, &yaml.Node{Kind: yaml.ScalarNode, Value: string(value),
			Line: line, Column: utf8.RuneCount(l[:start]) + 1}})
	}
	return fields, true
}

// simpleKey reports whether k is a key of letters, digits, _ and -,
// starting with a letter, of at most 1,024 of them: YAML reads no longer
// key without quotes or "?" (an error to the parser).
func simpleKey(k []byte) bool {
	if len(k) > 1024 {
		return false
	}
	for i, c := range k {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && ('0' <= c && c <= '9' || c == '_' || c == '-')) {
			return false
		}
	}
	return true
}

// simpleValue reports whether v is a plain scalar that YAML reads as the
// text it is, and not as null.
func simpleValue(v []byte) bool {
	switch string(v) {
	case "", "~", "null", "Null", "NULL":
		return false
	}
	switch v[0] {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f || c == ':' && (i+1 == len(v) || v[i+1] == ' ') || c == '#' && v[i-1] == ' ' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		// YAML's line breaks, its byte order mark, non-characters and
		// controls: the parser's business
		if r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff || r == utf8.RuneError {
			return false
		}
		i += size
	}
	return true
}

// lineDiag makes an error at a 1-based line and column of file.
func lineDiag(path string, file []byte, line, col int, format string, args ...any) diag.Diagnostic {
	return diag.At(path, file, offsetOf(file, line, col), diag.Error, format, args...)
}

// offsetOf is the byte offset in file of line and col (1-based, col in
// code points).
func offsetOf(file []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(file[off:], '\n')
		if i < 0 {
			off = len(file)
			break
		}
		off += i + 1
	}
	// col counts code points
	for c := 1; c < col && off < len(file) && file[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(file[off:])
		off += size
	}
	return off
}

// fieldDecoder decodes front matter values, collecting a diagnostic for
// each value of the wrong type.
type fieldDecoder struct {
	path      string
	file      []byte
	firstLine int // the line of file where the YAML starts
	diags     diag.List
}

func (d *fieldDecoder) errorf(v *yaml.Node, format string, args ...any) {
	d.diags = append(d.diags, lineDiag(d.path, d.file, v.Line+d.firstLine-1, v.Column, format, args...))
}

func (d *fieldDecoder) warnf(v *yaml.Node, format string, args ...any) {
	w := lineDiag(d.path, d.file, v.Line+d.firstLine-1, v.Column, format, args...)
	w.Severity = diag.Warning
	d.diags = append(d.diags, w)
}

func (d *fieldDecoder) str(f field) string {
	if f.value.Kind != yaml.ScalarNode || f.value.Tag == "!!null" && f.value.Value != "" {
		d.errorf(f.value, "front matter: %s must be text", f.key)
		return ""
	}
	return f.value.Value
}

// language decodes a BCP 47 language tag ("en", "pt-BR", "zh-Hant"),
// returned in its canonical form; anything else is an error and "en".
func (d *fieldDecoder) language(f field) string {
	s := d.str(f)
	if s == "" {
		return "en"
	}
	tag, err := language.Parse(s)
	if err != nil {
		d.errorf(f.value, "front matter: %s %q is not a BCP 47 language tag: write it as en, fr, pt-BR or zh-Hant", f.key, s)
		return "en"
	}
	return tag.String()
}

func (d *fieldDecoder) strings(f field) []string {
	if f.value.Kind == yaml.ScalarNode {
		return []string{f.value.Value}
	}
	var out []string
	if err := f.value.Decode(&out); err != nil {
		d.errorf(f.value, "front matter: %s must be a list of names", f.key)
	}
	return out
}

// webURLs decodes one http or https URL or a list of them; any other
// value is a warning and left out.
func (d *fieldDecoder) webURLs(f field) []string {
	items := []*yaml.Node{f.value}
	if f.value.Kind == yaml.SequenceNode {
		items = f.value.Content
	}
	var out []string
	for _, v := range items {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			d.errorf(v, "front matter: %s must be a URL or a list of URLs", f.key)
			continue
		}
		if !WebURL(v.Value) {
			d.warnf(v, "front matter: %s %q is not an http or https URL: it is left out", f.key, v.Value)
			continue
		}
		out = append(out, strings.TrimSpace(v.Value))
	}
	return out
}

// WebURL reports whether s is an absolute http or https URL, the only
// kind a source's url and archive may name: a page links nothing else.
func WebURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// tags decodes a list of names, each with where it is; a single name is
// a list of one.
func (d *fieldDecoder) tags(f field) []Tag {
	items := []*yaml.Node{f.value}
	if f.value.Kind == yaml.SequenceNode {
		items = f.value.Content
	}
	var out []Tag
	seen := map[string]bool{}
	for _, v := range items {
		name := strings.TrimSpace(v.Value)
		switch {
		case v.Kind != yaml.ScalarNode:
			d.errorf(v, "front matter: %s must be a list of names: tags: [sanctions, minerals]", f.key)
		case name == "":
			d.errorf(v, "front matter: an empty tag")
		case seen[strings.ToLower(name)]:
			d.errorf(v, "front matter: tag %q given twice", name)
		default:
			seen[strings.ToLower(name)] = true
			out = append(out, Tag{Name: name, Offset: offsetOf(d.file, v.Line+d.firstLine-1, v.Column)})
		}
	}
	return out
}

func (d *fieldDecoder) boolean(f field) bool {
	var b bool
	if err := f.value.Decode(&b); err != nil {
		d.errorf(f.value, "front matter: %s must be true or false", f.key)
	}
	return b
}

// count is a whole number of at least 1.
func (d *fieldDecoder) count(f field) int {
	var n int
	if err := f.value.Decode(&n); err != nil || n < 1 {
		d.errorf(f.value, "front matter: %s must be a whole number from 1", f.key)
		return 0
	}
	return n
}

// date parses YYYY-MM-DD or an RFC 3339 time; strict says a value that is
// neither is an error rather than text to show as written.
func (d *fieldDecoder) date(f field, strict bool) time.Time {
	s := d.str(f)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC()
	}
	if strict {
		d.errorf(f.value, "front matter: %s %q is not a date: write it as YYYY-MM-DD", f.key, s)
	}
	return time.Time{}
}

func (d *fieldDecoder) extra(m *map[string]any, f field) {
	var v any
	if err := f.value.Decode(&v); err != nil {
		d.errorf(f.value, "front matter: %s: %v", f.key, err)
		return
	}
	if *m == nil {
		*m = map[string]any{}
	}
	(*m)[f.key] = v
}
