package cite

import (
	"os"
	"strings"
	"testing"
)

// benchText is a real source: the longest of the example site's articles.
func benchText(b *testing.B) string {
	raw, err := os.ReadFile("../../content/sources/standoff.txt")
	if err != nil {
		b.Fatal(err)
	}
	s := string(raw)
	_, body, _ := strings.Cut(strings.TrimPrefix(s, "---\n"), "\n---\n")
	return body
}

func BenchmarkNormalize(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Normalize(text, 0)
	}
}

func BenchmarkMatchIndex(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		index(text)
	}
}

func BenchmarkMatchFind(b *testing.B) {
	ix := index(benchText(b))
	for b.Loop() {
		if ix.Find("a new U.S.-Ukraine agreement regarding rare earth minerals was signed during the talks").Status != Found {
			b.Fatal("not found")
		}
	}
}

// a passage of common lowercase words, whose first byte is everywhere
func BenchmarkMatchFindCommonWords(b *testing.B) {
	ix := index(benchText(b))
	for b.Loop() {
		if ix.Find("the talks were not expected to").Status == Empty {
			b.Fatal("empty")
		}
	}
}

func BenchmarkMatchClosest(b *testing.B) {
	ix := index(benchText(b))
	for b.Loop() {
		if _, ok := ix.Closest("a new U.S.-Ukraine agreement regarding rare earth minerals was sined during talks"); !ok {
			b.Fatal("no suggestion")
		}
	}
}

// BenchmarkMatchIndexPlain indexes a text of plain ASCII words, as most
// news text in English is once its quotes are straight.
func BenchmarkMatchIndexPlain(b *testing.B) {
	text := strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "—", "-", "–", "-", "é", "e", "…", "...", "\u00a0", " ").Replace(benchText(b))
	if ix := index(text); ix == nil || !plainText(text[:strings.IndexByte(text, '\n')]) {
		b.Fatal("not plain")
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		index(text)
	}
}
