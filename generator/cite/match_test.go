package cite

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// index makes an Index over text whose paragraphs are its lines.
func index(text string) *Index {
	var spans []Span
	start := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		l := strings.TrimRight(line, "\n")
		if strings.TrimSpace(l) != "" {
			spans = append(spans, Span{start, start + len(l)})
		}
		start += len(line)
	}
	return NewIndex(text, spans)
}

const article = "PARIS, April 18 – Rubio warned of “days, not weeks”.\n" +
	"“We’re now at a point where we need to determine, in the very short term and I mean days — if a resolution is possible. If not, the President is ready to walk away.”\n" +
	"The talks were “constructive,” officials said. The talks were long.\n" +
	"A warning about the war in Ukraine.\n" +
	"Peace\u00a0talks\u00a0resumed and nego\u00adtiations went on.\n"

// docs/citations.md: the table of cases, and the offsets of what is found.
func TestFind(t *testing.T) {
	ix := index(article)
	tests := []struct {
		name    string
		passage string
		status  Status
		para    int    // 0-based paragraph of the first occurrence
		orig    string // the original text of the span
		paras   []int  // for Ambiguous: every occurrence's paragraph
	}{
		{"found once", "in the very short term and I mean days", Found, 1, "in the very short term and I mean days", nil},
		{"curly quotes in source, straight in passage", `"days, not weeks"`, Found, 0, "“days, not weeks”", nil},
		{"straight apostrophe matches curly", "We're now at a point", Found, 1, "We’re now at a point", nil},
		{"hyphen matches em dash", "I mean days - if a resolution", Found, 1, "I mean days — if a resolution", nil},
		{"en dash in source", "April 18 - Rubio", Found, 0, "April 18 – Rubio", nil},
		{"nbsp in source", "Peace talks resumed", Found, 4, "Peace\u00a0talks\u00a0resumed", nil},
		{"soft hyphen in source", "negotiations went on", Found, 4, "nego\u00adtiations went on", nil},
		{"extra white space in passage", "the  very\nshort   term", Found, 1, "the very short term", nil},
		{"not found", "in the very long term", NotFound, 0, "", nil},
		{"case-sensitive", "in the Very short term", NotFound, 0, "", nil},
		{"never a look-alike: inside a word", "war", Found, 3, "war", nil}, // "warning" and "warned" do not count
		{"word boundary at end", "the Presid", NotFound, 0, "", nil},
		{"across paragraphs", "is ready to walk away.” The talks", NotFound, 0, "", nil},
		{"found more than once", "The talks were", Ambiguous, 2, "The talks were", []int{2, 2}},
		{"empty", "", Empty, 0, "", nil},
		{"only space", "   ", Empty, 0, "", nil},
		{"only an ellipsis", "…", Empty, 0, "", nil},
		{"elided", "We’re now at a point … the President is ready", Found, 1, "We’re now at a point where we need to determine, in the very short term and I mean days — if a resolution is possible. If not, the President is ready", nil},
		{"elided with three dots", "We're now ... I mean days", Found, 1, "We’re now at a point where we need to determine, in the very short term and I mean days", nil},
		{"elided out of order", "the President is ready … We’re now", NotFound, 0, "", nil},
		{"elided across paragraphs", "walk away … The talks", NotFound, 0, "", nil},
		{"leading ellipsis is dropped", "…in the very short term", Found, 1, "in the very short term", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ix.Find(tt.passage)
			if res.Status != tt.status {
				t.Fatalf("Find(%q).Status = %v, want %v (%+v)", tt.passage, res.Status, tt.status, res.Occurrences)
			}
			if tt.status != Found && tt.status != Ambiguous {
				if len(res.Occurrences) != 0 {
					t.Errorf("occurrences = %v, want none", res.Occurrences)
				}
				return
			}
			o := res.Occurrences[0]
			if o.Para != tt.para {
				t.Errorf("para = %d, want %d", o.Para, tt.para)
			}
			if got := article[o.Span.Start:o.Span.End]; got != tt.orig {
				t.Errorf("original = %q, want %q", got, tt.orig)
			}
			if tt.paras != nil {
				var got []int
				for _, o := range res.Occurrences {
					got = append(got, o.Para)
				}
				if len(got) != len(tt.paras) {
					t.Errorf("occurrence paragraphs = %v, want %v", got, tt.paras)
				}
			}
		})
	}
}

// Each part of an elided passage is highlighted on its own.
func TestFindElidedParts(t *testing.T) {
	ix := index(article)
	res := ix.Find("We’re now at a point … the President is ready")
	if res.Status != Found {
		t.Fatal(res.Status)
	}
	parts := res.Occurrences[0].Parts
	var got []string
	for _, p := range parts {
		got = append(got, article[p.Start:p.End])
	}
	want := []string{"We’re now at a point", "the President is ready"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("parts = %q, want %q", got, want)
	}
}

func TestClosest(t *testing.T) {
	ix := index(article)
	tests := []struct {
		passage string
		ok      bool
		text    string
		diff    string
	}{
		{"in the very short terms and I mean days", true, "in the very short term and I mean days", "in the very short [-terms-]{+term+} and I mean days"},
		{"the President is reddy to walk away", true, "the President is ready to walk away", "the President is [-reddy-]{+ready+} to walk away"},
		{"officials said the talks", true, "officials said. The talks", "officials [-said the-]{+said. The+} talks"},
		{"the Very Short Term", true, "the very short term", "the [-Very Short Term-]{+very short term+}"},
		{"the budget for next year", false, "", ""},
		{"something else entirely and unrelated", false, "", ""},
	}
	for _, tt := range tests {
		s, ok := ix.Closest(tt.passage)
		if ok != tt.ok {
			t.Errorf("Closest(%q) ok = %v, want %v (%+v)", tt.passage, ok, tt.ok, s)
			continue
		}
		if !ok {
			continue
		}
		if s.Text != tt.text || s.Diff != tt.diff {
			t.Errorf("Closest(%q) = %q, diff %q; want %q, diff %q", tt.passage, s.Text, s.Diff, tt.text, tt.diff)
		}
		if s.Similarity < MinSimilarity || s.Similarity >= 1 {
			t.Errorf("similarity %v out of range", s.Similarity)
		}
	}
}

