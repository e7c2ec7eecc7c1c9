package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/generator/site"
)

const source = "---\ntitle: Paris\n---\nRubio said it would be decided in the very short term and I mean days.\n"

func brief(text string) string {
	return "---\ntitle: B\n---\n" + text + " [@paris, \"in the very short term\"].\n"
}

type server struct {
	dir, url string
	srv      *Server
	mu       sync.Mutex
	logs     []string
}

// start serves a new site on a free port of 127.0.0.1.
func start(t *testing.T, files map[string]string, poll bool) *server {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		write(t, dir, p, data)
	}
	s := &server{dir: dir}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	s.srv = New(Config{
		Site: site.Config{Dir: dir, Theme: os.DirFS("../..")},
		Addr: "127.0.0.1:0",
		Poll: poll,
		Logf: func(f string, a ...any) {
			s.mu.Lock()
			s.logs = append(s.logs, fmt.Sprintf(f, a...))
			s.mu.Unlock()
		},
	})
	done := make(chan error, 1)
	go func() { done <- s.srv.Run(ctx, func(u string) { ready <- u }) }()
	select {
	case s.url = <-ready:
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("not ready")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return s
}

func write(t *testing.T, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, s *server, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(s.url + strings.TrimPrefix(path, "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// listen opens the event stream, as a page does, and returns its reload versions.
func listen(t *testing.T, s *server) <-chan int {
	t.Helper()
	reloads, _ := stream(t, s)
	return reloads
}

// stream opens the event stream and returns its reload versions and its
// search events' counts.
func stream(t *testing.T, s *server) (reloads, searches <-chan int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", s.url+"_dossier/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	c, sc := make(chan int, 16), make(chan int, 16)
	go func() {
		defer resp.Body.Close()
		lines := bufio.NewScanner(resp.Body)
		name := ""
		for lines.Scan() {
			if e, ok := strings.CutPrefix(lines.Text(), "event: "); ok {
				name = e
			}
			if v, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				n, _ := strconv.Atoi(v)
				if name == "search" {
					sc <- n
				} else {
					c <- n
				}
			}
		}
	}()
	<-c // the version current on connecting
	return c, sc
}

func reload(t *testing.T, c <-chan int) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(5 * time.Second):
		t.Fatal("no reload event within 5s")
	}
}

func noReload(t *testing.T, c <-chan int, d time.Duration) {
	t.Helper()
	select {
	case v := <-c:
		t.Fatalf("unexpected reload (version %d)", v)
	case <-time.After(d):
	}
}

var site0 = map[string]string{"content/sources/paris.txt": source, "content/briefings/b.md": brief("First version")}

// Every save style shows up in the page, every time, by events and by polling.
func TestReloadOnSave(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run("poll="+strconv.FormatBool(poll), func(t *testing.T) {
			s := start(t, site0, poll)
			if code, page := get(t, s, "/briefings/b/"); code != 200 || !strings.Contains(page, "First version") || !strings.Contains(page, "/_dossier/events") {
				t.Fatalf("%d %s", code, page)
			}
			events := listen(t, s)
			p := filepath.Join(s.dir, "content/briefings/b.md")
			saves := map[string]func(string){
				"plain write": func(x string) { os.WriteFile(p, []byte(x), 0o644) },
				"truncate and write": func(x string) {
					f, _ := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
					f.WriteString(x)
					f.Close()
				},
				"rename over": func(x string) {
					tmp := p + "___jb_tmp___"
					os.WriteFile(tmp, []byte(x), 0o644)
					os.Rename(tmp, p)
				},
			}
			for _, name := range []string{"plain write", "truncate and write", "rename over"} {
				for i := range 2 {
					text := name + " save " + strconv.Itoa(i)
					saves[name](brief(text))
					reload(t, events)
					if _, page := get(t, s, "/briefings/b/"); !strings.Contains(page, text) {
						t.Errorf("%s: the page does not show %q", name, text)
					}
				}
			}
		})
	}
}

