package highlight

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
)

func TestCode(t *testing.T) {
	h := New()
	tests := []struct {
		lang, code string
		want       []string
		not        []string
	}{
		{"go", "func main() { println(\"<b>\") }\n", []string{`<pre class="chroma"><code class="language-go">`, `<span class="kd">func</span>`, `&#34;&lt;b&gt;&#34;`}, []string{"style=", "<b>"}},
		{"GO", "var x = 1\n", []string{`<span class="kd">var</span>`}, nil},
		{"no-such-language", "<script>alert(1)</script>\n", []string{`<pre class="chroma"><code class="language-no-such-language">&lt;script&gt;alert(1)&lt;/script&gt;`}, []string{"<script>"}},
		{`x"><script>`, "y\n", []string{`<code class="language-x&#34;&gt;&lt;script&gt;">`}, []string{"<script>"}},
		{"", "plain & simple\n", []string{`<pre class="chroma"><code>plain &amp; simple`}, nil},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := h.Code(&b, tt.lang, tt.code); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: output lacks %s:\n%s", tt.lang, w, b.String())
			}
		}
		for _, n := range tt.not {
			if strings.Contains(b.String(), n) {
				t.Errorf("%s: output holds %s:\n%s", tt.lang, n, b.String())
			}
		}
	}
}

// panicky is a lexer that panics, as a buggy lexer might.
type panicky struct{ chroma.Lexer }

func (panicky) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) { panic("lexer bug") }

func TestPanickingLexerFallsBack(t *testing.T) {
	h := New()
	h.lexers.Store("boom", chroma.Lexer(panicky{}))
	var b bytes.Buffer
	if err := h.Code(&b, "boom", "a < b\n"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "a &lt; b") {
		t.Errorf("no plain fallback: %s", b.String())
	}
}

func TestCSS(t *testing.T) {
	var b bytes.Buffer
	if err := New().CSS(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ".chroma .kd") {
		t.Errorf("stylesheet lacks the keyword class:\n%.300s", b.String())
	}
}

// looping is a lexer that never ends, as a buggy one might.
type looping struct{ chroma.Lexer }

func (looping) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) {
	return func() chroma.Token {
		for {
			time.Sleep(time.Millisecond)
		}
	}, nil
}

func TestLoopingLexerFallsBack(t *testing.T) {
	old := TimeLimit
	TimeLimit = 50 * time.Millisecond
	defer func() { TimeLimit = old }()
	h := New()
	h.lexers.Store("loop", chroma.Lexer(looping{}))
	var b bytes.Buffer
	start := time.Now()
	if err := h.Code(&b, "loop", "x < y\n"); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > time.Second || !strings.Contains(b.String(), "x &lt; y") {
		t.Errorf("after %s: %s", time.Since(start), b.String())
	}
}

func TestHugeBlockIsPlain(t *testing.T) {
	var b bytes.Buffer
	code := strings.Repeat("func f() {}\n", MaxCode/12+10)
	New().Code(&b, "go", code)
	if strings.Contains(b.String(), `class="kd"`) || !strings.HasPrefix(b.String(), `<pre class="chroma"><code class="language-go">func f()`) {
		t.Errorf("a block over the limit was highlighted: %.100s", b.String())
	}
}
