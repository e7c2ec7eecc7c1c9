package pdf

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is a line of text on a page: characters on one baseline, next to
// each other, in one column.
type line struct {
	page           int // 0-based
	x0, y0, x1, y1 float32
	base           float32 // baseline
	size           float32 // font size of most of its characters
	text           string
	firstWord      float32 // width of its first word
	space          float32 // width of a space in its font, about
	marked         bool    // starts with a superscript mark: a footnote's first line
	// its column, once the page is read in order: its number in the
	// document and its edges
	col               int
	colLeft, colRight float32
}

func (l *line) width() float32 { return l.x1 - l.x0 }

// isMark reports whether c, at the end or start of a word, is a raised mark
// (a footnote's number or symbol) rather than text of the line.
func isMark(c char, base, size float32) bool {
	if c.size >= 0.85*size || c.oy-base < 0.15*size {
		return false
	}
	return unicode.IsDigit(c.r) || strings.ContainsRune("*†‡§¶‖#abcdefghij", c.r)
}

// lines cuts a page's characters, in the order PDFium gives them (the
// order they are drawn), into lines: a line ends where the baseline moves,
// the text goes back to the left, or a gap wider than a column's gutter
// opens.
func lines(p page, pageNo int) []*line {
	var out []*line
	var cur []char
	flush := func() {
		if l := makeLine(cur, pageNo); l != nil {
			out = append(out, l)
		}
		cur = cur[:0]
	}
	var last *char // the last drawn character of cur
	for i := range p.chars {
		c := p.chars[i]
		if c.r == ' ' || c.r == '\u00a0' || c.gen {
			if len(cur) > 0 {
				cur = append(cur, char{r: ' ', gen: true, x0: c.x0, x1: c.x1})
			}
			continue
		}
		if c.r < ' ' && c.r != '\u0002' || c.r == 0xFFFE || c.r == 0xFFFF || c.x1 <= c.x0 && c.y1 <= c.y0 {
			continue // a control character or one with no place
		}
		if last != nil {
			size := max(c.size, last.size)
			dy := c.oy - last.oy
			small := c.size < 0.85*last.size || last.size < 0.85*c.size
			sameLine := dy < 0.45*size && dy > -0.45*size || small && dy < 0.7*size && dy > -0.4*size
			// back to the left: a new line (a ligature's letters share
			// one box, and so start where the one before starts)
			back := c.x0 < last.x0-0.6*size
			gap := c.x0-last.x1 > 2.5*size
			if !sameLine || back || gap {
				flush()
			}
		}
		cur = append(cur, c)
		last = &cur[len(cur)-1]
	}
	flush()
	return out
}

// makeLine makes a line of cs, drawn characters and the spaces between
// them (gen), or nil when it has no text.
func makeLine(cs []char, pageNo int) *line {
	// the line's font size and baseline are those of most of its characters
	sizes := map[float32]int{}
	for _, c := range cs {
		if !c.gen {
			sizes[c.size]++
		}
	}
	var size float32
	best := 0
	for s, n := range sizes {
		if n > best || n == best && s > size {
			size, best = s, n
		}
	}
	if best == 0 {
		return nil
	}
	l := &line{page: pageNo, size: size, x0: 1e9, y0: 1e9, x1: -1e9, y1: -1e9}
	for _, c := range cs {
		if !c.gen && c.size == size {
			l.base = c.oy
			break
		}
	}
	var b strings.Builder
	var prev *char
	pending := false
	wordEnd := float32(-1)
	for i := range cs {
		c := &cs[i]
		if c.gen {
			pending = true
			continue
		}
		if isMark(*c, l.base, size) {
			if b.Len() == 0 {
				l.marked = true
				pending = false
			}
			continue // a footnote mark is not text
		}
		if prev != nil && (pending || c.x0-prev.x1 > 0.15*size) && b.Len() > 0 {
			b.WriteByte(' ')
			if wordEnd < 0 {
				wordEnd = prev.x1
			}
		}
		pending = false
		writeChar(&b, c.r)
		l.x0, l.x1 = min(l.x0, c.x0), max(l.x1, c.x1)
		if c.size == size {
			l.y0, l.y1 = min(l.y0, c.y0), max(l.y1, c.y1)
		}
		prev = c
	}
	if b.Len() == 0 {
		return nil
	}
	if l.y1 < l.y0 {
		l.y0, l.y1 = l.base-0.25*size, l.base+0.75*size
	}
	l.text = softHyphens(strings.TrimSpace(b.String()))
	if wordEnd < 0 {
		wordEnd = l.x1
	}
	l.firstWord = wordEnd - l.x0
	l.space = 0.25 * size
	return l
}

// softHyphens drops the soft hyphens within a line, which a reader does
// not see. At its end, a soft hyphen drawn as a hyphen ("con\u00ad-") is
// a word broken across lines and stays, to be joined; a soft hyphen alone
// is how PDFium gives any hyphen at a line's end, a compound's too, and
// becomes the hyphen the reader sees.
func softHyphens(s string) string {
	if !strings.ContainsRune(s, '\u00ad') {
		return s
	}
	end := ""
	for _, tail := range []string{"\u00ad-", "\u00ad\u2010", "\u00ad"} {
		if strings.HasSuffix(s, tail) {
			s, end = strings.TrimSuffix(s, tail), "\u00ad"
			if tail == "\u00ad" {
				end = "-"
			}
			break
		}
	}
	return strings.ReplaceAll(s, "\u00ad", "") + end
}

