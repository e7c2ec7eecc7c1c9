package render

import (
	"errors"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier/generator/diag"
	"dossier/generator/sitefs"
)

// Renderer holds every page template, parsed once.
type Renderer struct {
	pages   map[string]*template.Template
	files   map[string]string // template name → site-relative path, for errors
	builtIn map[string]bool   // the files that come from the first layer
	shared  bool              // a later layer has a shared file (base.html or _*.html)
}

// Layer is one templates/ folder: its FS and how to name its files in
// diagnostics ("templates/" for the site's own, "(built-in) templates/").
type Layer struct {
	FS     fs.FS
	Prefix string
}

// Funcs are the functions templates can call, besides html/template's own.
var Funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2 January 2006")
	},
	"isodate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"add": func(a, b int) int { return a + b },
}

// New parses the templates of the layers, later layers overriding earlier
// ones file by file.
func New(layers ...Layer) (*Renderer, diag.List) {
	files := map[string]string{}  // file name → content
	origin := map[string]string{} // file name → path for diagnostics
	first := map[string]bool{}    // file name → from the first layer
	sharedLater := false
	for i, l := range layers {
		entries, err := fs.ReadDir(l.FS, "templates")
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, diag.List{diag.File(l.Prefix, diag.Error, "cannot read templates: %v", err)}
		}
		for _, e := range entries {
			if e.IsDir() || path.Ext(e.Name()) != ".html" {
				continue
			}
			b, err := sitefs.ReadFile(l.FS, "templates/"+e.Name())
			if err != nil {
				return nil, diag.List{diag.File(l.Prefix+e.Name(), diag.Error, "cannot read: %v", sitefs.Unwrap(err))}
			}
			if i > 0 && first[e.Name()] && files[e.Name()] == string(b) {
				continue // the same as the built-in file (a copy, or the theme's own folder)
			}
			files[e.Name()] = string(b)
			origin[e.Name()] = l.Prefix + e.Name()
			first[e.Name()] = i == 0
			sharedLater = sharedLater || (i > 0 && (e.Name() == "base.html" || strings.HasPrefix(e.Name(), "_")))
		}
	}
	r := &Renderer{pages: map[string]*template.Template{}, files: map[string]string{}, builtIn: first, shared: sharedLater}
	for name, p := range origin {
		r.files[name] = p
	}
	var shared, pages []string
	for name := range files {
		if name == "base.html" || strings.HasPrefix(name, "_") {
			shared = append(shared, name)
		} else {
			pages = append(pages, name)
		}
	}
	slices.Sort(shared)
	slices.Sort(pages)
	if _, ok := files["base.html"]; !ok {
		return nil, diag.List{diag.File("templates/base.html", diag.Error, "missing: every page is executed through base.html")}
	}
	base := template.New("").Funcs(Funcs)
	for _, name := range shared {
		if _, err := base.New(name).Parse(files[name]); err != nil {
			return nil, diag.List{r.templateError(err, files)}
		}
	}
	var diags diag.List
	for _, name := range pages {
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name).Parse(files[name])
		}
		if err != nil {
			diags = append(diags, r.templateError(err, files))
			continue
		}
		r.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return r, diags
}

// Path names the file a page's template comes from, relative to the site
// ("templates/x.html"), or "(built-in) templates/x.html".
func (r *Renderer) Path(page string) string {
	if p := r.files[page+".html"]; p != "" {
		return p
	}
	return "templates/" + page + ".html"
}

// BuiltIn reports whether the named template files all come from the
// first layer (the built-in theme) and no later layer adds or replaces a
// shared file (base.html or _*.html), which any page may use.
func (r *Renderer) BuiltIn(files ...string) bool {
	if r.shared {
		return false
	}
	for _, f := range files {
		if !r.builtIn[f] {
			return false
		}
	}
	return true
}

// Has reports whether the theme has the named page.
func (r *Renderer) Has(page string) bool { return r.pages[page] != nil }

// Page executes the named page with data. On an error, what was written to
// w is incomplete: give it a buffer.
func (r *Renderer) Page(w io.Writer, page string, data any) error {
	t := r.pages[page]
	if t == nil {
		return diag.File("templates/"+page+".html", diag.Error, "missing template")
	}
	if err := t.ExecuteTemplate(w, "base.html", data); err != nil {
		return r.templateError(err, nil)
	}
	return nil
}

// template errors read "template: NAME:LINE:COL: MSG" or "template: NAME:LINE: MSG"
var templateErr = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

func (r *Renderer) templateError(err error, files map[string]string) diag.Diagnostic {
	msg := err.Error()
	m := templateErr.FindStringSubmatch(msg)
	if m == nil {
		return diag.File("templates", diag.Error, "%s", strings.TrimPrefix(msg, "template: "))
	}
	p := r.files[m[1]]
	if p == "" {
		p = "templates/" + m[1]
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	d := diag.Diagnostic{Path: p, Line: line, Col: max(col, 1), Severity: diag.Error, Message: m[4]}
	if src, ok := files[m[1]]; ok {
		lines := strings.Split(src, "\n")
		if line >= 1 && line <= len(lines) {
			d.Excerpt = lines[line-1]
		}
	}
	return d
}
