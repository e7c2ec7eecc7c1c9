package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A whole site built from fuzzed files: it builds or fails with placed
// diagnostics, never panics, no page of it holds anything that runs, and
// the hand-written pages equal their templates' output.
func FuzzBuild(f *testing.F) {
	f.Add("Rubio spoke [@s, \"in the very short term\"].", "He said in the very short term it ends.")
	f.Add("[x](javascript:alert(1)) <script>x</script> [@s, \"a … b\"; contra @s].\n\n> [!NOTE] [@s, \"b\"]\n> n", "a b\nb c")
	f.Add("| a |\n| - |\n| x [@s] |\n\n```go\nfunc(){}\n```", "\u202e x \u2028 y ﬁ")
	f.Add(strings.Repeat("[@s, \"", 20), "")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, briefing, source string) {
		os.RemoveAll(filepath.Join(dir, "content"))
		os.MkdirAll(filepath.Join(dir, "content/sources"), 0o755)
		os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
		os.WriteFile(filepath.Join(dir, "content/sources/s.txt"), []byte("---\ntitle: S\n---\n"+source), 0o644)
		os.WriteFile(filepath.Join(dir, "content/briefings/b.md"), []byte("---\ntitle: B\n---\n"+briefing), 0o644)
		res := build(t, Config{Dir: dir, Memory: true})
		slow := build(t, Config{Dir: dir, Memory: true, templatesOnly: true})
		want := allFiles(slow)
		for name, got := range allFiles(res) {
			if got != want[name] {
				t.Fatalf("%s: the hand-written page differs from its template's:\n%s", name, firstDiff(got, want[name]))
			}
		}
		for _, d := range res.Diagnostics {
			if d.Path == "" || d.Message == "" {
				t.Fatalf("diagnostic without a place: %#v", d)
			}
		}
		for name, data := range res.Site {
			if strings.HasSuffix(name, ".html") {
				if v := activeVectors(string(data)); len(v) > 0 {
					t.Fatalf("%s: %v", name, v)
				}
			}
		}
	})
}
