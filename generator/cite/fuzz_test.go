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
	for _, s := range []string{`[@a]`, `[@a, "x"; contra @b, “y”]`, `[@a, "x\"y"]`, "[@a,\n\"x\"]", `[@A]`, `[@a p]`, `[contra @b]`, `[@a, "`,
		`[see @a, "x"]`, `[-@a]`, `[a, "x"]`, `[contra a]`, `[@a, "x] y. [@b, "z"]`, `[@a, “x"]`, `[@a, p. 3]`, `[@a, "x", ¶3]`, `[@a, "x", para. 12; @b]`} {
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
			if it.Para < 0 || it.Para > 0 && (!it.HasPassage || it.ParaOff <= it.PassageOff || it.ParaOff >= g.Len) {
				t.Fatalf("ParseGroup(%q): paragraph %d at %d", s, it.Para, it.ParaOff)
			}
		}
	})
}

// Whatever the text and passage, a passage Across finds runs over two or
// more paragraphs in order, and its pieces, normalised and joined by
// spaces, are the passage normalised (when it has no ellipsis).
func FuzzAcross(f *testing.F) {
	f.Add("The minister said the talks\nwould go on for days.\nThird.", "said the talks would go on")
	f.Add("a b\nc d\ne f", "b c d e")
	f.Add("a b\nc d\ne f", "a ... d e")
	f.Fuzz(func(t *testing.T, text, passage string) {
		if len(text) > 4096 || len(passage) > 256 || !utf8.ValidString(text) || !utf8.ValidString(passage) {
			return
		}
		ix := index(text)
		pieces, ok := ix.Across(passage)
		if !ok {
			return
		}
		if len(pieces) < 2 {
			t.Fatalf("Across(%q) ok with %d pieces", passage, len(pieces))
		}
		var texts []string
		for i, p := range pieces {
			if p.Span.Start < 0 || p.Span.End > len(text) || p.Span.Start >= p.Span.End {
				t.Fatalf("piece %d: span %v of %d bytes", i, p.Span, len(text))
			}
			if i > 0 && (p.Para <= pieces[i-1].Para || p.Span.Start < pieces[i-1].Span.End) {
				t.Fatalf("pieces out of order: %+v", pieces)
			}
			texts = append(texts, text[p.Span.Start:p.Span.End])
		}
		if parts := Parts(passage); len(parts) == 1 {
			if got := NormalizeString(strings.Join(texts, " ")); got != parts[0] {
				t.Fatalf("Across(%q): pieces %q normalise to %q", passage, texts, got)
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
