package site

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/generator/content"
)

// claims.json and annotations.jsonld, appended by hand, are what
// encoding/json makes of the same values, on each test site.
func TestJSONEqualsEncodingJSON(t *testing.T) {
	sites := map[string]Config{
		"example":               {Dir: "../.."},
		"basic with a base URL": {Dir: "testdata/basic", BaseURL: "https://example.org/<a>&b/"},
		"every feature":         {Dir: writeSite(t, everyFeature), Drafts: true},
		"no claims":             {Dir: writeSite(t, map[string]string{"content/sources/s.txt": "Text.\n", "content/briefings/b.md": "---\ntitle: B\n---\nNo claim.\n"})},
	}
	for _, tt := range attackCases {
		sites["attack: "+tt.name] = Config{Dir: writeSite(t, tt.files())}
	}
	for name, cfg := range sites {
		t.Run(name, func(t *testing.T) {
			cfg.Memory, cfg.Theme = true, theme
			b := NewBuilder(cfg)
			defer b.Close()
			res, err := b.Update(context.Background(), nil)
			if err != nil || res.Failed() {
				t.Fatalf("%v %v", err, res.Diagnostics)
			}
			m := b.m
			want, err := referenceAnnotations(m)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := m.writeAnnotationsJSONLD(&got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("annotations.jsonld differs from encoding/json's:\n%s", firstDiff(got.String(), string(want)))
			}
			var parts [][]byte
			for _, br := range m.briefings {
				var entries []byte
				for i, c := range m.claimsOf(br, nil, false) {
					e, err := json.MarshalIndent(c, "  ", " ")
					if err != nil {
						t.Fatal(err)
					}
					if i > 0 {
						entries = append(entries, ",\n  "...)
					}
					entries = append(entries, e...)
				}
				if len(entries) > 0 {
					parts = append(parts, entries)
				}
			}
			got.Reset()
			if err := m.writeClaimsJSON(&got); err != nil {
				t.Fatal(err)
			}
			if want := joinClaims(parts); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("claims.json differs from encoding/json's:\n%s", firstDiff(got.String(), string(want)))
			}
		})
	}
}

// joinClaims is claims.json as encoding/json writes it, from each
// briefing's entries.
func joinClaims(parts [][]byte) []byte {
	if len(parts) == 0 {
		return []byte("{\n \"claims\": []\n}\n")
	}
	return []byte("{\n \"claims\": [\n  " + string(bytes.Join(parts, []byte(",\n  "))) + "\n ]\n}\n")
}

// referenceAnnotations is annotations.jsonld as encoding/json writes it.
func referenceAnnotations(m *model) ([]byte, error) {
	type selector struct {
		Type       string    `json:"type"`
		Exact      string    `json:"exact,omitempty"`
		Prefix     string    `json:"prefix,omitempty"`
		Suffix     string    `json:"suffix,omitempty"`
		ConformsTo string    `json:"conformsTo,omitempty"`
		Value      string    `json:"value,omitempty"`
		RefinedBy  *selector `json:"refinedBy,omitempty"`
		Start      *int      `json:"start,omitempty"`
		End        *int      `json:"end,omitempty"`
	}
	type body struct {
		Type    string `json:"type"`
		Source  string `json:"source,omitempty"`
		Value   string `json:"value,omitempty"`
		Format  string `json:"format,omitempty"`
		Purpose string `json:"purpose"`
	}
	type target struct {
		Source   string     `json:"source"`
		Scope    string     `json:"scope,omitempty"`
		State    any        `json:"state,omitempty"`
		Selector []selector `json:"selector"`
	}
	type annotation struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		Motivation string `json:"motivation"`
		Body       []body `json:"body"`
		Target     target `json:"target"`
	}
	items := []annotation{}
	for _, b := range m.briefings {
		for _, c := range b.md.Claims {
			claimURL := m.absolute("briefings/" + b.Slug + "/#" + c.ID)
			for i, r := range c.Refs {
				ref := b.refs[r]
				if ref == nil || ref.pid == "" {
					continue
				}
				s, q := ref.src, ref.quote()
				// the context within the paragraph: the text of a source
				// has a paragraph a line
				prefix := q.prefix[strings.LastIndex(q.prefix, "\n")+1:]
				suffix, _, _ := strings.Cut(q.suffix, "\n")
				start, end := q.start-q.paraStart, q.end-q.paraStart
				sels := []selector{
					{Type: "TextQuoteSelector", Exact: q.exact, Prefix: prefix, Suffix: suffix},
					{Type: "FragmentSelector", ConformsTo: "http://www.w3.org/TR/html/", Value: "p" + strconv.Itoa(ref.occ.Para+1),
						RefinedBy: &selector{Type: "TextPositionSelector", Start: &start, End: &end}},
				}
				whole := true               // an element holds the passage, elided words and all, unless another overlaps it
				for _, p := range s.cited { // one that crosses it, neither holding the other
					o := ref.occ.Span
					if p.ID != ref.pid && p.Span.Start < o.End && p.Span.End > o.Start &&
						!(p.Span.Start >= o.Start && p.Span.End <= o.End) && !(o.Start >= p.Span.Start && o.End <= p.Span.End) {
						whole = false
					}
				}
				if whole {
					sels = append(sels, selector{Type: "FragmentSelector", ConformsTo: "http://www.w3.org/TR/html/", Value: ref.pid})
				}
				items = append(items, annotation{
					ID: claimURL + "-" + strconv.Itoa(i+1), Type: "Annotation", Motivation: "assessing",
					Body: []body{
						{Type: "TextualBody", Value: c.Plain, Format: "text/plain", Purpose: "assessing"},
						{Type: "TextualBody", Value: relation(r), Format: "text/plain", Purpose: "tagging"},
						{Type: "SpecificResource", Source: claimURL, Purpose: "linking"},
					},
					Target: target{Source: m.absolute("sources/" + s.ID + "/"), Scope: safeURL(s.URL), State: stateOf(s.Source), Selector: sels},
				})
			}
		}
	}
	doc := map[string]any{
		"@context": "http://www.w3.org/ns/anno.jsonld",
		"id":       m.absolute("annotations.jsonld"),
		"type":     "AnnotationCollection",
		"label":    "The cited passages of " + m.title,
		"total":    len(items),
		"first":    map[string]any{"type": "AnnotationPage", "id": m.absolute("annotations.jsonld#page1"), "items": items},
	}
	out, err := json.Marshal(doc)
	return append(out, '\n'), err
}

// stateOf is the TimeState of a source's targets: when it was retrieved,
// and an archived copy; one for each copy when there are several.
func stateOf(s *content.Source) any {
	t, err := time.Parse("2006-01-02", s.Retrieved)
	if err != nil {
		return nil
	}
	type timeState struct {
		Type       string `json:"type"`
		SourceDate string `json:"sourceDate"`
		Cached     string `json:"cached,omitempty"`
	}
	date := t.UTC().Format(time.RFC3339)
	switch len(s.Archive) {
	case 0:
		return &timeState{"TimeState", date, ""}
	case 1:
		return &timeState{"TimeState", date, s.Archive[0]}
	}
	var states []timeState
	for _, u := range s.Archive {
		states = append(states, timeState{"TimeState", date, u})
	}
	return states
}
