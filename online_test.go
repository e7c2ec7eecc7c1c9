package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dossier/generator/webpage"
)

// onlinePage is a news article as a web page: a headline and paragraphs.
func onlinePage(title string, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>"+
		"<meta property=\"og:site_name\" content=\"The Wire\"><meta property=\"article:published_time\" content=\"2025-04-18\">"+
		"</head><body><nav><a href=\"/\">Home</a></nav><article><h1>%s</h1>\n", html.EscapeString(title), html.EscapeString(title))
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article><footer>© The Wire</footer></body></html>")
	return b.String()
}

var talks = []string{
	"PARIS, April 18 – Secretary of State Marco Rubio said on Friday that Washington would decide within days whether a peace deal between Russia and Ukraine is possible.",
	"“We are not going to continue with this endeavor for weeks and months on end,” Rubio told reporters after meetings with European and Ukrainian officials in the French capital.",
	"The talks were described by several participants as constructive, though no agreement was reached on a ceasefire or on the territory in dispute.",
	"European officials said they would meet again in London the following week to continue the discussions with the American delegation.",
}

// The site's sources, imported from a server on 127.0.0.1 that then
// changes its pages: each is reported as the live page now is, each cited
// passage the live page no longer has is a warning at its citation (an
// error with --strict), a slow host delays nothing beyond the run's
// timeout, and content/ is never written.
func TestCheckOnline(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1745107200") // 2025-04-20
	report, err := os.ReadFile("testdata/pdfcorpus/chrome2-03.pdf")
	if err != nil {
		t.Fatal(err)
	}
	// the PDF's paragraphs, as a web page first
	d, err := extract(context.Background(), report, webpage.Options{}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var pdfParas []string
	for p := range strings.SplitSeq(string(d.body), "\n") {
		if p != "" && !strings.HasPrefix(p, "[page") && len(pdfParas) < 6 {
			pdfParas = append(pdfParas, p)
		}
	}
	pdfPassage := strings.Join(strings.Fields(pdfParas[2])[:6], " ")

	var changed, hangs atomic.Bool
	var conditional atomic.Int32 // requests for /same that carried its ETag
	var mu sync.Mutex
	agents := map[string]bool{}
	mux := http.NewServeMux()
	serve := func(path string, page func() (int, string, string)) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			agents[r.Header.Get("User-Agent")] = true
			mu.Unlock()
			code, ctype, body := page()
			if code == http.StatusMovedPermanently {
				http.Redirect(w, r, body, code)
				return
			}
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(code)
			fmt.Fprint(w, body)
		})
	}
	htmlType := "text/html; charset=utf-8"
	serve("/edited", func() (int, string, string) {
		paras := talks
		if changed.Load() {
			paras = append([]string{}, talks...)
			paras[0] = strings.Replace(paras[0], "within days", "within weeks", 1)
		}
		return 200, htmlType, onlinePage("Rubio says deal decision within days", paras...)
	})
	serve("/gone", func() (int, string, string) {
		if changed.Load() {
			return 404, "text/plain", "not found"
		}
		return 200, htmlType, onlinePage("Rubio in Paris", talks...)
	})
	serve("/moved", func() (int, string, string) {
		if changed.Load() {
			return 301, "", "/new-home"
		}
		return 200, htmlType, onlinePage("Talks in Paris", talks...)
	})
	serve("/new-home", func() (int, string, string) { return 200, htmlType, onlinePage("Talks in Paris", talks...) })
	mux.HandleFunc("/same", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", htmlType)
		fmt.Fprint(w, onlinePage("Talks go on", talks...))
	})
	serve("/report", func() (int, string, string) {
		if changed.Load() {
			return 200, "application/pdf", string(report)
		}
		return 200, htmlType, onlinePage("The report", pdfParas...)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// a host that answers at first, then not at all for a run
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hangs.Load() {
			<-r.Context().Done()
			return
		}
		fmt.Fprint(w, onlinePage("Slow news", talks...))
	}))
	defer slow.Close()
	defer slow.CloseClientConnections()

	dir := t.TempDir()
	imports := [][]string{
		{"edited", srv.URL + "/edited"}, {"gone", srv.URL + "/gone", "--archive", "https://web.archive.org/web/20250418093000/" + srv.URL + "/gone"},
		{"moved", srv.URL + "/moved"}, {"same", srv.URL + "/same"}, {"report", srv.URL + "/report"},
		{"slow-a", slow.URL + "/a"}, {"slow-b", slow.URL + "/b"},
	}
	for _, imp := range imports {
		args := append([]string{"new", "source", imp[0], "--source", dir, "--from", imp[1]}, imp[2:]...)
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Fatalf("import %s: exit %d: %s", imp[0], code, stderr)
		}
	}
	same, _ := os.ReadFile(filepath.Join(dir, "content/sources/same.txt"))
	if !strings.Contains(string(same), "\netag: '\"v1\"'\n") && !strings.Contains(string(same), "\netag: \"\\\"v1\\\"\"\n") {
		t.Errorf("the import did not record the ETag:\n%s", same)
	}
	gone, _ := os.ReadFile(filepath.Join(dir, "content/sources/gone.txt"))
	if !strings.Contains(string(gone), "\narchive: https://web.archive.org/web/20250418093000/") {
		t.Errorf("the import did not record the archived copy:\n%s", gone)
	}
	briefing := "---\ntitle: Paris talks\ndate: 2025-04-20\n---\n" +
		"Washington would decide within days [@edited, \"decide within days\"].\n\n" +
		"Not for months [@gone, \"for weeks and months on end\"; @moved, \"described by several participants as constructive\"].\n\n" +
		"London next [@same, \"meet again in London\"; @slow-a, \"meet again in London\"].\n\n" +
		"The report says so [@report, \"" + pdfPassage + "\"]; the edited page still says this [@edited, \"Ukrainian officials\"].\n"
	os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "content/briefings/talks.md"), []byte(briefing), 0o644); err != nil {
		t.Fatal(err)
	}
	// another briefing with a citation of @edited at the very same bytes,
	// whose passage the live page still has
	another := "---\ntitle: Paris talks\ndate: 2025-04-20\n---\nWashington would decide within days [@edited, \"Ukrainian officials\"].\n"
	if err := os.WriteFile(filepath.Join(dir, "content/briefings/another.md"), []byte(another), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("check", "--source", dir, "--online"); code != 0 || !strings.Contains(stderr, "7 sources with a url: 7 unchanged (1 not modified), 0 changed, 0 moved, 0 gone, 0 unreachable; every cited passage checked is on its live page") {
		t.Fatalf("before the pages change: exit %d\n%s", code, stderr)
	}

	changed.Store(true)
	hangs.Store(true)
	before := snapshot(t, filepath.Join(dir, "content"))
	start := time.Now()
	// room for reading the PDF under the race detector on a slow machine
	code, _, stderr := runCmd("check", "--source", dir, "--online", "--timeout", "8s")
	took := time.Since(start)
	hangs.Store(false) // the runs below have the slow host back
	if code != 0 {
		t.Errorf("exit %d, want 0 without --strict\n%s", code, stderr)
	}
	if took > 25*time.Second {
		t.Errorf("the run took %v with a --timeout of 8s", took)
	}
	for _, want := range []string{
		`content/sources/edited.txt:5:6: note: the live page has changed since it was retrieved on 20 April 2025: 1 paragraph changed, 0 added, 0 removed (of 4 before, 4 now)`,
		`first: ¶1: … that Washington would decide within [-days-]{+weeks+} whether a peace deal between …`,
		`to take the page as it is now: dossier new source edited --from ` + srv.URL + `/edited --force`,
		`content/briefings/talks.md:5:37: warning: "decide within days" of @edited is no longer on the live page since it was retrieved on 20 April 2025`,
		`the live page, ` + srv.URL + `/edited: its ¶1 now reads: … that Washington would decide within [-days-]{+weeks+} whether`,
		`content/sources/gone.txt:5:6: note: the page is gone: the server answered 404 Not Found (it was retrieved on 20 April 2025)`,
		`readers have the archived copy: https://web.archive.org/web/20250418093000/`,
		`content/briefings/talks.md:7:16: warning: "for weeks and months on end" of @gone is no longer on the live page since it was retrieved on 20 April 2025`,
		`content/sources/moved.txt:5:6: note: the page has moved to ` + srv.URL + `/new-home (301 Moved Permanently) since it was retrieved on 20 April 2025`,
		`its text there is the same`,
		`content/sources/report.txt:5:6: note: the live page has changed since it was retrieved on 20 April 2025: it is now a PDF; `,
		`content/sources/slow-a.txt:5:6: note: the page could not be checked: no answer within the run's time limit (--timeout 8s)`,
		`content/sources/slow-b.txt:5:6: note: the page could not be checked: no answer within the run's time limit (--timeout 8s)`,
		`online: 7 sources with a url: 1 unchanged (1 not modified), 2 changed, 1 moved, 1 gone, 2 unreachable; 2 cited passages are no longer on their live pages`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %q in\n%s", want, stderr)
		}
	}
	for _, not := range []string{"@moved is no longer", "@report is no longer", "@same is no longer", "Ukrainian officials\" of", "same.txt", "another.md"} {
		if strings.Contains(stderr, not) {
			t.Errorf("%q in\n%s", not, stderr)
		}
	}
	if conditional.Load() == 0 {
		t.Error("no request for /same carried the ETag its import recorded")
	}
	for ua := range agents {
		if !regexp.MustCompile(`^dossier/\S+$`).MatchString(ua) {
			t.Errorf("User-Agent %q", ua)
		}
	}
	if after := snapshot(t, filepath.Join(dir, "content")); after != before {
		t.Error("check --online changed content/")
	}

	// --strict: a passage gone from the live page fails the check
	code, _, stderr = runCmd("check", "--source", dir, "--online", "--strict")
	if code != 1 || !strings.Contains(stderr, `talks.md:5:37: error: "decide within days" of @edited is no longer on the live page`) {
		t.Errorf("--strict: exit %d\n%s", code, stderr)
	}
	// JSON and GitHub carry the same
	code, stdout, _ := runCmd("check", "--source", dir, "--online", "--format", "json")
	var list []struct {
		Path, Severity, Code, Message string
		Line, Col                     int
	}
	if err := json.Unmarshal([]byte(stdout), &list); err != nil || code != 0 {
		t.Fatalf("exit %d, %v\n%s", code, err, stdout)
	}
	codes := map[string]int{}
	for _, d := range list {
		codes[d.Severity+" "+d.Code]++
	}
	want := map[string]int{"note online/changed": 2, "note online/gone": 1, "note online/moved": 1, "warning online/passage": 2}
	if fmt.Sprint(codes) != fmt.Sprint(want) {
		t.Errorf("json: %v, want %v\n%s", codes, want, stdout)
	}
	_, stdout, _ = runCmd("check", "--source", dir, "--online", "--format", "github")
	for _, want := range []string{"::notice file=content/sources/gone.txt,line=5,col=6::the page is gone", "::warning file=content/briefings/talks.md,line=5,col=37::\"decide within days\" of @edited"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("github: no %q in\n%s", want, stdout)
		}
	}
	if after := snapshot(t, filepath.Join(dir, "content")); after != before {
		t.Error("check --online changed content/")
	}
}