// ligatures are the Latin ligatures of Unicode's compatibility block,
// written as the letters a reader sees.
var ligatures = map[rune]string{
	'\uFB00': "ff", '\uFB01': "fi", '\uFB02': "fl", '\uFB03': "ffi", '\uFB04': "ffl", '\uFB05': "st", '\uFB06': "st",
}

// writeChar writes r as a reader copies it: a ligature as its letters, a
// soft hyphen kept (only at a line's end does it show, and there it
// tells how to join the word) and a private-use or unmapped code dropped.
func writeChar(b *strings.Builder, r rune) {
	if s, ok := ligatures[r]; ok {
		b.WriteString(s)
		return
	}
	switch {
	case r == '\u0002': // PDFium's code for a hyphen its font calls soft
		b.WriteRune('\u00ad')
	case r == utf8.RuneError, r >= 0xE000 && r <= 0xF8FF:
	default:
		b.WriteRune(r)
	}
}

// order puts a page's lines in reading order: cut the page into bands
// that no line crosses, join the bands that share a gutter into one block
// of columns, and read each block's columns left to right, each from the
// top down. A line that spans the columns (a title, a heading across the
// page) closes one block and opens the next. Each line learns its column:
// its number (counting from *cols) and its edges.
func order(ls []*line, em float32, cols *int) []*line {
	left, right := span(ls)
	return orderIn(ls, em, left, right, cols)
}

// orderIn orders the lines of a column that runs from left to right.
func orderIn(ls []*line, em, left, right float32, cols *int) []*line {
	col := *cols
	*cols++
	for _, l := range ls {
		l.col, l.colLeft, l.colRight = col, left, right
	}
	if len(ls) <= 1 {
		return ls
	}
	slices.SortStableFunc(ls, func(a, b *line) int { return cmp.Compare(b.y1, a.y1) })
	var bands [][]*line
	bottom := float32(0)
	for _, l := range ls {
		tol := 0.2 * l.size
		if len(bands) == 0 || l.y1 < bottom+tol {
			bands = append(bands, []*line{l})
			bottom = l.y0
			continue
		}
		bands[len(bands)-1] = append(bands[len(bands)-1], l)
		bottom = min(bottom, l.y0)
	}
	var out []*line
	for i := 0; i < len(bands); {
		group := bands[i]
		free := gaps(group, left, right, em)
		j := i + 1
		// a band joins the block while the block and the band leave a
		// gutter free with text on both sides; a block starts at a band
		// with text on both sides of a gutter (a line above the columns
		// on one side of where their gutter will be is not their first)
		_, columned := gutter(bands[i:i+1], free)
		for ; columned && j < len(bands); j++ {
			nf := intersect(free, gaps(bands[j], left, right, em), em)
			if _, ok := gutter(bands[i:j+1], nf); !ok {
				break
			}
			group = append(group[:len(group):len(group)], bands[j]...)
			free = nf
		}
		g, ok := gutter(bands[i:j], free)
		i = j
		if ok {
			var l, r []*line
			for _, x := range group {
				if x.x1 <= g.lo+0.01 {
					l = append(l, x)
				} else {
					r = append(r, x)
				}
			}
			lr, _ := span(l)
			_, rr := span(r)
			out = append(out, orderIn(l, em, min(left, lr), g.lo, cols)...)
			out = append(out, orderIn(r, em, g.hi, max(right, rr), cols)...)
			continue
		}
		slices.SortStableFunc(group, func(a, b *line) int {
			if c := cmp.Compare(b.base, a.base); c != 0 && (a.base-b.base > 0.3*a.size || b.base-a.base > 0.3*a.size) {
				return c
			}
			return cmp.Compare(a.x0, b.x0)
		})
		out = append(out, group...)
	}
	return out
}

// span is the leftmost and rightmost extent of ls.
func span(ls []*line) (left, right float32) {
	left, right = 1e9, -1e9
	for _, l := range ls {
		left, right = min(left, l.x0), max(right, l.x1)
	}
	return
}

type interval struct{ lo, hi float32 }

// gaps are the stretches between left and right that no line of ls
// covers, at least half an em wide.
func gaps(ls []*line, left, right, em float32) []interval {
	xs := make([]interval, len(ls))
	for i, l := range ls {
		xs[i] = interval{l.x0, l.x1}
	}
	slices.SortFunc(xs, func(a, b interval) int { return cmp.Compare(a.lo, b.lo) })
	var out []interval
	at := left
	for _, x := range xs {
		if x.lo-at >= 0.5*em {
			out = append(out, interval{at, x.lo})
		}
		at = max(at, x.hi)
	}
	if right-at >= 0.5*em {
		out = append(out, interval{at, right})
	}
	return out
}

// intersect is the stretches both a and b leave free, at least half an em
// wide.
func intersect(a, b []interval, em float32) []interval {
	var out []interval
	for _, x := range a {
		for _, y := range b {
			lo, hi := max(x.lo, y.lo), min(x.hi, y.hi)
			if hi-lo >= 0.5*em {
				out = append(out, interval{lo, hi})
			}
		}
	}
	return out
}

// gutter is the widest free stretch with lines on both sides of it in
// one band at least: the space between two columns, not between a short
// line and another below it.
func gutter(bands [][]*line, free []interval) (interval, bool) {
	best, found := interval{}, false
	for _, f := range free {
		both := false
		for _, band := range bands {
			l, r := false, false
			for _, x := range band {
				l = l || x.x1 <= f.lo+0.01
				r = r || x.x0 >= f.hi-0.01
			}
			if both = l && r; both {
				break
			}
		}
		if both && (!found || f.hi-f.lo > best.hi-best.lo) {
			best, found = f, true
		}
	}
	return best, found
}
