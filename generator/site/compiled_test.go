package site

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/generator/page"
	"dossier/generator/render"
	"dossier/generator/view"
)

// Compiled pages are byte for byte what html/template makes of the same
// templates, on every page of each site: the example, the golden one with
// and without a base URL, a site of every feature the pages show, and the
// attack corpus.
func TestCompiledPagesEqualTemplates(t *testing.T) {
	sites := []struct {
		name string
		cfg  Config
	}{
		{"example", Config{Dir: "../.."}},
		{"basic", Config{Dir: "testdata/basic"}},
		{"basic with a base URL", Config{Dir: "testdata/basic", BaseURL: "https://example.org/a+b/dossier/"}},
		{"every feature", Config{Dir: writeSite(t, everyFeature), Drafts: true}},
		{"empty", Config{Dir: writeSite(t, map[string]string{"content/site.yaml": "title: Empty\ndescription: Nothing yet.\n"})}},
	}
	// a site's briefing.html whose range … else prints the range's
	// variables, and a value printed through its String method: the
	// compiled run panicked on the first (issue 30); html/template writes []
	builtIn, err := os.ReadFile("../../templates/briefing.html")
	if err != nil {
		t.Fatal(err)
	}
	override := strings.Replace(string(builtIn), `{{define "main"}}`, `{{define "main"}}<p class="x">`+
		`{{range $i, $t := .Topics}}{{$t.Name}}{{else}}{{$i}}{{end}}|{{range $x := .Briefing.Editors}}{{$x}}{{else}}{{$x}}{{end}}|`+
		`{{range $i, $t := .Briefing.Topics}}{{$i}}{{$t.Name}}{{else}}none{{end}}</p>`, 1)
	sites = append(sites, struct {
		name string
		cfg  Config
	}{"range else in an override", Config{Dir: writeSite(t, map[string]string{
		"content/sources/paris.txt": paris, "templates/briefing.html": override,
		"content/briefings/t.md": "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n",
	})}})
	for _, tt := range attackCases {
		sites = append(sites, struct {
			name string
			cfg  Config
		}{"attack: " + tt.name, Config{Dir: writeSite(t, tt.files())}})
	}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			compareCompiled(t, s.cfg)
		})
	}
}

// compareCompiled builds the site with its pages compiled and on
// html/template only, and reports every file that differs or that one
// side wrote and the other did not.
func compareCompiled(t *testing.T, cfg Config) {
	t.Helper()
	cfg.Memory = true
	cfg.engine = compiled
	fast := build(t, cfg)
	cfg.engine = interpreted
	slow := build(t, cfg)
	if fast.Failed() || slow.Failed() {
		t.Fatalf("the build failed: %v", fast.Diagnostics)
	}
	for _, n := range fast.Notes {
		if strings.Contains(n, "after the compiled run stopped") {
			t.Errorf("a page fell back: %s", n)
		}
	}
	got, want := allFiles(fast), allFiles(slow)
	if page := got["briefings/t/index.html"]; strings.Contains(page, `<p class="x">`) && !strings.Contains(page, `<p class="x">[]|[]|none</p>`) {
		t.Errorf("range … else: %s", page[strings.Index(page, `<p class="x">`):][:60])
	}
	pages := 0
	for _, d := range sameFiles(got, want) {
		t.Error(d)
	}
	for name := range want {
		if strings.HasPrefix(name, "sources/") || strings.HasPrefix(name, "briefings/") {
			pages++
		}
	}
	if pages == 0 && !strings.Contains(want["index.html"], "No briefings yet") {
		t.Fatal("no source or briefing pages were compared")
	}
}

// sameFiles lists how the compiled build's files differ from
// html/template's: a file one side lacks, or its first difference.
func sameFiles(compiled, want map[string]string) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		got, ok := compiled[name]
		switch {
		case !ok:
			out = append(out, name+": html/template wrote it, the compiled build did not")
		case got != want[name]:
			out = append(out, name+": the compiled page differs from html/template's output:\n"+firstDiff(got, want[name]))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(compiled)) {
		if _, ok := want[name]; !ok {
			out = append(out, name+": the compiled build wrote it, html/template did not")
		}
	}
	return out
}

