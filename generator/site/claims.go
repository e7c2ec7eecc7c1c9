package site

import (
	"encoding/json"
	"unicode/utf8"

	"dossier/generator/diag"
)

// The shape of claims.json, as SPEC §5 gives it.
type claimsFile struct {
	Claims []claimJSON `json:"claims"`
}

type claimJSON struct {
	ID        string         `json:"id"`
	Briefing  string         `json:"briefing"`
	Number    int            `json:"number"`
	Text      string         `json:"text"`
	Path      string         `json:"path"`
	Line      int            `json:"line"`
	Disputed  bool           `json:"disputed"`
	Single    bool           `json:"single_source"`
	Citations []citationJSON `json:"citations"`
}

type citationJSON struct {
	Source    string        `json:"source"`
	Relation  string        `json:"relation"`
	Passage   string        `json:"passage,omitempty"`
	Status    string        `json:"status"`
	Paragraph int           `json:"paragraph,omitempty"`
	Start     *int          `json:"start,omitempty"`
	End       *int          `json:"end,omitempty"`
	Selector  *selectorJSON `json:"selector,omitempty"`
}

type selectorJSON struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// contextRunes is how many code points of context a selector carries on each side.
const contextRunes = 32

func (m *model) claimsJSON() ([]byte, error) {
	f := claimsFile{Claims: []claimJSON{}}
	for _, b := range m.briefings {
		for _, c := range b.md.Claims {
			line, _, _ := diag.Locate(b.File, c.Offset)
			cj := claimJSON{ID: c.ID, Briefing: b.Slug, Number: c.Number, Text: c.Plain, Path: b.Path,
				Line: line, Disputed: c.Disputed(), Single: c.SingleSource(), Citations: []citationJSON{}}
			for _, r := range c.Refs {
				cit := citationJSON{Source: r.Key, Relation: relation(r), Passage: r.Passage, Status: r.Status}
				if ref := b.refs[r]; ref != nil && ref.pass != nil {
					s := ref.src
					start, end := runeOffset(s, ref.pass.Para, ref.pass.Span.Start), runeOffset(s, ref.pass.Para, ref.pass.Span.End)
					cit.Paragraph, cit.Start, cit.End = ref.pass.Para+1, &start, &end
					cit.Selector = &selectorJSON{Type: "TextQuoteSelector",
						Exact:  s.Text[ref.pass.Span.Start:ref.pass.Span.End],
						Prefix: lastRunes(s.Text[:ref.pass.Span.Start], contextRunes),
						Suffix: firstRunes(s.Text[ref.pass.Span.End:], contextRunes)}
				}
				cj.Citations = append(cj.Citations, cit)
			}
			f.Claims = append(f.Claims, cj)
		}
	}
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// runeOffset converts a byte offset inside paragraph para of s's text into code points.
func runeOffset(s *source, para, off int) int {
	p := s.Paragraphs[para]
	return p.RuneStart + utf8.RuneCountInString(s.Text[p.Start:off])
}

func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
