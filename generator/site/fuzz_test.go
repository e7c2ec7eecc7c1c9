package site

import (
	"dossier/generator/linkcheck"
	"dossier/internal/cputime"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A whole site built from fuzzed files: it builds or fails with placed
// diagnostics, never panics, no page of it holds anything that runs, and
// the compiled build writes the files html/template does, byte for byte.
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
		want := allFiles(build(t, Config{Dir: dir, Memory: true, engine: interpreted}))
		if d := sameFiles(allFiles(res), want); len(d) > 0 {
			t.Fatal(d[0])
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

// FuzzLinkCheck builds a briefing made of the links the fuzzer writes, many
// times over: the check stays within its time budget, blames every broken
// link it can on the Markdown that made it, and lists at most linkcheck.MaxProblems
// a file, then a count.
func FuzzLinkCheck(f *testing.F) {
	f.Add("[a](#nowhere)", 20000)
	f.Add("[a](<a b>) [b](../x/) [c](/out/) [d](#h-part)\n\n## Part", 300)
	f.Add("> [!NOTE] [@s, \"b\"]\n> see [it](#gone) and [up](../)", 50)
	f.Add("[a][r]\n\n[r]: #missing", 1000)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, links string, times int) {
		if len(links) > 200 || times < 0 || times > 20000 {
			return
		}
		os.RemoveAll(filepath.Join(dir, "content"))
		os.MkdirAll(filepath.Join(dir, "content/sources"), 0o755)
		os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
		os.WriteFile(filepath.Join(dir, "content/sources/s.txt"), []byte("---\ntitle: S\n---\na b\nb c\n"), 0o644)
		body := "---\ntitle: B\n---\nA claim [@s, \"a b\"].\n\n" + strings.Repeat(links+"\n\n", times)
		if len(body) > 1<<20 {
			return
		}
		os.WriteFile(filepath.Join(dir, "content/briefings/b.md"), []byte(body), 0o644)
		start := cputime.Used()
		res := build(t, Config{Dir: dir, Memory: true})
		if d := cputime.Since(start); d > 10*time.Second && !raceEnabled { // 5 s on two cores
			t.Fatalf("%d × %q took %v of CPU", times, links, d)
		}
		perFile := map[string]int{}
		for _, d := range res.Diagnostics {
			if strings.Contains(d.Message, "link") {
				perFile[d.Path]++
			}
			if strings.Contains(d.Message, "broken link") && strings.HasPrefix(d.Path, "templates/") {
				t.Fatalf("a broken link blamed on a template: %v", d)
			}
		}
		for path, n := range perFile {
			if n > linkcheck.MaxProblems+1 {
				t.Fatalf("%s: %d link problems listed; at most %d, then a count", path, n, linkcheck.MaxProblems)
			}
		}
	})
}
