package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run dossier as a separate process: the test binary
// itself, with DOSSIER_TEST_MAIN holding the arguments as JSON.
func TestMain(m *testing.M) {
	if args := os.Getenv("DOSSIER_TEST_MAIN"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, a, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// dossier is a command that runs dossier with args in its own process.
func dossier(env []string, args ...string) *exec.Cmd {
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), env...), "DOSSIER_TEST_MAIN="+string(b))
	return cmd
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func siteDir(t *testing.T, brief string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"content/sources/paris.txt": "---\ntitle: Paris\n---\nRubio said it would be decided in the very short term and I mean days.\n",
		"content/briefings/b.md":    brief,
	}
	for p, data := range files {
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(data), 0o644)
	}
	return dir
}

const good = "---\ntitle: B\n---\nRubio set a deadline [@paris, \"in the very short term\"].\n"
const warn = "---\ntitle: B\n---\nRubio set a deadline [@paris, \"in the very shrt term\"].\n"
const bad = "---\ntitle: B\n---\nRubio set a deadline [@pariss, \"in the very short term\"].\n"

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name  string
		brief string
		args  []string
		code  int
		out   string // in stderr (text) or stdout (json, github)
	}{
		{"build ok", good, []string{"build"}, 0, "built 8 pages (1 briefing, 1 claim, 1 citation, 1 source)"},
		{"build warning", warn, []string{"build"}, 0, "b.md:4:22: warning: passage not found in @paris"},
		{"build strict warning", warn, []string{"build", "--strict"}, 1, "b.md:4:22: error: passage not found"},
		{"build error", bad, []string{"build"}, 1, "b.md:4:22: error: unknown source @pariss\n    Rubio set a deadline [@pariss, \"in the very short term\"].\n                         ^\n    did you mean @paris?"},
		{"check ok", good, []string{"check"}, 0, "no problems"},
		{"check is strict", warn, []string{"check"}, 1, "error: passage not found"},
		{"github format", bad, []string{"check", "--format", "github"}, 1, "::error file=content/briefings/b.md,line=4,col=22::unknown source @pariss%0Adid you mean @paris?"},
		{"build without search", good, []string{"build"}, 0, "note: no search: Pagefind is not installed; npm install pagefind@"},
		{"search without Pagefind", good, []string{"build", "--search"}, 1, "--search: Pagefind is not installed"},
		{"search, no", good, []string{"build", "--search=maybe"}, 2, `invalid boolean value "maybe" for -search`},
		{"unknown flag", good, []string{"build", "--nope"}, 2, "flag provided but not defined"},
		{"unknown format", good, []string{"check", "--format", "xml"}, 2, `unknown --format "xml"`},
		{"stray argument", good, []string{"build", "extra"}, 2, `dossier build: unexpected argument "extra"`},
		{"strict check offline", good, []string{"check", "--strict"}, 2, "--strict and --timeout go with --online"},
		{"timeout check offline", good, []string{"check", "--timeout", "15m"}, 2, "--strict and --timeout go with --online"},
		{"unknown command", good, []string{"publish"}, 2, `unknown command "publish"`},
	}
	t.Setenv("DOSSIER_PAGEFIND", "")
	t.Setenv("PATH", t.TempDir()) // no pagefind on it
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := siteDir(t, tt.brief)
			args := append(append([]string{}, tt.args...), "--source", dir)
			if tt.name == "unknown command" {
				args = tt.args
			}
			code, stdout, stderr := runCmd(args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.out) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tt.out, stdout, stderr)
			}
			_, err := os.Stat(filepath.Join(dir, "public", "index.html"))
			if wrote := err == nil; wrote != (tt.code == 0 && tt.args[0] == "build") {
				t.Errorf("public/ written = %v", wrote)
			}
		})
	}
}

