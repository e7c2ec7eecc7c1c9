package cite

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"dossier/internal/cputime"
)

// closestEverywhere is the search without its filter or budget: an edit
// distance for every run of words. The filtered search must find what it
// finds.
func (ix *Index) closestEverywhere(p string) (Suggestion, bool) {
	q := []rune(p)
	words := len(strings.Fields(p))
	n := ix.norm.Norm
	best := Suggestion{Similarity: -1}
	bestStart, bestEnd := 0, 0
	for k := range ix.paraStart {
		start := ix.paraStart[k]
		end := len(n)
		if k+1 < len(ix.paraStart) {
			end = ix.paraStart[k+1] - 1
		}
		fields := strings.Fields(n[start:end])
		var ws, we []int
		at := start
		for _, w := range fields {
			s := strings.Index(n[at:end], w) + at
			ws, we = append(ws, s), append(we, s+len(w))
			at = s + len(w)
		}
		for size := max(1, words-2); size <= words+2; size++ {
			for i := 0; i+size <= len(ws); i++ {
				cs, ce := trimPunct(n, ws[i], we[i+size-1], p)
				c := []rune(n[cs:ce])
				l := max(len(q), len(c))
				d := levenshtein(q, c, l)
				if sim := 1 - float64(d)/float64(l); sim > best.Similarity {
					best = Suggestion{Part: p, Para: k, Similarity: sim}
					bestStart, bestEnd = cs, ce
				}
			}
		}
	}
	if best.Similarity < MinSimilarity {
		return Suggestion{}, false
	}
	s := ix.orig(bestStart, bestEnd)
	best.Text = ix.text[s.Start:s.End]
	return best, true
}

// sameSuggestion checks that the search finds a passage as similar as the
// one the unfiltered search finds.
func sameSuggestion(t *testing.T, ix *Index, p string) {
	t.Helper()
	got, gotOK := ix.closest(p)
	want, wantOK := ix.closestEverywhere(p)
	if gotOK != wantOK || gotOK && got.Similarity != want.Similarity {
		t.Errorf("closest to %q: %q (%.3f, %v); without the filter %q (%.3f, %v)", p, got.Text, got.Similarity, gotOK, want.Text, want.Similarity, wantOK)
	}
}

func TestClosestFilterDropsNothing(t *testing.T) {
	ix := index(article + "Дипломаты обсудили прекращение огня в Париже.\n東京で会談が行われた。\n")
	for _, p := range []string{
		"in the very shrt term", "in the vry short trm and I mean dys", "the Presdent is ready to walk away",
		"The talks were constructve, officials said", "days, not weks", "constructive", "ready",
		"Дипломаты обсудили прекращение огня в Пириже", "東京で会談が行われ", "walk awya. The talks",
		strings.Repeat("the talks were long ", 5), "Rubio warned of \"days, not weeks\" and more words here that are long",
	} {
		sameSuggestion(t, ix, NormalizeString(p))
	}
	// random edits of random runs of a text
	r := rand.New(rand.NewPCG(1, 2))
	text := article + strings.Repeat("Officials in Paris said the talks, which ran late, were constructive but not decisive.\n", 3)
	ix = index(text)
	words := strings.Fields(NormalizeString(text))
	for range 300 {
		n := 1 + r.IntN(15)
		i := r.IntN(len(words) - n)
		b := []byte(strings.Join(words[i:i+n], " "))
		for range r.IntN(4) {
			k := r.IntN(len(b))
			switch r.IntN(3) {
			case 0:
				b = append(b[:k], b[k+1:]...)
			case 1:
				b[k] = 'a' + byte(r.IntN(26))
			default:
				b = append(b[:k], append([]byte{'a' + byte(r.IntN(26))}, b[k:]...)...)
			}
		}
		if p := strings.TrimSpace(string(b)); p != "" {
			sameSuggestion(t, ix, p)
		}
	}
}

// Ten passages that are not found, against a source at the size limit, are
// searched for their closest passage in under a second together.
func TestClosestIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 16 MB text")
	}
	raw, err := os.ReadFile("../../content/sources/standoff.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(strings.TrimPrefix(string(raw), "---\n"), "\n---\n")
	var b strings.Builder
	for b.Len() < 16<<20-len(body) {
		b.WriteString(body)
	}
	ix := index(b.String())
	misses := []string{
		"a new U.S.-Ukraine agreement regarding rare earth minerals was sined during talks",
		"in the very shrt term",
		"the", "Rubio", "walk awya",
		"both The Times and French officials characterised the summit as constructive and long and more",
		"xyzzy plugh", "Washington may move of from negotiations altogether",
		strings.Repeat("talks ", 40), "a passage that is nowhere in this text at all, of middling length",
	}
	start := cputime.Used()
	found := 0
	for _, p := range misses {
		if _, ok := ix.Closest(p); ok {
			found++
		}
	}
	d := cputime.Since(start)
	t.Logf("10 misses against %.1f MB: %v of CPU, %d suggestions", float64(b.Len())/1e6, d, found)
	if d > time.Second && !raceEnabled {
		t.Errorf("10 misses against a 16 MB source took %v of CPU; the bound is 1 s", d)
	}
	if found < 3 {
		t.Errorf("%d suggestions; the first two misses have one", found)
	}
}

// FuzzClosest checks the filtered search against the unfiltered one, and
// that a search stays within its budget of time.
func FuzzClosest(f *testing.F) {
	f.Add(article, "in the very shrt term")
	f.Add("aaa aaa aaa\nab ab\n", "aa aab")
	f.Add("Дипломаты обсудили\n", "Дипломаты обсудили огня")
	f.Fuzz(func(t *testing.T, text, passage string) {
		if len(text) > 4096 || len(passage) > 200 {
			return
		}
		ix := index(text)
		p := NormalizeString(passage)
		if strings.TrimSpace(p) == "" || ix == nil {
			return
		}
		start := cputime.Used()
		sameSuggestion(t, ix, p)
		if d := cputime.Since(start); d > 2*time.Second {
			t.Errorf("took %v of CPU", d)
		}
	})
}

func TestASCIIPunct(t *testing.T) {
	for c := range utf8.RuneSelf {
		if asciiPunct(byte(c)) != unicode.IsPunct(rune(c)) {
			t.Errorf("asciiPunct(%q) = %v", rune(c), asciiPunct(byte(c)))
		}
	}
}
