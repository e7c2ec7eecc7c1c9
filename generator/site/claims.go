package site

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"dossier/generator/mdext"
)

// The shape of claims.json, as SPEC §5 gives it: {"claims": [claim…]}.
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

// writeClaimsJSON writes claims.json: {"claims": [claim…]}, indented as
// json.MarshalIndent(file, "", " ") would.
func (m *model) writeClaimsJSON(w io.Writer) error {
	const head, sep, tail = "{\n \"claims\": [\n  ", ",\n  ", "\n ]\n}\n"
	n := 0
	var scratch []byte
	for _, b := range m.briefings {
		part := b.claimsJSON
		if part == nil {
			scratch = b.appendClaims(scratch[:0])
			part = scratch
			if m.keep {
				b.claimsJSON = bytes.Clone(part)
			}
		}
		if len(part) == 0 {
			continue
		}
		s := sep
		if n == 0 {
			s = head
		}
		n++
		if _, err := io.WriteString(w, s); err != nil {
			return err
		}
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	if n == 0 {
		_, err := io.WriteString(w, "{\n \"claims\": []\n}\n")
		return err
	}
	_, err := io.WriteString(w, tail)
	return err
}

// encodeClaims makes the briefing's entries of claims.json and keeps them,
// unless it has them.
func (b *briefing) encodeClaims() {
	if b.claimsJSON == nil {
		b.claimsJSON = b.appendClaims([]byte{})
	}
}

// appendClaims appends the briefing's claims as entries of the claims
// array, indented as json.MarshalIndent(file, "", " ") would, joined by
// commas.
func (b *briefing) appendClaims(out []byte) []byte {
	lines := lineStarts(b.File)
	for i, c := range b.md.Claims {
		if i > 0 {
			out = append(out, ",\n  "...)
		}
		out = appendClaimJSON(out, b.claimJSON(c, lines))
	}
	return out
}

// claimJSON is the entry of claims.json of c; lines are the line starts of
// the briefing's file.
func (b *briefing) claimJSON(c *mdext.Claim, lines []int) *claimJSON {
	line, _ := slices.BinarySearch(lines, c.Offset+1)
	cj := &claimJSON{ID: c.ID, Briefing: b.Slug, Number: c.Number, Text: c.Plain, Path: b.Path,
		Line: line, Disputed: c.Disputed(), Single: c.SingleSource(), Citations: make([]citationJSON, 0, len(c.Refs))}
	for _, r := range c.Refs {
		cit := citationJSON{Source: r.Key, Relation: relation(r), Passage: r.Passage, Status: r.Status}
		if ref := b.refs[r]; ref != nil && ref.pid != "" {
			q := ref.q
			cit.Paragraph, cit.Start, cit.End = ref.occ.Para+1, &q.start, &q.end
			cit.Selector = &selectorJSON{Type: "TextQuoteSelector", Exact: q.exact, Prefix: q.prefix, Suffix: q.suffix}
		}
		cj.Citations = append(cj.Citations, cit)
	}
	return cj
}

// lineStarts returns the offset at which each line of file starts, so that
// the line of offset o is the number of starts at or before it.
func lineStarts(file []byte) []int {
	starts := []int{0}
	for i, c := range file {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// quoted is an anchored passage as selectors give it: code-point offsets
// into the source's text, the exact text and some context either side.
type quoted struct {
	start, end            int
	exact, prefix, suffix string
}

// quote is the passage as selectors give it: made as the reference is
// resolved, while its source's text is at hand, and kept for claims.json
// and annotations.jsonld.
func (ref *reference) quote() quoted {
	s, o := ref.src, ref.occ
	return quoted{
		start: runeOffset(s, o.Para, o.Span.Start), end: runeOffset(s, o.Para, o.Span.End),
		exact:  strings.Clone(s.Text[o.Span.Start:o.Span.End]),
		prefix: strings.Clone(lastRunes(s.Text[:o.Span.Start], contextRunes)),
		suffix: strings.Clone(firstRunes(s.Text[o.Span.End:], contextRunes)),
	}
}

// runeOffset converts a byte offset inside paragraph para of s's text into code points.
func runeOffset(s *source, para, off int) int {
	p := &s.Paragraphs[para]
	if p.ASCII {
		return p.RuneStart + off - p.Start
	}
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
