package pdf

import (
	"strings"
	"testing"
)

func TestJoin(t *testing.T) {
	vocab := map[string]int{"responsible": 0, "well": 2, "known": 1, "government": 3, "short-term": 1, "door": 0, "closed": 1}
	tests := []struct {
		name, text, next string
		j                joiner
		want             string
	}{
		{"a space", "the talks", "went on", joiner{}, "the talks went on"},
		{"a syllable break", "the respon-", "sible party", joiner{}, "the responsible party"},
		{"a word spelled whole elsewhere", "the govern-", "ment said", joiner{}, "the government said"},
		{"a compound whose parts are words", "a well-", "known fact", joiner{}, "a well-known fact"},
		{"a compound spelled so elsewhere", "a short-", "term gain", joiner{}, "a short-term gain"},
		{"before a capital", "Russia-", "Ukraine talks", joiner{}, "Russia-Ukraine talks"},
		{"before a digit", "COVID-", "19 rules", joiner{}, "COVID-19 rules"},
		{"a soft hyphen", "negoti\u00ad", "ations", joiner{}, "negotiations"},
		{"an inserted hyphen", "NEIGH\u2010", "BORING", joiner{insertedHyphen: true}, "NEIGHBORING"},
		{"U+2010 the document uses", "NEIGH\u2010", "BORING", joiner{}, "NEIGH\u2010BORING"},
		{"a closed dash", "solutions—", "but more", joiner{closedDashes: true}, "solutions—but more"},
		{"a spaced dash", "solutions —", "but more", joiner{}, "solutions — but more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := tt.j
			j.vocab = vocab
			if got := j.join(tt.text, tt.next); got != tt.want {
				t.Errorf("join(%q, %q) = %q; want %q", tt.text, tt.next, got, tt.want)
			}
		})
	}
}

func TestNumberless(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"12/7/26, 8:35 AM", "12/8/26, 10:02 AM"},
		{"Page 3 of 12", "Page 4 of 12"},
		{"iv", "xii"},
		{"file:///tmp/x/page.html 1/6", "file:///tmp/x/page.html 2/6"},
	} {
		if numberless(tt.a) != numberless(tt.b) {
			t.Errorf("%q and %q differ: %q, %q", tt.a, tt.b, numberless(tt.a), numberless(tt.b))
		}
	}
	if numberless("Chapter One") == numberless("Chapter Two") {
		t.Error("words are not numbers")
	}
}

func TestSoftHyphens(t *testing.T) {
	for in, want := range map[string]string{
		"nego\u00adtiations went":       "negotiations went",
		"con\u00ad-":                    "con\u00ad",
		"con\u00ad\u2010":               "con\u00ad",
		"Ukraine\u00ad":                 "Ukraine-",
		"no soft hyphen - here":         "no soft hyphen - here",
		"two\u00ad soft\u00ad in\u00ad": "two soft in-",
	} {
		if got := softHyphens(in); got != want {
			t.Errorf("softHyphens(%q) = %q; want %q", in, got, want)
		}
	}
}

// ln is a line of text at a place on a page, for the layout's tests.
func ln(page int, x0, x1, base float32, size float32, text string) *line {
	return &line{page: page, x0: x0, x1: x1, base: base, y0: base - 0.25*size, y1: base + 0.75*size, size: size,
		text: text, firstWord: float32(len(strings.Fields(text)[0])) * size / 2, space: size / 4}
}

// TestOrder reads a title across the page, two columns under it and a
// footer line across again, in that order; and a date above the columns,
// to one side of their gutter, before them.
func TestOrder(t *testing.T) {
	var ls []*line
	ls = append(ls, ln(0, 72, 540, 740, 17, "Title across the page"))
	ls = append(ls, ln(0, 270, 340, 715, 12, "18 April 2025"))
	for i := range 5 {
		y := float32(690 - 12*i)
		ls = append(ls, ln(0, 72, 300, y, 10, "left "+string(rune('a'+i))))
		ls = append(ls, ln(0, 312, 540, y, 10, "right "+string(rune('a'+i))))
	}
	ls = append(ls, ln(0, 72, 540, 600, 10, "a line across the page below"))
	cols := 0
	got := order(ls, 10, &cols)
	var texts []string
	for _, l := range got {
		texts = append(texts, l.text)
	}
	want := "Title across the page|18 April 2025|left a|left b|left c|left d|left e|right a|right b|right c|right d|right e|a line across the page below"
	if strings.Join(texts, "|") != want {
		t.Errorf("order:\n got %s\nwant %s", strings.Join(texts, "|"), want)
	}
	if got[2].colRight != 300 || got[7].colLeft != 312 {
		t.Errorf("the columns' edges: left ends at %v, right starts at %v", got[2].colRight, got[7].colLeft)
	}
}

// TestFurniture drops a running head and the page numbers that recur on
// three pages, and keeps a footnote and the text.
func TestFurniture(t *testing.T) {
	mk := func(n int, body ...*line) []*line {
		return append([]*line{ln(n, 72, 200, 760, 9, "The Report"), ln(n, 300, 310, 40, 10, string(rune('1'+n)))}, body...)
	}
	p1 := mk(0,
		ln(0, 87, 540, 700, 10, "A paragraph begins, indented, and"),
		ln(0, 72, 540, 688, 10, "runs to the foot of the page where the"),
	)
	note := ln(0, 80, 400, 60, 8, "A footnote of the first page.")
	note.marked = true
	p1 = append(p1, note)
	p2 := mk(1,
		ln(1, 72, 300, 700, 10, "sentence ends on the next."),
		ln(1, 87, 540, 688, 10, "Another paragraph."),
	)
	p3 := mk(2, ln(2, 87, 300, 700, 10, "A third page."))
	perPage := [][]*line{p1, p2, p3}
	furniture(perPage, []page{{h: 792}, {h: 792}, {h: 792}})
	var kept []string
	for _, ls := range perPage {
		for _, l := range ls {
			kept = append(kept, l.text)
		}
	}
	want := "A paragraph begins, indented, and|runs to the foot of the page where the|A footnote of the first page.|sentence ends on the next.|Another paragraph.|A third page."
	if strings.Join(kept, "|") != want {
		t.Errorf("kept:\n %s\nwant\n %s", strings.Join(kept, "|"), want)
	}
}
