package mdext

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// goldmarkDir is where the go command keeps goldmark's module, with its
// CommonMark spec examples and its benchmark's document.
func goldmarkDir(t testing.TB) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func markdowns() (plain, bounded goldmark.Markdown) {
	opts := []goldmark.Option{
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(html.WithUnsafe(), html.WithXHTML()),
	}
	plain = goldmark.New(append(opts, goldmark.WithExtensions(extension.Footnote))...)
	bounded = goldmark.New(append(opts, goldmark.WithParser(NewParser()), goldmark.WithExtensions(Footnotes))...)
	return plain, bounded
}

func convert(t testing.TB, m goldmark.Markdown, src []byte) string {
	var b bytes.Buffer
	pc := parser.NewContext()
	if err := m.Renderer().Render(&b, src, m.Parser().Parse(text.NewReader(src), parser.WithContext(pc))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Within its bounds the bounded parser is goldmark's: every example of the
// CommonMark spec goldmark tests itself with, and goldmark's benchmark
// document, come out the same.
func TestBoundedParserIsGoldmarks(t *testing.T) {
	dir := goldmarkDir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "_test/spec.json"))
	if err != nil {
		t.Skip(err)
	}
	var examples []struct {
		Markdown string `json:"markdown"`
		Example  int    `json:"example"`
	}
	if err := json.Unmarshal(raw, &examples); err != nil {
		t.Fatal(err)
	}
	plain, bounded := markdowns()
	extra := []string{
		"[a [b](c) d](e)", "[a] x](y)", "[a\n\nb](c)", "[a](<b c>)", "[a](b(c(d)e)f)", "![i](j) [k]: l",
		"x[^1]\n\n[^1]: note\n", "[www.example.com](x) www.example.org", "> - a\n>   - b\n> c", "[ref]\n\n[ref]: /u 'title'",
	}
	for _, e := range examples {
		extra = append(extra, e.Markdown)
	}
	for i, src := range extra {
		if got, want := convert(t, bounded, []byte(src)), convert(t, plain, []byte(src)); got != want {
			t.Errorf("input %d %q:\nbounded %q\ngoldmark %q", i, src, got, want)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "_benchmark/cmark/_data.md"))
	if err != nil {
		t.Skip(err)
	}
	if convert(t, bounded, data) != convert(t, plain, data) {
		t.Error("goldmark's benchmark document comes out otherwise")
	}
}

// Past a bound, what is over it is text, and the document says so.
func TestBounds(t *testing.T) {
	_, bounded := markdowns()
	tests := []struct {
		name, src, problem string
	}{
		{"nesting", strings.Repeat("> ", 40) + "x", "blocks nested more than 32 deep"},
		{"nested lists", strings.Repeat("- ", 40) + "x", "blocks nested more than 32 deep"},
		{"footnotes", strings.Repeat("x\n\n", 1) + func() string {
			var b strings.Builder
			for i := range MaxFootnotes + 2 {
				b.WriteString("[^n" + strings.Repeat("i", i) + "]: note\n\n")
			}
			return b.String()
		}(), "more than 500 footnotes"},
		{"definitions", strings.Repeat("[a]: /u\n", maxDefinitionLines+1), "is not read for link definitions"},
		{"labels", strings.Repeat("[a ", 3000) + strings.Repeat("*a", 3000) + strings.Repeat("]", 3000), "too many [ and other marks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc := parser.NewContext()
			d := &Document{}
			SetDocument(pc, d)
			bounded.Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
			if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Msg, tt.problem) {
				t.Errorf("problems %+v, want one with %q", d.Problems, tt.problem)
			}
		})
	}
	// a paragraph of many links is within them: each label is short
	pc := parser.NewContext()
	d := &Document{}
	SetDocument(pc, d)
	bounded.Parser().Parse(text.NewReader([]byte(strings.Repeat("[l](#x) *a* ", 20000))), parser.WithContext(pc))
	if len(d.Problems) > 0 {
		t.Errorf("20,000 links in a paragraph: %+v", d.Problems[0])
	}
	// a destination over the bound is no destination, read no further
	if got := convert(t, bounded, []byte("[a](b"+strings.Repeat("(", 40)+")")); strings.Contains(got, "<a ") {
		t.Errorf("a destination of 40 open parentheses made a link: %s", got)
	}
}

// goldmark's benchmark document, parsed by goldmark's parser and by the
// bounded one: the bounds cost nothing measurable.
func BenchmarkParseGoldmarkData(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(goldmarkDir(b), "_benchmark/cmark/_data.md"))
	if err != nil {
		b.Skip(err)
	}
	plain, bounded := markdowns()
	for _, m := range []struct {
		name string
		md   goldmark.Markdown
	}{{"goldmark", plain}, {"bounded", bounded}} {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				m.md.Parser().Parse(text.NewReader(data))
			}
		})
	}
}
