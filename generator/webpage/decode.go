package webpage

import (
	"bytes"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// laterCharset finds a <meta> that declares the character set further into
// the page than the 1,024 bytes the HTML standard's prescan reads: pages
// that open with long scripts or styles put it there, and browsers still
// switch to it when the parser meets it.
var laterCharset = regexp.MustCompile(`(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// decode returns the page as UTF-8 and the name of the character set it was
// read in. The order is the browser's: a byte order mark, the charset of the
// Content-Type header, a <meta> in the first 1,024 bytes; then, where none of
// those says, UTF-8 when the whole page is valid UTF-8, a <meta> found later
// in the page, and windows-1252 last. One exception: where the header says
// UTF-8, the page is not valid UTF-8 and a <meta> names another character
// set, the page's own word wins.
func decode(raw []byte, contentType string) ([]byte, string, error) {
	enc, name, certain := charset.DetermineEncoding(raw, contentType)
	if !certain && name == "windows-1252" && !prescanned(raw) {
		// nothing in the first 1,024 bytes said: DetermineEncoding guessed
		if utf8.Valid(raw) {
			enc, name = encoding.Nop, "utf-8"
		} else if e, n := metaCharset(raw, 64<<10); e != nil {
			enc, name = e, n
		}
	}
	if name == "utf-8" && !utf8.Valid(raw) {
		// a server that says UTF-8 for a page that is not and that names
		// its own character set (Go's and many servers' default header):
		// the page knows better
		if e, n := metaCharset(raw, 64<<10); e != nil && n != "utf-8" {
			enc, name = e, n
		}
	}
	if name == "utf-8" {
		if !utf8.Valid(raw) {
			// a page that says UTF-8 and is not, in part: the browser shows
			// U+FFFD for each bad byte, and so do we
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
		}
		return bytes.TrimPrefix(raw, []byte("\uFEFF")), name, nil
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return nil, name, err
	}
	return out, name, nil
}

// prescanned reports whether the first 1,024 bytes declare a character set
// that DetermineEncoding understood as windows-1252 (which is what HTML
// takes "iso-8859-1", "us-ascii" and "latin1" for).
func prescanned(raw []byte) bool {
	_, n := metaCharset(raw, 1024)
	return n == "windows-1252"
}

// metaCharset returns the character set the first <meta> in the first
// limit bytes declares, when it is one the WHATWG standard knows.
func metaCharset(raw []byte, limit int) (encoding.Encoding, string) {
	m := laterCharset.FindSubmatch(raw[:min(len(raw), limit)])
	if m == nil {
		return nil, ""
	}
	return charset.Lookup(string(m[1]))
}
