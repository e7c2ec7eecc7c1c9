package export

import (
	"io"
	"iter"
	"strconv"
)

// Claim is a claim as claims.json gives it (SPEC §5); annotations.jsonld
// is made from the same values.
type Claim struct {
	ID        string     `json:"id"`
	Briefing  string     `json:"briefing"`
	Number    int        `json:"number"`
	Text      string     `json:"text"`
	Path      string     `json:"path"`
	Line      int        `json:"line"`
	Disputed  bool       `json:"disputed"`
	Single    bool       `json:"single_source"`
	Citations []Citation `json:"citations"`
	// URL is the claim on its briefing's page, absolute when the site has
	// a base URL: the annotations' identity and link. Not in claims.json.
	URL string `json:"-"`
}

// Citation is one source or passage a claim cites.
type Citation struct {
	Source    string    `json:"source"`
	Relation  string    `json:"relation"` // "supports" or "contradicts"
	Passage   string    `json:"passage,omitempty"`
	Status    string    `json:"status"` // "anchored", "whole-source", "not-found", "ambiguous"…
	Paragraph int       `json:"paragraph,omitempty"`
	Start     *int      `json:"start,omitempty"` // code points into the source's text
	End       *int      `json:"end,omitempty"`
	Selector  *Selector `json:"selector,omitempty"` // set when anchored
	// Page is the source's page and Scope its own URL ("" when it has
	// none): an annotation's target. Not in claims.json.
	Page  string `json:"-"`
	Scope string `json:"-"`
}

// Selector is a W3C TextQuoteSelector: the passage and up to 32 code
// points of the source's text either side.
type Selector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// AppendClaims appends claims as entries of the claims array of
// claims.json, joined by commas, each as json.MarshalIndent(c, "  ", " ")
// writes it.
func AppendClaims(dst []byte, claims []Claim) []byte {
	for i := range claims {
		if i > 0 {
			dst = append(dst, ",\n  "...)
		}
		dst = appendClaim(dst, &claims[i])
	}
	return dst
}

