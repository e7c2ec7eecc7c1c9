package site

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// The attack corpus: each case puts hostile text where an editor, or a
// pasted source, could. The site must build (or fail with a message), and
// no page of it may hold anything that runs: no script but the theme's own,
// no event handler, no javascript:, vbscript: or non-image data: URL, no
// bidirectional override.
func TestAttackCorpus(t *testing.T) {
	tests := attackCases
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(Config{Dir: writeSite(t, tt.files()), Memory: true, Theme: theme})
			defer b.Close()
			res, err := b.Update(t.Context(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Failed() {
				t.Fatalf("the build failed: %v", res.Diagnostics)
			}
			files := allFiles(res)
			if len(files) < 10 {
				t.Fatalf("%d files", len(files))
			}
			for name, data := range files {
				switch {
				case strings.HasSuffix(name, ".html"):
					for _, v := range activeVectors(data) {
						t.Errorf("%s: %s", name, v)
					}
				case strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".jsonld"):
					if !json.Valid([]byte(data)) {
						t.Errorf("%s is not valid JSON", name)
					}
				}
				// every output a reader or a client is shown, pages, feed
				// and exports alike
				if strings.ContainsAny(data, bidiControls) {
					t.Errorf("%s holds a bidirectional control", name)
				}
			}
			// and what search shows: results, excerpts, filters' choices
			for _, p := range b.m.searchPages(context.Background()) {
				for _, doc := range [][]byte{p.Payload(), p.HTML()} {
					if strings.ContainsAny(string(doc), bidiControls) {
						t.Errorf("the search page of %s holds a bidirectional control: %s", p.URL, doc)
					}
				}
				if v := activeVectors(string(p.HTML())); len(v) > 0 {
					t.Errorf("the search page of %s: %s", p.URL, v)
				}
			}
		})
	}
	if len(tests) < 25 {
		t.Errorf("only %d attack cases", len(tests))
	}
}

// bidiControls are the embedding, override and isolate controls.
const bidiControls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

// attackCase puts hostile text where an editor, or a pasted source, could.
type attackCase struct {
	name, briefing, source, siteYAML string
	all                              map[string]string // the whole site, when given
}

