package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
		{"build ok", good, []string{"build"}, 0, "built 6 pages (1 briefing, 1 claim, 1 citation, 1 source)"},
		{"build warning", warn, []string{"build"}, 0, "b.md:4:22: warning: passage not found in @paris"},
		{"build strict warning", warn, []string{"build", "--strict"}, 1, "b.md:4:22: error: passage not found"},
		{"build error", bad, []string{"build"}, 1, "b.md:4:22: error: unknown source @pariss\n    Rubio set a deadline [@pariss, \"in the very short term\"].\n                         ^\n    did you mean @paris?"},
		{"check ok", good, []string{"check"}, 0, "no problems"},
		{"check is strict", warn, []string{"check"}, 1, "error: passage not found"},
		{"github format", bad, []string{"check", "--format", "github"}, 1, "::error file=content/briefings/b.md,line=4,col=22::unknown source @pariss%0Adid you mean @paris?"},
		{"unknown flag", good, []string{"build", "--nope"}, 2, "flag provided but not defined"},
		{"unknown format", good, []string{"check", "--format", "xml"}, 2, `unknown --format "xml"`},
		{"stray argument", good, []string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{"unknown command", good, []string{"publish"}, 2, `unknown command "publish"`},
	}
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
	// what new writes builds: the briefing is a draft, the source a source
	if code, _, stderr := runCmd("check", "--drafts", "--source", dir); code != 1 || !strings.Contains(stderr, "unknown source @source-id") {
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
