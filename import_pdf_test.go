package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestImportPDFCitedByPage imports the corpus's 34-page report, cites a
// passage on a page labelled in roman numerals, one that runs from one page
// onto the next and one that starts within a paragraph on the page after
// the paragraph's first, and checks what each citation says of its page:
// claims.json, the note and the source page's page anchors.
func TestImportPDFCitedByPage(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200")
	dir := t.TempDir()
	code, stdout, stderr := runCmd("new", "source", "report", "--source", dir, "--from", "testdata/pdfcorpus/report.pdf")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "on 34 pages") {
		t.Errorf("stdout does not count the pages: %q", stdout)
	}
	src, err := os.ReadFile(filepath.Join(dir, "content/sources/report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\npages: 34\n", "\noriginal: report.pdf\n", "\n[page 1, label \"i\"]\n", "\n[page 5, label \"1\"]\n"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the source has no %q", want)
		}
	}
	// a page that begins within a paragraph: its marker quotes its first words
	across := regexp.MustCompile(`\n\[page (\d+), label "([^"]+)", from "([^"]+)"\]\n(.*)\n`).FindStringSubmatch(string(src))
	if across == nil {
		t.Fatalf("no page begins within a paragraph:\n%.2000s", src)
	}
	para, from := across[4], across[3]
	at := strings.Index(para, from)
	// a passage from the words before the page's start into it, and one
	// that starts on the new page
	before := strings.Fields(para[:at])
	crossing := strings.Join(before[len(before)-3:], " ") + " " + from
	onNext := from
	briefing := "---\ntitle: Pages\n---\n" +
		"A passage on a page of the front matter [@report, \"Prepared by the Briefings Desk\"].\n\n" +
		"A passage across a page break [@report, \"" + crossing + "\"].\n\n" +
		"A passage on the page after its paragraph's first [@report, \"" + onNext + "\"].\n"
	os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "content/briefings/pages.md"), []byte(briefing), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("build", "--source", dir, "--strict", "--search=false"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	var claims struct {
		Claims []struct {
			Citations []struct {
				Status    string `json:"status"`
				Page      int    `json:"page"`
				PageLabel string `json:"page_label"`
			} `json:"citations"`
		} `json:"claims"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "public/claims.json"))
	if err := json.Unmarshal(b, &claims); err != nil {
		t.Fatal(err)
	}
	page := across[1]
	for i, c := range claims.Claims {
		cit := c.Citations[0]
		if cit.Status != "anchored" {
			t.Fatalf("claim %d: %s", i+1, cit.Status)
		}
		got := strings.TrimSpace(strings.Join([]string{itoa(cit.Page), cit.PageLabel}, " "))
		switch i {
		case 0:
			if cit.Page != 1 || cit.PageLabel != "i" {
				t.Errorf("front matter passage: page %d label %q; want 1, i", cit.Page, cit.PageLabel)
			}
		case 1:
			if itoa(cit.Page+1) != page {
				t.Errorf("a passage across the break starts on page %s; want the page before %s", got, page)
			}
		case 2:
			if itoa(cit.Page) != page || cit.PageLabel != across[2] {
				t.Errorf("a passage on the later page: %s; want %s %s", got, page, across[2])
			}
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "public/briefings/pages/index.html"))
	if !strings.Contains(string(html), `<span class="page">p. i</span>`) || !strings.Contains(string(html), `<span class="page">p. `+across[2]+`</span>`) {
		t.Errorf("the notes do not name the pages p. i and p. %s", across[2])
	}
	srcPage, _ := os.ReadFile(filepath.Join(dir, "public/sources/report/index.html"))
	if !strings.Contains(string(srcPage), `<a class="page-start" id="page-1" href="#page-1" data-label="p. i" aria-label="Page i"></a>`) {
		t.Error("the source page does not anchor page 1 before its first paragraph")
	}
	// a page that begins within a paragraph is anchored where its words begin
	anchor := `<a class="page-in" id="page-` + page + `" href="#page-` + page + `" data-label="p. ` + across[2] + `" aria-label="Page ` + across[2] + `"></a>`
	i := strings.Index(string(srcPage), anchor)
	if i < 0 {
		t.Fatalf("the source page has no %s", anchor)
	}
	if after := string(srcPage[i+len(anchor):]); !strings.HasPrefix(regexp.MustCompile(`^(<[^>]*>)*`).ReplaceAllString(after, ""), strings.Fields(from)[0]) {
		t.Errorf("page %s's anchor stands before %.80q; want before %q", page, after, from)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestImportPDFForce imports a PDF over a source imported from another:
// refused without --force, and with it alone when a citation breaks; with
// --break-citations, the text and the original are replaced and each
// citation the new text breaks is listed.
func TestImportPDFForce(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200")
	dir := t.TempDir()
	if code, _, stderr := runCmd("new", "source", "doc", "--source", dir, "--from", "testdata/pdfcorpus/latex1-01.pdf"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first, _ := os.ReadFile(filepath.Join(dir, "content/sources/doc.txt"))
	// a citation of a sentence the other PDF does not have
	os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/briefings/b.md"), []byte("---\ntitle: B\n---\nA claim [@doc, \"Prepared by the Briefings Desk\"].\n\nAnother [@doc, \"US May Abandon Russia-Ukraine Peace Efforts Soon\"].\n"), 0o644)
	code, _, stderr := runCmd("new", "source", "doc", "--source", dir, "--from", "testdata/pdfcorpus/latex1-02.pdf")
	if code != 1 || !strings.Contains(stderr, "add --force") {
		t.Fatalf("over an existing source without --force: exit %d, %s", code, stderr)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "content/sources/doc.txt")); string(now) != string(first) {
		t.Fatal("refused, and yet the source changed")
	}
	code, _, stderr = runCmd("new", "source", "doc", "--source", dir, "--from", "testdata/pdfcorpus/latex1-02.pdf", "--force")
	if code != 1 || !strings.Contains(stderr, "1 citation of @doc would no longer hold with its new text: nothing written") {
		t.Fatalf("--force over a citation the new text breaks: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCmd("new", "source", "doc", "--source", dir, "--from", "testdata/pdfcorpus/latex1-02.pdf", "--force", "--break-citations")
	if code != 0 {
		t.Fatalf("--force --break-citations: exit %d: %s", code, stderr)
	}
	orig, _ := os.ReadFile(filepath.Join(dir, "content/originals/doc.pdf"))
	want, _ := os.ReadFile("testdata/pdfcorpus/latex1-02.pdf")
	if string(orig) != string(want) {
		t.Error("the kept original is not the new PDF")
	}
	if !strings.Contains(stdout, "content/sources/doc.txt") || !strings.Contains(stderr, "1 citation of @doc no longer holds with its new text") {
		t.Errorf("--force does not list the broken citation:\n%s\n%s", stdout, stderr)
	}
}

// TestImportPDFMissingPages imports a PDF with a scanned page among pages
// of text: the text is imported and the page without text is named.
func TestImportPDFMissingPages(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCmd("new", "source", "m", "--source", dir, "--from", "testdata/pdfcorpus/mixed.pdf")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`mixed\.pdf: warning: page \d+ has no text layer, only images \(scanned\?\)`).MatchString(stderr) {
		t.Errorf("the scanned page is not named: %q", stderr)
	}
}

// TestImportPDFFromURL fetches a PDF served as application/pdf: the source
// keeps the address, and the source page links each passage to its page of
// the original (#page=N).
func TestImportPDFFromURL(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200")
	body, err := os.ReadFile("testdata/pdfcorpus/chrome1-03.pdf")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(body)
	}))
	defer srv.Close()
	dir := t.TempDir()
	code, _, stderr := runCmd("new", "source", "web", "--source", dir, "--from", srv.URL+"/report.pdf")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "content/sources/web.txt"))
	if !strings.Contains(string(src), "\nurl: "+srv.URL+"/report.pdf\n") || !strings.Contains(string(src), "\noriginal: web.pdf\n") {
		t.Fatalf("the source does not keep the address:\n%.600s", src)
	}
	os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/briefings/b.md"), []byte("---\ntitle: B\n---\nA claim [@web, \"Prepared by the Briefings Desk\"].\n"), 0o644)
	if code, _, stderr := runCmd("build", "--source", dir, "--strict", "--search=false"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public/sources/web/index.html"))
	if !strings.Contains(string(page), srv.URL+"/report.pdf#page=1") {
		t.Errorf("the passage does not link to its page of the original")
	}
}