func TestWordDiff(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"a b c", "a b c", "a b c"},
		{"a b c", "a x c", "a [-b-]{+x+} c"},
		{"was signed during talks", "was signed during the talks", "was signed during {+the+} talks"},
		{"one two", "", "[-one two-]"},
	}
	for _, tt := range tests {
		if got := WordDiff(tt.a, tt.b); got != tt.want {
			t.Errorf("WordDiff(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// indexRare is strings.Index, whichever byte it looks for first.
func FuzzIndexRare(f *testing.F) {
	f.Add("the talks were long and the talks were hard", "talks were h")
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "aaab")
	f.Add("xyz", "")
	f.Fuzz(func(t *testing.T, s, p string) {
		want := strings.Index(s, p)
		for rare := 0; rare < len(p); rare++ {
			if got := indexRare(s, p, rare); got != want {
				t.Fatalf("indexRare(%q, %q, %d) = %d, want %d", s, p, rare, got, want)
			}
		}
		if len(p) == 0 && indexRare(s, p, 0) != want {
			t.Fatalf("indexRare(%q, %q) = %d, want %d", s, p, indexRare(s, p, 0), want)
		}
	})
}

// An index of plain text, made without normalising it, finds and maps
// every passage as the normalised one does.
func FuzzPlainIndex(f *testing.F) {
	f.Add("The talks were long.\nThey agreed to meet again.\nNo date was set.", "were long", uint8(3))
	f.Add("a b\nc  d\ne", "c d", uint8(1))
	f.Fuzz(func(t *testing.T, text, passage string, cut uint8) {
		var spans []Span
		for start := 0; start <= len(text); {
			end := strings.IndexByte(text[start:], '\n')
			if end < 0 {
				end = len(text)
			} else {
				end += start
			}
			if end > start {
				spans = append(spans, Span{start, end})
			}
			start = end + 1
		}
		plainIx := plainIndex(text, spans)
		if plainIx == nil {
			return
		}
		full := normalizedIndex(text, spans)
		if plainIx.norm.Norm != full.norm.Norm || !slices.Equal(plainIx.paraStart, full.paraStart) {
			t.Fatalf("%q: plain %q %v, normalised %q %v", text, plainIx.norm.Norm, plainIx.paraStart, full.norm.Norm, full.paraStart)
		}
		for _, p := range []string{passage, text[:int(cut)%(len(text)+1)]} {
			a, b := plainIx.Find(p), full.Find(p)
			if a.Status != b.Status || !reflect.DeepEqual(a.Occurrences, b.Occurrences) {
				t.Fatalf("%q in %q: plain %+v, normalised %+v", p, text, a, b)
			}
		}
	})
}

// plainText, eight bytes at a time, against the plain definition.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"a b c", "a  b", " a", "a ", "abcdefghijklmnop\tq", "abcdefgh\x01ijk", "caf\u00e9 au lait", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := s != "" && plain[s[0]] && plain[s[len(s)-1]]
		for i := 1; want && i < len(s)-1; i++ {
			if !plain[s[i]] && (s[i] != ' ' || !plain[s[i+1]]) {
				want = false
			}
		}
		if got := plainText(s); got != want {
			t.Fatalf("plainText(%q) = %v, want %v", s, got, want)
		}
		// what NormalizeString and plainIndex rely on
		if norm := strings.TrimSpace(Normalize(s, 0).Norm); want && norm != s {
			t.Fatalf("plain %q normalises to %q", s, norm)
		}
	})
}

// A passage that runs on from one paragraph into the next is found with
// its piece in each; one within a paragraph, or out of order, is not.
func TestAcross(t *testing.T) {
	text := "The minister said the talks\nwould go on for days, and “not weeks”.\nThird line here.\n\nFar away: would go on.\n"
	ix := index(text)
	tests := []struct {
		passage string
		want    []string // the pieces, as the text has them
		paras   []int
	}{
		{"said the talks would go on", []string{"said the talks", "would go on"}, []int{0, 1}},
		{"the talks would go on for days, and \"not weeks\". Third line", []string{"the talks", "would go on for days, and “not weeks”.", "Third line"}, []int{0, 1, 2}},
		{"minister ... talks would ... days", []string{"minister said the talks", "would go on for days"}, []int{0, 1}},
		{"said the talks", nil, nil},         // in one paragraph
		{"would go on said the", nil, nil},   // out of order
		{"talks would go on. Far", nil, nil}, // not there
	}
	for _, tt := range tests {
		pieces, ok := ix.Across(tt.passage)
		var got []string
		var paras []int
		for _, p := range pieces {
			got = append(got, text[p.Span.Start:p.Span.End])
			paras = append(paras, p.Para)
		}
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) || !slices.Equal(paras, tt.paras) {
			t.Errorf("Across(%q) = %q %v, %v; want %q %v", tt.passage, got, paras, ok, tt.want, tt.paras)
		}
	}
}
