package lsp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/generator/diag"
	"dossier/generator/site"
)

const briefing = "content/briefings/paris-talks.md"

// cursor takes the mark ‸ out of text and returns the text and the
// position it marked, in UTF-16 units.
func cursor(t *testing.T, text string) (string, Position) {
	t.Helper()
	i := strings.Index(text, "‸")
	if i < 0 {
		t.Fatal("no ‸ in the text")
	}
	text = text[:i] + text[i+len("‸"):]
	return text, positionOf([]byte(text), i, utf16Encoding)
}

// apply applies edits that do not overlap to text.
func apply(text string, edits ...TextEdit) string {
	slices.SortFunc(edits, func(a, b TextEdit) int {
		return offsetOf([]byte(text), b.Range.Start, utf16Encoding) - offsetOf([]byte(text), a.Range.Start, utf16Encoding)
	})
	for _, e := range edits {
		b := []byte(text)
		from, to := offsetOf(b, e.Range.Start, utf16Encoding), offsetOf(b, e.Range.End, utf16Encoding)
		text = text[:from] + e.NewText + text[to:]
	}
	return text
}

// withClaim is the example briefing with a paragraph of its own after its
// first heading.
func withClaim(t *testing.T, dir, claim string) string {
	text := readFile(t, dir, briefing)
	return strings.Replace(text, "## The warning\n", "## The warning\n\n"+claim+"\n", 1)
}

func position(uri string, p Position) map[string]any {
	return map[string]any{"textDocument": map[string]string{"uri": uri}, "position": p}
}

// check runs `dossier check` on dir, for the diagnostics of path.
func check(t *testing.T, dir, path string) diag.List {
	t.Helper()
	res, err := site.Build(context.Background(), site.Config{Dir: dir, Check: true, Drafts: true, Theme: os.DirFS(filepath.Join("..", ".."))})
	if err != nil {
		t.Fatal(err)
	}
	var list diag.List
	for _, d := range res.Diagnostics {
		if d.Path == path {
			list = append(list, d)
		}
	}
	return list
}

// The diagnostics of unsaved text are those `dossier check` gives of the
// same text saved: messages, notes and places.
func TestDiagnosticsAreCheck(t *testing.T) {
	for _, tc := range []struct{ name, from, to string }{
		{"typo", "I mean days", "I mean dayz"},
		{"unknown source", "@standoff, \"Washington may", "@standof, \"Washington may"},
		{"pandoc locator", `[@impatience, "continue with this endeavour for weeks and months on end"]`, `[@impatience, p. 3]`},
		{"pandoc prefix", `[@impatience, "continue with`, `[see @impatience, "continue with`},
		{"unclosed", `weeks and months on end"]`, `weeks and months on end]`},
		{"alert kind", "> [!CAUTION]", "> [!CAUTON]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleSite(t)
			c := start(t, dir, "")
			c.open(briefing, "")
			c.waitDiagnostics(briefing, 1, func(d []Diagnostic) bool { return len(d) == 0 })
			text := readFile(t, dir, briefing)
			if !strings.Contains(text, tc.from) {
				t.Fatalf("the example has no %q", tc.from)
			}
			changed := strings.Replace(text, tc.from, tc.to, 1)
			c.change(briefing, 2, changed)
			got := c.waitDiagnostics(briefing, 2, func(d []Diagnostic) bool { return len(d) > 0 })

			saved := exampleSite(t)
			os.WriteFile(filepath.Join(saved, filepath.FromSlash(briefing)), []byte(changed), 0o644)
			want := check(t, saved, briefing)
			if len(got) != len(want) {
				t.Fatalf("%d diagnostics, check gives %d: %+v", len(got), len(want), want)
			}
			for i, w := range want {
				msg := strings.Join(append([]string{w.Message}, w.Notes...), "\n")
				start := positionAt([]byte(changed), w.Line, w.Col, utf16Encoding)
				if got[i].Message != msg || got[i].Range.Start != start || got[i].Severity != severityError {
					t.Errorf("diagnostic %d:\n got %+v\nwant %q at %+v (error)", i, got[i], msg, start)
				}
			}
			// mended, the problem goes
			c.change(briefing, 3, text)
			c.waitDiagnostics(briefing, 3, func(d []Diagnostic) bool { return len(d) == 0 })
		})
	}
}

