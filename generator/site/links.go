package site

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// safeURL returns u if it is an absolute http or https URL, else "".
// A source's url comes from content and is never trusted with a scheme that runs code.
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	p.Fragment = ""
	return p.String()
}

// textFragment returns a "#:~:text=" fragment that makes a browser scroll to
// and highlight the passage in the original page. A long or elided passage
// is given by its first and last words.
func textFragment(s *source, p *passage) string {
	first := s.Text[p.Parts[0].Start:p.Parts[0].End]
	last := s.Text[p.Parts[len(p.Parts)-1].Start:p.Parts[len(p.Parts)-1].End]
	if len(p.Parts) == 1 && utf8.RuneCountInString(first) <= 80 {
		return "#:~:text=" + fragmentEscape(first)
	}
	return "#:~:text=" + fragmentEscape(words(first, 5, true)) + "," + fragmentEscape(words(last, 5, false))
}

// words returns the first (or last) n words of s.
func words(s string, n int, first bool) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return strings.Join(f, " ")
	}
	if first {
		return strings.Join(f[:n], " ")
	}
	return strings.Join(f[len(f)-n:], " ")
}

// contextWords is how many words of context a passage is shown with.
const contextWords = 8

// surrounding returns the words of s next to a passage, the first ones when
// they follow it, the last ones when they precede it, with an ellipsis
// where words were left out.
func surrounding(s string, after bool) string {
	w := words(s, contextWords, after)
	switch {
	case w == "" || len(strings.Fields(s)) <= contextWords:
		return w
	case after:
		return w + " …"
	}
	return "… " + w
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
