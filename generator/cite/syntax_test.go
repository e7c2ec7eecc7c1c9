package cite

import (
	"fmt"
	"strings"
	"testing"
)

func TestIsCitationStart(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"[@id]", true},
		{"[ @id]", true},
		{"[contra @id]", true},
		{"[contra@id]", true},
		{"[contrary @id]", true}, // Pandoc: a prefix, which ParseGroup explains
		{"[see @id]", true},
		{"[-@id]", true},
		{"[see me@example.com]", false},
		{"[see @ noon]", false},
		{"[^1]", false},
		{"[a] @id", false},
		{"[text](@x)", false},
		{"[me@example.com]", false},
		{"[!WARNING]", false},
		{"[", false},
	}
	for _, tt := range tests {
		if got := IsCitationStart([]byte(tt.in)); got != tt.want {
			t.Errorf("IsCitationStart(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func dump(g Group) string {
	var parts []string
	for _, it := range g.Items {
		s := "@" + it.Key
		if it.Contra {
			s = "contra " + s
		}
		if it.HasPassage {
			s += fmt.Sprintf(" %q", it.Passage)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func TestParseGroup(t *testing.T) {
	tests := []struct {
		in   string
		want string
		len  int
	}{
		{`[@paris]`, `@paris`, 8},
		{`[@paris, "in the very short term"]`, `@paris "in the very short term"`, 34},
		{`[@paris, “curly quoted”] rest`, `@paris "curly quoted"`, 28},
		{`[@a, "one"; @b, "two"]`, `@a "one"; @b "two"`, 22},
		{`[@a, "one"; contra @b, "two"]`, `@a "one"; contra @b "two"`, 29},
		{`[contra @b]`, `contra @b`, 11},
		{"[@a,\n  \"over two\nlines\"]", "@a \"over two\\nlines\"", 24},
		{`[@a, "say \"hi\" now"]`, `@a "say \"hi\" now"`, 22},
		{`[@a, “say "hi" now”]`, `@a "say \"hi\" now"`, 24},
		{`[@reuters/paris-talks.v2_b]`, `@reuters/paris-talks.v2_b`, 27},
		{`[ @a ; @b ]`, `@a; @b`, 11},
		{`[@a, "x"](http://e)`, `@a "x"`, 9},
	}
	for _, tt := range tests {
		g, err := ParseGroup([]byte(tt.in))
		if err != nil {
			t.Errorf("ParseGroup(%q): %v", tt.in, err)
			continue
		}
		if got := dump(g); got != tt.want || g.Len != tt.len {
			t.Errorf("ParseGroup(%q) = %s (len %d), want %s (len %d)", tt.in, got, g.Len, tt.want, tt.len)
		}
	}
}

// A paragraph after the passage chooses among its occurrences, in each way
// it may be written.
func TestParseGroupParagraph(t *testing.T) {
	tests := []struct {
		in   string
		para int
		off  int
	}{
		{`[@a, "x", ¶3]`, 3, 10},
		{`[@a, "x",¶ 12]`, 12, 9},
		{`[@a, “x”, para. 7; @b]`, 7, 14},
		{`[@a, "x", Para 7]`, 7, 10},
		{`[@a, "x", paragraph 41]`, 41, 10},
		{`[@a, "x"]`, 0, 0},
	}
	for _, tt := range tests {
		g, err := ParseGroup([]byte(tt.in))
		if err != nil {
			t.Errorf("ParseGroup(%q): %v", tt.in, err)
			continue
		}
		if it := g.Items[0]; it.Para != tt.para || it.ParaOff != tt.off || it.Passage != "x" {
			t.Errorf("ParseGroup(%q) = ¶%d at %d, passage %q; want ¶%d at %d", tt.in, it.Para, it.ParaOff, it.Passage, tt.para, tt.off)
		}
	}
}

// Offsets of items point at '@' and at the opening quote.
func TestParseGroupOffsets(t *testing.T) {
	in := `[@a, "one"; contra @bb, “two”]`
	g, err := ParseGroup([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range g.Items {
		if in[it.KeyOff] != '@' || in[it.KeyOff+1:it.KeyOff+1+len(it.Key)] != it.Key {
			t.Errorf("KeyOff %d does not point at @%s", it.KeyOff, it.Key)
		}
		if !strings.HasPrefix(in[it.PassageOff:], `"`) && !strings.HasPrefix(in[it.PassageOff:], "“") {
			t.Errorf("PassageOff %d does not point at a quote", it.PassageOff)
		}
	}
}

func TestParseGroupErrors(t *testing.T) {
	tests := []struct {
		in         string
		off        int
		msg        string
		incomplete bool
	}{
		{`[@]`, 2, "missing source id after @", false},
		{`[@Paris]`, 1, `invalid source id "Paris": ids are lowercase; did you mean @paris?`, false},
		{`[@pa$ris]`, 1, `invalid source id "pa$ris": ids are lowercase letters, digits and . _ / -`, false},
		{`[@a x]`, 4, "expected , ; or ] after @a", false},
		{`[@a p. 3]`, 4, `a locator ("p. 3") is not a passage: dossier cites the words themselves, [@a, "…"]`, false},
		{`[@a, p. 3]`, 5, `a locator ("p. 3") is not a passage: dossier cites the words themselves, [@a, "…"]`, false},
		{`[@a, some words]`, 5, `the passage must be in quotes: [@a, "…"]`, false},
		{`[@a, "x" p. 3]`, 9, `a locator ("p. 3") after the passage is not read: end the citation with ]`, false},
		{`[see @a, "x"]`, 1, `a prefix ("see") is not part of a citation: write it in the sentence and cite [@a, "…"]`, false},
		{`[@a, "x"; see also @b]`, 10, `a prefix ("see also") is not part of a citation: write it in the sentence and cite [@b, "…"]`, false},
		{`[-@a, "x"]`, 1, `-@a hides the author in Pandoc; dossier shows no author, so cite [@a, "…"]`, false},
		{`[@a, "x] more. [@b, "y"]`, 7, `unclosed quote: is the passage's closing quote missing before this ]?`, false},
		{`[@a, "x] more.`, 7, `unclosed quote: is the passage's closing quote missing before this ]?`, true},
		{`[@a, "x" y]`, 9, "expected ; or ] after the passage", false},
		{`[@a, "x" ¶3]`, 9, `a paragraph follows the passage after a comma: [@a, "…", ¶3]`, false},
		{`[@a, "x", p. 3]`, 10, `only a paragraph can follow the passage ("p. 3" is not one): [@a, "…", ¶3] chooses the passage in ¶3`, false},
		{`[@a, "x", y]`, 10, `expected a paragraph after the passage, as in [@a, "…", ¶3], or ; or ]`, false},
		{`[@a, "x", ¶0]`, 10, "paragraphs are numbered from ¶1", false},
		{`[@a, "x", ¶3 more]`, 14, "expected ; or ] after the passage", false},
		{`[@a, "x",`, 9, "unclosed citation: expected ]", true},
		{`[@a, ""]`, 5, "empty passage", false},
		{`[@a; x]`, 5, "expected @id, a source id", false},
		{`[contra x]`, 8, "expected @id after contra: did you mean contra @x?", false},
		{`[contra X]`, 8, "expected @id after contra", false},
		{`[@a, "never closed`, 5, `unclosed quote: the passage has no closing "`, true},
		{`[@a, “never closed"]`, 20, `mismatched quotes: the passage opens with “, so it closes with ”, not "`, true},
		{`[@a, “never closed`, 5, "unclosed quote: the passage has no closing ”", true},
		{`[@a`, 3, "unclosed citation: expected ]", true},
		{`[@a,`, 4, "unclosed citation: expected ]", true},
	}
	for _, tt := range tests {
		_, err := ParseGroup([]byte(tt.in))
		if err == nil {
			t.Errorf("ParseGroup(%q): no error", tt.in)
			continue
		}
		if err.Off != tt.off || err.Msg != tt.msg || err.Incomplete != tt.incomplete {
			t.Errorf("ParseGroup(%q) error = %d %q incomplete=%v; want %d %q incomplete=%v",
				tt.in, err.Off, err.Msg, err.Incomplete, tt.off, tt.msg, tt.incomplete)
		}
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"paris": true, "reuters/paris-talks": true, "a.b_c-1": true, "0": true,
		"": false, "Paris": false, "-a": false, "a//b": false, "a/": false, "../x": false, "a/../b": false,
		"a/.b": false, "a b": false, "é": false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
}

// A group that lacks only its '@' is a citation with a mistake, not text.
func TestMissingAt(t *testing.T) {
	tests := []struct {
		in  string
		off int
		msg string
	}{
		{`[paris, "in the very short term"]`, 1, "a source id starts with @: did you mean @paris?"},
		{`[paris, “in the very short term”]`, 1, "a source id starts with @: did you mean @paris?"},
		{`[@a, "x"; paris, "y"]`, 10, "a source id starts with @: did you mean @paris?"},
		{`[contra paris]`, 8, "expected @id after contra: did you mean contra @paris?"},
		{`[contra paris, "y"]`, 8, "expected @id after contra: did you mean contra @paris?"},
	}
	for _, tt := range tests {
		if !IsCitationStart([]byte(tt.in)) {
			t.Errorf("IsCitationStart(%q) = false", tt.in)
		}
		_, err := ParseGroup([]byte(tt.in))
		if err == nil || err.Off != tt.off || err.Msg != tt.msg {
			t.Errorf("ParseGroup(%q) = %v; want %d %q", tt.in, err, tt.off, tt.msg)
		}
	}
	for _, in := range []string{"[sic]", "[contra naturam est]", "[a, b]", "[Paris, “x”]", "[x]"} {
		if IsCitationStart([]byte(in)) {
			t.Errorf("IsCitationStart(%q) = true; it is text", in)
		}
	}
}

// Each fix a syntax error offers writes what its message asks for: the
// group it makes parses, or fails only for the passage left to fill in.
func TestSyntaxFixes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`[-@a, "x"]`, `[@a, "x"]`},
		{`[see @a, "x"]`, `see [@a, "x"]`},
		{`[@a, p. 3]`, `[@a, "…"]`},
		{`[@a p. 3]`, `[@a, "…"]`},
		{`[@a, "x" p. 3]`, `[@a, "x"]`},
		{`[@a, "x" ¶3]`, `[@a, "x", ¶3]`},
		{`[@A, "x"]`, `[@a, "x"]`},
		{`[a, "x"]`, `[@a, "x"]`},
		{`[contra a, "x"]`, `[contra @a, "x"]`},
		{`[@a, "x”]`, `[@a, "x"]`},
		{`[@a, “x"]`, `[@a, “x”]`},
	} {
		_, err := ParseGroup([]byte(tc.in))
		if err == nil || err.Fix == nil {
			t.Errorf("%s: error %v, want one with a fix", tc.in, err)
			continue
		}
		f := err.Fix
		got := tc.in[:f.Off] + f.Text + tc.in[f.End:]
		if got != tc.want {
			t.Errorf("%s: fixed %q (%s), want %q", tc.in, got, f.Title, tc.want)
			continue
		}
		if _, err := ParseGroup([]byte(got[strings.Index(got, "["):])); err != nil {
			t.Errorf("%s: the fixed %s does not parse: %v", tc.in, got, err)
		}
	}
}
