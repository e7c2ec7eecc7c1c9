package site

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"

	"dossier/generator/diag"
	"dossier/generator/page"
	"dossier/generator/render"
	"dossier/generator/sitefs"
	"dossier/generator/view"
)

// The theme: its templates (package render) and static files, the built-in
// ones overlaid by the site's own file by file.

// themeFiles is what the templates and static files give every page.
type themeFiles struct {
	r       *render.Renderer
	statics []staticFile // with chroma.css; stylesheets and scripts under content-hashed names
	css     []view.Asset // stylesheets, in order
	js      []view.Asset // scripts
	notes   []string     // pages whose templates run on html/template, and why
	docs    string       // where the notes send an editor: the theme's doc
}

// engine is how pages run: compiled (the default), or, for tests that
// compare the two, on html/template only.
type engine int

const (
	compiled engine = iota
	interpreted
)

// fallbackNotes names each page template whose compiled run stopped since
// the last call, how many pages, and why: those pages ran on html/template
// (docs/theme.md). The built-in theme has none.
func (t *themeFiles) fallbackNotes() []string {
	if t.r == nil {
		return nil
	}
	f := t.r.Fallbacks()
	var notes []string
	for _, k := range slices.SortedFunc(maps.Keys(f), func(a, b render.Fallback) int {
		return cmp.Or(strings.Compare(a.Page, b.Page), strings.Compare(a.Reason, b.Reason))
	}) {
		notes = append(notes, fmt.Sprintf("%s: %s ran on html/template after the compiled run stopped (%s; see %s)",
			t.r.Path(k.Page), diag.Plural(f[k], "page"), k.Reason, t.docs))
	}
	return notes
}

// loadTheme loads the built-in theme overlaid by the site's.
// docs names the theme's doc in the notes.
func loadTheme(site, builtIn fs.FS, e engine, docs string) (*themeFiles, diag.List, error) {
	r, diags := render.New(
		render.Layer{FS: builtIn, Prefix: "(built-in) templates/"},
		render.Layer{FS: site, Prefix: "templates/"},
	)
	statics, sdiags := staticFiles(builtIn, site)
	diags = append(diags, sdiags...)
	var chroma bytes.Buffer
	if err := hl.CSS(&chroma); err != nil {
		return nil, nil, err
	}
	statics = append(statics, staticFile{"chroma.css", chroma.Bytes()})
	switch {
	case r == nil: // a shared template does not parse
	case e == interpreted:
		r.Interpret()
	}
	t := &themeFiles{r: r, docs: docs}
	if r != nil {
		for _, k := range page.Kinds {
			if err := r.Slow(k.Name, reflect.TypeFor[*view.Page]()); err != nil {
				t.notes = append(t.notes, fmt.Sprintf("%s: its pages run on html/template, about ten times slower than compiled (%v; see %s)",
					r.Path(k.Name), err, docs))
			}
		}
	}
	for _, f := range statics {
		ext := path.Ext(f.name)
		if ext == ".css" || ext == ".js" {
			// a name that changes with the content, so hosts may cache it for ever
			sum := sha256.Sum256(f.data)
			sri := sha512.Sum384(f.data)
			code := f.name == "chroma.css" // linked only from pages with code
			f.name = strings.TrimSuffix(f.name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
			a := view.Asset{URL: f.name, Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:]), Code: code}
			if strings.HasPrefix(f.name, "search.") { // the search page's alone
				a.Page = page.Search.Name
			}
			if ext == ".css" {
				t.css = append(t.css, a)
			} else {
				t.js = append(t.js, a)
			}
		}
		t.statics = append(t.statics, f)
	}
	return t, diags, nil
}

type staticFile struct {
	name string
	data []byte
}

// staticFiles returns the files of the theme's static/ overlaid by the
// site's, sorted by name. A file that cannot be read, or is over its limit,
// is an error and left out; so is every file once static/ as a whole is
// over its limit.
func staticFiles(layers ...fs.FS) ([]staticFile, diag.List) {
	files := map[string][]byte{}
	var diags diag.List
	var total int64
	for _, l := range layers {
		err := fs.WalkDir(l, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == "static" {
					return fs.SkipDir
				}
				diags = append(diags, diag.File(p, diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			b, err := sitefs.ReadFile(l, p)
			if err != nil {
				diags = append(diags, diag.File(p, diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
				return nil
			}
			name := strings.TrimPrefix(p, "static/")
			total += int64(len(b)) - int64(len(files[name]))
			if total > sitefs.MaxStatic {
				diags = append(diags, diag.File("static", diag.Error, "static/ holds more than %s: keep large files elsewhere", sitefs.LimitSize(sitefs.MaxStatic)))
				return fs.SkipAll
			}
			files[name] = b
			return nil
		})
		if err != nil {
			diags = append(diags, diag.File("static", diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
		}
	}
	out := make([]staticFile, 0, len(files))
	for name, b := range files {
		out = append(out, staticFile{name, b})
	}
	slices.SortFunc(out, func(a, b staticFile) int { return strings.Compare(a.name, b.name) })
	return out, diags
}

// reads reports whether the page kind's templates may read one of the
// fields of struct type st.
func (t *themeFiles) reads(kind string, st reflect.Type, fields ...string) bool {
	if t.r == nil || !t.r.Has(kind) {
		return false
	}
	for _, f := range fields {
		if t.r.Reads(kind, reflect.TypeFor[*view.Page](), st, f) {
			return true
		}
	}
	return false
}
