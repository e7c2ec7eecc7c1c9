package site

import (
	"strings"
	"testing"
)

// fieldsWords is words as strings.Fields makes them: the reference.
func fieldsWords(s string, n int, first bool) (string, bool) {
	f := strings.Fields(s)
	if len(f) <= n {
		return strings.Join(f, " "), false
	}
	if first {
		return strings.Join(f[:n], " "), true
	}
	return strings.Join(f[len(f)-n:], " "), true
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", " ", "one", " one  two\tthree\u00a0four\u2003five ", "a b c d e f g h i j", "\xffx y\u0085z"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n % 12
		if n < 1 {
			n = 1
		}
		for _, first := range []bool{true, false} {
			w, more := nwords(s, n, first)
			ww, wmore := fieldsWords(s, n, first)
			if w != ww || more != wmore {
				t.Fatalf("nwords(%q, %d, %v) = %q, %v; want %q, %v", s, n, first, w, more, ww, wmore)
			}
		}
	})
}