// A source changed on disk is checked again, and each open briefing that
// cites it gets its new diagnostics.
func TestSourceChangedOnDisk(t *testing.T) {
	dir := exampleSite(t)
	other := "content/briefings/other.md"
	os.WriteFile(filepath.Join(dir, filepath.FromSlash(other)), []byte("---\ntitle: Other\n---\nRubio spoke of days [@paris-april-18, \"in the very short term and I mean days\"].\n"), 0o644)
	c := start(t, dir, "")
	c.open(briefing, "")
	c.open(other, "")
	c.waitDiagnostics(briefing, 1, func(d []Diagnostic) bool { return len(d) == 0 })
	c.waitDiagnostics(other, 1, func(d []Diagnostic) bool { return len(d) == 0 })
	src := filepath.Join(dir, "content", "sources", "paris-april-18.txt")
	b, _ := os.ReadFile(src)
	os.WriteFile(src, []byte(strings.Replace(string(b), "I mean days", "I mean weeks", 1)), 0o644)
	notFound := func(d []Diagnostic) bool {
		return len(d) == 1 && strings.HasPrefix(d[0].Message, "passage not found in @paris-april-18")
	}
	c.waitDiagnostics(briefing, 1, notFound)
	c.waitDiagnostics(other, 1, notFound)

	// a source open in the editor is read from it, saved or not
	rel := "content/sources/paris-april-18.txt"
	c.open(rel, string(b))
	c.waitDiagnostics(other, 1, func(d []Diagnostic) bool { return len(d) == 0 })
	c.change(rel, 2, strings.Replace(string(b), "I mean days", "I mean months", 1))
	c.waitDiagnostics(other, 1, notFound)
}

