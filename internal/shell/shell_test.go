package shell

import (
	"os/exec"
	"testing"
)

// Each word comes back from a shell as it was given.
func TestQuote(t *testing.T) {
	for _, s := range []string{"plain", "https://example.org/a?b=c&d=e#f", "it's", "$(rm -rf ~)", "a b", "", "`x`", "é", "semi;colon", "--flag", "~user", "*"} {
		out, err := exec.Command("sh", "-c", "printf %s "+Quote(s)).Output()
		if err != nil || string(out) != s {
			t.Errorf("%q: %q came back as %q (%v)", s, Quote(s), out, err)
		}
	}
}