// WriteClaims writes claims.json, {"claims": [claim…]}, from parts made
// by AppendClaims (a briefing's each, say), indented as
// json.MarshalIndent(file, "", " ") would.
func WriteClaims(w io.Writer, parts iter.Seq[[]byte]) error {
	const head, sep, tail = "{\n \"claims\": [\n  ", ",\n  ", "\n ]\n}\n"
	n := 0
	for part := range parts {
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

// appendClaim appends c as json.MarshalIndent(c, "  ", " ") writes it.
func appendClaim(dst []byte, c *Claim) []byte {
	o := &jsonObject{dst: append(dst, '{'), indent: "  "}
	o.str("id", c.ID)
	o.str("briefing", c.Briefing)
	o.int("number", c.Number)
	o.str("text", c.Text)
	o.str("path", c.Path)
	o.int("line", c.Line)
	o.bool("disputed", c.Disputed)
	o.bool("single_source", c.Single)
	cits := o.open("citations", '[')
	for i := range c.Citations {
		cit := &c.Citations[i]
		cits.item()
		e := cits.open("", '{')
		e.str("source", cit.Source)
		e.str("relation", cit.Relation)
		if cit.Passage != "" {
			e.str("passage", cit.Passage)
		}
		e.str("status", cit.Status)
		if cit.Paragraph != 0 {
			e.int("paragraph", cit.Paragraph)
		}
		if cit.Start != nil {
			e.int("start", *cit.Start)
		}
		if cit.End != nil {
			e.int("end", *cit.End)
		}
		if s := cit.Selector; s != nil {
			sel := e.open("selector", '{')
			sel.str("type", s.Type)
			sel.str("exact", s.Exact)
			sel.str("prefix", s.Prefix)
			sel.str("suffix", s.Suffix)
			e.close(&sel, '}')
		}
		cits.close(&e, '}')
	}
	o.close(&cits, ']')
	o.dst = append(o.dst, '\n')
	o.dst = append(o.dst, o.indent...)
	return append(o.dst, '}')
}

// AppendAnnotations appends, joined by commas, a W3C Web Annotation for
// each anchored citation of claims: the claim's text as its body, the
// passage on its source's page as its target, found by a
// TextQuoteSelector and a TextPositionSelector. It returns how many.
func AppendAnnotations(dst []byte, claims []Claim) ([]byte, int) {
	items := &jsonObject{dst: dst}
	count := 0
	for ci := range claims {
		c := &claims[ci]
		for i := range c.Citations {
			cit := &c.Citations[i]
			q := cit.Selector
			if q == nil {
				continue
			}
			items.item()
			a := items.open("", '{')
			a.str("id", c.URL+"-"+strconv.Itoa(i+1))
			a.str("type", "Annotation")
			a.str("motivation", "assessing")
			body := a.open("body", '[')
			for _, v := range [3][4]string{
				{"", "TextualBody", c.Text, "assessing"},
				{"", "TextualBody", cit.Relation, "tagging"},
				{c.URL, "Text", "", "linking"},
			} {
				body.item()
				e := body.open("", '{')
				if v[0] != "" {
					e.str("id", v[0])
				}
				e.str("type", v[1])
				if v[2] != "" {
					e.str("value", v[2])
					e.str("format", "text/plain")
				} else if v[1] == "TextualBody" {
					e.str("format", "text/plain")
				}
				e.str("purpose", v[3])
				body.close(&e, '}')
			}
			a.close(&body, ']')
			target := a.open("target", '{')
			target.str("source", cit.Page)
			if cit.Scope != "" {
				target.str("scope", cit.Scope)
			}
			sels := target.open("selector", '[')
			sels.item()
			quote := sels.open("", '{')
			quote.str("type", "TextQuoteSelector")
			for _, kv := range [3][2]string{{"exact", q.Exact}, {"prefix", q.Prefix}, {"suffix", q.Suffix}} {
				if kv[1] != "" {
					quote.str(kv[0], kv[1])
				}
			}
			sels.close(&quote, '}')
			sels.item()
			pos := sels.open("", '{')
			pos.str("type", "TextPositionSelector")
			pos.int("start", *cit.Start)
			pos.int("end", *cit.End)
			sels.close(&pos, '}')
			target.close(&sels, ']')
			a.close(&target, '}')
			items.close(&a, '}')
			count++
		}
	}
	return items.dst, count
}

// Annotations is annotations.jsonld as a whole: a W3C AnnotationCollection
// of one page, its id and label, and its items, made by AppendAnnotations
// (a briefing's each) with how many each holds.
type Annotations struct {
	ID, Label string
	Items     iter.Seq2[[]byte, int]
}

// Write writes the collection, compact: tens of megabytes for a large
// site.
func (a *Annotations) Write(w io.Writer) error {
	head := &jsonObject{dst: []byte{'{'}}
	head.str("@context", "http://www.w3.org/ns/anno.jsonld")
	first := head.open("first", '{')
	first.str("id", a.ID+"#page1")
	first.key("items")
	first.dst = append(first.dst, '[')
	if _, err := w.Write(first.dst); err != nil {
		return err
	}
	total := 0
	for items, n := range a.Items {
		if n == 0 {
			continue
		}
		if total > 0 {
			if _, err := w.Write([]byte{','}); err != nil {
				return err
			}
		}
		total += n
		if _, err := w.Write(items); err != nil {
			return err
		}
	}
	// the rest of "first", then of the document: members after others
	tail := &jsonObject{dst: []byte{']'}, n: 1}
	tail.str("type", "AnnotationPage")
	tail.dst = append(tail.dst, '}')
	tail.str("id", a.ID)
	tail.str("label", a.Label)
	tail.int("total", total)
	tail.str("type", "AnnotationCollection")
	_, err := w.Write(append(tail.dst, '}', '\n'))
	return err
}
