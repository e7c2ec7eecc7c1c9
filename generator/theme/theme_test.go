package theme

import (
	"bytes"
	"os"
	"testing"

	"dossier/generator/page"
	"dossier/generator/render"
	"dossier/generator/theme/source"
)

// The generated code is what the templates make today: after editing
// one, run `go generate ./generator/theme` (make build and make serve do).
func TestGeneratedIsCurrent(t *testing.T) {
	var want bytes.Buffer
	if err := source.Generate(&want, "../.."); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("pages_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("pages_gen.go is stale: the templates changed since it was generated; run go generate ./generator/theme")
	}
}

// Every page of the built-in theme runs generated code while its
// templates are the built-in ones, and none whose template a site
// overrides.
func TestGeneratedPagesAreUsed(t *testing.T) {
	builtIn := render.Layer{FS: os.DirFS("../.."), Prefix: "(built-in) templates/"}
	r, diags := render.New(builtIn)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	r.UseGenerated(Generated)
	for _, k := range page.Kinds {
		if !r.Precompiled(k.Name) {
			t.Errorf("%s: not generated", k.Name)
		}
	}
	site := render.Layer{FS: os.DirFS("testdata/override"), Prefix: "templates/"}
	r, diags = render.New(builtIn, site)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	r.UseGenerated(Generated)
	if r.Precompiled("sources") || !r.Precompiled("source") {
		t.Error("an overridden page runs generated code, or another page does not")
	}
}