func TestJSONFormat(t *testing.T) {
	dir := siteDir(t, bad)
	code, stdout, _ := runCmd("check", "--format", "json", "--source", dir)
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	var got []struct {
		Path, Severity, Message string
		Line, Col               int
		Notes                   []string
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if len(got) != 1 || got[0].Path != "content/briefings/b.md" || got[0].Line != 4 || got[0].Col != 22 || got[0].Severity != "error" || got[0].Notes[0] != "did you mean @paris?" {
		t.Errorf("got %+v", got)
	}
	code, stdout, _ = runCmd("check", "--format", "json", "--source", siteDir(t, good))
	if code != 0 || strings.TrimSpace(stdout) != "[]" {
		t.Errorf("clean check: exit %d, %q", code, stdout)
	}
}

func TestNoContent(t *testing.T) {
	code, _, stderr := runCmd("build", "--source", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "no content/ folder") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200") // 2025-04-20
	if code, out, errs := runCmd("new", "briefing", "london-talks", "--source", dir); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/briefings/london-talks.md"))
	if !strings.Contains(string(b), "title: \"London talks\"\ndate: 2025-04-20\n") {
		t.Errorf("briefing = %s", b)
	}
	if code, _, _ := runCmd("new", "--source", dir, "source", "reuters/london"); code != 0 {
		t.Fatal("new source failed")
	}
	if _, err := os.Stat(filepath.Join(dir, "content/sources/reuters/london.txt")); err != nil {
		t.Error(err)
	}
	if code, _, stderr := runCmd("new", "briefing", "london-talks", "--source", dir); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("overwrite: exit %d %s", code, stderr)
	}
	if code, _, _ := runCmd("new", "source", "Bad ID", "--source", dir); code != 2 {
		t.Errorf("bad id: exit %d", code)
	}
	if code, _, _ := runCmd("new", "thing", "x"); code != 2 {
		t.Errorf("bad kind: exit %d", code)
	}
	// what new writes builds, as a draft and as published
	if code, _, stderr := runCmd("check", "--drafts", "--source", dir); code != 0 || !strings.Contains(stderr, "checked 1 briefing, 0 claims, 0 citations, 1 source: no problems\n") {
		t.Errorf("check of the scaffold: exit %d %s", code, stderr)
	}
}

// The example site builds strictly with the built-in theme alone.
func TestExampleSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := runCmd("build", "--strict", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "claims.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Claims []struct {
			Citations []struct{ Source, Relation string }
		}
	}
	json.Unmarshal(b, &f)
	sources, corroborated, contra := map[string]bool{}, 0, 0
	for _, c := range f.Claims {
		support := map[string]bool{}
		for _, cit := range c.Citations {
			sources[cit.Source] = true
			if cit.Relation == "contradicts" {
				contra++
			} else {
				support[cit.Source] = true
			}
		}
		if len(support) >= 3 {
			corroborated++
		}
	}
	if len(f.Claims) < 25 || len(sources) != 5 || corroborated < 5 || contra < 1 {
		t.Errorf("example briefing: %d claims, %d sources, %d corroborated by 3+, %d contra", len(f.Claims), len(sources), corroborated, contra)
	}
}

// hashTree is one digest of every file under dir, names and contents.
func hashTree(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	slices.Sort(names)
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, n)
		fmt.Fprintf(h, "%s\x00%d\x00", rel, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// copyContent copies the example site's content/ into dir, file by file in
// the given order, each with the given modification time.
func copyContent(t *testing.T, dir string, reverse bool, mtime time.Time) {
	t.Helper()
	var files []string
	filepath.WalkDir("content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if reverse {
		slices.Reverse(files)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		dst := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(dst, mtime, mtime)
	}
}

// The same input builds byte-identical output whatever the cores, time
// zone, locale, order in which the files were written and their times.
func TestReproducible(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	copyContent(t, a, false, time.Now())
	copyContent(t, b, true, time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC))
	runs := []struct {
		dir string
		env []string
	}{
		{a, []string{"GOMAXPROCS=1", "TZ=UTC", "LANG=C", "LC_ALL=C"}},
		{b, []string{"GOMAXPROCS=4", "TZ=Pacific/Kiritimati", "LANG=de_DE.UTF-8", "LC_ALL=de_DE.UTF-8"}},
	}
	var hashes []string
	for _, r := range runs {
		cmd := dossier(r.env, "build", "--strict", "--source", r.dir, "--base-url", "https://example.org/briefings/")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		hashes = append(hashes, hashTree(t, filepath.Join(r.dir, "public")))
	}
	if hashes[0] != hashes[1] {
		t.Errorf("two builds of the same input differ: %s, %s", hashes[0], hashes[1])
	}
}