// Every page of the built-in theme runs compiled; a page whose template
// uses what the compiler does not know runs on html/template.
func TestBuiltInPagesCompile(t *testing.T) {
	data := reflect.TypeFor[*view.Page]()
	for _, site := range []fstest.MapFS{
		{},
		{"templates/sources.html": {Data: []byte(`{{define "main"}}{{range $k, $v := .Site.Editors}}{{$k}}={{$v}} {{end}}{{end}}`)}},
	} {
		r, diags := render.New(render.Layer{FS: theme, Prefix: "(built-in) templates/"}, render.Layer{FS: site, Prefix: "templates/"})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		for _, k := range page.Kinds {
			if !r.Compiled(k.Name, data) {
				t.Errorf("%s: runs on html/template", k.Name)
			}
		}
	}
	r, _ := render.New(render.Layer{FS: theme, Prefix: "(built-in) templates/"},
		render.Layer{FS: fstest.MapFS{"templates/sources.html": {Data: []byte(`{{define "main"}}{{printf "%d" 1}}{{end}}`)}}, Prefix: "templates/"})
	if r.Compiled("sources", data) || !r.Compiled("source", data) {
		t.Error("printf compiled, or the other pages not")
	}
}

// A build says which pages run on html/template and why; the built-in
// theme has none.
func TestSlowPagesAreNamed(t *testing.T) {
	// (no search: without Pagefind, a note says how to add it)
	if res := build(t, Config{Dir: writeSite(t, everyFeature), Memory: true, Search: SearchOff}); len(res.Notes) != 0 {
		t.Errorf("the built-in theme: %q", res.Notes)
	}
	files := map[string]string{"templates/sources.html": `{{define "main"}}{{printf "%d sources" (len .Sources)}}{{end}}`}
	for k, v := range everyFeature {
		files[k] = v
	}
	res := build(t, Config{Dir: writeSite(t, files), Memory: true, Search: SearchOff})
	if len(res.Notes) != 1 || !strings.HasPrefix(res.Notes[0], "templates/sources.html: its pages run on html/template") ||
		!strings.Contains(res.Notes[0], "printf") {
		t.Errorf("notes: %q", res.Notes)
	}
	if !strings.Contains(string(res.Site["sources/index.html"]), fmt.Sprintf("%d sources", page.PerPage)) {
		t.Error("the page on html/template is wrong")
	}
}

// The one-markup test: an attribute added to the first element of any
// template of the built-in theme shows in every page built with it, and so
// does the same edit made in a site's own copy of the template.
func TestEveryTemplateEditShows(t *testing.T) {
	files, err := fs.Glob(theme, "templates/*.html")
	if err != nil || len(files) < 15 {
		t.Fatalf("templates: %v %v", files, err)
	}
	firstElement := regexp.MustCompile(`<[a-z][a-z0-9]*`)
	dir := writeSite(t, everyFeature)
	for _, file := range files {
		b, err := fs.ReadFile(theme, file)
		if err != nil {
			t.Fatal(err)
		}
		mark := ` data-edited="` + strings.TrimSuffix(strings.TrimPrefix(file, "templates/"), ".html") + `"`
		loc := firstElement.FindIndex(b)
		if loc == nil {
			t.Fatalf("%s has no element", file)
		}
		edited := string(b[:loc[1]]) + mark + string(b[loc[1]:])
		for _, how := range []string{"built-in", "override"} {
			t.Run(file+" "+how, func(t *testing.T) {
				cfg := Config{Dir: dir, Drafts: true, Memory: true, Search: SearchOn}
				builtIn := fstest.MapFS{}
				statics, _ := fs.Glob(theme, "static/*")
				for _, f := range append(statics, files...) {
					data, _ := fs.ReadFile(theme, f)
					builtIn[f] = &fstest.MapFile{Data: data}
				}
				if how == "built-in" {
					builtIn[file] = &fstest.MapFile{Data: []byte(edited)}
					cfg.Theme = builtIn
				} else {
					cfg.Theme = builtIn
					files := map[string]string{file: edited}
					for k, v := range everyFeature {
						files[k] = v
					}
					cfg.Dir = writeSite(t, files)
				}
				res := build(t, cfg)
				if res.Failed() {
					t.Fatal(res.Diagnostics)
				}
				r, _ := render.New(render.Layer{FS: theme, Prefix: "(built-in) templates/"})
				shown := 0
				for name, data := range res.Site {
					k, _ := page.Of(name)
					if k == nil || !r.Uses(k.Name, reflect.TypeFor[*view.Page](), strings.TrimPrefix(file, "templates/")) {
						continue
					}
					if file == "templates/_pager.html" && !strings.Contains(string(data), `class="pager"`) {
						continue // a listing of one page has no pager
					}
					if !strings.Contains(string(data), mark) {
						t.Errorf("%s: the edit of %s does not show", name, file)
					}
					shown++
				}
				if shown == 0 {
					t.Fatalf("no page uses %s", file)
				}
			})
		}
	}
}

