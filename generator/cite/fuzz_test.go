package cite

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// reference is normalisation written the obvious, slow way: NFKC of the
// whole string, then the folds, then white space collapsed.
func reference(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKC.String(s) {
		switch f := fold(r); {
		case f < 0:
		case f == ' ':
			if !space {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteRune(f)
			space = false
		}
	}
	return b.String()
}

var normalizeSeeds = []string{
	"He said “we’re not — going”… to\u00a0walk", "ﬁnal e\u0301 nego\u00adtiations  \n end", "cafe\u0301 ok",
	"a \u200b b", "5′ and 6″", "\u00a8x", "ＡＢＣ", " \t\n", "Kyivʼs", "e\u0301\u0301a\u0308",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		tx := Normalize(s, 0)
		if want := reference(s); tx.Norm != want {
			t.Fatalf("Normalize(%q) = %q, reference %q", s, tx.Norm, want)
		}
		checkMap(t, s, tx)
	})
}

func FuzzParseGroup(f *testing.F) {
	for _, s := range []string{`[@a]`, `[@a, "x"; contra @b, “y”]`, `[@a, "x\"y"]`, "[@a,\n\"x\"]", `[@A]`, `[@a p]`, `[contra @b]`, `[@a, "`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		if len(b) == 0 || b[0] != '[' || !IsCitationStart(b) {
			return
		}
		g, err := ParseGroup(b)
		if err != nil {
			if err.Off < 0 || err.Off > len(b) || err.Msg == "" {
				t.Fatalf("ParseGroup(%q): error at %d: %q", s, err.Off, err.Msg)
			}
			return
		}
		if g.Len < 3 || g.Len > len(b) || b[g.Len-1] != ']' || len(g.Items) == 0 {
			t.Fatalf("ParseGroup(%q) = %+v", s, g)
		}
		for _, it := range g.Items {
			if !ValidID(it.Key) || b[it.KeyOff] != '@' {
				t.Fatalf("ParseGroup(%q): item %+v", s, it)
			}
		}
	})
}

// Whatever the text and passage, a match maps to original text that
// normalises to the passage's parts, in one paragraph.
func FuzzFind(f *testing.F) {
	f.Add("He said “in the very short term” — days.\nThe talks were long.", "in the very short term")
	f.Add("a b a b\nc", "a … b")
	f.Add("ﬁnal e\u0301 nego\u00adtiations", "final é negotiations")
	f.Fuzz(func(t *testing.T, text, passage string) {
		if !utf8.ValidString(text) || !utf8.ValidString(passage) {
			return
		}
		ix := index(text)
		res := ix.Find(passage)
		for _, o := range res.Occurrences {
			if o.Span.Start < 0 || o.Span.End > len(text) || o.Span.Start > o.Span.End || len(o.Parts) != len(res.Parts) {
				t.Fatalf("bad occurrence %+v in %q", o, text)
			}
			for k, p := range o.Parts {
				got := NormalizeString(text[p.Start:p.End])
				if !strings.Contains(got, res.Parts[k]) {
					t.Fatalf("part %q maps to %q (normalised %q)", res.Parts[k], text[p.Start:p.End], got)
				}
				if strings.Contains(text[p.Start:p.End], "\n") {
					t.Fatalf("part %q crosses a paragraph", res.Parts[k])
				}
			}
		}
		_, _ = ix.Closest(passage)
	})
}
