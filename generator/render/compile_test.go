package render

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// data is what the tests' templates are executed with: a field of each
// kind the compiler knows, and some it does not.
type data struct {
	Title   string
	N       int
	Yes     bool
	Names   []string
	Items   []*item
	Item    *item
	None    *item
	Body    template.HTML
	Date    time.Time
	Zero    time.Time
	Nested  inner
	Float   float64
	Extra   map[string]string
	Empty   []*item   // nil
	Blank   []string  // empty
	Fmt     formatted // printed by its Format method
	Str     stringy   // and by its String method
	private string
}

// formatted is text that fmt prints through its Format method.
type formatted string

func (f formatted) Format(s fmt.State, verb rune) { fmt.Fprintf(s, "formatted(%s)", string(f)) }

// stringy is text that fmt prints through its String method.
type stringy string

func (s stringy) String() string { return "stringy(" + string(s) + ")" }

type item struct {
	embedded
	Label string
	Count int
	Tags  []string
}

type embedded struct{ Kind string }

type inner struct{ Deep *item }

func (item) Method() string { return "m" }

func sample(s string) *data {
	return &data{
		Title: s, N: 3, Yes: true, Names: []string{"Ann", s, ""},
		Items: []*item{{embedded{"a"}, s, 1, []string{"x"}}, {embedded{""}, "", 0, nil}},
		Item:  &item{embedded{s}, "one", 2, []string{s, "+"}},
		Body:  template.HTML("<em>" + s + "</em>"), Date: time.Date(2025, 4, 18, 0, 0, 0, 0, time.UTC),
		Nested: inner{&item{Label: s}}, Float: 1.5, Extra: map[string]string{"k": s},
		Blank: []string{}, Fmt: formatted(s), Str: stringy(s),
	}
}

// compiledTemplates run compiled and write what html/template writes.
var compiledTemplates = []string{
	`plain text`,
	`<p>{{.Title}}</p>`,
	`<title>{{.Title}}</title><textarea>{{.Body}}</textarea>`,
	`<p title="{{.Title}}" class={{.Title}} data-n={{.N}}>{{.N}} {{.Yes}}</p>`,
	`<a href="{{.Title}}">a</a><a href="/x?q={{.Title}}&n={{.N}}#{{.Title}}">b</a><a href='{{.Item.Label}}'>c</a>`,
	`<img src="/i/{{.Title}}.png" alt="{{.Title}}">`,
	`{{.Body}}<span title="{{.Title}}">{{.Item.Kind}}</span>`,
	`{{if .Title}}t{{else if .N}}n{{else}}none{{end}}{{if .None}}x{{else}}nil{{end}}`,
	`{{with .Item}}{{.Label}} {{.Count}} {{.Kind}}{{end}}{{with .None}}x{{else}}no item{{end}}`,
	`{{with .Zero}}<time datetime="{{isodate .}}">{{date .}}</time>{{end}}|{{date .Date}}|{{isodate .Date}}`,
	`{{range .Names}}<li>{{.}}</li>{{else}}none{{end}}`,
	`{{range $i, $n := .Names}}{{if $i}}, {{end}}{{$n}}{{$.Title}}{{end}}`,
	`{{range $n := .Items}}{{$n.Label}}:{{range .Tags}}[{{.}}]{{else}}-{{end}}{{end}}`,
	`{{range .Items}}{{with .Tags}}{{len .}}{{end}}{{end}}{{len .Names}} {{len .Title}}`,
	`{{$x := .Title}}{{$y := .N}}{{$x}}{{$y}}{{if .Yes}}{{$x = "changed"}}{{$z := 1}}{{$z}}{{end}}{{$x}}`,
	`{{if and .Title (ne .Title "x")}}a{{end}}{{if or .None .N}}b{{end}}{{if not .Yes}}c{{end}}{{and .N 0}}{{or .Title "d"}}`,
	`{{if eq .Title "<x>"}}eq{{end}}{{if eq .N 3}}three{{end}}{{if ne .Yes false}}yes{{end}}`,
	`{{plural .N "claim" "claims"}} {{plural (len .Items) "item" "items"}} {{add .N 2}} {{plural 1 "a" "b"}}`,
	`{{.Nested.Deep.Label}}{{(and .Item .Item).Label}}{{(or .None .Item).Kind}}`,
	`{{template "part" .Item}}{{range .Items}}{{template "part" .}}{{end}}`,
	`<!-- {{.Title}} --><p>{{/* a comment */}}{{- .Title -}} </p>`,
	`<a href="{{.Item.Label}}{{.Title}}">x</a>`,
	`{{block "b" .Item}}{{.Label}}{{end}}`,
	`{{range $i, $t := .Empty}}{{$t.Label}}{{else}}empty{{end}}{{range $x := .Blank}}{{$x}}{{else}}blank{{end}}`,
	`{{range $i, $t := .Items}}{{$i}}{{$t.Label}}{{else}}none{{end}}{{with .Empty}}x{{else}}{{len .Blank}}{{end}}`,
	// fields read where they are (direct.go): through pointers, embedded
	// structs and struct values, from dot and from variables, printed and
	// tested
	`{{.Nested.Deep.Kind}}{{.Nested.Deep.Count}}{{$i := .Item}}{{$i.Kind}}{{$i.Count}}{{$.Item.Label}}{{.Yes}}`,
	`{{if .Names}}a{{end}}{{if .Blank}}b{{end}}{{if .Empty}}c{{end}}{{if .Item}}d{{end}}{{if .None}}e{{end}}` +
		`{{if .Nested.Deep}}f{{end}}{{if .Item.Tags}}g{{end}}{{if .Item.Count}}h{{end}}{{if .Item.Kind}}i{{end}}{{if .Body}}j{{end}}`,
	`{{range $t := .Items}}{{if $t.Kind}}{{$t.Kind}}{{else}}-{{end}}{{if $t.Tags}}{{$t.Count}}{{end}}{{end}}`,
}

