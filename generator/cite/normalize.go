package cite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is a normalised text that remembers, for each of its bytes, which
// bytes of the original it came from.
type Text struct {
	Norm     string
	from, to []int32 // for Norm[i]: the original bytes [from[i], to[i])
}

// Orig maps the normalised byte range [start, end) back to the original.
// It is valid for 0 <= start < end <= len(Norm).
func (t *Text) Orig(start, end int) (int, int) {
	return int(t.from[start]), int(t.to[end-1])
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

// Normalize normalises s and keeps the map back to the original. Offsets in
// the map are shifted by base, so a paragraph normalised on its own can map
// into the text of the whole document.
func Normalize(s string, base int) *Text {
	t := &Text{}
	var b strings.Builder
	b.Grow(len(s))
	t.from = make([]int32, 0, len(s))
	t.to = make([]int32, 0, len(s))
	var it norm.Iter
	it.InitString(norm.NFKC, s)
	lastSpace := false
	for !it.Done() {
		segStart := it.Pos()
		seg := it.Next()
		segEnd := it.Pos()
		for len(seg) > 0 {
			r, size := utf8.DecodeRune(seg)
			seg = seg[size:]
			f := fold(r)
			switch {
			case f < 0:
				continue
			case f == ' ' && lastSpace:
				t.to[len(t.to)-1] = int32(base + segEnd) // the run of space ends here now
				continue
			}
			lastSpace = f == ' '
			n0 := b.Len()
			if f == r && size > 1 {
				b.WriteRune(r)
			} else {
				b.WriteRune(f)
			}
			for range b.Len() - n0 {
				t.from = append(t.from, int32(base+segStart))
				t.to = append(t.to, int32(base+segEnd))
			}
		}
	}
	t.Norm = b.String()
	return t
}

// NormalizeString normalises s without keeping a map, and trims the spaces
// at both ends: the form a quoted passage is compared in.
func NormalizeString(s string) string {
	return strings.TrimSpace(Normalize(s, 0).Norm)
}
