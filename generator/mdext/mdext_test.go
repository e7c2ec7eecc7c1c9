package mdext

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"dossier/generator/cite"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
)

func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, Extension))
}

// The spec file holds input Markdown and the HTML it must render to, in
// goldmark's test case format. References are unresolved here, so every
// claim renders as broken; package site tests resolved ones.
func TestSpecFile(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/citations.txt", t)
}

func parse(t *testing.T, src string) *Document {
	t.Helper()
	d := &Document{Slug: "test"}
	pc := parser.NewContext()
	SetDocument(pc, d)
	newMarkdown().Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return d
}

func TestClaims(t *testing.T) {
	src := "Intro. Rubio said days [@paris, \"in the very\n short term\"; contra @x]. The U.S. is done [@a] [@b, \"x\"].\n\n- Item [@c].\n"
	d := parse(t, src)
	type want struct {
		plain string
		keys  string
		off   int
	}
	wants := []want{
		{"Rubio said days", "paris contra:x", strings.Index(src, "[@paris")},
		{"The U.S. is done", "a b", strings.Index(src, "[@a]")},
		{"Item", "c", strings.Index(src, "[@c]")},
	}
	if len(d.Claims) != len(wants) {
		t.Fatalf("got %d claims, want %d", len(d.Claims), len(wants))
	}
	ids := map[string]bool{}
	for i, c := range d.Claims {
		var keys []string
		for _, r := range c.Refs {
			k := r.Key
			if r.Contra {
				k = "contra:" + k
			}
			keys = append(keys, k)
		}
		if c.Plain != wants[i].plain || strings.Join(keys, " ") != wants[i].keys || c.Offset != wants[i].off || c.Number != i+1 {
			t.Errorf("claim %d = %q %v at %d (#%d); want %q %v at %d", i, c.Plain, keys, c.Offset, c.Number, wants[i].plain, wants[i].keys, wants[i].off)
		}
		ids[c.ID] = true
	}
	if len(ids) != len(wants) {
		t.Errorf("claim ids are not distinct: %v", ids)
	}
	// offsets of items point into the source
	r := d.Claims[0].Refs[0]
	if !strings.HasPrefix(src[r.KeyOff:], "@paris") || !strings.HasPrefix(src[r.PassageOff:], `"in the very`) {
		t.Errorf("ref offsets %d %d do not point at @paris and its passage", r.KeyOff, r.PassageOff)
	}
	if cite.NormalizeString(r.Passage) != "in the very short term" {
		t.Errorf("passage = %q", r.Passage)
	}
}

// Editing one sentence leaves the other claims' ids alone.
func TestClaimIDsAreStable(t *testing.T) {
	before := parse(t, "First claim [@a]. Second claim [@b]. Third claim [@c].")
	after := parse(t, "First claim [@a]. Second claim, edited [@b]. Third claim [@c].\n\nA new paragraph [@d].")
	if before.Claims[0].ID != after.Claims[0].ID || before.Claims[2].ID != after.Claims[2].ID {
		t.Errorf("unedited claims changed ids: %s %s → %s %s", before.Claims[0].ID, before.Claims[2].ID, after.Claims[0].ID, after.Claims[2].ID)
	}
	if before.Claims[1].ID == after.Claims[1].ID {
		t.Errorf("the edited claim kept its id %s", before.Claims[1].ID)
	}
	dup := parse(t, "Same [@a]. Same [@b].")
	if dup.Claims[0].ID+"-2" != dup.Claims[1].ID {
		t.Errorf("repeated claim ids = %s, %s; want the second to be the first plus -2", dup.Claims[0].ID, dup.Claims[1].ID)
	}
}

func TestAlerts(t *testing.T) {
	src := "> [!WARNING] [@et, \"said Dr. Greene\"]\n> No other source.\n\n> [!TIP]\n> Plain.\n\n> [!NOTE] [@a, \"x\"; @b, \"y\"]\n> Two.\n"
	d := parse(t, src)
	if len(d.Alerts) != 3 {
		t.Fatalf("got %d alerts, want 3", len(d.Alerts))
	}
	a := d.Alerts[0]
	if a.Variant != "warning" || a.Ref == nil || a.Ref.Key != "et" || a.Ref.Passage != "said Dr. Greene" || a.ID != "note-1" {
		t.Errorf("first alert = %+v", a)
	}
	if d.Alerts[1].Ref != nil || d.Alerts[1].Variant != "tip" {
		t.Errorf("second alert = %+v", d.Alerts[1])
	}
	if len(d.Claims) != 0 {
		t.Errorf("an alert's citation made %d claims", len(d.Claims))
	}
	if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Msg, "one passage") || d.Problems[0].Offset != strings.Index(src, "[@a,") {
		t.Errorf("problems = %+v", d.Problems)
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		src, at, msg string
	}{
		{"Bad [@a, p. 3] here.", "p. 3", "a locator (\"p. 3\") is not a passage"},
		{"Bad [@Paris].", "@Paris", "did you mean @paris?"},
		{"Bad [@a, \"never\nclosed.", "[@a", "unclosed quote"},
		{"Bad\n[@a; @b x].", "x]", "expected , ; or ] after @b"},
		{"[@a] alone", "[@a]", "closes no claim"},
	}
	for _, tt := range tests {
		d := parse(t, tt.src)
		if len(d.Problems) != 1 {
			t.Errorf("%q: problems = %+v, want one", tt.src, d.Problems)
			continue
		}
		p := d.Problems[0]
		if want := strings.Index(tt.src, tt.at); p.Offset != want || !strings.Contains(p.Msg, tt.msg) {
			t.Errorf("%q: problem at %d %q; want at %d containing %q", tt.src, p.Offset, p.Msg, want, tt.msg)
		}
	}
}

// Headings keep an outline under the page's title: none is more than one
// level below the one before it.
func TestOutline(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"### A\n\n#### B\n\n## C\n", "<h2>A</h2>|<h3>B</h3>|<h2>C</h2>"},
		{"## A\n\n## B\n\n### C\n", "<h2>A</h2>|<h2>B</h2>|<h3>C</h3>"},
		{"# A\n\n### B\n", "<h1>A</h1>|<h2>B</h2>"},
		{"> ##### In a quote\n", "<h2>In a quote</h2>"},
	} {
		var b bytes.Buffer
		md := goldmark.New(goldmark.WithExtensions(Extension))
		if err := md.Convert([]byte(tt.in), &b); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range regexp.MustCompile(`<h\d[^>]*>[^<]*</h\d>`).FindAllString(b.String(), -1) {
			got = append(got, regexp.MustCompile(` id="[^"]*"`).ReplaceAllString(m, ""))
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("%q: %s, want %s", tt.in, g, tt.want)
		}
	}
}

// A citation in a link's text closes the claim after the link: no link
// inside a link.
func TestCitationInLink(t *testing.T) {
	var b bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(Extension))
	if err := md.Convert([]byte("See [the report [@a, \"x\"]](https://example.org) here.\n"), &b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if !strings.Contains(got, `See <a href="https://example.org">the report</a><sup class="noteref`) {
		t.Errorf("got %s", got)
	}
	if regexp.MustCompile(`<a [^>]*>[^<]*<sup`).MatchString(got) {
		t.Errorf("a note inside a link: %s", got)
	}
}
