package pdf

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// paragraphs reads the pages' text in order and makes its paragraphs. It
// also returns the pages (0-based) left with no text once their running
// heads and feet are taken away.
func paragraphs(pages []page) ([]Paragraph, []int) {
	perPage := make([][]*line, len(pages))
	sizes := map[float32]int{}
	for i, p := range pages {
		perPage[i] = lines(p, i)
		for _, l := range perPage[i] {
			sizes[round(l.size)] += utf8.RuneCountInString(l.text)
		}
	}
	body := mode(sizes)
	furniture(perPage, pages)
	var empty []int
	for i, ls := range perPage {
		if len(ls) == 0 {
			empty = append(empty, i)
		}
	}
	var flow []*line
	notes := make([][]*line, len(pages))
	cols := 0
	for i := range perPage {
		ordered := order(perPage[i], body, &cols)
		for _, l := range ordered {
			if isNote(l, ordered, body) {
				notes[i] = append(notes[i], l)
			} else {
				flow = append(flow, l)
			}
		}
	}
	j := &joiner{vocab: vocabulary(perPage)}
	j.learn(perPage)
	w := &writer{joiner: j, lead: leading(flow)}
	page := 0
	for i, l := range flow {
		// a page's notes follow the paragraph the page ends in
		for ; page < l.page; page++ {
			w.pending = append(w.pending, noteParagraphs(notes[page], page, j)...)
		}
		if i > 0 && w.startsParagraph(flow[i-1], l) {
			w.end()
		}
		w.add(l)
	}
	for ; page < len(pages); page++ {
		w.pending = append(w.pending, noteParagraphs(notes[page], page, j)...)
	}
	w.end()
	return w.out, empty
}

func round(f float32) float32 { return float32(math.Round(float64(f)*2) / 2) }

// mode is the key with the largest count.
func mode(m map[float32]int) float32 {
	var best float32
	n := -1
	for k, c := range m {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

// furniture removes the running heads and feet: lines at the top or the
// bottom of a page that recur at the same height on other pages with the
// same text, numbers aside (page numbers, dates, "3/12"). It goes by
// position and repetition, never by what the words say.
func furniture(perPage [][]*line, pages []page) {
	type mark struct {
		key  string
		base float32
	}
	edge := func(i int) []*line {
		ls := slices.Clone(perPage[i])
		slices.SortFunc(ls, func(a, b *line) int {
			if a.base != b.base {
				if a.base > b.base {
					return -1
				}
				return 1
			}
			return 0
		})
		var out []*line
		// the lines of the top and bottom three baselines, within the top
		// and bottom fifth of the page
		h := pages[i].h
		for k, l := range ls {
			if (k < 3 || k >= len(ls)-3) && (h == 0 || l.base > 0.8*h || l.base < 0.2*h) {
				out = append(out, l)
			}
		}
		return out
	}
	edges := make([][]*line, len(perPage))
	for i := range perPage {
		edges[i] = edge(i)
	}
	// a line recurs when it is on at least three pages (two of a short
	// document); a footnote (it opens with its mark) never is furniture,
	// however often "Ibid." recurs
	need := 3
	if len(perPage) <= 4 {
		need = 2
	}
	drop := map[*line]bool{}
	for i := range edges {
		for _, l := range edges[i] {
			if l.marked {
				continue
			}
			k, pages := numberless(l.text), 1
			for j := range edges {
				if j == i {
					continue
				}
				for _, m := range edges[j] {
					if abs(m.base-l.base) < 3 && numberless(m.text) == k {
						pages++
						break
					}
				}
			}
			if pages >= need {
				drop[l] = true
			}
		}
	}
	if len(drop) == 0 {
		return
	}
	for i := range perPage {
		perPage[i] = slices.DeleteFunc(perPage[i], func(l *line) bool { return drop[l] })
	}
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// numberless is s with each run of digits, and each word that is a roman
// numeral, as "#": a page's number changes from page to page.
func numberless(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if isRoman(w) {
			b.WriteString("# ")
			continue
		}
		digits := false
		for _, r := range w {
			if unicode.IsDigit(r) {
				if !digits {
					b.WriteByte('#')
				}
				digits = true
				continue
			}
			digits = false
			b.WriteRune(r)
		}
		b.WriteByte(' ')
	}
	return b.String()
}

func isRoman(w string) bool {
	if w == "" || len(w) > 8 {
		return false
	}
	return strings.Trim(strings.ToLower(w), "ivxlcdm") == ""
}

// centred reports whether l stands in the middle of its column.
func (l *line) centred() bool {
	left, right := l.x0-l.colLeft, l.colRight-l.x1
	return left > l.size && right > l.size && abs(left-right) < l.size
}

func overlap(a0, a1, b0, b1 float32) float32 { return max(0, min(a1, b1)-max(a0, b0)) }

// isNote reports whether l is a footnote's: smaller than the body text,
// and below all the body text of its column on its page.
func isNote(l *line, page []*line, body float32) bool {
	if l.size >= 0.9*body {
		return false
	}
	for _, m := range page {
		if m.size >= 0.9*body && m.base < l.base && overlap(m.x0, m.x1, l.x0, l.x1) > 0 {
			return false
		}
	}
	return true
}

// noteParagraphs makes a page's footnotes paragraphs: each starts at a line
// that opens with its mark.
func noteParagraphs(ls []*line, page int, j *joiner) []Paragraph {
	var out []Paragraph
	for i, l := range ls {
		if i == 0 || l.marked || ls[i-1].x1 < ls[i-1].colRight-3*ls[i-1].size {
			out = append(out, Paragraph{Text: l.text, Page: page + 1})
			continue
		}
		p := &out[len(out)-1]
		p.Text = j.join(p.Text, l.text)
	}
	return out
}

// vocabulary counts the words of the document, in lower case, as they
// stand within lines: it tells a hyphenated word ("respon-sible") from a
// compound ("well-known") at a line's end.
func vocabulary(perPage [][]*line) map[string]int {
	v := map[string]int{}
	for _, ls := range perPage {
		for _, l := range ls {
			words := strings.Fields(l.text)
			for i, w := range words {
				// a line's last word before a hyphen, and its first in
				// lower case, may be pieces of a broken word
				if i == len(words)-1 && strings.HasSuffix(w, "-") || i == 0 && startsLower(w) {
					continue
				}
				w = strings.ToLower(strings.TrimFunc(w, notWordy))
				v[w]++
				// a compound's parts are words of the document too
				if strings.ContainsAny(w, "-\u2010") {
					for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '\u2010' }) {
						v[part]++
					}
				}
			}
		}
	}
	return v
}

func startsLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

func notWordy(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\u2010' }

// leading is the usual distance between the baselines of two lines of a
// paragraph, by font size.
func leading(flow []*line) map[float32]float32 {
	ds := map[float32][]float32{}
	for i := 1; i < len(flow); i++ {
		a, b := flow[i-1], flow[i]
		if a.col == b.col && a.size == b.size && a.base > b.base {
			ds[round(a.size)] = append(ds[round(a.size)], a.base-b.base)
		}
	}
	out := map[float32]float32{}
	for s, d := range ds {
		slices.Sort(d)
		out[s] = d[len(d)/2]
	}
	return out
}

// writer joins lines into paragraphs.
type writer struct {
	*joiner
	lead    map[float32]float32
	out     []Paragraph
	cur     *Paragraph
	pending []Paragraph // footnotes waiting for the paragraph to end
}

// startsParagraph reports whether b starts a new paragraph after a: a
// change of font size, a gap wider than the lines' spacing, an indented
// first line, or a line a that ended where b's first word would have fit.
func (w *writer) startsParagraph(a, b *line) bool {
	if abs(a.size-b.size) > 0.1*a.size {
		return true
	}
	em := a.size
	sameColumn := a.page == b.page && a.col == b.col
	if sameColumn {
		lead := w.lead[round(a.size)]
		if lead == 0 {
			lead = 1.2 * a.size
		}
		if a.base-b.base > 1.4*lead {
			return true
		}
	}
	// indented: a first line (the line above is not indented as far)
	if !b.centred() && b.x0-b.colLeft > 0.8*em && (!sameColumn || b.x0-a.x0 > 0.8*em) {
		return true
	}
	// the room a left on its line
	room := a.colRight - a.x1
	if a.centred() {
		room = (a.colRight - a.colLeft) - a.width()
	}
	return room > b.firstWord+a.space+0.3*em
}

// add appends l to the paragraph being written.
func (w *writer) add(l *line) {
	if w.cur == nil {
		w.cur = &Paragraph{Text: l.text, Page: l.page + 1}
		return
	}
	off := len(w.cur.Text)
	w.cur.Text = w.join(w.cur.Text, l.text)
	if l.page+1 <= w.pageAt() {
		return
	}
	text := w.cur.Text
	if off < len(text) && text[off] == ' ' {
		off++
	}
	// a word broken across the pages belongs to the page it starts on
	if text[off-1] != ' ' {
		if i := strings.IndexByte(text[off:], ' '); i >= 0 {
			off += i + 1
		} else {
			off = len(text)
		}
	}
	if off < len(text) {
		w.cur.Breaks = append(w.cur.Breaks, Break{Page: l.page + 1, Offset: off})
	}
}

// pageAt is the page the end of the current paragraph is on.
func (w *writer) pageAt() int {
	if n := len(w.cur.Breaks); n > 0 {
		return w.cur.Breaks[n-1].Page
	}
	return w.cur.Page
}

// end closes the paragraph being written, and writes the footnotes that
// waited for it.
func (w *writer) end() {
	if w.cur != nil {
		w.out = append(w.out, *w.cur)
		w.cur = nil
	}
	w.out = append(w.out, w.pending...)
	w.pending = w.pending[:0]
}

// joiner joins the lines of a paragraph.
type joiner struct {
	vocab map[string]int
	// insertedHyphen: the document has U+2010 at line ends and never
	// within a line, where its own hyphens are "-": a hyphen the
	// typesetter added to break a word (as Chromium draws one)
	insertedHyphen bool
	// closedDashes: the document writes dashes closed up ("a—b") more
	// often than spaced ("a — b"), so a line that ends in one runs on
	// to the next without a space
	closedDashes bool
}

// learn reads how the document writes hyphens and dashes within lines.
func (j *joiner) learn(perPage [][]*line) {
	inner, atEnd, closed, spaced := 0, 0, 0, 0
	for _, ls := range perPage {
		for _, l := range ls {
			t := strings.TrimSuffix(l.text, "\u2010")
			if len(t) < len(l.text) {
				atEnd++
			}
			inner += strings.Count(t, "\u2010")
			for _, d := range []string{"—", "–"} {
				for i := strings.Index(t, d); i >= 0; {
					before, after := t[:i], t[i+len(d):]
					if before != "" && after != "" {
						if strings.HasSuffix(before, " ") || strings.HasPrefix(after, " ") {
							spaced++
						} else {
							closed++
						}
					}
					k := strings.Index(after, d)
					if k < 0 {
						break
					}
					i += len(d) + k
				}
			}
		}
	}
	j.insertedHyphen = inner == 0 && atEnd > 0
	j.closedDashes = closed > spaced
}

// join joins a line to the text before it: with a space; after a soft
// hyphen, as one word; after a hyphen, as one word when the document
// spells the word whole elsewhere, or has neither the word nor the
// compound and the two parts are not both its words ("respon-" "sible"),
// keeping the hyphen of a compound ("well-" "known").
func (j *joiner) join(text, next string) string {
	if text == "" {
		return next
	}
	last, size := utf8.DecodeLastRuneInString(text)
	if last == '\u00ad' {
		return text[:len(text)-size] + next
	}
	if last == '—' || last == '–' {
		if j.closedDashes {
			return text + next
		}
		return text + " " + next
	}
	if last == '\u2010' && j.insertedHyphen {
		return text[:len(text)-size] + next
	}
	if last != '-' && last != '\u2010' {
		return text + " " + next
	}
	first, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLower(first) {
		return text + next
	}
	head := text[:len(text)-size]
	i := strings.LastIndexFunc(head, func(r rune) bool { return !unicode.IsLetter(r) })
	left := strings.ToLower(head[i+1:])
	right := next
	if k := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) }); k >= 0 {
		right = next[:k]
	}
	right = strings.ToLower(right)
	whole, compound := j.vocab[left+right], j.vocab[left+"-"+right]
	words := j.vocab[left] > 0 && j.vocab[right] > 0 && len(left) > 2 && len(right) > 2
	if left != "" && (whole > compound || whole == 0 && compound == 0 && !words) {
		return head + next
	}
	return text + next
}
