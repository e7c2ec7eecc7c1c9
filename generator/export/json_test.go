package export

import (
	"bytes"
	"encoding/json"
	"testing"
)

// appendJSONString against encoding/json on any string; `go test` runs the
// seeds.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<a href=\"x\">&amp;</a>", "\x00\x01\b\f\n\r\t\x1f\x7f", `\"`, "\u2028\u2029", "\xff\xc3",
		"üñí©ødé 😀", "<&>\u2028\xff\"\\\x00", "eight safe bytes, then <one> and é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	})
}

// claims.json's entries and the annotations, appended by hand, are what
// encoding/json makes of the same values.
func TestClaimsEqualEncodingJSON(t *testing.T) {
	start, end := 3, 9
	claims := []Claim{
		{ID: "c-1", Briefing: "b", Number: 1, Text: "A <claim> & \"more\"", Path: "content/briefings/b.md", Line: 4, Disputed: true,
			URL: "https://example.org/briefings/b/#c-1", Citations: []Citation{
				{Source: "s", Relation: "supports", Passage: "the \u2028 words", Status: "anchored", Paragraph: 2, Start: &start, End: &end,
					Selector: &Selector{Type: "TextQuoteSelector", Exact: "words", Prefix: "", Suffix: " after"},
					Page:     "https://example.org/sources/s/", Scope: "https://news.example/a?b=1&c=2"},
				{Source: "t", Relation: "contradicts", Status: "whole-source"},
				{Source: "u", Relation: "supports", Passage: "gone", Status: "not-found"},
			}},
		{ID: "c-2", Briefing: "b", Number: 2, Text: "", Path: "p", Line: 9, Single: true, Citations: []Citation{}},
	}
	var want []byte
	for i := range claims {
		e, err := json.MarshalIndent(&claims[i], "  ", " ")
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			want = append(want, ",\n  "...)
		}
		want = append(want, e...)
	}
	if got := AppendClaims(nil, claims); !bytes.Equal(got, want) {
		t.Errorf("claims:\n got %s\nwant %s", got, want)
	}
	var file bytes.Buffer
	if err := WriteClaims(&file, func(yield func([]byte) bool) { _ = yield(AppendClaims(nil, claims)) && yield(nil) }); err != nil {
		t.Fatal(err)
	}
	var decoded struct{ Claims []Claim }
	if err := json.Unmarshal(file.Bytes(), &decoded); err != nil || len(decoded.Claims) != 2 || decoded.Claims[0].Citations[0].Selector.Suffix != " after" {
		t.Errorf("claims.json does not read back: %v %+v", err, decoded)
	}
	items, n := AppendAnnotations(nil, claims)
	if n != 1 {
		t.Fatalf("%d annotations, want 1 (one anchored citation)", n)
	}
	var a map[string]any
	if err := json.Unmarshal(items, &a); err != nil {
		t.Fatalf("%s: %v", items, err)
	}
	target := a["target"].(map[string]any)
	if a["id"] != "https://example.org/briefings/b/#c-1-1" || target["source"] != "https://example.org/sources/s/" || target["scope"] != "https://news.example/a?b=1&c=2" {
		t.Errorf("annotation: %s", items)
	}
	var doc bytes.Buffer
	all := Annotations{ID: "https://example.org/annotations.jsonld", Label: "L", Items: func(yield func([]byte, int) bool) { yield(items, n) }}
	if err := all.Write(&doc); err != nil {
		t.Fatal(err)
	}
	var coll map[string]any
	if err := json.Unmarshal(doc.Bytes(), &coll); err != nil || coll["total"] != float64(1) || coll["type"] != "AnnotationCollection" {
		t.Errorf("%s: %v", doc.Bytes(), err)
	}
}
