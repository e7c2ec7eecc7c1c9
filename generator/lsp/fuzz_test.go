package lsp

import (
	"testing"
	"unicode/utf8"
)

// FuzzTyping reads the cursor's context in any text at any offset: it
// never panics, and what it would replace starts at or before the cursor.
func FuzzTyping(f *testing.F) {
	for _, s := range []string{
		`A claim [@standoff, "move on`, `[@a, "x"; contra @b, “y`, "---\ntags: [a, b\n---\n", "> [!WA",
		"---\ntags:\n  - a\n  - \n---\n", `[@a, "x\" y`, "[@a, \"x\", ¶3; @", "[[@[@", "\n\n[@",
	} {
		f.Add(s, len(s))
	}
	f.Fuzz(func(t *testing.T, text string, off int) {
		if len(text) == 0 {
			return
		}
		off = min(max(off, 0), len(text))
		ty := typingAt([]byte(text), off)
		if ty.kind != noContext && (ty.from < 0 || ty.from > off) {
			t.Fatalf("kind %d from %d, cursor at %d", ty.kind, ty.from, off)
		}
	})
}

// FuzzPositions turns positions into offsets and back: an offset at the
// start of a code point comes back as itself, in every encoding.
func FuzzPositions(f *testing.F) {
	f.Add("a\r\nb\rc\nd😀e“f", 9)
	f.Fuzz(func(t *testing.T, text string, off int) {
		b := []byte(text)
		off = min(max(off, 0), len(b))
		if off < len(b) && !utf8.RuneStart(b[off]) || !utf8.Valid(b) {
			return
		}
		if off > 0 && b[off-1] == '\r' && off < len(b) && b[off] == '\n' {
			return // inside a line break
		}
		for _, enc := range []string{utf8Encoding, utf16Encoding, utf32Encoding} {
			p := positionOf(b, off, enc)
			if got := offsetOf(b, p, enc); got != off {
				t.Fatalf("%s: offset %d → %+v → %d", enc, off, p, got)
			}
		}
	})
}