// interpretedTemplates run on html/template: the compiler refuses them,
// and their pages are still right.
var interpretedTemplates = []string{
	`{{printf "%d" .N}}`,
	`{{.Float}}`,
	`{{.Extra.k}}`,
	`{{.Item.Method}}`,
	`{{index .Names 0}}`,
	`<span title="{{.Body}}">x</span>`,
	`<script>var x = {{.Title}};</script>`,
	`<style>p { color: {{.Title}} }</style>`,
	`{{range .Names}}{{if .}}{{break}}{{end}}{{.}}{{end}}`,
	`{{range .N}}{{.}}{{end}}`,
	`{{.Date}}`,
	`<p {{.Title}}>x</p>`,
	`{{html .Title}}`,
	`{{.Title | printf1}}`,
	`{{(index1 .).Label}}`,
	// in a range's else its variables hold the empty slice itself
	`{{range $i, $t := .Empty}}{{$t.Label}}{{else}}{{$i}}{{end}}`,
	`{{range $x := .Blank}}{{$x}}{{else}}{{$x}}{{end}}`,
	`{{range $i, $x := .Blank}}{{$x}}{{else}}{{$i}}|{{$x}}{{end}}`,
	// fmt prints these through their methods
	`{{.Fmt}}`,
	`<a title="{{.Fmt}}">{{.Str}}</a>`,
}

// fallbackTemplates compile, but stop while they run: html/template runs
// them again, and the error is its own.
var fallbackTemplates = []string{
	`{{.None.Label}}`,
	`{{range .Items}}{{.Label}}{{end}}{{.None.Kind}}`,
	`{{if .None.Tags}}x{{end}}`,
	`{{.Nested.Deep.Label}}{{$n := .None}}{{$n.Count}}`,
}

var compileFuncs = template.FuncMap{
	"index1":  func(d *data) *item { return d.Items[0] },
	"printf1": func(s string) string { return "<" + s + ">" },
}

func pagesOf(body string) *Renderer {
	r, diags := New(layer("(built-in) templates/", map[string]string{
		"base.html":  `{{template "main" .}}`,
		"_part.html": `{{define "part"}}<i>{{.Label}}</i>{{end}}`,
		"page.html":  `{{define "main"}}` + body + `{{end}}`,
	}))
	if len(diags) > 0 || r.pages["page"] == nil {
		return nil
	}
	r.pages["page"].Funcs(compileFuncs)
	return r
}

// run executes the page compiled and on html/template alone.
func run(t *testing.T, body string, d any) (compiled, interpreted string, errC, errI error, ok bool) {
	t.Helper()
	r := pagesOf(body)
	if r == nil {
		return "", "", nil, nil, false
	}
	ref := pagesOf(body)
	ref.Interpret()
	var a, b bytes.Buffer
	errC = r.Page(&a, "page", d)
	errI = ref.Page(&b, "page", d)
	return a.String(), b.String(), errC, errI, r.Compiled("page", reflect.TypeOf(d))
}

