package highlight

import (
	"bytes"
	"html"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Style is the chroma style the stylesheet is written in.
const Style = "github"

// Highlighter renders code. It is safe for concurrent use.
type Highlighter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
	lexers    sync.Map // language → chroma.Lexer (nil for none)
}

// New returns a Highlighter in class mode.
func New() *Highlighter {
	return &Highlighter{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4)),
		style:     styles.Get(Style),
	}
}

// CSS writes the stylesheet for the classes that Code emits.
func (h *Highlighter) CSS(w io.Writer) error { return h.formatter.WriteCSS(w, h.style) }

func (h *Highlighter) lexer(lang string) chroma.Lexer {
	lang = strings.ToLower(lang)
	if l, ok := h.lexers.Load(lang); ok {
		lx, _ := l.(chroma.Lexer)
		return lx
	}
	var lx chroma.Lexer
	if lang != "" {
		if l := lexers.Get(lang); l != nil {
			lx = chroma.Coalesce(l)
		}
	}
	h.lexers.Store(lang, lx)
	return lx
}

// Marker opens every block Code writes: a page holds highlighted code when
// its HTML holds it.
const Marker = `<pre class="chroma">`

// Code writes code in lang as highlighted HTML, or as escaped plain text in
// a <pre><code> when no lexer knows lang. The <code> has the class
// language-LANG, as CommonMark gives it, for scripts and stylesheets that
// look for it.
func (h *Highlighter) Code(w io.Writer, lang, code string) error {
	open := "<code>"
	if lang != "" {
		open = `<code class="language-` + html.EscapeString(lang) + `">`
	}
	if lx := h.lexer(lang); lx != nil && len(code) <= MaxCode {
		if out, ok := h.formatWithin(lx, code, TimeLimit); ok {
			if k := bytes.Index(out, []byte("<code>")); k >= 0 && lang != "" {
				if _, err := w.Write(out[:k]); err != nil {
					return err
				}
				if _, err := io.WriteString(w, open); err != nil {
					return err
				}
				out = out[k+len("<code>"):]
			}
			_, err := w.Write(out)
			return err
		}
	}
	_, err := io.WriteString(w, Marker+open+html.EscapeString(code)+"</code></pre>\n")
	return err
}

// Limits on highlighting: a larger block, or one whose lexer takes longer,
// is shown as plain text.
const MaxCode = 256 << 10

// TimeLimit is how long a block's highlighting may take.
var TimeLimit = 2 * time.Second

// formatWithin formats code, giving up after limit: a lexer that loops must
// not stop the build. (The goroutine of a lexer that never ends is left
// behind; the build goes on.)
func (h *Highlighter) formatWithin(lx chroma.Lexer, code string, limit time.Duration) ([]byte, bool) {
	done := make(chan []byte, 1)
	go func() {
		var buf bytes.Buffer
		if h.format(&buf, lx, code) {
			done <- buf.Bytes()
			return
		}
		done <- nil
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case out := <-done:
		return out, out != nil
	case <-t.C:
		return nil, false
	}
}

// format reports false when the lexer failed or panicked.
func (h *Highlighter) format(w io.Writer, lx chroma.Lexer, code string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	it, err := lx.Tokenise(nil, code)
	if err != nil {
		return false
	}
	return h.formatter.Format(w, h.style, it) == nil
}

// RegisterFuncs renders goldmark's fenced and indented code blocks.
func (h *Highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.renderCode)
	reg.Register(ast.KindCodeBlock, h.renderCode)
}

// NodeRenderer returns h as a goldmark renderer that takes over code blocks.
func (h *Highlighter) NodeRenderer() util.PrioritizedValue { return util.Prioritized(h, 100) }

func (h *Highlighter) renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	var lang string
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		lang = string(f.Language(src))
	}
	var code strings.Builder
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	return ast.WalkSkipChildren, h.Code(w, lang, code.String())
}