var attackCases = []attackCase{
	{name: "script element in text", briefing: "Text <script>alert(1)</script> [@s]."},
	{name: "image with onerror", briefing: "Text <img src=x onerror=alert(1)> [@s]."},
	{name: "svg onload block", briefing: "<svg onload=alert(1)>\n\nText [@s]."},
	{name: "iframe", briefing: "<iframe src=javascript:alert(1)></iframe>\n\nText [@s]."},
	{name: "javascript link", briefing: "[x](javascript:alert(1)) [@s]."},
	{name: "entity-encoded javascript", briefing: "[x](&#106;avascript:alert(1)) [@s]."},
	{name: "hex entity javascript", briefing: "[x](&#x6A;avascript:alert(1)) [@s]."},
	{name: "tab inside javascript", briefing: "[x](java&#9;script:alert(1)) [@s]."},
	{name: "named entity colon", briefing: "[x](javascript&colon;alert(1)) [@s]."},
	{name: "mixed case scheme", briefing: "[x](JaVaScRiPt:alert(1)) [@s]."},
	{name: "vbscript", briefing: "[x](vbscript:msgbox(1)) [@s]."},
	{name: "data html link", briefing: "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [@s]."},
	{name: "javascript image", briefing: "![x](javascript:alert(1)) [@s]."},
	{name: "svg data image", briefing: "![x](data:image/svg+xml,<svg/onload=alert(1)>) [@s]."},
	{name: "javascript autolink", briefing: "<javascript:alert(1)> [@s]."},
	{name: "javascript reference link", briefing: "[x][r] [@s].\n\n[r]: javascript:alert(1)"},
	{name: "link title breaking out", briefing: "[x](https://example.org \"\\\" onmouseover=alert(1) x=\\\"\") [@s]."},
	{name: "attribute syntax on a heading", briefing: "# Title {onclick=\"alert(1)\" #c-00000000}\n\nText [@s]."},
	{name: "heading with an image handler", briefing: "## <img src=x onerror=alert(1)>\n\nText [@s]."},
	{name: "code fence language", briefing: "```\"><script>alert(1)</script>\nx\n```\n\nText [@s]."},
	{name: "footnote with javascript", briefing: "Text[^1] [@s].\n\n[^1]: [x](javascript:alert(1)) <b onclick=alert(1)>b</b>"},
	{name: "table cell with html", briefing: "| a |\n| - |\n| a cell <img src=x onerror=alert(1)> [@s] |"},
	{name: "editor note with html", briefing: "Text [@s].\n\n> [!WARNING] [@s, \"days\"]\n> <script>alert(1)</script> [x](javascript:alert(1))"},
	{name: "passage closing a script", briefing: "Quote [@s, \"</script><script>alert(1)</script>\"].",
		source: "---\ntitle: S\n---\nHe wrote </script><script>alert(1)</script> here.\n"},
	{name: "passage opening a comment", briefing: "Quote [@s, \"<!-- x -->\"].", source: "---\ntitle: S\n---\nA <!-- x --> comment.\n"},
	{name: "line separator in a passage", briefing: "Quote [@s, \"one\u2028two\"].", source: "---\ntitle: S\n---\nSay one\u2028two now.\n"},
	{name: "bidi override in a source", briefing: "Quote [@s, \"admin\u202e\u2066 code\"].", source: "---\ntitle: S\n---\nThe admin\u202e\u2066 code here.\n"},
	{name: "source front matter breaking out", briefing: "Text [@s].",
		source: "---\ntitle: \"\\\"><script>alert(1)</script>\"\noutlet: \"</title><script>alert(2)</script>\"\nnote: '[x](javascript:alert(3)) <img src=x onerror=alert(4)>'\nurl: javascript:alert(5)\n---\nLine.\n"},
	{name: "source url mixed case with spaces", briefing: "Text [@s, \"Line\"].", source: "---\ntitle: S\nurl: \"  JAVASCRIPT:alert(1)\"\n---\nLine.\n"},
	{name: "source text as markup", briefing: "Text [@s].", source: "---\ntitle: S\n---\n<b onmouseover=alert(1)>x</b> & </mark><script>x</script>\n"},
	{name: "site title and description", briefing: "Text [@s].", siteYAML: "title: <script>alert(1)</script>\ndescription: '\"><img src=x onerror=alert(1)>'\neditors: ['<svg onload=alert(1)>']\n"},
	{name: "briefing title and summary", briefing: "Text [@s].", siteYAML: ""},
	{name: "bidi controls in every field", all: map[string]string{
		"content/site.yaml": "title: \"Site \\u202Eexe.png\"\ndescription: \"D \\u2066x\\u2069\"\neditors: [\"Ed \\u202B\"]\n",
		"content/sources/s.txt": "---\ntitle: \"S \\u202Egnp.exe\"\noutlet: \"Wire \\u202D\"\nauthor: \"A \\u2067\"\n---\nThe admin\u202e code, and days \u2068here\u2069.\n" +
			"An entity &#x202E;gnp.exe, AT&amp;T and &lt;b&gt; stay as they are written.\n",
		"content/briefings/b.md": "---\ntitle: \"B \\u202Eexe\"\nsummary: \"Sum \\u202A\"\neditors: [\"E \\u202C\"]\ntags: [\"T \\u202E\"]\n---\n" +
			"Claim \u202e one [@s, \"admin\u202e code\"]. Two [@s, \"days \u2068here\u2069\"].\n",
	}},
}

// files is the case's site.
func (tt attackCase) files() map[string]string {
	if tt.all != nil {
		return tt.all
	}
	source := tt.source
	if source == "" {
		source = "---\ntitle: S\n---\nA plain line of the source with days in it.\n"
	}
	head := "---\ntitle: T\n---\n"
	if tt.name == "briefing title and summary" {
		head = "---\ntitle: \"</title><script>alert(1)</script>\"\nsummary: <b onmouseover=alert(1)>hi</b>\neditors: ['\"><svg onload=alert(1)>']\n---\n"
	}
	files := map[string]string{"content/sources/s.txt": source, "content/briefings/b.md": head + tt.briefing + "\n"}
	if tt.siteYAML != "" {
		files["content/site.yaml"] = tt.siteYAML
	}
	return files
}