// A build killed at any moment leaves either the previous output, whole, or
// the new one, whole; never a missing or half-written one.
func TestKilledBuildLeavesOutputWhole(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		return []string{"talks", "peace", "deal", "days", "weeks", "Paris", "Kyiv", "envoy", "sanctions"}[r.IntN(9)]
	}
	for i := range 400 {
		var b strings.Builder
		for range 40 {
			fmt.Fprintf(&b, "Line %d of source %d: %s %s %s %s.\n", b.Len(), i, word(), word(), word(), word())
		}
		write(t, dir, fmt.Sprintf("content/sources/s%03d.txt", i), b.String())
	}
	briefs := func(version string) {
		for i := range 40 {
			write(t, dir, fmt.Sprintf("content/briefings/b%02d.md", i), fmt.Sprintf("---\ntitle: B%d %s\n---\nA claim [@s%03d, \"Line 0 of source %d\"].\n", i, version, i, i))
		}
	}
	out, pristine, next := filepath.Join(dir, "public"), filepath.Join(t.TempDir(), "old"), filepath.Join(t.TempDir(), "new")
	briefs("old")
	if o, err := dossier(nil, "build", "--source", dir, "--out", pristine).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, o)
	}
	briefs("new")
	if o, err := dossier(nil, "build", "--source", dir, "--out", next).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, o)
	}
	oldHash, newHash := hashTree(t, pristine), hashTree(t, next)
	for _, delay := range []time.Duration{5, 20, 60, 120, 200, 300, 500} {
		os.RemoveAll(out)
		if err := os.CopyFS(out, os.DirFS(pristine)); err != nil {
			t.Fatal(err)
		}
		cmd := dossier(nil, "build", "--source", dir, "--out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch h := hashTree(t, out); h {
		case oldHash:
		case newHash:
			t.Logf("killed after %dms: the new build was already in place", delay)
		default:
			t.Fatalf("killed after %dms: the output is neither the old build nor the new one", delay)
		}
	}
	// the next build clears what killed builds left beside the output,
	// but for one folder, the build before last, which the next rewrites
	if o, err := dossier(nil, "build", "--source", dir, "--out", out).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, o)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.") && e.Name() != ".public.prev" {
			t.Errorf("%s is left beside the output", e.Name())
		}
	}
	if hashTree(t, out) != newHash {
		t.Error("the build after the killed ones differs")
	}
}