func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		name   string
		claim  string   // a paragraph put in the briefing, ‸ at the cursor
		labels []string // the first labels offered, in order
		result string   // what the claim reads after the first is taken; "" to leave it
	}{
		{"ids after [@", "A claim [@‸", []string{"economic-times", "impatience", "move-on", "paris-april-18", "standoff"}, ""},
		{"id by its start", "A claim [@stand‸", []string{"standoff"}, "A claim [@standoff"},
		{"id by a title word", "A claim [@diplo‸", []string{"standoff"}, "A claim [@standoff"},
		{"id by the outlet", "A claim [@econom‸", []string{"economic-times"}, ""},
		{"id after ;", `A claim [@move-on, "ultimately it's not our fight"; @impa‸`, []string{"impatience"}, ""},
		{"id after contra", "A claim [contra @stan‸", []string{"standoff"}, ""},
		{"id replaces the rest of the word", "A claim [@sta‸ndxx]", []string{"standoff"}, "A claim [@standoff]"},
		{
			"passage from its words", `Rubio warned [@standoff, "move on‸`,
			[]string{"The United States has issued a stern warning: unless tangib…", "Washington may “move on” from negotiations altogether", "“move on” from negotiations altogether."},
			`Rubio warned [@standoff, "The United States has issued a stern warning: unless tangible progress is made in brokering peace between Kyiv and Moscow, Washington may “move on” from negotiations altogether."]`,
		},
		{
			"passage as a clause", `Rubio put it in days [@paris-april-18, "very short‸`,
			[]string{"“We’re now at a point where we need to determine, in the ve…", "in the very short term and I mean days", "very short term and I mean days — if a resolution is possib…"},
			"",
		},
		{
			"passage with the closing quote and ] already there", `Rubio warned [@standoff, "Washington may‸"].`,
			[]string{"The United States has issued a stern warning: unless tangib…"},
			`Rubio warned [@standoff, "The United States has issued a stern warning: unless tangible progress is made in brokering peace between Kyiv and Moscow, Washington may “move on” from negotiations altogether."].`,
		},
		{
			"passage from words in another order", `Rubio warned [@standoff, "negotiations altogether Washington‸`,
			[]string{"The United States has issued a stern warning: unless tangib…"}, "",
		},
		{
			"passage with straight quotes escaped", `Rubio said so [@impatience, "weeks and months‸`,
			[]string{`Secretary of State Marco Rubio, speaking after high-level t…`},
			`Rubio said so [@impatience, "Secretary of State Marco Rubio, speaking after high-level talks in Paris, emphasized that the US would not \"continue with this endeavour for weeks and months on end,\" citing the need to focus on other priorities if a truce remains elusive 1 2 3."]`,
		},
		{
			"passage in curly quotes", `Rubio said so [@impatience, “stark warn‸`,
			[]string{"The United States has issued a stark warning that it may so…"},
			`Rubio said so [@impatience, “The United States has issued a stark warning that it may soon abandon its efforts to broker a peace deal between Russia and Ukraine if significant progress is not made within days.”]`,
		},
		{
			"passage of a second item", `Rubio warned [@impatience, "it is not our war"; @move-on, "not our fi‸"; @standoff]`,
			[]string{"The U.S. has supported Ukraine for years, but ultimately it…"}, "",
		},
		{"alert kind", "> [!WA‸", []string{"WARNING"}, "> [!WARNING]"},
		{"no completion in prose", "A claim about sanctions‸", nil, ""},
		{"no completion after a closed group", `A claim [@standoff] and more‸`, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleSite(t)
			c := start(t, dir, "")
			text, pos := cursor(t, withClaim(t, dir, tc.claim))
			c.open(briefing, text)
			var list CompletionList
			c.must("textDocument/completion", position(c.uri(briefing), pos), &list)
			var labels []string
			for _, it := range list.Items {
				labels = append(labels, it.Label)
			}
			if len(labels) < len(tc.labels) || !slices.Equal(labels[:len(tc.labels)], tc.labels) {
				t.Fatalf("labels %q, want first %q", labels, tc.labels)
			}
			if len(tc.labels) == 0 && len(labels) > 0 {
				t.Fatalf("labels %q, want none", labels)
			}
			if strings.Contains(tc.name, "outlet") {
				if d := list.Items[0].Detail; d != "US May Abandon Russia-Ukraine Peace Efforts Soon · The Economic Times" {
					t.Errorf("detail %q, want the title and the outlet", d)
				}
			}
			if tc.result == "" {
				return
			}
			it := list.Items[0]
			got := apply(text, append(it.AdditionalTextEdits, *it.TextEdit)...)
			if want := withClaim(t, dir, tc.result); got != want {
				t.Fatalf("after completion:\n%s\nwant:\n%s", got, want)
			}
			if strings.Contains(tc.result, `"`) || strings.Contains(tc.result, "“") {
				// the passage is the source's: the briefing checks clean
				c.change(briefing, 2, got)
				c.waitDiagnostics(briefing, 2, func(d []Diagnostic) bool { return len(d) == 0 })
			}
		})
	}
}

// A passage a source has more than once is completed with its paragraph,
// and so anchors; the words typed over several lines are replaced too.
func TestCompletePassageTwice(t *testing.T) {
	dir := exampleSite(t)
	os.WriteFile(filepath.Join(dir, "content", "sources", "twice.txt"),
		[]byte("---\ntitle: Twice\n---\nThe vote is close. Polls differ.\n\nThe vote is close. Turnout rose.\n"), 0o644)
	c := start(t, dir, "")
	text, pos := cursor(t, withClaim(t, dir, "Turnout rose [@twice, \"vote\nis cl‸"))
	c.open(briefing, text)
	var list CompletionList
	c.must("textDocument/completion", position(c.uri(briefing), pos), &list)
	if len(list.Items) < 2 {
		t.Fatalf("items %+v", list.Items)
	}
	for i, want := range []string{`The vote is close.", ¶1]`, `The vote is close.", ¶2]`} {
		if got := list.Items[i].TextEdit.NewText; got != want {
			t.Errorf("item %d inserts %q, want %q", i, got, want)
		}
	}
	got := apply(text, append(list.Items[1].AdditionalTextEdits, *list.Items[1].TextEdit)...)
	if want := withClaim(t, dir, `Turnout rose [@twice, "The vote is close.", ¶2]`); got != want {
		t.Fatalf("after completion:\n%s\nwant:\n%s", got, want)
	}
	c.change(briefing, 2, got)
	c.waitDiagnostics(briefing, 2, func(d []Diagnostic) bool { return len(d) == 0 })
}

