//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile-site tests run dossier as a plain binary (built once, before
// any clock starts, without the race detector, whose own memory would not
// fit), each under a cap on its address space and a bound on the CPU time
// it uses: a repository cloned from anyone must not hang a build, blow up
// its memory or pass in silence. The bound is CPU time, not wall time, so
// that it holds on a machine busy with other work (go test -race ./...
// beside it); a wall deadline only guards against a hang.
const (
	hostileTime = 5 * time.Second  // of wall time, on an idle 2-vCPU machine
	hostileCPU  = 2 * hostileTime  // so of CPU time, user and system, on its two cores
	hangGuard   = 60 * time.Second // a run that has not ended by then hangs
	hostileAS   = 3 << 30          // RLIMIT_AS: the Go runtime reserves about 1.5 GiB of it up front
)

var (
	plainOnce sync.Once
	plainBin  string
	plainErr  error
)

// plainDossier builds dossier once for these tests.
func plainDossier(t *testing.T) string {
	t.Helper()
	plainOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dossier-hostile-")
		if err != nil {
			plainErr = err
			return
		}
		plainBin = filepath.Join(dir, "dossier")
		cmd := exec.Command("go", "build", "-o", plainBin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			plainErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if plainErr != nil {
		t.Fatal(plainErr)
	}
	return plainBin
}

// limited is dossier with args, run in dir under the address-space cap.
func limited(t *testing.T, ctx context.Context, dir string, args ...string) *exec.Cmd {
	bin := plainDossier(t)
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, hostileAS>>10), bin}, args...)...)
	cmd.Dir = dir
	cmd.WaitDelay = time.Second
	return cmd
}

// runHostile runs dossier with args in dir within hostileCPU and returns
// its exit code, standard error and the CPU time it used.
func runHostile(t *testing.T, dir string, args ...string) (int, string, time.Duration) {
	t.Helper()
	plainDossier(t) // built before the clock starts
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := limited(t, ctx, dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Errorf("dossier %s did not end within %v", strings.Join(args, " "), hangGuard)
	}
	took := cpuTime(cmd.ProcessState)
	if took > hostileCPU {
		t.Errorf("dossier %s used %v of CPU; the bound is %v", strings.Join(args, " "), took.Round(time.Millisecond), hostileCPU)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("dossier %s: %v", strings.Join(args, " "), err)
	}
	if strings.Contains(stderr.String(), "out of memory") {
		t.Errorf("dossier %s ran out of its %d GiB:\n%.2000s", strings.Join(args, " "), hostileAS>>30, stderr.String())
	}
	return code, stderr.String(), took
}

// cpuTime is the user and system time a process that ended used.
func cpuTime(ps *os.ProcessState) time.Duration {
	if ps == nil {
		return 0
	}
	return ps.UserTime() + ps.SystemTime()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		write(t, dir, p, data)
	}
}

const hostileSource = "---\ntitle: Paris\n---\nRubio said it would be decided in the very short term and I mean days.\n"

func hostileSite(t *testing.T) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"content/sources/paris.txt": hostileSource,
		"content/briefings/b.md":    good,
	})
	return dir
}

