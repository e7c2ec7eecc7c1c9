package site

import (
	"context"
	"fmt"
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
		if strings.HasPrefix(name, "pagefind/") && strings.Contains(name, "/fragment/") {
			fragments++
		}
	}
	if fragments != 1+2 { // the briefing (its two claims sections of it), two sources
		t.Errorf("%d pages in the index, want 3", fragments)
	}
	shard := ""
	for name := range a {
		if strings.HasSuffix(name, "/pagefind.js") {
			shard = strings.TrimSuffix(name, "pagefind.js")
		}
	}
	for _, name := range []string{shard + "pagefind.js", shard + "pagefind-entry.json", "search/index.html"} {
		if _, ok := a[name]; !ok || !strings.HasPrefix(shard, "pagefind/") {
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
	if page := string(a["search/index.html"]); !strings.Contains(page, `data-index="/`+shard+`"`) || strings.Contains(page, "data-merge") || !strings.Contains(page, `/search.`) {
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

// A source's lede is its opening up to about ledeBytes, cut at a word, or
// within a word too long to cut at one, never within a character.
func TestLede(t *testing.T) {
	words := strings.Repeat("Talks went on for days in Paris. ", 20)
	long := strings.Repeat("é", 200)
	for _, c := range []struct{ text, want string }{
		{"Short text.", "Short text."},
		{words, words[:strings.LastIndexByte(words[:ledeBytes], ' ')] + "…"},
		{long, long[:ledeBytes] + "…"},
		{"x" + long, "x" + long[:ledeBytes-2] + "…"},
	} {
		if got := lede(&source{Source: &content.Source{Text: c.text}}); got != c.want {
			t.Errorf("lede(%.20q…) = %q, want %q", c.text, got, c.want)
		}
	}
}

// shardedSite writes a site of n sources, s0 to s(n-1), and a briefing x
// of the text given, whose index is in shards of two pages, indexed with
// the project's Pagefind.
func shardedSite(t *testing.T, n int, text string) string {
	t.Helper()
	usePagefind(t)
	t.Setenv("DOSSIER_SEARCH_SHARD_PAGES", "2")
	files := map[string]string{"content/briefings/x.md": "---\ntitle: X\n---\n" + text + "\n"}
	for i := range n {
		files[fmt.Sprintf("content/sources/s%d.txt", i)] = fmt.Sprintf("---\ntitle: Source %d\n---\nThe talks went on for days.\nSaid %d.\n", i, i)
	}
	return writeSite(t, files)
}

// A site's index is in shards, each a folder named by what it indexes; a
// build into the output of the last indexes only the shards whose pages
// changed and copies the others, writing what a build from nothing
// writes; the search page merges every shard into the first.
func TestSearchShards(t *testing.T) {
	dir := shardedSite(t, 12, "They talked [@s0, \"went on for days\"]. Again [@s5, \"went on for days\"].")
	out := filepath.Join(t.TempDir(), "out")
	res := build(t, Config{Dir: dir, Out: out, Search: SearchOn})
	if res.Failed() || res.Shards != 8 || res.Indexed != 8 { // 13 pages, 2 a shard: 8 shards
		t.Fatalf("first build: %d of %d shards indexed: %v", res.Indexed, res.Shards, res.Diagnostics)
	}
	first := tree(t, out)
	page := string(first["search/index.html"])
	shards := map[string]bool{}
	for name := range first {
		if rest, ok := strings.CutPrefix(name, "pagefind/"); ok {
			shards[rest[:strings.IndexByte(rest, '/')]] = true
		}
	}
	if len(shards) != 8 {
		t.Errorf("%d shard folders", len(shards))
	}
	for s := range shards {
		if !strings.Contains(page, "/pagefind/"+s+"/") {
			t.Errorf("the search page does not search shard %s", s)
		}
	}
	if strings.Count(page, "/pagefind/") != 8 || !strings.Contains(page, "data-merge=") {
		t.Errorf("the search page: %s", page)
	}

	res = build(t, Config{Dir: dir, Out: out, Search: SearchOn})
	if res.Indexed != 0 {
		t.Errorf("a build of what did not change indexed %d shards", res.Indexed)
	}
	sameTree(t, "a build from the last", tree(t, out), first)

	// one source's text changes, not what is cited from it
	os.WriteFile(filepath.Join(dir, "content/sources/s3.txt"), []byte("---\ntitle: Source 3\n---\nThe talks went on for days.\nSaid three.\n"), 0o644)
	res = build(t, Config{Dir: dir, Out: out, Search: SearchOn})
	if res.Failed() || res.Indexed != 1 {
		t.Errorf("after one source changed, %d shards indexed: %v", res.Indexed, res.Diagnostics)
	}
	cold := filepath.Join(t.TempDir(), "cold")
	build(t, Config{Dir: dir, Out: cold, Search: SearchOn})
	sameTree(t, "a build after a change", tree(t, out), tree(t, cold))
}

func sameTree(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for name, data := range want {
		if got[name] != data {
			t.Errorf("%s: %s differs", what, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is one too many", what, name)
		}
	}
}

// The dev server's index (PlanSearch, Make) is a build on disk's, shard
// for shard, each at its number where the search page looks for it; made
// again after a change, it makes only the shards whose pages changed.
func TestSearchInMemory(t *testing.T) {
	dir := shardedSite(t, 6, "They talked [@s0, \"went on for days\"].")
	out := filepath.Join(t.TempDir(), "out")
	if res := build(t, Config{Dir: dir, Out: out, Search: SearchOn}); res.Failed() || res.Shards != 4 {
		t.Fatalf("on disk: %d shards: %v", res.Shards, res.Diagnostics)
	}
	disk := tree(t, out)

	b := NewBuilder(Config{Dir: dir, Memory: true, Theme: os.DirFS("../..")})
	defer b.Close()
	res, err := b.Update(t.Context(), nil)
	if err != nil || res.Failed() {
		t.Fatal(err, res.Diagnostics)
	}
	page := string(res.Site["search/index.html"])
	if !strings.Contains(page, `data-index="/pagefind/0/"`) || !strings.Contains(page, `data-merge="/pagefind/1/ /pagefind/2/ /pagefind/3/"`) {
		t.Errorf("the dev server's search page: %s", page)
	}
	plan, err := b.PlanSearch(t.Context())
	if err != nil || plan == nil {
		t.Fatal(plan, err)
	}
	ix, err := plan.Make(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Shards != 4 || ix.Made != 4 {
		t.Errorf("%d of %d shards made", ix.Made, ix.Shards)
	}
	for i, name := range planned(t, disk) {
		for f, data := range disk {
			if rest, ok := strings.CutPrefix(f, "pagefind/"+name+"/"); ok {
				if got := string(ix.Files[fmt.Sprintf("pagefind/%d/%s", i, rest)]); got != data {
					t.Errorf("shard %d (%s): %s differs from the build on disk's", i, name, rest)
				}
			}
		}
	}
	onDisk := 0
	for f := range disk {
		if strings.HasPrefix(f, "pagefind/") {
			onDisk++
		}
	}
	if len(ix.Files) != onDisk {
		t.Errorf("%d files of the index in memory, %d on disk", len(ix.Files), onDisk)
	}

	os.WriteFile(filepath.Join(dir, "content/sources/s3.txt"), []byte("---\ntitle: Source 3\n---\nThe talks went on for weeks.\n"), 0o644)
	if res, err := b.Update(t.Context(), []string{"content/sources/s3.txt"}); err != nil || res.Failed() {
		t.Fatal(err, res.Diagnostics)
	}
	plan, err = b.PlanSearch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	again, err := plan.Make(t.Context(), ix)
	if err != nil {
		t.Fatal(err)
	}
	if again.Made != 1 {
		t.Errorf("after one source changed, %d shards made", again.Made)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := b.PlanSearch(ctx); err == nil {
		t.Error("a planning cut short says nothing")
	}
}

// planned is the shards' folders of a build on disk, in the search page's
// order.
func planned(t *testing.T, site map[string]string) []string {
	t.Helper()
	page := site["search/index.html"]
	var names []string
	for _, f := range strings.Split(page, "/pagefind/")[1:] {
		names = append(names, f[:strings.IndexByte(f, '/')])
	}
	if len(names) == 0 {
		t.Fatal("no shard on the search page")
	}
	return names
}
