package site

import (
	"bytes"
	"io"
	"strings"
)

// One rule for the bidirectional embedding, override and isolate controls
// (U+202A–U+202E, U+2066–U+2069) in everything a reader or a client is
// shown (docs/security.md): every page, feed.xml, claims.json,
// annotations.jsonld and every record of the search index carries U+FFFD
// in their place. From content they could make text read otherwise than
// it is ("Trojan Source": a file name that reads "exe.png", a quotation
// whose words run backwards). Matching still sees the source's own
// characters; an annotation's selector, made from what its page shows,
// still anchors there.

// neutralizeBidi is b with each of those controls U+FFFD; b itself when
// it holds none.
func neutralizeBidi(b []byte) []byte {
	var out []byte
	last := 0
	for i := 0; ; i++ {
		k := bytes.IndexByte(b[i:], 0xe2) // the lead byte of U+2000–U+2FFF
		if k < 0 || i+k+2 >= len(b) {
			break
		}
		i += k
		if (b[i+1] == 0x80 && b[i+2] >= 0xaa && b[i+2] <= 0xae) || (b[i+1] == 0x81 && b[i+2] >= 0xa6 && b[i+2] <= 0xa9) {
			out = append(append(out, b[last:i]...), "\uFFFD"...)
			last = i + 3
			i += 2
		}
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// neutralBidi is neutralizeBidi of a string.
func neutralBidi(s string) string {
	if strings.IndexByte(s, 0xe2) < 0 {
		return s
	}
	return string(neutralizeBidi([]byte(s)))
}

// bidiWriter neutralizes what is written through it; each Write must be
// whole characters, as the exports' writes are (each a whole encoded value
// or more).
type bidiWriter struct{ w io.Writer }

func (b bidiWriter) Write(p []byte) (int, error) {
	if _, err := b.w.Write(neutralizeBidi(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}
