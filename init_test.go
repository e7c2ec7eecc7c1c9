package main

import (
	"bufio"
	"bytes"
	"dossier/generator/search"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dossier init writes a site that builds strictly, with nothing to warn
// of, and never writes over a file.
func TestInit(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200") // 2025-04-20
	dir := filepath.Join(t.TempDir(), "My Briefings")
	code, stdout, stderr := runCmd("init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "dossier serve") {
		t.Errorf("init does not say what to do next: %s", stdout)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{".github/workflows/pages.yml", ".gitignore", "content/briefings/welcome.md", "content/site.yaml", "content/sources/declaration.txt"}
	if !slices.Equal(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, p))
		must(t, err)
		return string(b)
	}
	if s := read("content/site.yaml"); !strings.Contains(s, "title: My briefings\n") {
		t.Errorf("site.yaml = %s", s)
	}
	if s := read("content/briefings/welcome.md"); !strings.Contains(s, "date: 2025-04-20\n") || strings.Contains(s, "\ndraft:") {
		t.Errorf("the briefing is dated by SOURCE_DATE_EPOCH and published:\n%.300s", s)
	}
	if s := read(".gitignore"); !strings.Contains(s, "/public/\n") || !strings.Contains(s, "/.public.*\n") {
		t.Errorf(".gitignore = %s", s)
	}
	wf := read(".github/workflows/pages.yml")
	for _, w := range []string{"DOSSIER_GIT: ${{ vars.DOSSIER_GIT }}", "dossier build --strict --search --format github", "pagefind@" + search.Version, "actions/deploy-pages"} {
		if !strings.Contains(wf, w) {
			t.Errorf("the workflow lacks %q", w)
		}
	}
	code, _, stderr = runCmd("build", "--strict", "--source", dir)
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("build --strict of the new site: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "1 briefing, 6 claims, 7 citations, 1 source") {
		t.Errorf("build: %s", stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/briefings/welcome/index.html"))
	must(t, err)
	if !strings.Contains(string(page), "What the Declaration of Independence argues") {
		t.Errorf("the briefing page lacks its title")
	}

	// a second init, or one over any file of a site, writes nothing
	before := read("content/briefings/welcome.md")
	must(t, os.WriteFile(filepath.Join(dir, "content/briefings/welcome.md"), []byte(before+"Mine.\n"), 0o644))
	code, _, stderr = runCmd("init", dir)
	if code != 1 || !strings.Contains(stderr, "already exist; nothing written") {
		t.Errorf("init over a site: exit %d: %s", code, stderr)
	}
	if read("content/briefings/welcome.md") != before+"Mine.\n" {
		t.Error("init over a site changed a file")
	}
	other := t.TempDir()
	must(t, os.WriteFile(filepath.Join(other, ".gitignore"), []byte("*.log\n"), 0o644))
	if code, _, stderr := runCmd("init", other); code != 1 || !strings.Contains(stderr, ".gitignore already exists; nothing written") {
		t.Errorf("init over a .gitignore: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(other, "content")); err == nil {
		t.Error("init over a .gitignore wrote content/")
	}
	if code, _, _ := runCmd("init", "a", "b"); code != 2 {
		t.Errorf("init a b: exit %d, want 2", code)
	}
}

// A site from init, served: the briefing and a draft started with `new
// briefing` are both there, the draft marked; SIGTERM stops the server.
func TestInitServe(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCmd("init", dir); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	if code, _, stderr := runCmd("new", "briefing", "next-steps", "--source", dir); code != 0 {
		t.Fatalf("new briefing: %s", stderr)
	}
	if code, _, stderr := runCmd("check", "--source", dir); code != 0 ||
		!strings.Contains(stderr, "no problems; skipped 1 draft (content/briefings/next-steps.md): --drafts includes it") {
		t.Errorf("check: exit %d: %s", code, stderr)
	}
	addr := freeAddr(t)
	cmd := dossier(nil, "serve", "--source", dir, "--addr", addr)
	base := startServe(t, cmd)
	for path, want := range map[string]string{
		"/":                     `next-steps/">Next steps</a> <span class="badge draft">draft</span>`,
		"/briefings/welcome/":   "What the Declaration of Independence argues",
		"/briefings/next-steps": `<h1>Next steps <span class="badge draft">draft</span></h1>`,
	} {
		body := get(t, base+path)
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q:\n%.1500s", path, want, body)
		}
	}
	stopServe(t, cmd, addr)
}

// freeAddr returns a free 127.0.0.1 address.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// startServe starts cmd, a dossier serve, and returns its URL once it says
// it is serving.
func startServe(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			if strings.Contains(line, "serving") || err != nil {
				ready <- line
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-ready:
		m := regexp.MustCompile(`http://\S+`).FindString(line)
		if m == "" {
			t.Fatalf("serve said %q; stderr: %s", line, stderr.String())
		}
		return strings.TrimSuffix(m, "/")
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	return ""
}

// stopServe sends SIGTERM to cmd and checks that it stops, exit 0, and
// that nothing listens on addr after.
func stopServe(t *testing.T, cmd *exec.Cmd, addr string) {
	t.Helper()
	stopWith(t, cmd, addr, true)
}

// stopWith is stopServe; clean says whether cmd itself must exit 0 (make
// passes the signal on, then dies of it).
func stopWith(t *testing.T, cmd *exec.Cmd, addr string, clean bool) {
	t.Helper()
	must(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil && clean {
			t.Errorf("serve after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of SIGTERM")
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("something still listens on %s", addr)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

// The README's way to one's own site, run as written: go install, then
// the commands of its "Your own site" block in a fresh folder, with the
// installed binary first on PATH. Serve gets a free port, as 1313 may be
// taken.
func TestReadmeOwnSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and installs dossier")
	}
	readme, err := os.ReadFile("README.md")
	must(t, err)
	m := regexp.MustCompile("(?s)## Your own site\n.*?```sh\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no ```sh block under ## Your own site")
	}
	root, err := os.Getwd()
	must(t, err)
	tmp := t.TempDir()
	gobin := filepath.Join(tmp, "bin")
	env := append(os.Environ(), "GOBIN="+gobin, "PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"), "GOFLAGS=-buildvcs=false")
	dir := tmp
	var ran []string
	for _, line := range strings.Split(string(m[1]), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		args := strings.Fields(line)
		if len(args) == 0 {
			continue
		}
		ran = append(ran, args[0]+" "+strings.Join(args[1:2], ""))
		switch {
		case args[0] == "cd":
			dir = filepath.Join(dir, args[1])
			continue
		case args[0] == "go" && args[1] == "install":
			cmd := exec.Command("go", args[1:]...)
			cmd.Dir, cmd.Env = root, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
			if _, err := os.Stat(filepath.Join(gobin, "dossier")); err != nil {
				t.Fatalf("%s did not put dossier in GOBIN: %v", line, err)
			}
			continue
		case args[0] == "dossier" && args[1] == "serve":
			addr := freeAddr(t)
			cmd := exec.Command(filepath.Join(gobin, "dossier"), append(args[1:], "--addr", addr)...)
			cmd.Dir, cmd.Env = dir, env
			base := startServe(t, cmd)
			if body := get(t, base+"/"); !strings.Contains(body, "What the Declaration of Independence argues") {
				t.Errorf("the served index lacks the briefing:\n%.1000s", body)
			}
			stopServe(t, cmd, addr)
			continue
		}
		cmd := exec.Command(filepath.Join(gobin, args[0]), args[1:]...)
		if args[0] != "dossier" {
			t.Fatalf("the README runs %q; this test knows go install, cd and dossier", args[0])
		}
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
	}
	if len(ran) < 4 {
		t.Fatalf("the block ran %q; it goes from go install to a build and serve", ran)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/briefings/welcome/index.html")); err != nil {
		t.Errorf("no briefing built: %v (ran %q)", err, ran)
	}
}

// make serve runs the server itself (exec), so the PID of make stops it:
// make passes SIGTERM to its child, which is the server.
func TestMakeServeStopsWithOnePID(t *testing.T) {
	if testing.Short() {
		t.Skip("builds dossier")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	addr := freeAddr(t)
	cmd := exec.Command("make", "--no-print-directory", "serve", "SERVE_FLAGS=--addr "+addr)
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	startServe(t, cmd)
	stopWith(t, cmd, addr, false)
}
