// Package source makes the Go source of package theme: the built-in
// theme's pages, compiled ahead of time by package render for the values
// of package view. The generator and the test that the generated code is
// current both call it.
package source

import (
	"fmt"
	"io"
	"os"
	"reflect"

	"dossier/generator/render"
	"dossier/generator/view"
)

// Generate writes package theme's generated file for the templates/ of
// the repository at root.
func Generate(w io.Writer, root string) error {
	r, diags := render.New(render.Layer{FS: os.DirFS(root), Prefix: "templates/"})
	if len(diags) > 0 {
		return fmt.Errorf("%v", diags)
	}
	return r.Generate(w, "theme", reflect.TypeFor[*view.Page]())
}
