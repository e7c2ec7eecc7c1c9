package site

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dossier/generator/content"
	"dossier/generator/view"
)

// safeURL returns u if it is an absolute http or https URL, else "".
// A source's url comes from content and is never trusted with a scheme that runs code.
func safeURL(u string) string {
	if !content.WebURL(u) {
		return ""
	}
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return ""
	}
	p.Fragment = ""
	return p.String()
}

// Robust Links (docs/site.md): a link to a source's original says when the
// original was retrieved and where an archived copy is, so that a reader,
// or a tool such as robustlinks.js, finds the version that was quoted
// once the live page changes or goes.

// robustLinks is the Robust Links attributes of a link to the original of
// s, escaped for HTML: data-originalurl, and data-versiondate and
// data-versionurl when s has a retrieved date and an archived copy. ""
// without an original.
func robustLinks(s *source) string {
	if s.original == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(` data-originalurl="`)
	escapeHTML(&b, s.original)
	b.WriteByte('"')
	if s.versionDate != "" {
		b.WriteString(` data-versiondate="`)
		b.WriteString(s.versionDate)
		b.WriteByte('"')
	}
	if s.versionURL != "" {
		b.WriteString(` data-versionurl="`)
		escapeHTML(&b, s.versionURL)
		b.WriteByte('"')
	}
	return b.String()
}

// versionDate is a retrieved date as data-versiondate gives it,
// YYYY-MM-DD; "" when it is not a date.
func versionDate(retrieved string) string {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(retrieved))
	if err != nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// archived is the view of the archived copies of s: each copy's link,
// labelled with its host when there are several, and the day it was
// captured, from a Wayback Machine address (/web/20250418093000/…), else
// the day the original was retrieved.
func archived(s *content.Source) []view.Archived {
	var out []view.Archived
	for _, u := range s.Archive {
		p, err := url.Parse(u)
		if err != nil {
			continue // content has checked it
		}
		a := view.Archived{URL: u, Label: "archived copy", Date: versionDate(s.Retrieved)}
		if len(s.Archive) > 1 {
			a.Label += " (" + p.Hostname() + ")"
		}
		if m := waybackTime.FindStringSubmatch(p.Path); m != nil {
			if t, err := time.Parse("20060102", m[1]); err == nil {
				a.Date = t.Format("2006-01-02")
			}
		}
		out = append(out, a)
	}
	return out
}

// waybackTime is the capture time in a Wayback Machine address's path.
var waybackTime = regexp.MustCompile(`^/web/(\d{8})\d{0,6}[a-z_]*/`)

// textFragment returns a "#:~:text=" fragment that makes a browser scroll to
// and highlight the passage in the original page. A long or elided passage
// is given by its first and last words. For a source imported from a PDF,
// it is "#page=N", which PDF viewers open at.
func textFragment(s *source, p *passage) string {
	if n, _ := s.PageAt(p.Parts[0].Start); n > 0 {
		return "#page=" + strconv.Itoa(n) // a PDF: its viewer opens at the page
	}
	first := s.Text[p.Parts[0].Start:p.Parts[0].End]
	last := s.Text[p.Parts[len(p.Parts)-1].Start:p.Parts[len(p.Parts)-1].End]
	if len(p.Parts) == 1 && utf8.RuneCountInString(first) <= 80 {
		return "#:~:text=" + fragmentEscape(first)
	}
	return "#:~:text=" + fragmentEscape(words(first, 5, true)) + "," + fragmentEscape(words(last, 5, false))
}

// words returns the first (or last) n words of s, as strings.Fields splits
// them, joined by single spaces.
func words(s string, n int, first bool) string {
	w, _ := nwords(s, n, first)
	return w
}

// nwords is words, reading no more of s than it needs; more reports
// whether s has words besides those returned.
func nwords(s string, n int, first bool) (w string, more bool) {
	var buf [contextWords + 1][2]int
	spans := buf[:0] // the words found, in the order found; on the stack for the context's few
	i := 0
	if !first {
		i = len(s)
	}
	for len(spans) <= n {
		start, end, ok := nextWord(s, &i, first)
		if !ok {
			break
		}
		spans = append(spans, [2]int{start, end})
	}
	if len(spans) > n {
		spans, more = spans[:n], true
	}
	if len(spans) == 0 {
		return "", false
	}
	if !first {
		slices.Reverse(spans)
	}
	lo, hi := spans[0][0], spans[len(spans)-1][1]
	simple := true // the words are already joined by single spaces
	for k := 1; k < len(spans); k++ {
		if spans[k][0] != spans[k-1][1]+1 || s[spans[k-1][1]] != ' ' {
			simple = false
			break
		}
	}
	if simple {
		return s[lo:hi], more
	}
	var b strings.Builder
	b.Grow(hi - lo)
	for k, sp := range spans {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[sp[0]:sp[1]])
	}
	return b.String(), more
}

// nextWord finds the word after (or, backward, before) *i and moves *i past it.
func nextWord(s string, i *int, forward bool) (start, end int, ok bool) {
	inWord := false
	if forward {
		for *i < len(s) {
			r, size := rune(s[*i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[*i:])
			}
			if isFieldSpace(r) {
				if inWord {
					return start, *i, true
				}
			} else if !inWord {
				inWord, start = true, *i
			}
			*i += size
		}
		return start, len(s), inWord
	}
	for *i > 0 {
		r, size := rune(s[*i-1]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeLastRuneInString(s[:*i])
		}
		if isFieldSpace(r) {
			if inWord {
				return *i, end, true
			}
		} else if !inWord {
			inWord, end = true, *i
		}
		*i -= size
	}
	return 0, end, inWord
}

// isFieldSpace is the space strings.Fields splits on.
func isFieldSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
	}
	return unicode.IsSpace(r)
}

// contextWords is how many words of context a passage is shown with.
const contextWords = 8

// surrounding returns the words of s next to a passage, the first ones when
// they follow it, the last ones when they precede it, with an ellipsis
// where words were left out: a copy, which keeps nothing else of s. It
// keeps one space between the words and the passage when s has space
// there, and none when it has none: "war," follows "…our war" closely.
func surrounding(s string, after bool) string {
	w, more := nwords(s, contextWords, after)
	if w == "" {
		return ""
	}
	var r rune
	if after {
		r, _ = utf8.DecodeRuneInString(s)
	} else {
		r, _ = utf8.DecodeLastRuneInString(s)
	}
	var before, behind string // what goes on either side of the words
	if isFieldSpace(r) {
		if after {
			before = " "
		} else {
			behind = " "
		}
	}
	if more {
		if after {
			behind += " …"
		} else {
			before = "… " + before
		}
	}
	if before == "" && behind == "" {
		return strings.Clone(w)
	}
	return before + w + behind
}

// fragmentEscape percent-encodes everything but unreserved characters, so
// that "-", "," and "&", which text fragments reserve, are escaped too.
func fragmentEscape(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
