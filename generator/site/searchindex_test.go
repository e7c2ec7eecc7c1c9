package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/generator/content"
	"dossier/generator/search"
)

// usePagefind has the test's builds index with the Pagefind the project's
// npm packages install, or skips the test: make test installs them first.
func usePagefind(t *testing.T) {
	t.Helper()
	bin := search.Find(filepath.Join("..", ".."))
	if bin == "" {
		t.Skip("no Pagefind: npm ci installs it (make test does)")
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOSSIER_PAGEFIND", abs)
}

// A build with search writes the index beside the pages, a record for each
// briefing, claim and source, with a search page and the header's box;
// two builds write the same bytes; without Pagefind, --search fails and
// the default says how to add it.
func TestSearchIndex(t *testing.T) {
	usePagefind(t)
	dir := writeSite(t, map[string]string{
		"content/sources/a.txt":  "---\ntitle: A report\noutlet: Wire & <Co>\n---\nThe talks went on for days.\nSanctions were discussed.\n",
		"content/sources/b.txt":  "---\ntitle: B\n---\nNothing else.\n",
		"content/briefings/x.md": "---\ntitle: X & Y\n---\nThey talked [@a, \"went on for days\"]. About sanctions [@a, \"Sanctions were discussed\"].\n",
	})
	outs := []string{filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "two")}
	for _, out := range outs {
		res := build(t, Config{Dir: dir, Out: out, Search: SearchOn})
		if res.Failed() {
			t.Fatal(res.Diagnostics)
		}
		for _, n := range res.Notes {
			if strings.Contains(n, "search") {
				t.Errorf("a note with search on: %s", n)
			}
		}
	}
	a, b := tree(t, outs[0]), tree(t, outs[1])
	fragments := 0
	for name, data := range a {
		if b[name] != data {
			t.Errorf("%s differs between two builds", name)
		}
		if strings.HasPrefix(name, "pagefind/fragment/") {
			fragments++
		}
	}
	if fragments != 1+2+2 { // the briefing, its two claims, two sources
		t.Errorf("%d records in the index, want 5", fragments)
	}
	for _, name := range []string{"pagefind/pagefind.js", "pagefind/pagefind-entry.json", "search/index.html"} {
		if _, ok := a[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	for name := range a {
		if strings.Contains(name, "-ui.") {
			t.Errorf("%s: Pagefind's own interface is not published", name)
		}
	}
	if page := string(a["index.html"]); !strings.Contains(page, `<form class="site-search" role="search" action="/search/">`) {
		t.Error("the header has no search box")
	}
	if page := string(a["search/index.html"]); !strings.Contains(page, `data-index="/pagefind/"`) || !strings.Contains(page, `/search.`) {
		t.Error("the search page lacks its index or its script")
	}
	if strings.Contains(string(a["index.html"]), "/search.") {
		t.Error("a page other than search loads search.js")
	}

	// without Pagefind
	t.Setenv("DOSSIER_PAGEFIND", "")
	t.Setenv("PATH", t.TempDir())
	if _, err := Build(t.Context(), Config{Dir: dir, Out: filepath.Join(t.TempDir(), "o"), Search: SearchOn, Theme: theme}); err == nil || !strings.Contains(err.Error(), "npm install pagefind@") {
		t.Errorf("--search without Pagefind: %v", err)
	}
	out := filepath.Join(t.TempDir(), "o")
	res := build(t, Config{Dir: dir, Out: out})
	if res.Failed() || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "npm install pagefind@"+search.Version) {
		t.Errorf("no Pagefind, by default: %v %q", res.Diagnostics, res.Notes)
	}
	if _, err := os.Stat(filepath.Join(out, "search")); err == nil {
		t.Error("a search page without an index")
	}
	if res := build(t, Config{Dir: dir, Out: out, Search: SearchOff}); len(res.Notes) != 0 {
		t.Errorf("--search=false: %q", res.Notes)
	}
}

// TestLedeOfAPagedSource starts a source's search excerpt at its text: a
// PDF's page marker before the first paragraph is not in it.
func TestLedeOfAPagedSource(t *testing.T) {
	file := "---\npages: 2\n---\n[page 1, label \"i\"]\nThe report opens here.\n[page 2]\nAnd goes on.\n"
	cs, diags := content.LoadSource(fstest.MapFS{"content/sources/r.txt": &fstest.MapFile{Data: []byte(file)}}, "content/sources/r.txt")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := lede(&source{Source: cs}); strings.Contains(got, "[page") || !strings.HasPrefix(got, "The report opens here.") {
		t.Errorf("lede = %q", got)
	}
}
