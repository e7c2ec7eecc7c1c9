package cite

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinSimilarity is how similar a passage of the source must be to a passage
// that was not found to be offered as "did you mean".
const MinSimilarity = 0.8

// maxSuggest is the longest passage, in bytes, for which a closest passage is looked for.
const maxSuggest = 2000

// Suggestion is the passage of a source closest to one that was not found.
type Suggestion struct {
	Part       string  // the normalised part that was not found
	Text       string  // the closest passage, in the source's original characters
	Para       int     // 0-based paragraph index
	Similarity float64 // 1 - edit distance / length of the longer, over normalised text
	Diff       string  // word diff from Part to the suggestion: [-removed-]{+added+}
}

// Closest finds, for the first part of a passage that occurs nowhere in the
// source, the most similar run of whole words in one paragraph. It reports
// false when no run is at least MinSimilarity similar, or when every part
// occurs somewhere (so that only their order or paragraph is wrong).
func (ix *Index) Closest(passage string) (Suggestion, bool) {
	for _, p := range Parts(passage) {
		if ix.next(p, 0, len(ix.norm.Norm)) >= 0 {
			continue
		}
		return ix.closest(p)
	}
	return Suggestion{}, false
}

// PartsFound reports whether every part of a passage occurs somewhere in
// the source, whatever the order or paragraph.
func (ix *Index) PartsFound(passage string) bool {
	for _, p := range Parts(passage) {
		if ix.next(p, 0, len(ix.norm.Norm)) < 0 {
			return false
		}
	}
	return true
}

// maxSuggestWork bounds the edit distance cells one search computes, about
// 20 ms of work: the candidates that pass the filter are many only in a
// text made of the passage's own words over and over, and there the search
// keeps the closest it found within the budget.
const maxSuggestWork = 20_000_000

func (ix *Index) closest(p string) (Suggestion, bool) {
	if len(p) > maxSuggest {
		return Suggestion{}, false // the search is quadratic: no suggestion for a very long passage
	}
	q := []rune(p)
	words := len(strings.Fields(p))
	n := ix.norm.Norm
	f := newCandidateFilter(p, max(maxRuneLen(p), ix.maxRuneLen()))
	best := Suggestion{Similarity: -1}
	bestStart, bestEnd := 0, 0
	work := 0
	var ws, we []int
	var c []rune
	near := f.paragraphs(n, len(ix.paraStart))
	// word starts and ends, paragraph by paragraph
	for k := range ix.paraStart {
		if near != nil && !near[k] {
			continue
		}
		start := ix.paraStart[k]
		end := len(n)
		if k+1 < len(ix.paraStart) {
			end = ix.paraStart[k+1] - 1
		}
		ws, we = ws[:0], we[:0]
		inWord := false
		for i := start; i < end; i++ {
			if n[i] == ' ' {
				if inWord {
					we = append(we, i)
				}
				inWord = false
			} else if !inWord {
				ws = append(ws, i)
				inWord = true
			}
		}
		if inWord {
			we = append(we, end)
		}
		if len(ws) < max(1, words-2) {
			continue
		}
		f.scan(n, start, n[start:end], ws, we)
		for size := max(1, words-2); size <= words+2; size++ {
			for i := 0; i+size <= len(ws); i++ {
				if !f.mayWords(i, i+size-1) {
					continue
				}
				cs, ce := trimPunct(n, ws[i], we[i+size-1], p)
				cand := n[cs:ce]
				longer := max(len(q), len(cand)) // bytes bound runes from above
				if abs(len(cand)-len(p)) > longer/4+4 {
					continue
				}
				if !f.may(cs-start, ce-start, cand, len(q)) {
					continue
				}
				c = append(c[:0], []rune(cand)...)
				l := max(len(q), len(c))
				limit := int(float64(l)*(1-MinSimilarity)) + 1
				if work += len(q) * len(c); work > maxSuggestWork {
					goto done
				}
				d := levenshtein(q, c, limit)
				if d > limit {
					continue
				}
				sim := 1 - float64(d)/float64(l)
				if sim > best.Similarity {
					best = Suggestion{Part: p, Para: k, Similarity: sim}
					bestStart, bestEnd = cs, ce
				}
			}
		}
	}
done:
	if best.Similarity < MinSimilarity {
		return Suggestion{}, false
	}
	s := ix.orig(bestStart, bestEnd)
	best.Text = ix.text[s.Start:s.End]
	best.Diff = WordDiff(p, n[bestStart:bestEnd])
	return best, true
}

// maxRuneLen is the length in bytes of the longest code point of the
// normalised text, worked out once.
func (ix *Index) maxRuneLen() int {
	ix.runeLenOnce.Do(func() { ix.runeLen = maxRuneLen(ix.norm.Norm) })
	return ix.runeLen
}

// maxRuneLen is the length in bytes of the longest code point of s.
func maxRuneLen(s string) int {
	longest := 1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < utf8.RuneSelf:
		case c >= 0xf0:
			return 4
		case c >= 0xe0:
			longest = max(longest, 3)
		case c >= 0xc0:
			longest = max(longest, 2)
		}
	}
	return longest
}

// trimPunct narrows n[s:e] by the punctuation at either end that p does
// not have there, so that a suggestion does not drag in a sentence's period.
func trimPunct(n string, s, e int, p string) (int, int) {
	first, _ := utf8.DecodeRuneInString(p)
	last, _ := utf8.DecodeLastRuneInString(p)
	for s < e {
		if c := n[s]; c < utf8.RuneSelf && !asciiPunct(c) {
			break
		}
		r, size := utf8.DecodeRuneInString(n[s:])
		if !unicode.IsPunct(r) || unicode.IsPunct(first) {
			break
		}
		s += size
	}
	for e > s {
		if c := n[e-1]; c < utf8.RuneSelf && !asciiPunct(c) {
			break
		}
		r, size := utf8.DecodeLastRuneInString(n[s:e])
		if !unicode.IsPunct(r) || unicode.IsPunct(last) {
			break
		}
		e -= size
	}
	return s, e
}

// asciiPunct is unicode.IsPunct for an ASCII byte.
func asciiPunct(c byte) bool {
	return ('!' <= c && c <= '/' || ':' <= c && c <= '@' || '[' <= c && c <= '`' || '{' <= c && c <= '~') &&
		c != '$' && c != '+' && c != '<' && c != '=' && c != '>' && c != '^' && c != '`' && c != '|' && c != '~'
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// levenshtein returns the edit distance between a and b, or a number above
// limit as soon as the distance is known to exceed it.
func levenshtein(a, b []rune, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Distance is the edit distance between two strings, counted in code points.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return levenshtein(ra, rb, max(len(ra), len(rb)))
}

// WordDiff shows how to turn from into to, word by word, in the style of
// git's --word-diff: removed words as [-…-], added words as {+…+}.
func WordDiff(from, to string) string {
	a, b := strings.Fields(from), strings.Fields(to)
	// lcs[i][j]: length of the longest common subsequence of a[i:] and b[j:]
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	var del, ins []string
	flush := func() {
		var change string
		if len(del) > 0 {
			change = "[-" + strings.Join(del, " ") + "-]"
		}
		if len(ins) > 0 {
			change += "{+" + strings.Join(ins, " ") + "+}"
		}
		if change != "" {
			out = append(out, change)
		}
		del, ins = del[:0], ins[:0]
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			flush()
			out = append(out, a[i])
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			ins = append(ins, b[j])
			j++
		default:
			del = append(del, a[i])
			i++
		}
	}
	flush()
	return strings.Join(out, " ")
}