// Files that are not regular files of the site: each is a positioned error
// (exit 1), named, found at once; nothing waits on a pipe, reads a device
// or leaves the site.
func TestHostileSpecialFiles(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.txt", "TOP SECRET\n")
	tests := []struct {
		name string
		make func(t *testing.T, dir string)
		msg  string
	}{
		{"a link to /dev/zero", func(t *testing.T, dir string) {
			must(t, os.Symlink("/dev/zero", filepath.Join(dir, "content/sources/zero.txt")))
		}, "content/sources/zero.txt: error: a link that leads outside the site"},
		{"a link out of the site", func(t *testing.T, dir string) {
			must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "content/sources/secret.txt")))
		}, "content/sources/secret.txt: error: a link that leads outside the site"},
		{"a named pipe as site.yaml", func(t *testing.T, dir string) {
			must(t, syscall.Mkfifo(filepath.Join(dir, "content/site.yaml"), 0o644))
		}, "content/site.yaml: error: cannot read: a named pipe, not a regular file"},
		{"a named pipe as a template", func(t *testing.T, dir string) {
			must(t, os.MkdirAll(filepath.Join(dir, "templates"), 0o755))
			must(t, syscall.Mkfifo(filepath.Join(dir, "templates/base.html"), 0o644))
		}, "templates/base.html: error: cannot read: a named pipe, not a regular file"},
		{"a named pipe in static/", func(t *testing.T, dir string) {
			must(t, os.MkdirAll(filepath.Join(dir, "static"), 0o755))
			must(t, syscall.Mkfifo(filepath.Join(dir, "static/x.css"), 0o644))
		}, "static/x.css: error: cannot read: a named pipe, not a regular file"},
		{"a named pipe as a source", func(t *testing.T, dir string) {
			must(t, syscall.Mkfifo(filepath.Join(dir, "content/sources/pipe.txt"), 0o644))
		}, "content/sources/pipe.txt: error: not a regular file"},
		{"a sparse 6 GB static file", func(t *testing.T, dir string) {
			must(t, os.MkdirAll(filepath.Join(dir, "static"), 0o755))
			f, err := os.Create(filepath.Join(dir, "static/big.bin"))
			must(t, err)
			must(t, f.Truncate(6<<30))
			f.Close()
		}, "static/big.bin: error: cannot read: the file is 6.4 GB; the limit for a static file is 64 MiB"},
		{"a briefing over its limit", func(t *testing.T, dir string) {
			write(t, dir, "content/briefings/long.md", "---\ntitle: L\n---\n"+strings.Repeat("a", 1<<20))
		}, "content/briefings/long.md: error: the file is 1.0 MB; the limit for a briefing is 1 MiB: split it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := hostileSite(t)
			tt.make(t, dir)
			for _, cmd := range []string{"build", "check"} {
				code, stderr, _ := runHostile(t, dir, cmd)
				if code != 1 || !strings.Contains(stderr, tt.msg) {
					t.Errorf("%s: exit %d, want 1 with %q:\n%.3000s", cmd, code, tt.msg, stderr)
				}
				if strings.Contains(stderr, "TOP SECRET") {
					t.Errorf("%s printed the secret", cmd)
				}
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// pathological is Markdown that costs a parser the square of its size, or
// memory many times it: goldmark's own performance cases, cmark's
// pathological tests, and what a fault run found. Each fills a briefing to
// its limit.
var pathological = map[string]func(n int) string{
	"'- ' on one line":        func(n int) string { return strings.Repeat("- ", n/2) + "x" },
	"'> ' on one line":        func(n int) string { return strings.Repeat("> ", n/2) + "x" },
	"'1. ' on one line":       func(n int) string { return strings.Repeat("1. ", n/3) + "x" },
	"quotes deeper each line": func(n int) string { return lines(1000, func(i int) string { return strings.Repeat("> ", i) + "x" }) },
	"a list indented deeper":  func(n int) string { return lines(1000, func(i int) string { return strings.Repeat("  ", i) + "- x" }) },
	"footnotes": func(n int) string {
		return lines(n/24, func(i int) string { return fmt.Sprintf("x[^%d]", i) }) + "\n" + lines(n/24, func(i int) string { return fmt.Sprintf("[^%d]: n", i) })
	},
	"[ over and over":          func(n int) string { return strings.Repeat("[", n) },
	"nested labels":            func(n int) string { return strings.Repeat("[", n/2) + "a" + strings.Repeat("]", n/2) },
	"processing instructions":  func(n int) string { return strings.Repeat("<?", n/2) },
	"CDATA":                    func(n int) string { return strings.Repeat("<![CDATA[", n/9) },
	"declarations":             func(n int) string { return strings.Repeat("<!A ", n/4) },
	"comments":                 func(n int) string { return strings.Repeat("<!--", n/4) },
	"nested emphasis":          func(n int) string { return strings.Repeat("*a **a ", n/14) + "b" + strings.Repeat(" a** a*", n/14) },
	"emphasis closers":         func(n int) string { return strings.Repeat("a**", n/3) },
	"emphasis openers":         func(n int) string { return strings.Repeat("_a ", n/3) },
	"unclosed links":           func(n int) string { return strings.Repeat("[a](b", n/5) },
	"unclosed <links>":         func(n int) string { return strings.Repeat("[a](<b", n/6) },
	"underscores":              func(n int) string { return strings.Repeat("a_", n/2) },
	"backticks":                func(n int) string { return lines(1400, func(i int) string { return "e" + strings.Repeat("`", i) }) },
	"<":                        func(n int) string { return strings.Repeat("<", n) },
	"link definitions":         func(n int) string { return strings.Repeat("[a]: u\n", n/7) },
	"link definitions, titled": func(n int) string { return strings.Repeat("[a]: u\n'b'\n", n/11) },
	"stars":                    func(n int) string { return strings.Repeat("*a", n/2) },
	"a wide table": func(n int) string {
		row := func(c string) string { return "|" + strings.Repeat(c+"|", n/100) + "\n" }
		return row("a") + row("-") + strings.Repeat(row("b"), 40)
	},
	"a long table":       func(n int) string { return "|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", n/6) },
	"www.":               func(n int) string { return strings.Repeat("www.a ", n/6) },
	"[@ over and over":   func(n int) string { return strings.Repeat("[@", n/2) },
	"unclosed citations": func(n int) string { return strings.Repeat(`[@paris, "`, n/10) },
	"Pandoc prefixes":    func(n int) string { return strings.Repeat("[see @paris ", n/12) },
	"in-text citations":  func(n int) string { return strings.Repeat("@paris [p. 3 ", n/13) },
	"mentions":           func(n int) string { return strings.Repeat("@paris ", n/7) },
	"unknown sources":    func(n int) string { return strings.Repeat("x [@nope] ", n/10) },
	"groups without @":   func(n int) string { return strings.Repeat(`[contra paris, "x `, n/18) },
	"~~":                 func(n int) string { return strings.Repeat("~~a ", n/4) },
	"[ before emphasis": func(n int) string {
		return strings.Repeat("[a ", 1000) + strings.Repeat("*a", n/2-2000) + strings.Repeat("]", 1000)
	},
	"links nested in labels": func(n int) string { return strings.Repeat("[a", n/6) + strings.Repeat("](b)", n/6) },
	"fences":                 func(n int) string { return strings.Repeat("```\n", n/4) },
	"the same heading":       func(n int) string { return strings.Repeat("a\n=\n", n/4) },
	"&#":                     func(n int) string { return strings.Repeat("&#", n/2) },
	"<a:":                    func(n int) string { return strings.Repeat("<a:", n/3) },
	"hard breaks":            func(n int) string { return strings.Repeat("a  \n", n/4) },
	"list items":             func(n int) string { return strings.Repeat("- a\n", n/4) },
	"lazy quote":             func(n int) string { return "> a\n" + strings.Repeat("b\n", n/2) },
	"HTML blocks":            func(n int) string { return strings.Repeat("<div>\n", n/6) },
	"reference links": func(n int) string {
		return lines(n/40, func(i int) string { return fmt.Sprintf("[l%d]: /u", i) }) + "\n" + strings.Repeat("[x][l1] ", n/16)
	},
	"broken links": func(n int) string {
		return lines(n/20, func(i int) string { return fmt.Sprintf("[l%d](#gone-%d)", i, i) })
	},
}

func lines(n int, line func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(line(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// No Markdown within the size limit takes more than 5 s to build, or more
// memory than the cap; what is over a parser bound is a positioned error.
func TestHostileMarkdown(t *testing.T) {
	const head = "---\ntitle: T\n---\nA claim [@paris].\n\n"
	limit := 1<<20 - len(head) - 64
	for name, gen := range pathological {
		t.Run(name, func(t *testing.T) {
			body := gen(limit)
			if len(body) > limit {
				body = body[:limit]
			}
			dir := hostileSite(t)
			write(t, dir, "content/briefings/b.md", head+body)
			code, stderr, took := runHostile(t, dir, "build")
			if code != 0 && code != 1 {
				t.Errorf("exit %d:\n%.2000s", code, stderr)
			}
			if len(stderr) > 200_000 {
				t.Errorf("%d bytes of messages: at most 100 problems a file, then a count", len(stderr))
			}
			t.Logf("%.1f KB in %v of CPU, exit %d", float64(len(body))/1e3, took.Round(time.Millisecond), code)
		})
	}
}

// Ten passages that are not found, against a source at the size limit:
// their did-you-mean costs well under the bound together.
func TestHostileMisses(t *testing.T) {
	dir := hostileSite(t)
	raw, err := os.ReadFile("content/sources/standoff.txt")
	must(t, err)
	body := string(raw)
	var b strings.Builder
	b.WriteString("---\ntitle: Big\n---\n")
	for b.Len() < 16<<20-len(body) {
		b.WriteString(body[strings.Index(body, "\n---\n")+5:])
	}
	write(t, dir, "content/sources/big.txt", b.String())
	var brief strings.Builder
	brief.WriteString("---\ntitle: B\n---\n")
	for i, p := range []string{"both The Times and French officials characterised the summit", "Washington may move of from negotiations",
		"walk awya", "xyzzy plugh", "the talks were constructiv", "minerals deal signd", "Rubio sad", "days, not weks", "a passage nowhere at all", "Trump is redy"} {
		fmt.Fprintf(&brief, "Claim %d [@big, %q].\n\n", i, p)
	}
	write(t, dir, "content/briefings/b.md", brief.String())
	code, stderr, took := runHostile(t, dir, "check")
	if code != 1 || strings.Count(stderr, "passage not found") != 10 || !strings.Contains(stderr, "did you mean") {
		t.Errorf("exit %d:\n%.3000s", code, stderr)
	}
	t.Logf("check with 10 misses against 16 MB: %v of CPU", took.Round(time.Millisecond))
}

// 20,000 broken links: found in linear time, each blamed on its Markdown,
// 100 listed, then a count.
func TestHostileBrokenLinks(t *testing.T) {
	dir := hostileSite(t)
	write(t, dir, "content/briefings/b.md", good+"\n"+lines(20000, func(i int) string { return fmt.Sprintf("[l%d](#gone-%d)\n", i, i) }))
	code, stderr, _ := runHostile(t, dir, "build")
	if code != 1 || strings.Count(stderr, `error: broken link "#gone-`) != 100 ||
		!strings.Contains(stderr, "error: and 19900 more link problems in this file") || !strings.Contains(stderr, "content/briefings/b.md:6:1: error: broken link \"#gone-0\"") {
		t.Errorf("exit %d:\n%.3000s", code, stderr)
	}
	if len(stderr) > 100_000 {
		t.Errorf("%d bytes of messages", len(stderr))
	}
}

// A citation typed in an editor's note (a line right after an alert
// continues it) is a claim of the briefing: the site builds, and on the
// source page its number links to the briefing.
func TestHostileCitationInNote(t *testing.T) {
	dir := hostileSite(t)
	write(t, dir, "content/briefings/b.md", good+"\n> [!NOTE] [@paris, \"I mean days\"]\n> Only one source.\nRubio set a deadline [@paris, \"in the very short term\"].\n")
	code, stderr, _ := runHostile(t, dir, "build", "--strict")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/sources/paris/index.html"))
	must(t, err)
	if !regexp.MustCompile(`<aside class="margin-note[^>]*>(?s:.)*href="/briefings/b/#n-c-[0-9a-f-]+"`).Match(page) {
		t.Errorf("the note's claim does not link to the briefing:\n%s", page)
	}
}

// Two builds into one output at once: the second waits for the first; both
// succeed, and the output is whole.
func TestHostileConcurrentBuilds(t *testing.T) {
	dir := hostileSite(t)
	for round := range 10 {
		var wg sync.WaitGroup
		codes := make([]int, 2)
		errs := make([]string, 2)
		for i := range 2 {
			wg.Go(func() { codes[i], errs[i], _ = runHostile(t, dir, "build") })
		}
		wg.Wait()
		for i := range 2 {
			if codes[i] != 0 {
				t.Fatalf("round %d, build %d: exit %d:\n%s", round, i, codes[i], errs[i])
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.") && e.Name() != ".public.prev" {
			t.Errorf("%s is left beside the output", e.Name())
		}
	}
}

// A spare folder left by another user is not rewritten: a fresh folder is
// built, and the command says so.
func TestHostileSpareOfAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a folder another user's needs root")
	}
	dir := hostileSite(t)
	spare := filepath.Join(dir, ".public.prev")
	write(t, spare, "index.html", "old")
	must(t, filepath.Walk(spare, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, 65534, 65534) }))
	for range 2 {
		code, stderr, _ := runHostile(t, dir, "build")
		if code != 0 || !strings.Contains(stderr, "another user's or not writable: building into a fresh folder") {
			t.Errorf("exit %d:\n%s", code, stderr)
		}
	}
}

// A control character written by a YAML escape is refused where it is.
func TestHostileControlCharacters(t *testing.T) {
	dir := hostileSite(t)
	write(t, dir, "content/briefings/b.md", "---\ntitle: \"T\\0itle\"\n---\n"+strings.SplitN(good, "---\n", 3)[2])
	code, stderr, _ := runHostile(t, dir, "build")
	if code != 1 || !strings.Contains(stderr, "content/briefings/b.md:2:8: error: front matter: title holds the control character U+0000") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

// The dev server, on a site that gains a named pipe, a link to /dev/zero
// and a link out of the site: it goes on answering, shows the errors, reads
// nothing through them and stays within the memory cap.
func TestHostileServe(t *testing.T) {
	dir := hostileSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := limited(t, ctx, dir, "serve", "--addr", addr)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	defer func() {
		cancel()
		cmd.Wait()
		if strings.Contains(stderr.String(), "out of memory") {
			t.Errorf("serve ran out of memory:\n%.2000s", stderr.String())
		}
	}()
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- line
		io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-ready:
		if !strings.Contains(line, "serving") {
			t.Fatalf("serve said %q", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	outside := t.TempDir()
	write(t, outside, "secret.txt", "TOP SECRET\n")
	must(t, syscall.Mkfifo(filepath.Join(dir, "content/sources/pipe.txt"), 0o644))
	must(t, os.Symlink("/dev/zero", filepath.Join(dir, "content/sources/zero.txt")))
	must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "content/sources/secret.txt")))
	write(t, dir, "content/briefings/b.md", good+"\nSaved.\n")
	deadline := time.Now().Add(4 * hostileTime) // a wall bound: serve runs on
	var page string
	for time.Now().Before(deadline) {
		resp, err := (&http.Client{Timeout: time.Second}).Get("http://" + addr + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
			if strings.Contains(page, "content/sources/zero.txt") && strings.Contains(page, "pipe.txt") {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, want := range []string{"content/sources/zero.txt", "a link that leads outside the site", "content/sources/pipe.txt", "content/sources/secret.txt"} {
		if !strings.Contains(page, want) {
			t.Errorf("within %v the page does not show %q:\n%.3000s", hostileTime, want, page)
		}
	}
	if strings.Contains(page, "TOP SECRET") {
		t.Error("the page shows the secret")
	}
}

// An import over a source or original that is a named pipe, or a link out
// of the site, reads them as a build does: refused at once, nothing written.
func TestHostileImportOver(t *testing.T) {
	page := filepath.Join(t.TempDir(), "page.html")
	raw, err := os.ReadFile("testdata/import/blog-comments.html")
	must(t, err)
	must(t, os.WriteFile(page, raw, 0o644))
	outside := t.TempDir()
	write(t, outside, "secret.txt", "TOP SECRET\n")
	for name, make := range map[string]func(dir string){
		"a named pipe": func(dir string) { must(t, syscall.Mkfifo(filepath.Join(dir, "content/sources/notes.txt"), 0o644)) },
		"a link out": func(dir string) {
			must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "content/sources/notes.txt")))
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := hostileSite(t)
			make(dir)
			code, stderr, _ := runHostile(t, dir, "new", "source", "notes", "--from", page, "--force")
			if code != 1 || !strings.Contains(stderr, "content/sources/notes.txt: ") || !strings.Contains(stderr, "nothing written") {
				t.Errorf("exit %d:\n%s", code, stderr)
			}
			if b, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(b) != "TOP SECRET\n" {
				t.Error("the import wrote through the link")
			}
		})
	}
}