func TestProblemsInPage(t *testing.T) {
	s := start(t, site0, false)
	events := listen(t, s)
	write(t, s.dir, "content/briefings/b.md", "---\ntitle: B\n---\nSecond version [@pariss, \"days\"].\n")
	reload(t, events)
	code, page := get(t, s, "/briefings/b/")
	for _, want := range []string{`id="dossier-problems"`, "content/briefings/b.md:4:16: error: unknown source @pariss",
		"    Second version [@pariss, &#34;days&#34;].\n                   ^", "did you mean @paris?", "First version"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if code != 200 {
		t.Errorf("status %d", code)
	}
	if _, other := get(t, s, "/sources/"); !strings.Contains(other, `id="dossier-problems"`) {
		t.Error("another page does not show the problems")
	}
	write(t, s.dir, "content/briefings/b.md", brief("Third version"))
	reload(t, events)
	if _, page := get(t, s, "/briefings/b/"); strings.Contains(page, "dossier-problems") || !strings.Contains(page, "Third version") {
		t.Error("a good save did not clear the problems")
	}
}

// A warning is printed in the terminal with its line and caret, as check
// prints it, not only counted.
func TestWarningsInTerminal(t *testing.T) {
	s := start(t, site0, false)
	events := listen(t, s)
	write(t, s.dir, "content/briefings/b.md", "---\ntitle: B\n---\nSecond version [@paris, \"in the very shrt term\"].\n")
	reload(t, events)
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		logs := strings.Join(s.logs, "\n")
		s.mu.Unlock()
		if strings.Contains(logs, "1 warning") {
			for _, want := range []string{`content/briefings/b.md:4:16: warning: passage not found in @paris: "in the very shrt term"`,
				"                   ^", `did you mean "in the very short term"`} {
				if !strings.Contains(logs, want) {
					t.Errorf("the terminal lacks %q:\n%s", want, logs)
				}
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no warning logged:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Nothing saved stops the server: a broken template, a deleted content/ folder.
func TestSurvives(t *testing.T) {
	s := start(t, site0, false)
	events := listen(t, s)
	write(t, s.dir, "templates/base.html", "<html><body>{{.Nope</body></html>")
	reload(t, events)
	if _, page := get(t, s, "/"); !strings.Contains(page, "templates/base.html:1:") {
		t.Errorf("template error not shown: %.400s", page)
	}
	os.RemoveAll(filepath.Join(s.dir, "templates"))
	reload(t, events)
	os.RemoveAll(filepath.Join(s.dir, "content"))
	reload(t, events)
	if _, page := get(t, s, "/briefings/b/"); !strings.Contains(page, "no content/ folder") || !strings.Contains(page, "First version") {
		t.Errorf("deleted content/ not shown over the last good build: %.600s", page)
	}
	write(t, s.dir, "content/sources/paris.txt", source)
	write(t, s.dir, "content/briefings/b.md", brief("Back again"))
	reload(t, events)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, page := get(t, s, "/briefings/b/")
		if strings.Contains(page, "Back again") && !strings.Contains(page, "dossier-problems") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not back: %.600s", page)
		}
		reload(t, events)
	}
}

// With no good build yet, every path explains why, and the first good save fixes it.
func TestFirstBuildFails(t *testing.T) {
	s := start(t, map[string]string{"content/sources/paris.txt": source, "content/briefings/b.md": "---\ntitle: B\n---\nBad [@nope].\n"}, false)
	events := listen(t, s)
	code, page := get(t, s, "/anything")
	if code != 500 || !strings.Contains(page, "unknown source @nope") || !strings.Contains(page, "/_dossier/events") {
		t.Errorf("%d %.300s", code, page)
	}
	write(t, s.dir, "content/briefings/b.md", brief("Fixed"))
	reload(t, events)
	if code, page := get(t, s, "/briefings/b/"); code != 200 || !strings.Contains(page, "Fixed") {
		t.Errorf("%d", code)
	}
}

func TestIdenticalSaveRebuildsNothing(t *testing.T) {
	s := start(t, site0, false)
	events := listen(t, s)
	write(t, s.dir, "content/briefings/b.md", brief("First version"))
	now := time.Now()
	os.Chtimes(filepath.Join(s.dir, "content/sources/paris.txt"), now, now)
	write(t, s.dir, "content/briefings/.b.md.swp", "editor state")
	noReload(t, events, 600*time.Millisecond)
}

// Two tabs on one page both reload.
func TestEveryTabReloads(t *testing.T) {
	s := start(t, site0, false)
	a, b := listen(t, s), listen(t, s)
	write(t, s.dir, "content/briefings/b.md", brief("Changed"))
	reload(t, a)
	reload(t, b)
}

func TestHostAndOrigin(t *testing.T) {
	s := start(t, site0, false)
	port := strings.TrimSuffix(strings.TrimPrefix(s.url, "http://127.0.0.1:"), "/")
	tests := []struct {
		host, origin string
		code         int
	}{
		{"127.0.0.1:" + port, "", 200},
		{"localhost:" + port, "", 200},
		{"LOCALHOST:" + port, "", 200},
		{"evil.example:" + port, "", 403},
		{"evil.example", "", 403},
		{"127.0.0.1:" + port, "http://127.0.0.1:" + port, 200},
		{"127.0.0.1:" + port, "http://evil.example", 403},
		{"127.0.0.1:" + port, "null", 403},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", s.url, nil)
		req.Host = tt.host
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("Host %q Origin %q: %d, want %d", tt.host, tt.origin, resp.StatusCode, tt.code)
		}
	}
}

// No path reaches a file outside the build, whatever its encoding.
func TestNoTraversal(t *testing.T) {
	s := start(t, site0, false)
	write(t, s.dir, "secret.txt", "TOP SECRET")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{
		"../secret.txt", "%2e%2e/secret.txt", "%2e%2e%2fsecret.txt", "..%2fsecret.txt", "..%5csecret.txt",
		"sources/../../secret.txt", "%252e%252e/secret.txt", "content/briefings/b.md", ".%2e/.%2e/etc/passwd", "%00",
	} {
		req, _ := http.NewRequest("GET", s.url, nil)
		req.URL.Opaque = "//" + req.URL.Host + "/" + p
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "TOP SECRET") || strings.Contains(string(b), "root:") || strings.Contains(string(b), "[@paris") {
			t.Errorf("/%s served a file from outside the build", p)
		}
		if resp.StatusCode == 200 && !strings.Contains(string(b), "Page not found") {
			t.Errorf("/%s: 200 with %.100q", p, b)
		}
	}
}

