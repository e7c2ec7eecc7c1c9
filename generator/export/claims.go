package export

import (
	"io"
	"iter"
	"strconv"
	"strings"
)

// Claim is a claim as claims.json gives it (docs/site.md); annotations.jsonld
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
	Source    string `json:"source"`
	Relation  string `json:"relation"` // "supports" or "contradicts"
	Passage   string `json:"passage,omitempty"`
	Status    string `json:"status"` // "anchored", "whole-source", "not-found", "ambiguous"…
	Paragraph int    `json:"paragraph,omitempty"`
	Start     *int   `json:"start,omitempty"` // code points into the source's text
	End       *int   `json:"end,omitempty"`
	// PDFPage is the page (1-based, physical) of a paged source where the
	// passage starts, and PageLabel the PDF's own label for it, when that
	// is not its number
	PDFPage   int       `json:"page,omitempty"`
	PageLabel string    `json:"page_label,omitempty"`
	Selector  *Selector `json:"selector,omitempty"` // set when anchored
	// Page is the source's page and Scope its own URL ("" when it has
	// none): an annotation's target. Element is the id of the passage's
	// paragraph on that page and ParaStart where the paragraph starts in
	// the text, in code points; Mark is the id of the element that holds
	// the passage whole ("" for one another passage overlaps, marked in
	// pieces). Not in claims.json.
	Page  string `json:"-"`
	Scope string `json:"-"`
	// Retrieved (YYYY-MM-DD) and Archive are when the source's original
	// was retrieved and its archived copies: the target's TimeState. Not
	// in claims.json.
	Retrieved string   `json:"-"`
	Archive   []string `json:"-"`
	Element   string   `json:"-"`
	Mark      string   `json:"-"`
	ParaStart int      `json:"-"`
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
		if cit.PDFPage != 0 {
			e.int("page", cit.PDFPage)
		}
		if cit.PageLabel != "" {
			e.str("page_label", cit.PageLabel)
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
// each anchored citation of claims (a Web Annotation Data Model one, valid
// against the W3C test suite's MUST schemas): the claim's text, its
// relation to the passage and a link to the claim as its bodies; the
// passage on its source's page as its target, found on that page by any of
// a TextQuoteSelector (its context cut at the paragraph's ends, as the
// page reads), the paragraph's element refined by a TextPositionSelector
// (code points into the paragraph's text), and the passage's own element;
// and, for a source with a retrieved date, a TimeState: that date (as the
// start of the day, in UTC) and an archived copy of the original (a
// TimeState each when there are several).
// The source page writes no text but the source's inside a paragraph, so
// each selector anchors there (tests/browser, with Apache Annotator). It
// returns how many.
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
			for _, v := range [2][2]string{{c.Text, "assessing"}, {cit.Relation, "tagging"}} {
				body.item()
				e := body.open("", '{')
				e.str("type", "TextualBody")
				e.str("value", v[0])
				e.str("format", "text/plain")
				e.str("purpose", v[1])
				body.close(&e, '}')
			}
			body.item()
			link := body.open("", '{')
			link.str("type", "SpecificResource")
			link.str("source", c.URL)
			link.str("purpose", "linking")
			body.close(&link, '}')
			a.close(&body, ']')
			target := a.open("target", '{')
			target.str("source", cit.Page)
			if cit.Scope != "" {
				target.str("scope", cit.Scope)
			}
			if cit.Retrieved != "" {
				// the source's page holds the text of the original as it
				// was that day, each archived copy a copy of it: one
				// TimeState a copy (the W3C schemas take one cached each)
				timeState := func(o *jsonObject, k, cached string) {
					state := o.open(k, '{')
					state.str("type", "TimeState")
					state.str("sourceDate", cit.Retrieved+"T00:00:00Z")
					if cached != "" {
						state.str("cached", cached)
					}
					o.close(&state, '}')
				}
				switch len(cit.Archive) {
				case 0:
					timeState(&target, "state", "")
				case 1:
					timeState(&target, "state", cit.Archive[0])
				default:
					states := target.open("state", '[')
					for _, u := range cit.Archive {
						states.item()
						timeState(&states, "", u)
					}
					target.close(&states, ']')
				}
			}
			sels := target.open("selector", '[')
			sels.item()
			quote := sels.open("", '{')
			quote.str("type", "TextQuoteSelector")
			for _, kv := range [3][2]string{{"exact", q.Exact}, {"prefix", inParagraph(q.Prefix, false)}, {"suffix", inParagraph(q.Suffix, true)}} {
				if kv[1] != "" {
					quote.str(kv[0], kv[1])
				}
			}
			sels.close(&quote, '}')
			sels.item()
			para := sels.open("", '{')
			para.str("type", "FragmentSelector")
			para.str("conformsTo", htmlFragments)
			para.str("value", cit.Element)
			pos := para.open("refinedBy", '{')
			pos.str("type", "TextPositionSelector")
			pos.int("start", *cit.Start-cit.ParaStart)
			pos.int("end", *cit.End-cit.ParaStart)
			para.close(&pos, '}')
			sels.close(&para, '}')
			if cit.Mark != "" {
				sels.item()
				mark := sels.open("", '{')
				mark.str("type", "FragmentSelector")
				mark.str("conformsTo", htmlFragments)
				mark.str("value", cit.Mark)
				sels.close(&mark, '}')
			}
			target.close(&sels, ']')
			a.close(&target, '}')
			items.close(&a, '}')
			count++
		}
	}
	return items.dst, count
}

// htmlFragments is what a FragmentSelector of an element's id conforms to.
const htmlFragments = "http://www.w3.org/TR/html/"

// inParagraph is the part of a selector's context, prefix (or, after, a
// suffix), within the passage's own paragraph: a source's paragraphs are
// the lines of its text, and its page shows each in an element of its own.
func inParagraph(context string, after bool) string {
	if after {
		if i := strings.IndexByte(context, '\n'); i >= 0 {
			return context[:i]
		}
		return context
	}
	return context[strings.LastIndexByte(context, '\n')+1:]
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
