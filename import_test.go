package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/generator/content"
)

var update = flag.Bool("update", false, "rewrite the golden files of the import tests")

// Each page under testdata/import is imported into an empty site; what is
// written (the source file, or the error and nothing) is held to
// NAME.want. Rewrite them with go test . -run TestImportGolden -update and
// read the diff.
func TestImportGolden(t *testing.T) {
	pages, _ := filepath.Glob("testdata/import/*")
	// PDFs of the corpus (bench/pdfcorpus): two columns by Chromium and by
	// pdflatex, and each kind of PDF that is refused or warned about
	for _, name := range []string{"chrome2-03", "latex2-04", "mixed", "owner-locked", "scanned", "encrypted", "no-unicode"} {
		pages = append(pages, "testdata/pdfcorpus/"+name+".pdf")
	}
	n := 0
	for _, page := range pages {
		if strings.HasSuffix(page, ".want") {
			continue
		}
		n++
		name := filepath.Base(page)
		t.Run(name, func(t *testing.T) {
			t.Setenv("SOURCE_DATE_EPOCH", "1745107200") // 2025-04-20
			dir := t.TempDir()
			code, stdout, stderr := runCmd("new", "source", "--source", dir, "--from", page)
			var got bytes.Buffer
			written := filesUnder(t, filepath.Join(dir, "content"))
			if code != 0 {
				if len(written) > 0 {
					t.Errorf("exit %d, and yet it wrote %v", code, written)
				}
				fmt.Fprintf(&got, "exit %d\n%s", code, strings.ReplaceAll(stderr, page, "PAGE"))
			} else {
				if len(written) != 2 {
					t.Fatalf("wrote %v; want a source and its original\n%s", written, stderr)
				}
				src := written[1] // "originals/…" sorts before "sources/…"
				b, _ := os.ReadFile(filepath.Join(dir, "content", src))
				got.WriteString(src + "\n" + string(b))
				orig, _ := os.ReadFile(filepath.Join(dir, "content", written[0]))
				raw, _ := os.ReadFile(page)
				if !bytes.Equal(orig, raw) {
					t.Errorf("the original %s is not the page byte for byte", written[0])
				}
				// what was written loads as a source, with no problem
				s, diags := content.LoadSource(os.DirFS(dir), filepath.ToSlash(filepath.Join("content", src)))
				if len(diags) > 0 || s == nil || len(s.Paragraphs) == 0 {
					t.Errorf("the source does not load cleanly: %v", diags)
				}
				if !strings.Contains(stdout, src) {
					t.Errorf("stdout does not name what was written: %q", stdout)
				}
				// nothing of the page's chrome: menus, share buttons, banners, ads, related links, comments
				for _, chrome := range boilerplate {
					if !strings.HasSuffix(page, ".pdf") && strings.Contains(string(b), chrome) {
						t.Errorf("the source holds the page's %q", chrome)
					}
				}
			}
			want := strings.TrimSuffix(page, filepath.Ext(page)) + filepath.Ext(page) + ".want"
			if *update {
				if err := os.WriteFile(want, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test . -run TestImportGolden -update)", err)
			}
			if got.String() != string(exp) {
				t.Errorf("import differs from %s:\n--- got\n%s\n--- want\n%s", want, got.String(), exp)
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d pages under testdata/import", n)
	}
}

// boilerplate is text the test pages show around their articles.
var boilerplate = []string{
	"Accept all", "cookies", "Share on", "Advertisement", "Save 20%", "More from World", "Morning Brief", "Sign up",
	"All rights reserved", "Privacy", "Skip to content", "official website", "Recent Posts", "Leave a Reply",
	"thoughts on", "Great summary", "Posted in", "Previous post", "Accueil", "Tous droits", "トップ", "Menu",
	"Topics:", "Home", "Photo:",
}

// A title and an outlet with every character YAML gives a meaning to come
// back from the written file as the page gives them.
func TestImportHostileTitle(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCmd("new", "source", "x", "--source", dir, "--from", "testdata/import/hostile-title.htm"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, diags := content.LoadSource(os.DirFS(dir), "content/sources/x.txt")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	const title = `"Deal or no deal": Rubio's #1 question — 'days, not weeks' [live] {updated} & more: ~ null`
	if s.Title != title || s.Outlet != "#Wire: News" || s.Author != "O'Brien, Ciarán" {
		t.Errorf("title %q, outlet %q, author %q", s.Title, s.Outlet, s.Author)
	}
}

// Control characters in a page's text (here as references, which HTML
// keeps) are dropped as it is imported: the source loads with no error.
func TestImportDropsControls(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "bell.html")
	must(t, os.WriteFile(page, []byte("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Bells</title></head><body><article>"+
		"<p>The bell&#7; rang twice on Friday, and the envoy said the talks would go on for days, not weeks, as both sides wanted.</p>"+
		"<p>An escape&#27;[31m and a delete&#127; were in the page too, and the minister said the deal was close to being signed.</p>"+
		"</article></body></html>"), 0o644))
	if code, _, stderr := runCmd("new", "source", "bells", "--source", dir, "--from", page); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, diags := content.LoadSource(os.DirFS(dir), "content/sources/bells.txt")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if !strings.Contains(s.Text, "The bell rang twice") || !strings.Contains(s.Text, "An escape[31m and a delete were") {
		t.Errorf("text %q", s.Text)
	}
}

// filesUnder lists the files below dir, slash paths relative to it, sorted.
func filesUnder(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// Importing over a source needs --force; then the citations of it that no
// longer match its new text are printed with their did-you-mean, and the
// editor's note on the source is kept.
func TestReimport(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200")
	dir := t.TempDir()
	page, _ := os.ReadFile("testdata/import/blog-comments.html")
	first := filepath.Join(t.TempDir(), "first.html")
	os.WriteFile(first, page, 0o644)
	if code, _, stderr := runCmd("new", "source", "notes", "--source", dir, "--from", first); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	src := filepath.Join(dir, "content/sources/notes.txt")
	b, _ := os.ReadFile(src)
	os.WriteFile(src, bytes.Replace(b, []byte("---\nI spent"), []byte("note: Read with the comments in mind.\n---\nI spent"), 1), 0o644)
	os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/briefings/b.md"), []byte("---\ntitle: B\n---\n"+
		"The tone was chosen with care [@notes, \"it was chosen carefully\"].\n\n"+
		"The minerals deal was not signed [@notes, \"taken steps toward signing\"].\n"), 0o644)

	// the page changes: one cited passage goes, one stays
	second := filepath.Join(t.TempDir(), "second.html")
	os.WriteFile(second, bytes.Replace(page, []byte("it was chosen carefully"), []byte("it was chosen carefuly"), 1), 0o644)
	code, _, stderr := runCmd("new", "source", "notes", "--source", dir, "--from", second)
	if code != 1 || !strings.Contains(stderr, "already exists: add --force") {
		t.Errorf("without --force: exit %d %s", code, stderr)
	}
	if now, _ := os.ReadFile(src); !bytes.Contains(now, []byte("it was chosen carefully")) {
		t.Error("the refused import changed the source")
	}
	// --dry-run and --force show the paragraphs that change and the
	// citation the new text breaks, refuse, exit 1 and write nothing
	before := snapshot(t, filepath.Join(dir, "content"))
	for _, flags := range [][]string{{"--dry-run"}, {"--force"}, {"--force", "--dry-run"}} {
		code, stdout, stderr := runCmd(append([]string{"new", "source", "notes", "--source", dir, "--from", second}, flags...)...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1\n%s", flags, code, stderr)
		}
		for _, want := range []string{
			"content/sources/notes.txt: the new text has 1 paragraph changed, 0 added, 0 removed (of 5 before, 5 after):",
			"    ¶4: … chose, and it was chosen [-carefully.-]{+carefuly.+}\n",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: stdout lacks %q:\n%s", flags, want, stdout)
			}
		}
		for _, want := range []string{
			`content/briefings/b.md:4:31: error: passage not found in @notes: "it was chosen carefully"`,
			`did you mean "it was chosen carefuly"`,
			"dossier new: 1 citation of @notes would no longer hold with its new text: nothing written; mend the briefings first, or add --break-citations to import it anyway",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", flags, want, stderr)
			}
		}
		if strings.Contains(stderr, "taken steps toward signing") {
			t.Errorf("a citation that still matches was listed:\n%s", stderr)
		}
		if after := snapshot(t, filepath.Join(dir, "content")); after != before {
			t.Errorf("%v wrote to content/", flags)
		}
	}
	code, _, stderr = runCmd("new", "source", "notes", "--source", dir, "--from", second, "--force", "--break-citations")
	if code != 0 || !strings.Contains(stderr, "dossier new: 1 citation of @notes no longer holds with its new text (--break-citations)") {
		t.Fatalf("--break-citations: exit %d: %s", code, stderr)
	}
	now, _ := os.ReadFile(src)
	if !bytes.Contains(now, []byte("note: Read with the comments in mind.\n")) || !bytes.Contains(now, []byte("chosen carefuly")) {
		t.Errorf("re-imported source:\n%s", now)
	}
	orig, _ := os.ReadFile(filepath.Join(dir, "content/originals/notes.html"))
	if !bytes.Contains(orig, []byte("chosen carefuly")) {
		t.Error("the original was not replaced")
	}
	// the check is clean again apart from the broken citation, and the kept original matches its hash
	if code, _, stderr := runCmd("check", "--source", dir); code != 1 || strings.Contains(stderr, "sha256") {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}
	// the same page again, saved as MHTML: it breaks nothing (it mends the
	// citation), so --force writes, and its original replaces the .html one
	if code, _, stderr := runCmd("new", "source", "notes", "--source", dir, "--from", "testdata/import/blog-comments.mhtml", "--force"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := filesUnder(t, filepath.Join(dir, "content/originals")); strings.Join(got, " ") != "notes.mhtml" {
		t.Errorf("originals after the MHTML import: %v", got)
	}
}

// A kept original that changed is a warning of build and an error of check
// (which fails on every warning), at the sha256 field.
func TestDriftWarning(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCmd("new", "source", "notes", "--source", dir, "--from", "testdata/import/blog-comments.html"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	orig := filepath.Join(dir, "content/originals/notes.html")
	b, _ := os.ReadFile(orig)
	os.WriteFile(orig, bytes.Replace(b, []byte("carefully"), []byte("casually"), 1), 0o644)
	const where = "content/sources/notes.txt:10:9: "
	code, _, stderr := runCmd("build", "--source", dir)
	if code != 0 || !strings.Contains(stderr, where+"warning: the kept original content/originals/notes.html no longer has this sha256") {
		t.Errorf("build: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCmd("check", "--source", dir)
	if code != 1 || !strings.Contains(stderr, where+"error: the kept original") ||
		!strings.Contains(stderr, "dossier new source notes --from https://fieldnotes.example/2025/04/notes-from-a-week-of-talks/ --force") {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}
	// git with core.autocrlf turns LF into CRLF: said so, with the fix
	os.WriteFile(orig, bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")), 0o644)
	code, _, stderr = runCmd("check", "--source", dir)
	if code != 1 || !strings.Contains(stderr, where+"error: the kept original content/originals/notes.html differs from this sha256 only in its line endings (CRLF and LF): git changed them (core.autocrlf)") ||
		!strings.Contains(stderr, `"content/originals/** -text" in .gitattributes`) {
		t.Errorf("check of a CRLF original: exit %d\n%s", code, stderr)
	}
}

// The flags of new source, and the ids it refuses.
func TestNewSourceUsage(t *testing.T) {
	dir := t.TempDir()
	page := "testdata/import/press-release.html"
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"new", "source", "a", "--md", "--from", page}, 2, "--md and --from do not go together"},
		{[]string{"new", "source", "a", "--id", "b", "--from", page}, 2, `two ids, "a" and --id "b"`},
		{[]string{"new", "source", "Bad Id", "--from", page}, 2, "invalid source id"},
		{[]string{"new", "source", "wire/" + strings.Repeat("a", 201), "--from", page}, 2, "is 201 bytes: a part of an id between slashes has at most 200"},
		{[]string{"new", "source", strings.Repeat("a", 256)}, 2, "is 256 bytes"},
		{[]string{"new", "briefing", strings.Repeat("b", 300)}, 2, "is 300 bytes"},
		{[]string{"new", "source", "x", "--from", "ftp://example.org/a"}, 1, "only http and https URLs"},
		{[]string{"new", "source", "x", "--from", "testdata/import/missing.html"}, 1, "cannot read: no such file or directory; nothing written"},
		{[]string{"new", "source", "x", "--from", page, "--max-size", "1KiB"}, 1, "the limit is 1024 (--max-size)"},
		{[]string{"new", "source", "x", "--from", page, "--max-size", "lots"}, 2, "invalid value"},
		{[]string{"new", "briefing", "x", "--from", page}, 2, "--from, --force, --break-citations, --dry-run and --archive go with new source --from"},
		{[]string{"new", "source", "x", "--from", page, "--break-citations"}, 2, "--break-citations goes with --force"},
		{[]string{"new", "source", "x", "--from", page, "--archive", "javascript:alert(1)"}, 2, `invalid value "javascript:alert(1)" for flag -archive: "javascript:alert(1)" is not an http or https URL`},
		{[]string{"new", "source", "x", "--archive", "https://web.archive.org/web/2025/x"}, 2, "--archive go with new source --from"},
		{[]string{"new", "source", "md-one", "--md"}, 0, ""},
		{[]string{"new", "source", "md-one", "--from", page}, 1, "md-one.md already has the id md-one"},
		{[]string{"new", "source", "md-one"}, 1, "md-one.md already exists with the id md-one"},
		{[]string{"new", "source", "--id", "by-flag", "--from", page}, 0, ""},
	} {
		code, _, stderr := runCmd(append(c.args, "--source", dir)...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want %d %q\n%s", c.args, code, c.code, c.want, stderr)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "content/sources/md-one.md")); err != nil || !bytes.HasPrefix(b, []byte("---\ntitle: \"Md one\"\n")) {
		t.Errorf("--md wrote %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/sources/by-flag.txt")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/sources/x.txt")); err == nil {
		t.Error("a failed import wrote its source")
	}
}

// Fetching through the command: a page served on 127.0.0.1 is imported with
// the address it was found at; a failed fetch writes nothing.
func TestImportURL(t *testing.T) {
	page, _ := os.ReadFile("testdata/import/windows-1252.html")
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("User-Agent"), "dossier/") {
			http.Error(w, "who are you", http.StatusForbidden)
			return
		}
		w.Write(page)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/story?utm_source=feed", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	code, _, stderr := runCmd("new", "source", "courrier/rien", "--source", dir, "--from", srv.URL+"/old")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, diags := content.LoadSource(os.DirFS(dir), "content/sources/courrier/rien.txt")
	if len(diags) > 0 || s.URL != srv.URL+"/story" || !strings.HasPrefix(s.Text, "Le ministre des Affaires étrangères a déclaré") {
		t.Errorf("url %q, text %.60q, %v", s.URL, s.Text, diags)
	}
	for path, want := range map[string]string{"/gone": "the server answered 410 Gone", "/slow": "no complete answer within 200ms"} {
		code, _, stderr := runCmd("new", "source", "fail", "--source", dir, "--from", srv.URL+path, "--timeout", "200ms")
		if code != 1 || !strings.Contains(stderr, srv.URL+path+": error: cannot fetch: "+want+"; nothing written") {
			t.Errorf("%s: exit %d %s", path, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/sources/fail.txt")); err == nil {
		t.Error("a failed fetch wrote a source")
	}
}

// snapshot is every file under dir with its bytes, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, f := range filesUnder(t, dir) {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		fmt.Fprintf(&b, "%s\n%s\n", f, data)
	}
	return b.String()
}

// A Markdown or text file becomes a source as it is: its own front matter
// kept, or one made; never refused as "plain text".
func TestImportTextFile(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200")
	dir, in := t.TempDir(), t.TempDir()
	files := map[string]string{
		"statement.md": "---\ntitle: Statement on the talks\noutlet: Ministry of Foreign Affairs\n---\n# Statement\n\nThe minister said the talks would go on.\n",
		"notes.txt":    "\uFEFFThe talks were long.\r\nThe talks were constructive.\r\n",
		"remarks.md":   "# Remarks at the press conference\n\nWe will decide within days.\n",
		"latin1.txt":   "caf\xe9 society\n",
		"empty.txt":    "\n\n",
		"broken.md":    "---\ntitle: a: b\n---\nText.\n",
	}
	for name, data := range files {
		os.WriteFile(filepath.Join(in, name), []byte(data), 0o644)
	}
	for _, c := range []struct {
		file, id string
		code     int
		path     string // the source written
		want     string // its whole text, or what stderr says
	}{
		{"statement.md", "", 0, "content/sources/mfa/statement-talks.md", files["statement.md"]},
		{"notes.txt", "notes", 0, "content/sources/notes.txt", "---\ntitle: Notes\nretrieved: 2025-04-20\n---\nThe talks were long.\nThe talks were constructive.\n"},
		{"remarks.md", "", 0, "content/sources/remarks-press-conference.md", "---\ntitle: Remarks at the press conference\nretrieved: 2025-04-20\n---\n# Remarks at the press conference\n\nWe will decide within days.\n"},
		{"latin1.txt", "x", 1, "", "latin1.txt: error: the file is not UTF-8 text: save it as UTF-8 and import it again; nothing written"},
		{"empty.txt", "y", 1, "", "empty.txt: error: the file has no text; nothing written"},
		{"broken.md", "z", 1, "", "broken.md: error: line 2:1: front matter: mapping values are not allowed in this context; nothing written"},
	} {
		args := []string{"new", "source", "--source", dir, "--from", filepath.Join(in, c.file)}
		if c.id != "" {
			args = append(args, "--id", c.id)
		}
		code, _, stderr := runCmd(args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d: %s", c.file, code, c.code, stderr)
			continue
		}
		if c.code != 0 {
			if !strings.Contains(stderr, c.want) {
				t.Errorf("%s: stderr %q, want %q", c.file, stderr, c.want)
			}
			continue
		}
		if b, err := os.ReadFile(filepath.Join(dir, c.path)); err != nil || string(b) != c.want {
			t.Errorf("%s: wrote %q (%v), want %q", c.file, b, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/originals")); err == nil {
		t.Error("a text file was kept as an original")
	}
	if code, _, stderr := runCmd("check", "--source", dir); code != 0 {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}
}

// A page with pull quotes imports with one copy of each sentence, under a
// short id, so that each sentence can be cited by its own words.
func TestImportPullQuotes(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd("new", "source", "--source", dir, "--from", "generator/webpage/testdata/pullquotes.html")
	if code != 0 || !strings.Contains(stdout, "content/sources/ledger/gazas-last-hospitals.txt: 6 paragraphs") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/briefings/b.md"), []byte("---\ntitle: B\n---\n"+
		"The pharmacy is empty [@ledger/gazas-last-hospitals, \"Today there are no medicines for treatment at all\"].\n\n"+
		"Children come first [@ledger/gazas-last-hospitals, \"Antibiotics, when they arrive, go first to children with infected burns\"].\n"), 0o644)
	if code, _, stderr := runCmd("check", "--source", dir); code != 0 {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}
}

// --archive records archived copies of the page; an import with --force
// keeps those already named and adds any new one.
func TestImportArchive(t *testing.T) {
	dir := t.TempDir()
	page := "testdata/import/press-release.html"
	const a, b = "https://web.archive.org/web/20250418093000/https://state.example/x", "https://archive.ph/AbCdE"
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--archive", a}, []string{a}},
		{[]string{"--force", "--archive", b, "--archive", a}, []string{a, b}},
		{[]string{"--force"}, []string{a, b}},
	} {
		args := append([]string{"new", "source", "release", "--source", dir, "--from", page}, c.args...)
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		s, diags := content.LoadSource(os.DirFS(dir), "content/sources/release.txt")
		if len(diags) > 0 || fmt.Sprint(s.Archive) != fmt.Sprint(c.want) {
			t.Errorf("%v: archive %q, want %q (%v)", c.args, s.Archive, c.want, diags)
		}
	}
}
