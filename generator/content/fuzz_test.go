package content

import (
	"testing"
	"testing/fstest"
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