// everyFeature is a site whose pages use every branch of the built-in
// templates: editors, a base URL, notes on passages and on a source, elided
// and overlapping passages, contradictions, an ambiguous passage and one
// not found (a build that is not strict renders them), a draft, a zero date,
// and characters each escaper treats apart.
var everyFeature = map[string]string{
	"content/site.yaml": "title: A + B <Briefings> & 'more'\ndescription: \"Quotes \\\" and + signs\"\n" +
		"editors: [Ann O'Neil, B & C]\nbase_url: https://example.org/x+y/\nlanguage: fr\n",
	"content/sources/alpha.txt": "---\ntitle: Alpha + \"report\"\noutlet: The <Outlet>\nauthor: A & B\npublished: 2025-04-18\n" +
		"retrieved: 2025-04-19\nurl: https://example.org/a b/ü?x=1&y=2+3#frag%20%zz\nnote: The **whole** source & more.\n---\n" +
		"First paragraph says the talks were long & hard, and the ministers agreed.\n" +
		"Second paragraph: the ministers agreed to meet again + soon.\n" +
		"Third, the ministers agreed. The ministers agreed.\n",
	"content/sources/beta.md": "---\ntitle: Beta\nurl: HTTPS://Example.ORG/beta\n---\n# A heading\n\nA paragraph with *emphasis* and a [link](https://example.org).\n\n" +
		"- an item that says yes\n- another item\n\n> a quotation in the source\n\n| a | b |\n| - | - |\n| cell one | cell two |\n",
	"content/sources/gamma.txt": "---\noutlet: Gamma\nurl: javascript:alert(1)\n---\nOnly text here, nothing cited.\n",
	"content/sources/delta.txt": "---\ntitle: Delta\nurl: mailto:desk@example.org\n---\nDelta says it plainly.\n",
	"content/briefings/one.md": "---\ntitle: One & \"two\" + three\ndate: 2025-04-20\nsummary: A <summary> & more\neditors: [Zoe]\ntags: [Sanctions & <more>, Ünïcode/..]\n---\n" +
		"# Heading\n\nThe talks were long [@alpha, \"the talks were long & hard\"]. " +
		"They agreed [@alpha, \"the ministers agreed … meet again\"; contra @beta, \"an item that says yes\"]. " +
		"A whole source [@delta]. Not found [@alpha, \"words that are not there\"]. " +
		"Ambiguous [@alpha, \"The ministers agreed\"].\n\n" +
		"Overlap [@alpha, \"long & hard, and the ministers\"; @alpha, \"and the ministers agreed\"].\n\n" +
		"> [!WARNING] [@alpha, \"meet again + soon\"]\n> A note **with** markup & a [link](https://example.org/?a=1&b=2).\n\n" +
		"> [!NOTE] [@beta, \"a quotation in the source\"]\n> Another note.\n\n" +
		"```go\nfunc main() {}\n```\n",
	"content/briefings/two.md":   "---\ntitle: Two\n---\nNo date here [@beta, \"cell one\"; @delta, \"plainly\"].\n",
	"content/briefings/draft.md": "---\ntitle: Draft\ndraft: true\ndate: 2024-01-02\n---\nA draft [@gamma].\n",
}

func init() {
	// a wire with more sources than a page lists: the sources, the
	// outlets and the wire's own page run to a second page
	for i := range page.PerPage + 1 {
		everyFeature[fmt.Sprintf("content/sources/wire/w%02d.txt", i)] = fmt.Sprintf("---\ntitle: Wire %d\noutlet: Wire & <Co>\n---\nItem %d.\n", i, i)
	}
}
