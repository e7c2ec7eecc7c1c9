package cite

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Text is a normalised text that remembers which bytes of the original
// each of its bytes came from. The map is kept as pieces: runs of ASCII that
// normalisation leaves alone map byte for byte; everything else (a
// non-ASCII character and its NFKC form, a collapsed run of white space)
// maps as a whole to the original bytes it came from. News text is mostly
// ASCII, so the map is a small fraction of the text's size.
type Text struct {
	Norm   string
	pieces []piece
}

type piece struct {
	n    int32 // where the piece starts in Norm
	o    int32 // where it starts in the original
	oEnd int32 // where it ends in the original; identity for a byte-for-byte run
}

const identity = -1

// Orig maps the normalised byte range [start, end) back to the original.
// It is valid for 0 <= start < end <= len(Norm).
func (t *Text) Orig(start, end int) (int, int) {
	ps := t.piece(start)
	s := int(ps.o)
	if ps.oEnd == identity {
		s += start - int(ps.n)
	}
	pe := t.piece(end - 1)
	e := int(pe.oEnd)
	if pe.oEnd == identity {
		e = int(pe.o) + end - int(pe.n)
	}
	return s, e
}

func (t *Text) piece(i int) piece {
	k := sort.Search(len(t.pieces), func(k int) bool { return int(t.pieces[k].n) > i }) - 1
	return t.pieces[k]
}

// normalizer builds a Text, one appended string at a time.
type normalizer struct {
	b         []byte
	pieces    []piece
	lastSpace bool
	it        norm.Iter // reused: an Iter is large
	seg       []byte
}

// identityRun appends the ASCII bytes s, found at offset o of the original.
func (z *normalizer) identityRun(s string, o int) {
	n := len(z.b)
	if k := len(z.pieces) - 1; k < 0 || z.pieces[k].oEnd != identity || int(z.pieces[k].o)+n-int(z.pieces[k].n) != o {
		z.pieces = append(z.pieces, piece{n: int32(n), o: int32(o), oEnd: identity})
	}
	z.b = append(z.b, s...)
}

// mapped appends s, which normalises the original bytes [o, oEnd).
func (z *normalizer) mapped(s string, o, oEnd int) {
	if s == "" {
		return
	}
	z.pieces = append(z.pieces, piece{n: int32(len(z.b)), o: int32(o), oEnd: int32(oEnd)})
	z.b = append(z.b, s...)
}

// extend makes the last piece reach the original offset oEnd, when the
// bytes before oEnd normalise to nothing of their own (a collapsed space).
func (z *normalizer) extend(oEnd int) {
	if k := len(z.pieces) - 1; k >= 0 && z.pieces[k].oEnd != identity {
		z.pieces[k].oEnd = int32(oEnd)
	}
}

// add appends the normalisation of s, which starts at offset base of the original.
func (z *normalizer) add(s string, base int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			if n := z.quick(s, i, base); n > 0 {
				i += n
				continue
			}
			i = z.nonASCII(s, i, base)
			continue
		}
		if !isSpace(c) {
			// ASCII that normalisation leaves alone, single spaces between
			// words included: most of a news text, taken in one run
			j := i + 1
			for j < len(s) {
				if d := s[j]; plain[d] {
					j++
				} else if d == ' ' && j+1 < len(s) && plain[s[j+1]] {
					j += 2
				} else {
					break
				}
			}
			z.identityRun(s[i:j], base+i)
			z.lastSpace = false
			i = j
			continue
		}
		j := spaceRun(s, i)
		switch {
		case z.lastSpace:
			z.extend(base + j)
		case j == i+1 && c == ' ':
			z.identityRun(" ", base+i)
		default:
			z.mapped(" ", base+i, base+j)
		}
		z.lastSpace = true
		i = j
	}
}

// quick handles, without an NFKC iterator, the common non-ASCII character
// at s[i] that is its own NFKC form and joins neither neighbour: curly
// quotes, dashes, accented Latin letters, no-break and other spaces. It
// returns the bytes it consumed, or 0 to leave the character to nonASCII.
func (z *normalizer) quick(s string, i, base int) int {
	r, size := utf8.DecodeRuneInString(s[i:])
	if !(r >= 0xa0 && r <= 0x24f || r >= 0x2000 && r <= 0x206f || r == 0xfeff) {
		return 0
	}
	p := norm.NFKC.PropertiesString(s[i:])
	if !p.BoundaryBefore() {
		return 0
	}
	if j := i + size; j < len(s) && s[j] >= utf8.RuneSelf && !norm.NFKC.PropertiesString(s[j:]).BoundaryBefore() {
		return 0 // a combining mark follows
	}
	if p.Decomposition() != nil {
		switch {
		case fold(r) == ' ': // NBSP and the other spaces: NFKC makes them spaces
		case r == '…':
			z.mapped("...", base+i, base+i+size)
			z.lastSpace = false
			return size
		default:
			return 0
		}
	}
	var buf [utf8.UTFMax]byte
	z.segment(buf[:utf8.EncodeRune(buf[:], r)], base+i, base+i+size)
	return size
}