func TestCompiledEqualsHTMLTemplate(t *testing.T) {
	for _, s := range []string{"<x>", "", "a&b'\"+ c", "javascript:alert(1)", "https://e.org/a b?c=d&e=f+g#h%zz", "\x00\xff\uFDD0"} {
		for _, body := range compiledTemplates {
			got, want, errC, errI, compiled := run(t, body, sample(s))
			if !compiled {
				t.Errorf("%s: not compiled", body)
			}
			if errC != nil || errI != nil || got != want {
				t.Errorf("%s with %q:\ncompiled    %q %v\nhtml/template %q %v", body, s, got, errC, want, errI)
			}
		}
		for _, body := range compiledTemplates { // data as a value, not a pointer
			got, want, errC, errI, compiled := run(t, body, *sample(s))
			if !compiled || errC != nil || errI != nil || got != want {
				t.Errorf("%s with %q by value: compiled %v\n%q %v\n%q %v", body, s, compiled, got, errC, want, errI)
			}
		}
		for _, body := range interpretedTemplates {
			got, want, errC, errI, compiled := run(t, body, sample(s))
			if compiled {
				t.Errorf("%s: compiled", body)
			}
			if got != want || (errC == nil) != (errI == nil) {
				t.Errorf("%s with %q:\n%q %v\n%q %v", body, s, got, errC, want, errI)
			}
		}
		for _, body := range fallbackTemplates {
			got, want, errC, errI, compiled := run(t, body, sample(s))
			if !compiled || errC == nil || errI == nil || errC.Error() != errI.Error() || got != want {
				t.Errorf("%s: compiled %v, errors %v / %v, %q / %q", body, compiled, errC, errI, got, want)
			}
		}
	}
}

// The compiler knows which fields and files a page reads.
func TestReadsAndUses(t *testing.T) {
	r := pagesOf(`{{.Title}}{{with .Item}}{{.Label}}{{template "part" .}}{{end}}`)
	dt := reflect.TypeFor[*data]()
	for _, tt := range []struct {
		st   reflect.Type
		name string
		want bool
	}{
		{reflect.TypeFor[data](), "Title", true},
		{reflect.TypeFor[data](), "Item", true},
		{reflect.TypeFor[item](), "Label", true},
		{reflect.TypeFor[data](), "N", false},
		{reflect.TypeFor[item](), "Count", false},
	} {
		if got := r.Reads("page", dt, tt.st, tt.name); got != tt.want {
			t.Errorf("Reads %s.%s = %v", tt.st, tt.name, got)
		}
	}
	if !r.Uses("page", dt, "_part.html") || !r.Uses("page", dt, "base.html") || !r.Uses("page", dt, "page.html") {
		t.Error("Uses misses a file")
	}
	i := pagesOf(`{{printf "%s" .Title}}`)
	if !i.Reads("page", dt, reflect.TypeFor[data](), "N") || !i.Uses("page", dt, "_part.html") {
		t.Error("a page on html/template may read anything")
	}
}

// Templates the fuzzer writes, run compiled and on html/template: the same
// bytes, or both fail.
func FuzzCompile(f *testing.F) {
	for _, b := range compiledTemplates {
		f.Add(b, "<x>")
	}
	for _, b := range interpretedTemplates {
		f.Add(b, "a b")
	}
	f.Add(`{{define "x"}}{{.}}{{template "x" .}}{{end}}{{template "x" .Title}}`, "deep")
	f.Add(`{{range $i, $t := .Empty}}{{$t.Label}}{{else}}{{$i}}{{$t}}{{end}}`, "")
	f.Add(`{{with $x := .None}}{{$x.Label}}{{else}}{{$x}}{{end}}`, "")
	f.Add(`{{if $x := .N}}{{$x}}{{else}}{{$x}}{{end}}{{with $x := .Title}}{{$x}}{{else}}[{{$x}}]{{end}}`, "")
	f.Add(`{{with $x := .Blank}}{{$x}}{{else}}[{{len $x}}]{{end}}{{range $i, $e := .Blank}}{{$e}}{{else}}[{{len $i}}]{{end}}`, "")
	f.Add(`{{range $e := .Empty}}{{$e.Label}}{{else}}{{if $e}}y{{else}}n{{end}}{{end}}{{$x := .Title}}{{range $x := .Names}}{{$x}}{{end}}{{$x}}`, "x")
	f.Fuzz(func(t *testing.T, body, s string) {
		got, want, errC, errI, _ := run(t, body, sample(s))
		if (errC == nil) != (errI == nil) || (errC == nil && got != want) {
			t.Fatalf("%q with %q:\ncompiled      %q %v\nhtml/template %q %v", body, s, got, errC, want, errI)
		}
	})
}

