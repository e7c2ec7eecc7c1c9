package page

import (
	"strings"
	"testing"
)

func TestParseBase(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"https://example.org", "https://example.org/", ""},
		{"https://example.org/", "https://example.org/", ""},
		{"https://Example.ORG:8443/sub", "https://example.org:8443/sub/", ""},
		{"http://127.0.0.1:1313/a+b/dossier/", "http://127.0.0.1:1313/a+b/dossier/", ""},
		{"https://example.org/<a>&b/", "https://example.org/%3Ca%3E&b/", ""},
		{"https://example.org/caf%C3%A9/", "https://example.org/caf%C3%A9/", ""},
		{"https://[::1]/x/", "https://[::1]/x/", ""},
		{"HTTPS://example.org/x", "https://example.org/x/", ""},

		{"example.org/briefings", "", "not an absolute http(s) URL"},
		{"//evil.example/", "", "not an absolute http(s) URL"},
		{"///", "", "not an absolute http(s) URL"},
		{"javascript:alert(1)//", "", "not an absolute http(s) URL"},
		{"ftp://example.org/", "", "not an absolute http(s) URL"},
		{"https:///", "", "no host"},
		{"https:example.org/x", "", "no host"},
		{"https://:443/", "", "no host"},
		{"https://example.org//evil.example/", "", `"//"`},
		{"https://example.org/a//b/", "", `"//"`},
		{"https://example.org/%2F%2Fevil.example/", "", "encoded slash"},
		{"https://example.org/a%5cb/", "", "encoded slash"},
		{`https://example.org\evil.example/`, "", "backslash"},
		{"https://user:TOKEN@example.org/", "", "user name or password"},
		{"https://user@example.org/", "", "user name or password"},
		{"https://example.org/?q=1", "", "query"},
		{"https://example.org/?", "", "query"},
		{"https://example.org/#top", "", "fragment"},
		{"https://example.org/#", "", "fragment"},
		{"https://example.org/a/../b/", "", `".." segment`},
		{"https://example.org/a/%2e%2e/b/", "", `".." segment`},
		{"https://example.org/./", "", `"." segment`},
		{"https://example.org/a b/", "", "space"},
		{" https://example.org/", "", "space"},
		{"https://example.org/\n", "", "control character U+000A"},
		{"https://example.org/\u202e/", "", "control character U+202E"},
		{"https://exa\x00mple.org/", "", "control character U+0000"},
		{"https://example.org:x/", "", "not a URL"},
	} {
		u, err := ParseBase(tt.in)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseBase(%q): %v", tt.in, err)
		case tt.err == "" && u.String() != tt.want:
			t.Errorf("ParseBase(%q) = %s, want %s", tt.in, u, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseBase(%q) = %v, %v; want an error saying %s", tt.in, u, err, tt.err)
		case err == nil && (!strings.HasPrefix(u.EscapedPath(), "/") || strings.HasPrefix(u.EscapedPath(), "//")):
			t.Errorf("ParseBase(%q): path %q is not a path of the site's origin", tt.in, u.EscapedPath())
		}
	}
}

// Whatever base is accepted, a page's URL below it stays on its host: its
// path starts with one "/", has no "." or ".." segment, and the URL reads
// back as itself.
func FuzzParseBase(f *testing.F) {
	for _, s := range []string{"https://example.org/sub/", "https://example.org//evil/", "http://[::1]:80/%2e%2e/", "https://a@b/", "https://x/\\y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseBase(s)
		if err != nil {
			return
		}
		p := u.EscapedPath()
		if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.Contains(p+"/", "/../") || strings.Contains(p+"/", "/./") || strings.ContainsAny(p, "\\?#") {
			t.Fatalf("ParseBase(%q): path %q", s, p)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Host == "" {
			t.Fatalf("ParseBase(%q) = %s", s, u)
		}
		again, err := ParseBase(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("ParseBase(%q) = %s, which reads back as %v, %v", s, u, again, err)
		}
	})
}