func TestCompleteTags(t *testing.T) {
	dir := exampleSite(t)
	c := start(t, dir, "")
	text := readFile(t, dir, briefing)
	text, pos := cursor(t, strings.Replace(text, "tags: [Ukraine, peace talks, United States, minerals]", "tags: [Ukraine, Ru‸", 1))
	c.open(briefing, text)
	var list CompletionList
	c.must("textDocument/completion", position(c.uri(briefing), pos), &list)
	if len(list.Items) != 1 || list.Items[0].Label != "Russia" || list.Items[0].TextEdit.NewText != "Russia" {
		t.Fatalf("items %+v, want Russia alone", list.Items)
	}
	text, pos = cursor(t, strings.Replace(readFile(t, dir, briefing), "tags: [Ukraine, peace talks, United States, minerals]", "tags:\n  - Ukraine\n  - ‸", 1))
	c.change(briefing, 2, text)
	c.must("textDocument/completion", position(c.uri(briefing), pos), &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	if want := []string{"Russia", "United States", "peace talks", "sanctions", "minerals"}; !slices.Equal(labels, want) {
		t.Fatalf("labels %q, want %q (site.yaml's, in its order, but Ukraine)", labels, want)
	}
}

func TestHover(t *testing.T) {
	dir := exampleSite(t)
	c := start(t, dir, "")
	text, pos := cursor(t, withClaim(t, dir, `Rubio spoke of days [@paris-april‸-18, "in the very short term and I mean days"] and weeks [@standoff, "days, not wee"].`))
	c.open(briefing, text)
	var h Hover
	c.must("textDocument/hover", position(c.uri(briefing), pos), &h)
	for _, want := range []string{"**Rubio warns the US may pull out of peace talks within days**", "¶3 · anchored", "**in the very short term and I mean days**"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	text, pos = cursor(t, withClaim(t, dir, `Rubio spoke of days [@paris-april-18, "in the very short term and I mean days"] and weeks [@stand‸off, "days, not wee"].`))
	c.change(briefing, 2, text)
	c.must("textDocument/hover", position(c.uri(briefing), pos), &h)
	for _, want := range []string{"not found", "passage not found in @standoff", `did you mean`} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
}

func TestDefinitionAndReferences(t *testing.T) {
	dir := exampleSite(t)
	c := start(t, dir, "")
	text, pos := cursor(t, withClaim(t, dir, `Rubio spoke of days [@paris-april-18‸, "in the very short term and I mean days"].`))
	c.open(briefing, text)
	var locs []Location
	c.must("textDocument/definition", position(c.uri(briefing), pos), &locs)
	src := "content/sources/paris-april-18.txt"
	if len(locs) != 1 || locs[0].URI != c.uri(src) {
		t.Fatalf("definition %+v", locs)
	}
	file := []byte(readFile(t, dir, src))
	r := locs[0].Range
	if got := string(file[offsetOf(file, r.Start, utf16Encoding):offsetOf(file, r.End, utf16Encoding)]); got != "in the very short term and I mean days" {
		t.Fatalf("definition's range holds %q", got)
	}

	// from the source: every citation of it, or on a cited passage, those of it
	c.open(src, "")
	c.must("textDocument/references", position(c.uri(src), Position{}), &locs)
	if want := strings.Count(text, "@paris-april-18"); len(locs) != want {
		t.Fatalf("%d references, want %d", len(locs), want)
	}
	c.must("textDocument/references", position(c.uri(src), r.Start), &locs)
	// the claim above's, the example's, and the example's elided passage
	// whose parts lie either side of it
	want := []string{`@paris-april-18, "in the very short term and I mean days"`, `@paris-april-18, "in the very short term and I mean days"`,
		`@paris-april-18, "We're not going to let this process drag on endlessly ... the President is ready to walk away"`}
	if len(locs) != len(want) {
		t.Fatalf("%d references of the passage, want %d: %+v", len(locs), len(want), locs)
	}
	for i, l := range locs {
		got := string([]byte(text)[offsetOf([]byte(text), l.Range.Start, utf16Encoding):offsetOf([]byte(text), l.Range.End, utf16Encoding)])
		if got != want[i] || l.URI != c.uri(briefing) {
			t.Errorf("reference %d: %s %q, want %q", i, l.URI, got, want[i])
		}
	}
}

func TestCodeActions(t *testing.T) {
	for _, tc := range []struct{ name, claim, title, result string }{
		{"did you mean", `Rubio spoke of days [@paris-april-18, "in the very short term and I mean dayz"].`,
			`quote "in the very short term and I mean days"`, `Rubio spoke of days [@paris-april-18, "in the very short term and I mean days"].`},
		{"unknown id", `Rubio spoke of days [@paris-april-19, "in the very short term and I mean days"].`,
			"write @paris-april-18", `Rubio spoke of days [@paris-april-18, "in the very short term and I mean days"].`},
		{"pandoc locator", `Rubio spoke of days [@paris-april-18, p. 3].`,
			`replace "p. 3" with a passage to quote`, `Rubio spoke of days [@paris-april-18, "…"].`},
		{"pandoc prefix", `Rubio spoke of days [see @paris-april-18, "in the very short term and I mean days"].`,
			`move "see" out of the citation`, `Rubio spoke of days see [@paris-april-18, "in the very short term and I mean days"].`},
		{"pandoc suppressed author", `Rubio spoke of days [-@paris-april-18, "in the very short term and I mean days"].`,
			`write @paris-april-18`, `Rubio spoke of days [@paris-april-18, "in the very short term and I mean days"].`},
		{"capitals", `Rubio spoke of days [@Paris-April-18, "in the very short term and I mean days"].`,
			`write @paris-april-18`, `Rubio spoke of days [@paris-april-18, "in the very short term and I mean days"].`},
		{"locator after the passage", `Rubio spoke of days [@paris-april-18, "in the very short term and I mean days" p. 3].`,
			`remove "p. 3"`, `Rubio spoke of days [@paris-april-18, "in the very short term and I mean days"].`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exampleSite(t)
			c := start(t, dir, "")
			text := withClaim(t, dir, tc.claim)
			c.open(briefing, text)
			ds := c.waitDiagnostics(briefing, 1, func(d []Diagnostic) bool { return len(d) > 0 })
			var actions []CodeAction
			c.must("textDocument/codeAction", map[string]any{"textDocument": map[string]string{"uri": c.uri(briefing)}, "range": ds[0].Range, "context": map[string]any{"diagnostics": ds}}, &actions)
			var titles []string
			for _, a := range actions {
				titles = append(titles, a.Title)
			}
			i := slices.Index(titles, tc.title)
			if i < 0 {
				t.Fatalf("actions %q, want %q", titles, tc.title)
			}
			got := apply(text, actions[i].Edit.Changes[c.uri(briefing)]...)
			if want := withClaim(t, dir, tc.result); got != want {
				t.Fatalf("after the action:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// A client that offers UTF-8 positions gets them: columns in bytes.
func TestUTF8Positions(t *testing.T) {
	dir := exampleSite(t)
	c := start(t, dir, `{"general":{"positionEncodings":["utf-8","utf-16"]}}`)
	text := withClaim(t, dir, `Rubio’s “days” [@paris-april-18, "in the very short term and I mean dayz"].`)
	c.open(briefing, text)
	ds := c.waitDiagnostics(briefing, 1, func(d []Diagnostic) bool { return len(d) > 0 })
	line := strings.Split(text, "\n")[ds[0].Range.Start.Line]
	if got := line[ds[0].Range.Start.Character:]; !strings.HasPrefix(got, "[@paris-april-18") {
		t.Fatalf("the diagnostic starts at byte %d of %q", ds[0].Range.Start.Character, line)
	}
}

// A briefing opened before it is saved is checked.
func TestUnsavedBriefing(t *testing.T) {
	dir := exampleSite(t)
	c := start(t, dir, "")
	rel := "content/briefings/new.md"
	c.open(rel, "---\ntitle: New\n---\nRubio spoke of days [@paris-april-18, \"in the very short term and I mean dayz\"].\n")
	ds := c.waitDiagnostics(rel, 1, func(d []Diagnostic) bool { return len(d) > 0 })
	if !strings.HasPrefix(ds[0].Message, "passage not found in @paris-april-18") {
		t.Fatalf("diagnostics %+v", ds)
	}
}

// A passage of a PDF's source is offered with its page, and definition
// goes to its characters past the page markers.
func TestPagedSource(t *testing.T) {
	dir := exampleSite(t)
	src := "content/sources/report.txt"
	os.WriteFile(filepath.Join(dir, filepath.FromSlash(src)), []byte("---\ntitle: A report\npages: 3\n---\n"+
		"[page 1, label \"i\"]\nThe summary comes first.\n[page 2]\nThe committee met twice in March. It heard four witnesses.\n[page 3]\nThe findings follow.\n"), 0o644)
	c := start(t, dir, "")
	text, pos := cursor(t, withClaim(t, dir, `The committee met [@report, "four wit‸`))
	c.open(briefing, text)
	var list CompletionList
	c.must("textDocument/completion", position(c.uri(briefing), pos), &list)
	if len(list.Items) == 0 || list.Items[0].Label != "It heard four witnesses." || list.Items[0].Detail != "¶2 · p. 2" {
		t.Fatalf("items %+v", list.Items)
	}
	text = apply(text, *list.Items[0].TextEdit)
	c.change(briefing, 2, text)
	c.waitDiagnostics(briefing, 2, func(d []Diagnostic) bool { return len(d) == 0 })
	var locs []Location
	c.must("textDocument/definition", position(c.uri(briefing), pos), &locs)
	file := []byte(readFile(t, dir, src))
	if len(locs) != 1 {
		t.Fatalf("definition %+v", locs)
	}
	r := locs[0].Range
	if got := string(file[offsetOf(file, r.Start, utf16Encoding):offsetOf(file, r.End, utf16Encoding)]); got != "It heard four witnesses." || r.Start.Line != 7 {
		t.Fatalf("definition at line %d holds %q", r.Start.Line, got)
	}
}

// Hover on a cited passage in a source says which claims cite it.
func TestHoverInSource(t *testing.T) {
	dir := exampleSite(t)
	c := start(t, dir, "")
	src := "content/sources/paris-april-18.txt"
	text, pos := cursor(t, strings.Replace(readFile(t, dir, src), "I mean days", "I mean d‸ays", 1))
	c.open(src, text)
	var h Hover
	c.must("textDocument/hover", position(c.uri(src), pos), &h)
	for _, want := range []string{"**Cited 2 times** (¶3)", "content/briefings/paris-talks.md:18 — “Rubio put the deadline in days, not weeks”", "content/briefings/paris-talks.md:20 — “If no resolution"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	var none *Hover
	c.must("textDocument/hover", position(c.uri(src), Position{Line: 1, Character: 1}), &none)
	if none != nil {
		t.Errorf("hover on the front matter: %+v", none)
	}
}
