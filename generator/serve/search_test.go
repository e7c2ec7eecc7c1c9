package serve

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/generator/search"
)

// slowPagefind is a Pagefind that starts late: a save's reload must not
// wait for it.
func slowPagefind(t *testing.T, delay string) {
	t.Helper()
	bin := search.Find(filepath.Join("..", ".."))
	if bin == "" {
		t.Skip("no Pagefind: npm ci installs it (make test does)")
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	wrapper := filepath.Join(t.TempDir(), "pagefind")
	if err := os.WriteFile(wrapper, []byte("#!/bin/sh\nsleep "+delay+"\nexec '"+abs+"' \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOSSIER_PAGEFIND", wrapper)
}

// indexed says whether a page of the index served holds word.
func indexed(t *testing.T, s *server, word string) bool {
	t.Helper()
	s.srv.mu.Lock()
	ix := s.srv.search
	s.srv.mu.Unlock()
	for name, data := range ix.Files {
		if !strings.Contains(name, "/fragment/") {
			continue
		}
		z, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		text, err := io.ReadAll(z)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if bytes.Contains(text, []byte(word)) {
			return true
		}
	}
	return false
}

// The dev server indexes the site for search in the background, serves
// the index at /pagefind/0/ where its search page looks, and indexes
// again after a save, while the save's reload comes at once.
func TestSearchIndexed(t *testing.T) {
	slowPagefind(t, "1")
	s := start(t, map[string]string{
		"content/sources/paris.txt":  source,
		"content/briefings/b.md":     brief("It will be decided soon"),
		"content/sources/berlin.txt": "---\ntitle: Berlin\n---\nNothing was said in Berlin.\n",
	}, false)
	if code, body := get(t, s, "/search/"); code != 200 || !strings.Contains(body, `data-index="/pagefind/0/"`) {
		t.Fatalf("search page: %d\n%s", code, body)
	}
	// the first index is waited for
	code, entry := get(t, s, "/pagefind/0/pagefind-entry.json")
	if code != 200 || !strings.Contains(entry, `"page_count":3`) {
		t.Fatalf("pagefind-entry.json: %d %s", code, entry)
	}
	if code, _ := get(t, s, "/pagefind/0/pagefind.js"); code != 200 {
		t.Fatalf("pagefind.js: %d", code)
	}
	if indexed(t, s, "Zanzibar") {
		t.Fatal("Zanzibar indexed before it was written")
	}
	reloads, searches := stream(t, s)
	saved := time.Now()
	write(t, s.dir, "content/sources/berlin.txt", "---\ntitle: Berlin\n---\nZanzibar was said in Berlin.\n")
	reload(t, reloads)
	if d := time.Since(saved); d > 900*time.Millisecond {
		t.Errorf("the save's reload came %s after it: it waited for the index (Pagefind starts a second late)", d)
	}
	select {
	case <-searches:
	case <-time.After(20 * time.Second):
		t.Fatalf("no search event 20 s after the save; logs:\n%s", strings.Join(s.logs, "\n"))
	}
	if !indexed(t, s, "Zanzibar") {
		t.Error("the index served after the save does not hold its words")
	}
	if code, entry := get(t, s, "/pagefind/0/pagefind-entry.json"); code != 200 || !strings.Contains(entry, `"page_count":3`) {
		t.Errorf("pagefind-entry.json after the save: %d %s", code, entry)
	}
	s.mu.Lock()
	logs := strings.Join(s.logs, "\n")
	s.mu.Unlock()
	if strings.Count(logs, "search index: 1 of 1 shards made") != 2 {
		t.Errorf("logs do not say the index was made twice:\n%s", logs)
	}
}

// Without Pagefind the dev server has no search page, a request for the
// index does not wait, and the terminal says how to add it.
func TestNoSearchWithoutPagefind(t *testing.T) {
	t.Setenv("DOSSIER_PAGEFIND", "")
	t.Setenv("PATH", t.TempDir())
	s := start(t, map[string]string{
		"content/sources/paris.txt": source,
		"content/briefings/b.md":    brief("It will be decided soon"),
	}, false)
	if code, _ := get(t, s, "/search/"); code != 404 {
		t.Errorf("search page without Pagefind: %d", code)
	}
	begun := time.Now()
	if code, _ := get(t, s, "/pagefind/0/pagefind-entry.json"); code != 404 {
		t.Errorf("index without Pagefind: %d", code)
	}
	if d := time.Since(begun); d > 2*time.Second {
		t.Errorf("a request for the index waited %s", d)
	}
	s.mu.Lock()
	logs := strings.Join(s.logs, "\n")
	s.mu.Unlock()
	if !strings.Contains(logs, "note: no search: Pagefind is not installed; npm install pagefind@") {
		t.Errorf("the terminal does not say how to add search:\n%s", logs)
	}
}
