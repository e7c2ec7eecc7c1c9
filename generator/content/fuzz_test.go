package content

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Whatever a file holds, loading it gives a value or diagnostics that name
// the file and a line in it; it never panics.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\ndate: 2025-04-20\n---\nbody\n", "---\ntitle: [a\n---\n", "---\n- a\n---\n", "---\n", "---\ntitle: A",
		"\ufeff---\r\ntitle: A\r\n---\r\nx", "---\ntitle: !!binary aGk=\n---\n", "---\n&a [*a]\n---\n", "---\ntitle: A\ntitle: B\n---\n",
		"---\neditors: {a: 1}\ndraft: maybe\npublished: 2025-13-45\n---\n", "no front matter", "---\n\x00\n---\n", "---\n\xff\n---\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		fsys := fstest.MapFS{
			"content/sources/s.txt":  &fstest.MapFile{Data: []byte(data)},
			"content/sources/m.md":   &fstest.MapFile{Data: []byte(data)},
			"content/briefings/b.md": &fstest.MapFile{Data: []byte(data)},
			"content/site.yaml":      &fstest.MapFile{Data: []byte(data)},
		}
		site, diags, err := Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diags {
			if d.Path == "" || d.Message == "" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("diagnostic without a place: %#v", d)
			}
		}
		for _, s := range site.Sources {
			for _, p := range s.Paragraphs {
				if p.Start < 0 || p.End > len(s.Text) || p.Start > p.End {
					t.Fatalf("paragraph %+v out of %d bytes", p, len(s.Text))
				}
			}
		}
		for _, b := range site.Briefings {
			if len(b.Body) != len(b.File) {
				t.Fatalf("body of %d bytes for a file of %d", len(b.Body), len(b.File))
			}
		}
	})
}

// yamlFields is parseFields without its fast path: the YAML parser's reading.
func yamlFields(fm []byte) ([]field, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	if doc.Content[0].Kind != yaml.MappingNode {
		return nil, false
	}
	m := doc.Content[0]
	var out []field
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, field{m.Content[i].Value, m.Content[i+1]})
	}
	return out, true
}

// Front matter the fast path reads, it reads as the YAML parser does: the
// same fields, values, places, and the same values decoded.
func FuzzSimpleFields(f *testing.F) {
	for _, s := range []string{
		"title: A\ndate: 2025-04-20", "title: A: b", "title: a #c", "title: a#c", "draft: true", "n: 12", "n: 1e3", "x: .inf",
		"url: https://example.org/a?b=c#d", "t: [a]", "t: a [b] {c}", "t: <<", "t: =", "t:  two  spaces  ", "t: ‘curly’ — dash",
		"a: b\nc: d\na: e", "k:v", "k: \u0085", "k: a\u2028b", "Key-1_x: y", "t: %x", "t: x%", "e: ~", "e: null",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fm string) {
		if !utf8.ValidString(fm) || strings.ContainsAny(fm, "\r\ufeff") {
			return // readText has made every file valid UTF-8 with \n line endings
		}
		fast, ok := simpleFields([]byte(fm))
		if !ok {
			return
		}
		slow, ok := yamlFields([]byte(fm))
		if !ok {
			t.Fatalf("%q: read by the fast path, an error to the parser", fm)
		}
		if len(fast) != len(slow) {
			t.Fatalf("%q: %d fields, the parser %d", fm, len(fast), len(slow))
		}
		for i := range fast {
			a, b := fast[i], slow[i]
			if a.key != b.key || a.value.Kind != b.value.Kind || a.value.Value != b.value.Value ||
				a.value.Line != b.value.Line || a.value.Column != b.value.Column || b.value.Tag == "!!null" {
				t.Fatalf("%q: field %d: %q %+v, the parser %q %+v", fm, i, a.key, *a.value, b.key, *b.value)
			}
			var va, vb any
			ea, eb := a.value.Decode(&va), b.value.Decode(&vb)
			if (ea == nil) != (eb == nil) || !reflect.DeepEqual(va, vb) {
				t.Fatalf("%q: field %q decodes to %#v (%v), the parser's to %#v (%v)", fm, a.key, va, ea, vb, eb)
			}
			var ba, bb bool
			ea, eb = a.value.Decode(&ba), b.value.Decode(&bb)
			if (ea == nil) != (eb == nil) || ba != bb {
				t.Fatalf("%q: field %q decodes to %v (%v) as a bool, the parser's to %v (%v)", fm, a.key, ba, ea, bb, eb)
			}
			var la, lb []string
			ea, eb = a.value.Decode(&la), b.value.Decode(&lb)
			if (ea == nil) != (eb == nil) || !reflect.DeepEqual(la, lb) {
				t.Fatalf("%q: field %q decodes to %v (%v) as a list, the parser's to %v (%v)", fm, a.key, la, ea, lb, eb)
			}
		}
	})
}
