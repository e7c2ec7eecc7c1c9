package cite

import (
	"encoding/binary"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Span is a range of byte offsets into a source's original text.
type Span struct{ Start, End int }

// Index is a source's text, normalised once, ready for passage look-ups.
type Index struct {
	text      string // the original text
	norm      *Text  // the paragraphs, normalised, joined by '\n'
	paraStart []int  // offset in norm.Norm where each paragraph starts

	runeLenOnce sync.Once
	runeLen     int // of the longest code point of norm.Norm, once a suggestion needs it
}

// NewIndex normalises the paragraphs of text, given as spans, once.
func NewIndex(text string, paragraphs []Span) *Index {
	if ix := plainIndex(text, paragraphs); ix != nil {
		return ix
	}
	return normalizedIndex(text, paragraphs)
}

// plainIndex indexes, without normalising it, a text that normalisation
// leaves as it is: paragraphs of ASCII words and single spaces, one line
// each. Its normalised form is the text itself, and maps to it byte for
// byte. nil for any other text.
func plainIndex(text string, paragraphs []Span) *Index {
	if len(paragraphs) == 0 {
		return nil
	}
	for i, p := range paragraphs {
		if i > 0 && (p.Start != paragraphs[i-1].End+1 || text[p.Start-1] != '\n') {
			return nil
		}
		if !plainText(text[p.Start:p.End]) {
			return nil
		}
	}
	start, end := paragraphs[0].Start, paragraphs[len(paragraphs)-1].End
	ix := &Index{text: text, paraStart: make([]int, len(paragraphs)),
		norm: &Text{Norm: text[start:end], pieces: []piece{{n: 0, o: int32(start), oEnd: identity}}}}
	for i, p := range paragraphs {
		ix.paraStart[i] = p.Start - start
	}
	return ix
}

// plainText reports whether s is ASCII words separated by single spaces:
// no byte of 0x80 or more, no white space but the space, no two spaces in
// a row, none at either end. Eight bytes at a time: this runs over every
// source.
func plainText(s string) bool {
	if s == "" || !plain[s[0]] || !plain[s[len(s)-1]] || strings.Contains(s, "  ") {
		return false
	}
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		// a byte of 0x80 or more, or one under 0x0e (\t \n \v \f \r are
		// there; the byte loop looks closer)
		if x&highs != 0 || (x-ones*0x0e)&^x&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c != ' ' && !plain[c] {
			return false
		}
	}
	return true
}

// normalizedIndex normalises the paragraphs into one text.
func normalizedIndex(text string, paragraphs []Span) *Index {
	ix := &Index{text: text, paraStart: make([]int, 0, len(paragraphs))}
	z := &normalizer{b: make([]byte, 0, len(text))}
	for i, p := range paragraphs {
		if i > 0 {
			z.mapped("\n", paragraphs[i-1].End, paragraphs[i-1].End)
		}
		ix.paraStart = append(ix.paraStart, len(z.b))
		z.lastSpace = false
		z.add(text[p.Start:p.End], p.Start)
	}
	ix.norm = z.text()
	return ix
}

// Status is the outcome of looking a passage up.
type Status int

const (
	Found     Status = iota // exactly one occurrence
	NotFound                // no occurrence
	Ambiguous               // more than one occurrence
	Empty                   // nothing to look for
)

// Occurrence is one place a passage is found.
type Occurrence struct {
	Para  int    // 0-based paragraph index
	Span  Span   // from the first part's start to the last part's end
	Parts []Span // one span per part; one part unless the passage is elided
}

// Result is what Find learned of a passage.
type Result struct {
	Status      Status
	Occurrences []Occurrence // every occurrence, at most maxOccurrences
	Parts       []string     // the normalised parts looked for
}

// maxOccurrences bounds how many occurrences of an ambiguous passage are listed.
const maxOccurrences = 20

