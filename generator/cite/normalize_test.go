package cite

import (
	"strings"
	"testing"
)

func TestNormalizeString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "within days", "within days"},
		{"curly double quotes", "“move on”", `"move on"`},
		{"curly single quotes", "it’s ‘ours’", "it's 'ours'"},
		{"low-9 quotes", "„so‚", `"so'`},
		{"prime", "5′ and 6″", "5' and 6''"}, // NFKC turns ″ into ′′ first
		{"modifier apostrophe", "Kyivʼs", "Kyiv's"},
		{"en dash", "2022–2025", "2022-2025"},
		{"em dash", "points — they", "points - they"},
		{"minus sign", "−5", "-5"},
		{"horizontal bar", "a―b", "a-b"},
		{"ellipsis", "wait…", "wait..."},
		{"soft hyphen", "nego\u00adtiations", "negotiations"},
		{"zero-width space", "peace\u200btalks", "peacetalks"},
		{"zero-width joiner", "a\u200db", "ab"},
		{"word joiner", "a\u2060b", "ab"},
		{"byte order mark", "\ufeffstart", "start"},
		{"nbsp", "Marco\u00a0Rubio", "Marco Rubio"},
		{"narrow nbsp", "10\u202fdays", "10 days"},
		{"line break", "within\ndays", "within days"},
		{"crlf", "within\r\ndays", "within days"},
		{"tabs and runs", "a \t\n  b", "a b"},
		{"trimmed", "  a b  ", "a b"},
		{"NFKC ligature", "ﬁnal", "final"},
		{"NFKC fullwidth", "ＡＢＣ", "ABC"},
		{"NFKC composes", "e\u0301", "\u00e9"},
		{"NFKC composes across ASCII", "cafe\u0301 ok", "caf\u00e9 ok"},
		{"space around non-ASCII", "a \u00a0 b", "a b"},
		{"dropped inside space", "a \u200b b", "a b"},
		{"case kept", "Rubio RUBIO rubio", "Rubio RUBIO rubio"},
		{"empty", "", ""},
		{"only space", " \u00a0\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeString(tt.in); got != tt.want {
				t.Errorf("NormalizeString(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every byte of the normalised text maps back into the original, in order,
// and the original bytes of a normalised range normalise to that range.
func TestNormalizeOffsets(t *testing.T) {
	inputs := []string{
		"He said “we’re not — going”… to\u00a0walk",
		"ﬁnal e\u0301 nego\u00adtiations  \n end",
		"\u200b\u200b lead",
		"plain ascii text",
	}
	for _, in := range inputs {
		tx := Normalize(in, 0)
		checkMap(t, in, tx)
		for _, w := range strings.Fields(tx.Norm) {
			i := strings.Index(tx.Norm, w)
			s, e := tx.Orig(i, i+len(w))
			if got := NormalizeString(in[s:e]); got != w {
				t.Errorf("%q: word %q maps back to %q which normalises to %q", in, w, in[s:e], got)
			}
		}
	}
}

func TestNormalizeBase(t *testing.T) {
	tx := Normalize("ab", 10)
	if s, e := tx.Orig(0, 2); s != 10 || e != 12 {
		t.Errorf("Orig = %d,%d; want 10,12", s, e)
	}
}

// checkMap fails unless every byte of tx maps into s, in order.
func checkMap(t *testing.T, s string, tx *Text) {
	t.Helper()
	prev := 0
	for i := range tx.Norm {
		a, e := tx.Orig(i, i+1)
		if a > e || e > len(s) || a < prev {
			t.Fatalf("Normalize(%q): byte %d maps to [%d,%d)", s, i, a, e)
		}
		prev = a
	}
}

// A passage that is a quotation end to end is shown without marks of a
// page's own; any other keeps them.
func TestEnclosed(t *testing.T) {
	for _, tt := range []struct {
		p    string
		want bool
	}{
		{"“I think the talks will go on.”", true},
		{"“I think the talks will go on”.", true},
		{`"Not yet," he said`, false},
		{"«Rien n'est encore signé»", true},
		{"„Wir sind bereit“", true},
		{"I think “so”", false},
		{"“Yes,” he said, “no.”", false},
		{"“", false},
		{"plain words", false},
	} {
		if got := Enclosed(tt.p); got != tt.want {
			t.Errorf("Enclosed(%q) = %v, want %v", tt.p, got, tt.want)
		}
	}
}
