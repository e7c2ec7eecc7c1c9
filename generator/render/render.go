package render

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"dossier/generator/diag"
	"dossier/generator/sitefs"
)

// Renderer holds every page template, parsed once.
type Renderer struct {
	pages map[string]*template.Template
	files map[string]string // template name → site-relative path, for errors

	content map[string]string // file name → its text, the layers overlaid

	mu       sync.Mutex
	programs map[progKey]*program // nil when the page's templates do not compile
	why      map[progKey]error    // and why not
	// fallbacks counts the pages whose compiled run stopped and that ran
	// again on html/template, by page and why
	fallbacks map[Fallback]int
	// set before the first Page, read without the lock after
	interpret bool
}

// Fallback is a page whose compiled run stopped, and why; it ran again on
// html/template.
type Fallback struct {
	Page, Reason string
}

type progKey struct {
	page string
	t    reflect.Type
}

// Layer is one templates/ folder: its FS and how to name its files in
// diagnostics ("templates/" for the site's own, "(built-in) templates/").
type Layer struct {
	FS     fs.FS
	Prefix string
}

// Funcs are the functions templates can call, besides html/template's own.
var Funcs = template.FuncMap{"date": Date, "isodate": ISODate, "plural": Plural, "add": Add}

// Date is {{date .}}: "18 April 2025", or "" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// ISODate is {{isodate .}}: "2025-04-18", or "" for the zero time.
func ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// Plural is {{plural n "claim" "claims"}}: "1 claim", "3 claims".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Add is {{add a b}}.
func Add(a, b int) int { return a + b }

// New parses the templates of the layers, later layers overriding earlier
// ones file by file.
func New(layers ...Layer) (*Renderer, diag.List) {
	files := map[string]string{}  // file name → content
	origin := map[string]string{} // file name → path for diagnostics
	first := map[string]bool{}    // file name → from the first layer
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
		}
	}
	r := &Renderer{pages: map[string]*template.Template{}, files: map[string]string{}, content: files}
	for name, p := range origin {
		r.files[name] = p
	}
	var shared, pages []string
	for name := range files {
		if isShared(name) {
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

// isShared reports whether the template file name is parsed into every
// page: base.html and the files whose names start with "_".
func isShared(name string) bool { return name == "base.html" || strings.HasPrefix(name, "_") }

// Path names the file a page's template comes from, relative to the site
// ("templates/x.html"), or "(built-in) templates/x.html".
func (r *Renderer) Path(page string) string {
	if p := r.files[page+".html"]; p != "" {
		return p
	}
	return "templates/" + page + ".html"
}

// Has reports whether the theme has the named page.
func (r *Renderer) Has(page string) bool { return r.pages[page] != nil }

// Page executes the named page with data into w. On an error, what was
// written to w is incomplete.
func (r *Renderer) Page(w *bytes.Buffer, page string, data any) error {
	t := r.pages[page]
	if t == nil {
		return diag.File("templates/"+page+".html", diag.Error, "missing template")
	}
	if p := r.program(page, reflect.TypeOf(data)); p != nil {
		n := w.Len()
		err := p.safeExecute(w, data)
		if err == nil {
			return nil
		}
		w.Truncate(n) // html/template runs it again, and says what is wrong
		r.mu.Lock()
		if r.fallbacks == nil {
			r.fallbacks = map[Fallback]int{}
		}
		r.fallbacks[Fallback{page, err.Error()}]++
		r.mu.Unlock()
	}
	if err := t.ExecuteTemplate(w, "base.html", data); err != nil {
		return r.templateError(err, nil)
	}
	return nil
}

// Fallbacks returns, and forgets, how many pages of each page and reason
// ran on html/template since the last call because their compiled run
// stopped: a nil pointer html/template also stops at, or anything else
// the compiler did not foresee. The built-in theme has none.
func (r *Renderer) Fallbacks() map[Fallback]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.fallbacks
	r.fallbacks = nil
	return f
}

// Compiled reports whether the named page runs compiled for data of type
// t, rather than on html/template; for tests and the build's trace.
func (r *Renderer) Compiled(page string, t reflect.Type) bool {
	return r.program(page, t) != nil
}

// Reads reports whether executing the named page with data of type t may
// read the field called name of struct type st: always, when the page is
// not compiled. A view can leave out what no template shows.
func (r *Renderer) Reads(page string, t, st reflect.Type, name string) bool {
	p := r.program(page, t)
	return p == nil || p.reads[field{st, name}]
}

// Interpret makes every page run on html/template, as a reference for the
// compiled ones.
func (r *Renderer) Interpret() {
	r.mu.Lock()
	r.interpret = true
	r.mu.Unlock()
}

// Uses reports whether executing the named page with data of type t runs
// a template of the named file ("_claimnote.html"): always, for a page
// that is not compiled and a shared file.
func (r *Renderer) Uses(page string, t reflect.Type, file string) bool {
	if file == page+".html" {
		return r.pages[page] != nil
	}
	p := r.program(page, t)
	if p == nil {
		return r.pages[page] != nil && (file == "base.html" || strings.HasPrefix(file, "_"))
	}
	return p.files[file]
}

// program is the page compiled for data of type t, compiled on first use;
// nil when its templates use what the compiler does not know.
func (r *Renderer) program(page string, t reflect.Type) *program {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := progKey{page, t}
	if p, ok := r.programs[k]; ok {
		return p
	}
	var p *program
	var err error
	if tmpl := r.pages[page]; tmpl != nil && !r.interpret {
		// html/template escapes a template set when it first executes it:
		// run it once, on nothing, to have the escaped trees
		_ = tmpl.ExecuteTemplate(io.Discard, "base.html", nil)
		p, err = compile(tmpl, "base.html", t)
	}
	if r.programs == nil {
		r.programs, r.why = map[progKey]*program{}, map[progKey]error{}
	}
	r.programs[k], r.why[k] = p, err
	return p
}

// Slow says why the named page runs on html/template rather than compiled
// (about ten times slower): what its templates use that the compiler does
// not know. Nil for a page that runs compiled.
func (r *Renderer) Slow(page string, t reflect.Type) error {
	if r.interpret || r.pages[page] == nil || r.program(page, t) != nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.why[progKey{page, t}]
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
