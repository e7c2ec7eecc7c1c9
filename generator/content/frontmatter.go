package content

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dossier/generator/diag"

	"go.yaml.in/yaml/v3"
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
		return nil, diag.List{lineDiag(path, file, line+firstLine-1, 1, "front matter: %s", msg)}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, diag.List{lineDiag(path, file, m.Line+firstLine-1, m.Column, "front matter must be a mapping of fields, like title: …")}
	}
	var out []field
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, field{m.Content[i].Value, m.Content[i+1]})
	}
	return out, nil
}

// lineDiag makes an error at a 1-based line and column of file.
func lineDiag(path string, file []byte, line, col int, format string, args ...any) diag.Diagnostic {
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
	return diag.At(path, file, off, diag.Error, format, args...)
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

func (d *fieldDecoder) str(f field) string {
	if f.value.Kind != yaml.ScalarNode || f.value.Tag == "!!null" && f.value.Value != "" {
		d.errorf(f.value, "front matter: %s must be text", f.key)
		return ""
	}
	return f.value.Value
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

func (d *fieldDecoder) boolean(f field) bool {
	var b bool
	if err := f.value.Decode(&b); err != nil {
		d.errorf(f.value, "front matter: %s must be true or false", f.key)
	}
	return b
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