func TestClaimsJSONServed(t *testing.T) {
	s := start(t, site0, false)
	resp, err := http.Get(s.url + "claims.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || !strings.Contains(string(b), `"text": "First version"`) {
		t.Errorf("%d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
}

// The first build's pages are served as soon as the content is checked;
// a broken link, found once every page is rendered in the background,
// then shows in the page, and a save that mends it clears it.
func TestLateLinkCheck(t *testing.T) {
	s := start(t, map[string]string{"content/sources/paris.txt": source,
		"content/briefings/b.md": brief("First version, see [nothing](/sources/paris/#p99)")}, false)
	events := listen(t, s)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, page := get(t, s, "/briefings/b/")
		if strings.Contains(page, `no element with id &#34;p99&#34;`) && strings.Contains(page, `id="dossier-problems"`) {
			if !strings.Contains(page, "First version") {
				t.Error("the page itself is not served under the problems")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the broken link is not shown: %.600s", page)
		}
		time.Sleep(20 * time.Millisecond)
	}
	write(t, s.dir, "content/briefings/b.md", brief("Second version"))
	deadline = time.Now().Add(10 * time.Second)
	for { // the first reload event may be the late check's own
		reload(t, events)
		_, page := get(t, s, "/briefings/b/")
		if !strings.Contains(page, "dossier-problems") && strings.Contains(page, "Second version") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the mend did not clear the problem: %.600s", page)
		}
	}
}