// Parts normalises a passage and splits it at each ellipsis, dropping empty parts.
func Parts(passage string) []string {
	var parts []string
	for p := range strings.SplitSeq(NormalizeString(passage), "...") {
		if p = strings.Trim(p, " "); p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// Find looks a passage up.
func (ix *Index) Find(passage string) Result {
	parts := Parts(passage)
	res := Result{Parts: parts}
	if len(parts) == 0 {
		res.Status = Empty
		return res
	}
	ix.find(&res, 0, len(ix.norm.Norm))
	return res
}

// FindIn looks a passage up in one paragraph only (0-based): the editor's
// choice among the occurrences of a passage found more than once. A para
// outside the source is NotFound.
func (ix *Index) FindIn(passage string, para int) Result {
	parts := Parts(passage)
	res := Result{Parts: parts}
	switch {
	case len(parts) == 0:
		res.Status = Empty
		return res
	case para < 0 || para >= len(ix.paraStart):
		res.Status = NotFound
		return res
	}
	end := len(ix.norm.Norm)
	if para+1 < len(ix.paraStart) {
		end = ix.paraStart[para+1] - 1
	}
	ix.find(&res, ix.paraStart[para], end)
	return res
}

// find fills res with the occurrences of res.Parts that start in the
// normalised text's [from, limit), and their status.
func (ix *Index) find(res *Result, from, limit int) {
	parts := res.Parts
	n := ix.norm.Norm
	for len(res.Occurrences) < maxOccurrences {
		s := ix.next(parts[0], from, limit)
		if s < 0 {
			break
		}
		from = s + 1
		para := ix.para(s)
		paraEnd := len(n)
		if para+1 < len(ix.paraStart) {
			paraEnd = ix.paraStart[para+1] - 1
		}
		occ := Occurrence{Para: para}
		end := s + len(parts[0])
		occ.Parts = append(occ.Parts, ix.orig(s, end))
		complete := true
		for _, p := range parts[1:] {
			ps := ix.next(p, end, paraEnd)
			if ps < 0 {
				complete = false
				break
			}
			end = ps + len(p)
			occ.Parts = append(occ.Parts, ix.orig(ps, end))
		}
		if !complete {
			continue
		}
		occ.Span = Span{occ.Parts[0].Start, occ.Parts[len(occ.Parts)-1].End}
		res.Occurrences = append(res.Occurrences, occ)
	}
	switch len(res.Occurrences) {
	case 0:
		res.Status = NotFound
	case 1:
		res.Status = Found
	default:
		res.Status = Ambiguous
	}
}

// next finds the first occurrence of p in the normalised text at or after
// from that ends by limit and sits on word boundaries; -1 if there is none.
func (ix *Index) next(p string, from, limit int) int {
	n := ix.norm.Norm
	rare := rarest(p)
	for from <= limit-len(p) {
		i := indexRare(n[from:limit], p, rare)
		if i < 0 {
			return -1
		}
		s := from + i
		if ix.boundaries(p, s) {
			return s
		}
		_, size := utf8.DecodeRuneInString(n[s:])
		from = s + size
	}
	return -1
}

// indexRare is strings.Index(s, p) for a p of a few words, looking first for
// p's rarest byte, at rare: strings.Index looks for the first byte, a
// common letter in most passages, and falls back to hashing every byte of
// the text. Where the rare byte turns out not to be rare, indexRare falls back
// to strings.Index too.
func indexRare(s, p string, rare int) int {
	if len(p) < 2 {
		return strings.Index(s, p)
	}
	c := p[rare]
	misses := 0
	for from := 0; from+len(p) <= len(s); {
		k := strings.IndexByte(s[from+rare:len(s)-len(p)+rare+1], c)
		if k < 0 {
			return -1
		}
		start := from + k
		if s[start:start+len(p)] == p {
			return start
		}
		from = start + 1
		if misses++; misses > 8+from>>5 { // more than one miss in 32 bytes
			if i := strings.Index(s[from:], p); i >= 0 {
				return from + i
			}
			return -1
		}
	}
	return -1
}

// rarest returns the offset in p of the byte least frequent in text.
func rarest(p string) int {
	best := 0
	for i := 1; i < len(p); i++ {
		if byteRank[p[i]] < byteRank[p[best]] {
			best = i
		}
	}
	return best
}

// byteRank orders bytes by how often they occur in English text: 0 rarest,
// 255 most common (space, then e, t, a, o, …).
var byteRank = func() (r [256]uint8) {
	common := " etaoinshrdlcumwfgypb,.vkTSAIMCjxBPqWHz'DRLEFNGO-\"JUKYV0129Q3845678XZ"
	for i := range r {
		r[i] = 20 // any other byte, non-ASCII ones included
	}
	for i := 0; i < len(common); i++ {
		r[common[i]] = uint8(255 - i)
	}
	return r
}()

// boundaries reports whether p, found at s, neither starts nor ends in the
// middle of a word.
func (ix *Index) boundaries(p string, s int) bool {
	n := ix.norm.Norm
	first, _ := utf8.DecodeRuneInString(p)
	if isWord(first) && s > 0 {
		if before, _ := utf8.DecodeLastRuneInString(n[:s]); isWord(before) {
			return false
		}
	}
	last, _ := utf8.DecodeLastRuneInString(p)
	if e := s + len(p); isWord(last) && e < len(n) {
		if after, _ := utf8.DecodeRuneInString(n[e:]); isWord(after) {
			return false
		}
	}
	return true
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// para returns the index of the paragraph holding normalised offset i.
func (ix *Index) para(i int) int {
	return sort.Search(len(ix.paraStart), func(k int) bool { return ix.paraStart[k] > i }) - 1
}

func (ix *Index) orig(start, end int) Span {
	s, e := ix.norm.Orig(start, end)
	return Span{s, e}
}

// Piece is the part of a passage that lies in one paragraph.
type Piece struct {
	Para int  // 0-based paragraph index
	Span Span // in the original text
}

// maxAcross is how many paragraphs a passage may run across for Across to
// find it: a passage over more is a quotation of a different kind.
const maxAcross = 4

// Across finds a passage that is in no one paragraph but runs on from one
// paragraph into the next, its parts in order, reading each break between
// paragraphs as a space: a quotation made across a paragraph break, or
// from a source whose lines were wrapped at a fixed width. It returns the
// passage's pieces, one per paragraph, in order; ok is false when the
// passage is not found so, or is within one paragraph.
func (ix *Index) Across(passage string) (pieces []Piece, ok bool) {
	parts := Parts(passage)
	if len(parts) == 0 || len(ix.paraStart) < 2 {
		return nil, false
	}
	joined := strings.ReplaceAll(ix.norm.Norm, "\n", " ")
	find := func(p string, from, limit int) int {
		rare := rarest(p)
		for from <= limit-len(p) {
			i := indexRare(joined[from:limit], p, rare)
			if i < 0 {
				return -1
			}
			if s := from + i; ix.boundaries(p, s) {
				return s
			}
			from += i + 1
		}
		return -1
	}
	for from, tries := 0, 0; tries < maxOccurrences; tries++ {
		s := find(parts[0], from, len(joined))
		if s < 0 {
			return nil, false
		}
		from = s + 1
		first := ix.para(s)
		limit := len(joined)
		if k := first + maxAcross; k < len(ix.paraStart) {
			limit = ix.paraStart[k] - 1
		}
		spans := [][2]int{{s, s + len(parts[0])}}
		for _, p := range parts[1:] {
			ps := find(p, spans[len(spans)-1][1], limit)
			if ps < 0 {
				break
			}
			spans = append(spans, [2]int{ps, ps + len(p)})
		}
		if len(spans) < len(parts) {
			continue
		}
		if last := ix.para(spans[len(spans)-1][1] - 1); last == first || last-first >= maxAcross {
			continue
		}
		// one piece per paragraph each part touches
		for _, sp := range spans {
			for k := ix.para(sp[0]); k <= ix.para(sp[1]-1); k++ {
				ps, pe := max(sp[0], ix.paraStart[k]), sp[1]
				if k+1 < len(ix.paraStart) {
					pe = min(pe, ix.paraStart[k+1]-1)
				}
				ps, pe = trimSpaces(ix.norm.Norm, ps, pe)
				if ps >= pe {
					continue
				}
				if n := len(pieces); n > 0 && pieces[n-1].Para == k {
					pieces[n-1].Span.End = ix.orig(ps, pe).End
					continue
				}
				pieces = append(pieces, Piece{Para: k, Span: ix.orig(ps, pe)})
			}
		}
		return pieces, len(pieces) > 1
	}
	return nil, false
}

// trimSpaces narrows [s, e) of n to leave out spaces at either end.
func trimSpaces(n string, s, e int) (int, int) {
	for s < e && n[s] == ' ' {
		s++
	}
	for e > s && n[e-1] == ' ' {
		e--
	}
	return s, e
}