// The escapers against html/template's own, on any text, in each context
// an escaper is made for (the probe's template).
func FuzzEscapers(f *testing.F) {
	for _, s := range probeValues {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want, errC, errI, compiled := run(t, probeTemplate, &data{Title: s, Body: template.HTML(s)})
		if !compiled || errC != nil || errI != nil || got != want {
			t.Fatalf("%q (compiled %v):\n got %s %v\nwant %s %v", s, compiled, got, errC, want, errI)
		}
	})
}

func BenchmarkEscapeText(b *testing.B) {
	// news text: mostly letters and spaces, now and then an apostrophe
	text := strings.Repeat("Secretary of State Marco Rubio said on Friday that the United States could walk away from "+
		"its effort to broker a peace deal within days unless there were clear signs of progress, after talks in "+
		"Paris with European and Ukrainian officials. It's time to see whether the war can end, he said. ", 40)
	var buf bytes.Buffer
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		buf.Reset()
		replace(&buf, text, &htmlTable, true)
	}
}

// A compiled run that panics, or stops, is never the page's end: the page
// runs on html/template, and the fallback is counted with its reason.
func TestFallbacksAreCounted(t *testing.T) {
	r := pagesOf(`<p>{{.Title}}</p>`)
	d := sample("x")
	p := r.program("page", reflect.TypeOf(d))
	if p == nil {
		t.Fatal("not compiled")
	}
	p.run = func(s *state, _ reflect.Value) error {
		s.w.WriteString("half a page")
		var m map[string]int
		m["boom"]++ // a panic the compiler did not foresee
		return nil
	}
	var b bytes.Buffer
	if err := r.Page(&b, "page", d); err != nil || b.String() != "<p>x</p>" {
		t.Fatalf("page = %q, %v", b.String(), err)
	}
	if err := r.Page(&b, "page", d); err != nil {
		t.Fatal(err)
	}
	f := r.Fallbacks()
	if len(f) != 1 {
		t.Fatalf("fallbacks = %v", f)
	}
	for k, n := range f {
		if k.Page != "page" || !strings.Contains(k.Reason, "the compiled run failed: assignment to entry in nil map") || n != 2 {
			t.Errorf("fallback %+v × %d", k, n)
		}
	}
	if f := r.Fallbacks(); len(f) != 0 {
		t.Errorf("Fallbacks does not forget: %v", f)
	}
	// a page that stops where html/template stops is counted too
	r = pagesOf(`{{.None.Label}}`)
	if err := r.Page(&b, "page", d); err == nil {
		t.Fatal("no error")
	}
	if f := r.Fallbacks(); f[Fallback{"page", "stopped"}] != 1 {
		t.Errorf("fallbacks = %v", f)
	}
}

// The probe finds the ported escapers equal to this Go's html/template;
// fed an escaper that differs, it says which value and how, and then no
// page is compiled: every one runs on html/template, and Slow says why.
func TestEscaperProbe(t *testing.T) {
	if err := probe(escapers); err != nil {
		t.Fatal(err)
	}
	drifted := maps.Clone(escapers)
	html := drifted["_html_template_htmlescaper"]
	drifted["_html_template_htmlescaper"] = escaper{html: true, write: func(w *bytes.Buffer, c content) {
		if strings.Contains(c.s, "'") && !c.html {
			w.WriteString(strings.ReplaceAll(c.s, "'", "&#x27;")) // as a later Go might
			return
		}
		html.write(w, c)
	}}
	err := probe(drifted)
	if err == nil || !strings.Contains(err.Error(), "escape \"<script>&\\\"'+</script>\" otherwise than "+runtime.Version()) {
		t.Fatalf("a drifted escaper: %v", err)
	}
	defer func(old func() error) { escapersDiffer = old }(escapersDiffer)
	escapersDiffer = func() error { return err }
	r := pagesOf(`<p>{{.Title}}</p>`)
	dt := reflect.TypeOf(sample("x"))
	if r.Compiled("page", dt) {
		t.Error("a page compiled with escapers that differ")
	}
	if why := r.Slow("page", dt); why == nil || !strings.Contains(why.Error(), "pages run on html/template") {
		t.Errorf("Slow = %v", why)
	}
	if got := page(t, r, "page", sample("<'>")); got != "<p>&lt;&#39;&gt;</p>" {
		t.Errorf("page = %q", got)
	}
}
