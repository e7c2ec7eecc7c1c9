package mdext

import (
	"bytes"
	"strings"
	"testing"
)

func TestSafeURL(t *testing.T) {
	tests := []struct {
		dest  string
		image bool
		safe  bool
	}{
		{"https://example.org/x", false, true},
		{"http://example.org", false, true},
		{"mailto:ed@example.org", false, true},
		{"tel:+331234", false, true},
		{"/sources/paris/#p3", false, true},
		{"../sources/", false, true},
		{"#c-1f3a9b20", false, true},
		{"page?a=b:c", false, true},
		{"javascript:alert(1)", false, false},
		{"JaVaScRiPt:alert(1)", false, false},
		{"java\tscript:alert(1)", false, false},
		{"java\nscript:alert(1)", false, false},
		{" \x01javascript:alert(1)", false, false},
		{"vbscript:msgbox", false, false},
		{"file:///etc/passwd", false, false},
		{"data:text/html,<script>", false, false},
		{"data:image/png;base64,AAAA", false, false},
		{"data:image/png;base64,AAAA", true, true},
		{"DATA:IMAGE/JPEG,xx", true, true},
		{"data:image/svg+xml,<svg onload=x>", true, false},
		{"data:text/html,x", true, false},
		{"ftp://example.org", false, false},
		{"https://../", false, false}, // no host a browser can look up: text, not an invalid link
		{"https://a..b/", false, false},
		{"https:///x", false, false},
		{"https://example.org./x", false, true},
		{"http://[::1]:8080/", false, true},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.dest, tt.image); got != tt.safe {
			t.Errorf("SafeURL(%q, image=%v) = %v, want %v", tt.dest, tt.image, got, tt.safe)
		}
	}
}

// Every encoding of a script URL loses its link; the text stays.
func TestUnsafeLinksBecomeText(t *testing.T) {
	md := newMarkdown()
	for _, src := range []string{
		"[a](javascript:alert(1))", "[a](&#106;avascript:alert(1))", "[a](&#x6A;avascript:x)", "[a](java&#9;script:x)",
		"[a](javascript&colon;x)", "[a](JaVaScRiPt:x)", "[a](vbscript:x)", "[a]( javascript:x)", "<javascript:alert(1)>",
		"![a](data:text/html,x)", "![a](javascript:x)", "[r][x]\n\n[x]: javascript:y", "[a](data:text/html;base64,PHNjcmlwdD4=)",
	} {
		var b bytes.Buffer
		if err := md.Convert([]byte(src), &b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Contains(out, "<a") || strings.Contains(out, "<img") || !strings.Contains(out, "a") && !strings.Contains(out, "r") {
			t.Errorf("%q rendered %q", src, out)
		}
	}
}
