package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

func layer(prefix string, files map[string]string) Layer {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys["templates/"+name] = &fstest.MapFile{Data: []byte(data)}
	}
	return Layer{FS: fsys, Prefix: prefix}
}

var builtin = layer("(built-in) templates/", map[string]string{
	"base.html":  `<title>{{block "title" .}}{{.}}{{end}}</title>{{template "main" .}}`,
	"_part.html": `{{define "part"}}[{{.}}]{{end}}`,
	"page.html":  `{{define "main"}}<p>{{template "part" .}}</p>{{end}}`,
	"other.html": `{{define "main"}}<b>{{.}}</b>{{end}}`,
	"notes.txt":  `ignored`,
	"date.html":  `{{define "main"}}{{plural 2 "claim" "claims"}}{{end}}`,
})

func page(t *testing.T, r *Renderer, name string, data any) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Page(&b, name, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPages(t *testing.T) {
	r, diags := New(builtin)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if got := page(t, r, "page", "<x>"); got != "<title>&lt;x&gt;</title><p>[&lt;x&gt;]</p>" {
		t.Errorf("page = %q", got)
	}
	if got := page(t, r, "date", nil); !strings.Contains(got, "2 claims") {
		t.Errorf("funcs: %q", got)
	}
	if r.Has("notes") || !r.Has("other") {
		t.Error("only .html files are pages")
	}
}

// A site's file replaces the built-in one of the same name, and only that one.
func TestOverride(t *testing.T) {
	site := layer("templates/", map[string]string{"_part.html": `{{define "part"}}({{.}}){{end}}`})
	r, diags := New(builtin, site)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if got := page(t, r, "page", "x"); got != "<title>x</title><p>(x)</p>" {
		t.Errorf("page = %q", got)
	}
}

func TestErrors(t *testing.T) {
	_, diags := New(builtin, layer("templates/", map[string]string{"page.html": "{{define \"main\"}}\n\n  {{.Foo\n{{end}}"}))
	if len(diags) != 1 || diags[0].Path != "templates/page.html" || diags[0].Line != 4 || !strings.Contains(diags[0].Message, "unexpected") {
		t.Errorf("parse error = %v", diags)
	}
	_, diags = New(layer("templates/", map[string]string{"page.html": "x"}))
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "base.html") {
		t.Errorf("missing base = %v", diags)
	}
	r, _ := New(builtin, layer("templates/", map[string]string{"other.html": "{{define \"main\"}}\n{{.Missing.Field}}{{end}}"}))
	var b bytes.Buffer
	err := r.Page(&b, "other", struct{ Missing *struct{ Field string } }{})
	if err == nil || !strings.Contains(err.Error(), "templates/other.html:2:") {
		t.Errorf("execution error = %v", err)
	}
}
