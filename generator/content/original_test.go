package content

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/generator/diag"
)

// An imported source whose kept original no longer has the recorded
// SHA-256 is warned about at the field that records it: the evidence
// changed since the import.
func TestOriginalDrift(t *testing.T) {
	page := []byte("<html><body><p>The original page.</p></body></html>")
	sum := sha256.Sum256(page)
	good := hex.EncodeToString(sum[:])
	src := func(original, sha string) string {
		return "---\ntitle: T\nurl: https://example.org/a\noriginal: " + original + "\nsha256: " + sha + "\n---\nThe original page.\n"
	}
	for _, c := range []struct {
		name   string
		source string
		files  fstest.MapFS
		want   string // "" for no problem; else severity, line:col and a part of the message
	}{
		{"kept as it was", src("a.html", good), fstest.MapFS{"content/originals/a.html": {Data: page}}, ""},
		{"changed", src("a.html", good), fstest.MapFS{"content/originals/a.html": {Data: append(page, '\n')}},
			"warning 5:9 no longer has this sha256 (it has"},
		{"missing", src("a.html", good), nil, "warning 4:11 content/originals/a.html is missing"},
		{"a folder", src("a.html", good), fstest.MapFS{"content/originals/a.html/x": {Data: page}}, "warning 4:11 cannot be read: not a regular file"},
		{"not a hash", src("a.html", "abc"), fstest.MapFS{"content/originals/a.html": {Data: page}}, "error 5:9 64 lowercase hexadecimal digits"},
		{"outside originals", src("../sources/s.txt", good), nil, "error 4:11 must be a path under content/originals/"},
		{"no hash", "---\ntitle: T\noriginal: a.html\n---\nx\n", nil, "warning 3:11 original without sha256"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/sources/s.txt": {Data: []byte(c.source)}}
			for k, v := range c.files {
				fsys[k] = v
			}
			s, diags := LoadSource(fsys, "content/sources/s.txt")
			if s == nil {
				t.Fatal("not loaded")
			}
			if c.want == "" {
				if len(diags) > 0 {
					t.Errorf("unexpected %v", diags)
				}
				if s.SHA256 != good || s.Original != "a.html" {
					t.Errorf("fields %q %q", s.SHA256, s.Original)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics: %v", len(diags), diags)
			}
			d := diags[0]
			sev := "error"
			if d.Severity == diag.Warning {
				sev = "warning"
			}
			got := sev + " " + strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Col) + " " + d.Message
			parts := strings.SplitN(c.want, " ", 3)
			if !strings.HasPrefix(got, parts[0]+" "+parts[1]+" ") || !strings.Contains(d.Message, parts[2]) {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