// spaceRun returns where the run of white space (and of characters that
// normalisation drops) that starts at s[i] ends.
func spaceRun(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !isSpace(c) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if f := fold(r); f != ' ' && f != -1 {
			return i
		}
		i += size
	}
	return i
}

// nonASCII normalises the stretch of s that starts with the non-ASCII
// character at s[i], through NFKC segment by segment, and returns where it ends.
func (z *normalizer) nonASCII(s string, i, base int) int {
	start := i
	// a combining mark joins the character before it: take that back
	if i > 0 && s[i-1] < utf8.RuneSelf && !isSpace(s[i-1]) && !norm.NFKC.PropertiesString(s[i:]).BoundaryBefore() {
		if k := len(z.pieces) - 1; k >= 0 && z.pieces[k].oEnd == identity && len(z.b) > 0 {
			z.b = z.b[:len(z.b)-1]
			if int(z.pieces[k].n) == len(z.b) {
				z.pieces = z.pieces[:k]
			}
			start = i - 1
		}
	}
	end := i
	for end < len(s) {
		if s[end] < utf8.RuneSelf {
			// stop at ASCII unless a combining mark follows it
			next := end + 1
			if next < len(s) && s[next] >= utf8.RuneSelf && !norm.NFKC.PropertiesString(s[next:]).BoundaryBefore() {
				end = next
				continue
			}
			break
		}
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	it := &z.it
	it.InitString(norm.NFKC, s[start:end])
	seg := z.seg[:0]
	defer func() { z.seg = seg }()
	segStart := start
	for !it.Done() {
		seg = append(seg, it.Next()...)
		// a character's decomposition may come over several calls before
		// the iterator moves on in the input: map it once it has
		if segEnd := start + it.Pos(); segEnd > segStart || it.Done() {
			z.segment(seg, base+segStart, base+max(segEnd, segStart))
			seg, segStart = seg[:0], segEnd
		}
	}
	return end
}

// segment appends the folded form of seg, the NFKC form of the original
// bytes [o, oEnd).
func (z *normalizer) segment(seg []byte, o, oEnd int) {
	open := false // a piece for this segment's text is open
	for len(seg) > 0 {
		r, size := utf8.DecodeRune(seg)
		seg = seg[size:]
		switch f := fold(r); {
		case f < 0:
		case f == ' ':
			open = false
			if z.lastSpace {
				z.extend(oEnd)
			} else {
				z.mapped(" ", o, oEnd)
			}
			z.lastSpace = true
		default:
			if !open {
				z.pieces = append(z.pieces, piece{n: int32(len(z.b)), o: int32(o), oEnd: int32(oEnd)})
				open = true
			}
			z.b = utf8.AppendRune(z.b, f)
			z.lastSpace = false
		}
	}
}

// plain holds the ASCII bytes that are not white space.
var plain = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = !isSpace(byte(c))
	}
	return t
}()

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// fold returns what normalisation makes of r once NFKC has been applied:
// the rune itself, a replacement, or -1 to drop it. Space is reported as ' '.
func fold(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u2035', '\u02bc':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u2036':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63':
		return '-'
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return -1
	}
	if unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
		return ' '
	}
	return r
}

// text returns the Text made, taking z's bytes without a copy: a source's
// normalised text is as large as the source, and z is done with them.
func (z *normalizer) text() *Text {
	t := &Text{Norm: unsafe.String(unsafe.SliceData(z.b), len(z.b)), pieces: z.pieces}
	z.b, z.pieces = nil, nil
	return t
}

// Normalize normalises s and keeps the map back to the original. Offsets in
// the map are shifted by base, so a paragraph normalised on its own can map
// into the text of the whole document.
func Normalize(s string, base int) *Text {
	z := &normalizer{b: make([]byte, 0, len(s))}
	z.add(s, base)
	return z.text()
}

// NormalizeString normalises s without keeping a map, and trims the spaces
// at both ends: the form a quoted passage is compared in.
func NormalizeString(s string) string {
	if plainText(s) { // most quotes: their normal form is themselves
		return s
	}
	return strings.TrimSpace(Normalize(s, 0).Norm)
}

// Enclosed reports whether a passage is itself a quotation from end to
// end: it opens with a quotation mark and closes with one (before a last
// stop or comma), “I think so.” or «Non». A page that shows it puts no marks
// of its own around it, which would double them.
func Enclosed(p string) bool {
	p = strings.TrimSpace(p)
	first, _ := utf8.DecodeRuneInString(p)
	if !strings.ContainsRune(`"'“„‘‚«‹「『`, first) {
		return false
	}
	rest := strings.TrimRight(p[utf8.RuneLen(first):], ".,;:!?")
	last, _ := utf8.DecodeLastRuneInString(rest)
	return strings.ContainsRune(`"'”“’‘»›」』`, last) && len(rest) > 0 &&
		!strings.ContainsAny(rest[:len(rest)-utf8.RuneLen(last)], `"“”«»„「」『』`)
}
