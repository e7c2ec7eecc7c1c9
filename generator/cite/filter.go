package cite

import (
	"slices"
	"unicode/utf8"
)

// A candidateFilter tells, before any edit distance, the runs of a
// paragraph that cannot be similar enough to a passage that was not found:
// the closest-passage search computes edit distances only for the rest.
// It never drops a run that would be suggested. Both filters work on bytes
// of the normalised text; an edit of a code point is at most runeLen edits
// of bytes, runeLen being the longest code point of the passage and the
// source.
//
//   - A passage of up to 64 bytes is searched for in the paragraph with
//     Myers' bit-parallel algorithm, which gives, at each end of a run,
//     the least edit distance between the passage and any text that ends
//     there: a lower bound of the run's distance.
//   - A longer passage counts its trigrams (the q-gram lemma): a run within
//     d byte edits of a passage of m bytes holds at least m-2-3d of its
//     trigrams, and the trigrams of each run are counted by prefix sums.
type candidateFilter struct {
	p       string
	runeLen int
	// Myers: where each byte of the passage is, and the least distance at
	// each end in the paragraph
	peq   [256]uint64
	dist  []uint8
	myers bool
	// trigrams: a set of the passage's (by a 16-bit hash; a collision only
	// lets more runs through) and the count of hits before each byte
	tri  [1 << 16 / 64]uint64
	hits []int32
	// for the paragraph's words: whether a run may end at each (Myers) or
	// start at each (trigrams), by the most edits any run may have
	word     []bool
	maxEdits int
}

func newCandidateFilter(p string, runeLen int) *candidateFilter {
	f := &candidateFilter{p: p, runeLen: runeLen, myers: len(p) <= 64}
	// the longest run closest looks at, in bytes: its length may differ
	// from the passage's by a quarter of the longer and 4
	longest := (4*len(p) + 16) / 3
	f.maxEdits = f.edits(utf8.RuneCountInString(p), longest)
	if f.myers {
		for i := 0; i < len(p); i++ {
			f.peq[p[i]] |= 1 << i
		}
		return f
	}
	for i := 0; i+3 <= len(p); i++ {
		h := trigram(p[i], p[i+1], p[i+2])
		f.tri[h/64] |= 1 << (h % 64)
	}
	return f
}

func trigram(a, b, c byte) uint32 {
	return (uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 0x9E3779B1 >> 16
}

// scan prepares the filter for the paragraph para, whose words start at
// ws and end at we (offsets in n, where the paragraph starts at start).
func (f *candidateFilter) scan(n string, start int, para string, ws, we []int) {
	f.word = f.word[:0]
	if f.myers {
		f.dist = f.searchMyers(para, f.dist)
		for j := range we {
			s, e := trimPunct(n, ws[j], we[j], f.p)
			// a word of punctuation alone may be trimmed into the one before
			f.word = append(f.word, s == e || int(f.dist[e-start]) <= f.maxEdits)
		}
		return
	}
	f.hits = append(f.hits[:0], 0)
	var count int32
	for i := 0; i < len(para); i++ {
		if i+3 <= len(para) {
			h := trigram(para[i], para[i+1], para[i+2])
			if f.tri[h/64]&(1<<(h%64)) != 0 {
				count++
			}
		}
		f.hits = append(f.hits, count)
	}
	least := len(f.p) - 2 - 3*f.maxEdits
	longest := int32((4*len(f.p) + 16) / 3)
	for _, s := range ws {
		s -= start
		e := min(int32(s)+longest, int32(len(para)))
		f.word = append(f.word, least <= 0 || e-int32(s) < 3 || int(f.hits[e-2]-f.hits[s]) >= least)
	}
}

// paragraphs marks the paragraphs of n (joined by '\n', count of them)
// where a run may be close enough to the passage, in one pass of Myers'
// algorithm over all of n: a text that spans two paragraphs is only one
// more text that ends at a place, so the least distance there is a lower
// bound still. nil marks every paragraph.
func (f *candidateFilter) paragraphs(n string, count int) []bool {
	m := len(f.p)
	if !f.myers || m == 0 || f.maxEdits >= m {
		return nil
	}
	marks := make([]bool, count)
	s := f.newMyers()
	k := 0
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '\n' && k+1 < count {
			k++
		}
		if s.step(c) <= f.maxEdits {
			marks[k] = true
		}
	}
	return marks
}

// searchMyers returns, for each end e of the paragraph (0 to len(para)),
// the least edit distance between f.p and a text ending at e, at most
// len(f.p).
func (f *candidateFilter) searchMyers(para string, dist []uint8) []uint8 {
	m := len(f.p)
	dist = slices.Grow(dist[:0], len(para)+1)[:len(para)+1]
	dist[0] = uint8(m)
	if m == 0 {
		clear(dist)
		return dist
	}
	s := f.newMyers()
	out := dist[1:]
	for i := 0; i < len(para) && i < len(out); i++ {
		out[i] = uint8(s.step(para[i]))
	}
	return dist
}

// myers is the state of Myers' bit-parallel search for a passage of up to
// 64 bytes (Myers 1999, in Hyyrö's formulation for searching): each step
// reads a byte of the text and gives the least edit distance between the
// passage and a text ending there.
type myers struct {
	peq    *[256]uint64
	top    uint64
	pv, mv uint64
	score  int
}

func (f *candidateFilter) newMyers() myers {
	m := len(f.p)
	s := myers{peq: &f.peq, top: 1 << (m - 1), pv: ^uint64(0), score: m}
	if m < 64 {
		s.pv = s.top<<1 - 1
	}
	return s
}

func (s *myers) step(c byte) int {
	eq := s.peq[c]
	xv := eq | s.mv
	xh := ((eq & s.pv) + s.pv) ^ s.pv | eq
	ph := s.mv | ^(xh | s.pv)
	mh := s.pv & xh
	if ph&s.top != 0 {
		s.score++
	} else if mh&s.top != 0 {
		s.score--
	}
	ph <<= 1
	mh <<= 1
	s.pv = mh | ^(xv | ph)
	s.mv = ph & xv
	return s.score
}

// edits is the most byte edits a run of candRunes code points may be from
// a passage of runes code points and still be suggested, as closest allows.
func (f *candidateFilter) edits(runes, candRunes int) int {
	return (int(float64(max(runes, candRunes))*(1-MinSimilarity)) + 1) * f.runeLen
}

// mayWords reports whether a run of words from i to j (inclusive) may be
// suggested, by its first or last word alone.
func (f *candidateFilter) mayWords(i, j int) bool {
	if f.myers {
		return f.word[j]
	}
	return f.word[i]
}

// may reports whether the run cand, at bytes s to e of the paragraph, can
// be similar enough to the passage of runes code points to be suggested.
func (f *candidateFilter) may(s, e int, cand string, runes int) bool {
	candRunes := len(cand)
	if f.runeLen > 1 {
		candRunes = 0
		for i := 0; i < len(cand); i++ {
			if cand[i]&0xc0 != 0x80 {
				candRunes++
			}
		}
	}
	edits := f.edits(runes, candRunes)
	if f.myers {
		return int(f.dist[e]) <= edits
	}
	if e-s < 3 {
		return true
	}
	return int(f.hits[e-2]-f.hits[s]) >= len(f.p)-2-3*edits
}