func write(t *testing.T, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The usage -h prints names every flag of every command.
func TestUsageListsEveryFlag(t *testing.T) {
	defer func() { onUsage = nil }()
	seen := 0
	onUsage = func(fs *flag.FlagSet) {
		fs.VisitAll(func(f *flag.Flag) {
			seen++
			if !regexp.MustCompile(`--` + regexp.QuoteMeta(f.Name) + `([^a-z-]|$)`).MatchString(usage) {
				t.Errorf("%s: --%s is not in the usage", fs.Name(), f.Name)
			}
		})
	}
	for _, args := range [][]string{{"build", "-h"}, {"check", "-h"}, {"serve", "-h"}, {"new", "source", "-h"}, {"new", "briefing", "-h"}, {"init", "-h"}} {
		runCmd(args...)
	}
	if seen < 15 {
		t.Errorf("%d flags seen", seen)
	}
}

// dossier version names what the binary was built from: the version set at
// link time (the Makefile's commit), else the module's version, else the
// commit Go stamped.
func TestVersion(t *testing.T) {
	stamped := func(settings ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Path: "dossier", Version: "(devel)"}}
		for i := 0; i < len(settings); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return info
	}
	for _, tt := range []struct {
		version string
		info    *debug.BuildInfo
		want    string
	}{
		{"36ad217", stamped(), "36ad217"},
		{"devel", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"devel", stamped("vcs.revision", "36ad217a0b1c2d3e4f", "vcs.time", "2026-12-07T14:58:57Z", "vcs.modified", "true"), "36ad217a0b1c+changes (2026-12-07)"},
		{"devel", stamped(), "devel"},
		{"devel", nil, "devel"},
	} {
		if got := versionOf(tt.version, tt.info); got != tt.want {
			t.Errorf("versionOf(%q, …) = %q, want %q", tt.version, got, tt.want)
		}
	}
	// the Makefile's binary
	out, err := exec.Command("make", "-s", "-n", "serve").Output()
	if err == nil && !strings.Contains(string(out), "-X main.version=") {
		t.Errorf("make serve builds without recording the version:\n%s", out)
	}
}

// Notes name docs by a URL of the repository dossier was built from, on a
// host that shows files, or by the command that prints them.
func TestWebDocs(t *testing.T) {
	for _, tt := range []struct{ git, want string }{
		{"https://github.com/owner/dossier.git", "https://github.com/owner/dossier/blob/abc123/docs/"},
		{"https://user:TOKEN@github.com/owner/dossier", "https://github.com/owner/dossier/blob/abc123/docs/"},
		{"git@github.com:owner/dossier.git", "https://github.com/owner/dossier/blob/abc123/docs/"},
		{"https://gitlab.com/group/sub/dossier.git", "https://gitlab.com/group/sub/dossier/-/blob/abc123/docs/"},
		{"https://codeberg.org/owner/dossier", "https://codeberg.org/owner/dossier/src/commit/abc123/docs/"},
		{"https://git.example.org/owner/dossier.git", ""},
		{"/home/me/dossier", ""},
		{"", ""},
	} {
		if got := webDocs(tt.git, "abc123"); got != tt.want {
			t.Errorf("webDocs(%q) = %q, want %q", tt.git, got, tt.want)
		}
	}
	code, stdout, _ := runCmd("docs")
	if code != 0 || !strings.Contains(stdout, "\n  site\n") || !strings.Contains(stdout, "\n  import\n") {
		t.Errorf("dossier docs: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = runCmd("docs", "site")
	if want, _ := os.ReadFile("docs/site.md"); code != 0 || stdout != string(want) {
		t.Errorf("dossier docs site: exit %d, %d bytes", code, len(stdout))
	}
	if code, _, stderr := runCmd("docs", "../README"); code != 2 || !strings.Contains(stderr, `no page "../README"`) {
		t.Errorf("dossier docs ../README: exit %d %s", code, stderr)
	}
}

// dossier lsp ends with status 0 at exit after shutdown, 1 at exit before
// it, as the protocol asks.
func TestLspExitStatus(t *testing.T) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content", "briefings"), 0o755)
	init := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	for _, tc := range []struct {
		input string
		want  int
	}{
		{init + frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`), 0},
		{init + frame(`{"jsonrpc":"2.0","method":"exit"}`), 1},
	} {
		var stdout, stderr bytes.Buffer
		if got := cmdLsp(context.Background(), []string{"--source", dir}, strings.NewReader(tc.input), &stdout, &stderr); got != tc.want {
			t.Errorf("status %d, want %d; stderr:\n%s", got, tc.want, stderr.String())
		}
		if !strings.Contains(stdout.String(), `"serverInfo":{"name":"dossier"`) {
			t.Errorf("no answer to initialize: %q", stdout.String())
		}
	}
}
