package site

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/generator/page"
)

var vocabulary = strings.Fields("talks peace deal minerals signed warning days weeks Rubio Paris London Kyiv Moscow sanctions energy envoy " +
	"progress ceasefire security assurances territory demands summit leaders aid support military financial")

func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	return strings.Join(w, " ")
}

// editor makes random, realistic edits to a site on disk.
type editor struct {
	t       *testing.T
	dir     string
	r       *rand.Rand
	sources map[string][]string // id → paragraphs
	briefs  map[string]bool
	n       int
}

func (e *editor) write(rel, data string) string {
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return rel
}

func (e *editor) remove(rel string) string {
	os.Remove(filepath.Join(e.dir, filepath.FromSlash(rel)))
	return rel
}

func (e *editor) source(id string) string {
	var paras []string
	for range 3 + e.r.IntN(4) {
		paras = append(paras, fmt.Sprintf("Paragraph %d of %s: %s.", len(paras)+1, id, sentence(e.r, 12)))
	}
	e.sources[id] = paras
	return e.write("content/sources/"+id+".txt", fmt.Sprintf("---\ntitle: Source %s\noutlet: Outlet %d\n---\n%s\n", id, e.r.IntN(3), strings.Join(paras, "\n")))
}

// passage picks words that are in a source, or, now and then, ones that are not.
func (e *editor) cite() string {
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range e.sources {
			if !yield(id) {
				return
			}
		}
	})
	id := ids[e.r.IntN(len(ids))]
	paras := e.sources[id]
	w := strings.Fields(paras[e.r.IntN(len(paras))])
	start := e.r.IntN(len(w) - 4)
	passage := strings.Trim(strings.Join(w[start:start+4], " "), ".:")
	switch e.r.IntN(10) {
	case 0:
		return "@" + id
	case 1:
		passage += " nowhere"
	case 2:
		return fmt.Sprintf("contra @%s, %q", id, passage)
	}
	return fmt.Sprintf("@%s, %q", id, passage)
}

func (e *editor) briefing(slug string) string {
	e.briefs[slug] = true
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Briefing %s %d\ndate: 2025-04-%02d\ntags: [%s]\n---\n", slug, e.r.IntN(3), 1+e.r.IntN(28),
		[]string{"", "Sanctions", "Sanctions, Minerals", "Minerals"}[e.r.IntN(4)])
	for range 2 + e.r.IntN(5) {
		fmt.Fprintf(&b, "%s [%s].\n", sentence(e.r, 6), e.cite())
	}
	if e.r.IntN(3) == 0 {
		fmt.Fprintf(&b, "\n> [!WARNING] [%s]\n> %s.\n", e.cite(), sentence(e.r, 5))
	}
	return e.write("content/briefings/"+slug+".md", b.String())
}

// edit makes one random edit and returns the paths it touched.
func (e *editor) edit() []string {
	e.n++
	briefs := slices.Sorted(func(yield func(string) bool) {
		for s := range e.briefs {
			if !yield(s) {
				return
			}
		}
	})
	switch op := e.r.IntN(13); {
	case op < 5 && len(briefs) > 0: // edit a briefing
		return []string{e.briefing(briefs[e.r.IntN(len(briefs))])}
	case op == 5:
		return []string{e.briefing(fmt.Sprintf("new-%d", e.n))}
	case op == 6 && len(briefs) > 1:
		s := briefs[e.r.IntN(len(briefs))]
		delete(e.briefs, s)
		return []string{e.remove("content/briefings/" + s + ".md")}
	case op == 7: // edit a source: its passages may go
		ids := slices.Sorted(func(yield func(string) bool) {
			for id := range e.sources {
				if !yield(id) {
					return
				}
			}
		})
		return []string{e.source(ids[e.r.IntN(len(ids))])}
	case op == 8:
		return []string{e.source(fmt.Sprintf("s%d", e.n))}
	case op == 9: // a template of the site's own, or none
		if e.r.IntN(2) == 0 {
			return []string{e.write("templates/404.html", fmt.Sprintf(`{{define "main"}}<h1>Lost %d</h1>{{end}}`, e.n))}
		}
		return []string{e.remove("templates/404.html")}
	case op == 10: // a save of the same bytes
		p := "content/briefings/" + briefs[0] + ".md"
		b, _ := os.ReadFile(filepath.Join(e.dir, p))
		return []string{e.write(p, string(b))}
	case op == 11 && len(e.sources) > 2: // a source goes: its citations break
		ids := slices.Sorted(func(yield func(string) bool) {
			for id := range e.sources {
				if !yield(id) {
					return
				}
			}
		})
		id := ids[e.r.IntN(len(ids))]
		delete(e.sources, id)
		changed := []string{e.remove("content/sources/" + id + ".txt")}
		if e.r.IntN(2) == 0 { // and, as a checkout would, every briefing is rewritten without it
			for _, b := range briefs {
				changed = append(changed, e.briefing(b))
			}
		}
		return changed
	default: // two files at once
		return append(e.edit(), e.edit()...)
	}
}

// After any series of edits, an update builds exactly what a clean build
// does, whether the first build was eager or lazy.
func TestIncrementalEqualsClean(t *testing.T) {
	for seed := range uint64(24) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			e := &editor{t: t, dir: t.TempDir(), r: rand.New(rand.NewPCG(seed, 7)), sources: map[string][]string{}, briefs: map[string]bool{}}
			for i := range 4 {
				e.source(fmt.Sprintf("src%d", i))
			}
			for i := range 3 {
				e.briefing(fmt.Sprintf("b%d", i))
			}
			ctx := context.Background()
			cfg := Config{Dir: e.dir, Memory: true, Theme: theme}
			lazy := cfg
			if seed%2 == 1 { // the dev server's builder: its first build lazy
				lazy.Lazy = true
			}
			b := NewBuilder(lazy)
			defer b.Close()
			if _, err := b.Update(ctx, nil); err != nil {
				t.Fatal(err)
			}
			for step := range 40 {
				changed := e.edit()
				got, err := b.Update(ctx, changed)
				if err != nil {
					t.Fatal(err)
				}
				want, err := Build(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := fmt.Sprint(got.Diagnostics), fmt.Sprint(want.Diagnostics); g != w {
					t.Fatalf("step %d (%v): diagnostics differ\n got %s\nwant %s", step, changed, g, w)
				}
				if want.Failed() {
					continue
				}
				g, w := allFiles(got), allFiles(want)
				for name, data := range w {
					if g[name] != data {
						t.Fatalf("step %d (%v): %s differs from a clean build\n%s", step, changed, name, firstDiff(g[name], data))
					}
				}
				if len(g) != len(w) {
					var extra []string
					for name := range g {
						if _, ok := w[name]; !ok {
							extra = append(extra, name)
						}
					}
					t.Fatalf("step %d (%v): %d files, a clean build has %d; not in it: %v", step, changed, len(g), len(w), extra)
				}
			}
		})
	}
}

// A lazy first build serves every file as an eager one makes it, checks the
// links in the background, and the next update waits for that and goes on
// from it.
func TestLazyFirstBuild(t *testing.T) {
	eager := allFiles(build(t, Config{Dir: "testdata/basic", Memory: true}))
	b := NewBuilder(Config{Dir: "testdata/basic", Memory: true, Lazy: true, Theme: theme})
	defer b.Close()
	res, err := b.Update(context.Background(), nil)
	if err != nil || res.Failed() || res.Checked == nil {
		t.Fatalf("%v %v checking=%v", err, res.Diagnostics, res.Checked != nil)
	}
	checked := res.Checked
	got := allFiles(res)
	if len(got) != len(eager) || res.Files != len(eager) {
		t.Fatalf("%d files (%d counted), eager %d", len(got), res.Files, len(eager))
	}
	for name, data := range eager {
		if got[name] != data {
			t.Errorf("%s differs from the eager build's", name)
		}
	}
	if d := <-checked; len(d) != 0 {
		t.Errorf("links: %v", d)
	}
	// the next update builds on the lazy one: only what changed is rendered
	res, err = b.Update(context.Background(), []string{"content/briefings/talks.md"})
	if err != nil || res.Failed() || res.Checked != nil {
		t.Fatalf("%v %v checking=%v", err, res.Diagnostics, res.Checked != nil)
	}
	if got := allFiles(res); len(got) != len(eager) || got["index.html"] != eager["index.html"] {
		t.Errorf("after an update: %d files, the index the same: %v", len(got), got["index.html"] == eager["index.html"])
	}
}

// A broken link of a lazy first build is reported when the background
// check finds it, and the next build renders every page again.
func TestLazyFirstBuildBrokenLink(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/sources/paris.txt": paris,
		"content/briefings/t.md":    "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"]. See [nothing](/sources/paris/#p99).\n",
	})
	b := NewBuilder(Config{Dir: dir, Memory: true, Lazy: true, Theme: theme})
	defer b.Close()
	res, err := b.Update(context.Background(), nil)
	if err != nil || res.Failed() || res.Checked == nil {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
	d := <-res.Checked
	if len(d) != 1 || !strings.Contains(d[0].Error(), `t.md:4:`) || !strings.Contains(d[0].Message, `no element with id "p99"`) {
		t.Fatalf("late diagnostics: %v", d)
	}
	os.WriteFile(filepath.Join(dir, "content/briefings/t.md"), []byte("---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n"), 0o644)
	res, err = b.Update(context.Background(), []string{"content/briefings/t.md"})
	if err != nil || res.Failed() {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
	if res.Checked != nil { // a lazy build again, the first having failed its check
		if d := <-res.Checked; len(d) != 0 {
			t.Errorf("links: %v", d)
		}
	}
	if got := allFiles(res); got["sources/paris/index.html"] == "" || got["briefings/t/index.html"] == "" {
		t.Errorf("pages missing after the fix: %d files", len(got))
	}
}

// An update remakes the files that show what a save changed, and only
// those: the fingerprints of what each file read (deps.go) are as precise
// as what it shows. Each case starts from the same site.
func TestUpdateRemakesWhatChanged(t *testing.T) {
	files := map[string]string{
		"content/sources/a.txt": "---\ntitle: A\noutlet: Wire\n---\nThe talks in Paris were long.\nRubio spoke of days, not weeks.\n",
		"content/sources/b.txt": "---\ntitle: B\noutlet: Wire\n---\nThe envoy flew to Kyiv.\n",
		"content/sources/c.txt": "---\ntitle: C\noutlet: Daily\n---\nSanctions stay in place.\nEnergy prices rose.\n",
		"content/briefings/x.md": "---\ntitle: X\ndate: 2026-01-02\ntags: [Energy]\n---\nThe talks were long [@a, \"talks in Paris were long\"] " +
			"and the envoy travelled [@b, \"envoy flew to Kyiv\"].\n",
		"content/briefings/y.md": "---\ntitle: Y\ndate: 2026-01-01\ntags: [Energy]\n---\nSanctions stay [@c, \"Sanctions stay in place\"].\n",
	}
	briefing := func(slug string) []string { return []string{page.Briefing.File(slug), page.Coverage.File(slug)} }
	index, sources, topics, feed := page.Index.File(""), page.Sources.File(""), page.Topics.File(""), "feed.xml"
	wire, daily, energy := page.Outlet.PageFile("wire", 1), page.Outlet.PageFile("daily", 1), page.Topic.PageFile("energy", 1)
	for _, c := range []struct {
		name   string
		write  map[string]string
		remade []string
		kept   []string
	}{
		{"a claim's words", map[string]string{"content/briefings/x.md": strings.Replace(files["content/briefings/x.md"], "The talks were long", "The talks ran long", 1)},
			append(briefing("x"), page.Source.File("a"), page.Source.File("b"), wire, "claims.json"),
			append(briefing("y"), index, sources, topics, feed, energy, daily, page.Source.File("c"))},
		{"a title", map[string]string{"content/briefings/x.md": strings.Replace(files["content/briefings/x.md"], "title: X", "title: X, again", 1)},
			append(briefing("x"), index, feed, energy, wire),
			append(briefing("y"), sources, topics, daily, page.Source.File("c"))},
		{"a new tag", map[string]string{"content/briefings/x.md": strings.Replace(files["content/briefings/x.md"], "[Energy]", "[Energy, Oil]", 1)},
			append(briefing("x"), index, feed, topics, energy, page.Topic.PageFile("oil", 1)), // x's entry shows its topics
			append(briefing("y"), sources, daily, page.Source.File("c"))},
		{"a briefing joins a topic", map[string]string{"content/briefings/z.md": "---\ntitle: Z\ndate: 2026-01-03\ntags: [Energy]\n---\nNothing cited yet.\n"},
			append(append(briefing("z"), briefing("x")...), index, feed, topics, energy), // x shows Energy's count
			[]string{sources, wire, daily, page.Source.File("a"), page.Source.File("c")}},
		{"a source's words", map[string]string{"content/sources/c.txt": strings.Replace(files["content/sources/c.txt"], "prices rose", "prices fell", 1)},
			append(briefing("y"), page.Source.File("c")),
			append(briefing("x"), index, sources, topics, feed, energy, wire, page.Source.File("a"))},
		{"a new citation", map[string]string{"content/briefings/y.md": strings.Replace(files["content/briefings/y.md"], "].\n", "] [@c, \"Energy prices rose\"].\n", 1)},
			append(briefing("y"), page.Source.File("c"), sources, daily),
			append(briefing("x"), index, topics, energy, page.Source.File("a"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeSite(t, files)
			b := NewBuilder(Config{Dir: dir, Memory: true, Theme: theme})
			defer b.Close()
			if res, err := b.Update(context.Background(), nil); err != nil || res.Failed() {
				t.Fatalf("%v %v", err, res.Diagnostics)
			}
			before := maps.Clone(b.deps)
			var changed []string
			for name, text := range c.write {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				changed = append(changed, name)
			}
			res, err := b.Update(context.Background(), changed)
			if err != nil || res.Failed() {
				t.Fatalf("%v %v", err, res.Diagnostics)
			}
			for _, f := range c.remade {
				if d, ok := b.deps[f]; !ok || d == before[f] {
					t.Errorf("%s was not made again", f)
				}
			}
			for _, f := range c.kept {
				if d, ok := b.deps[f]; !ok || d != before[f] {
					t.Errorf("%s was made again", f)
				}
			}
			fresh := allFiles(build(t, Config{Dir: dir, Memory: true}))
			if got := allFiles(res); !maps.Equal(got, fresh) {
				t.Error("the update differs from a clean build")
			}
		})
	}
}

// A briefing that moves from a topic's second page to its first changes
// both, though neither showed it before and the topic's count is the same.
func TestUpdateMovesWithinATopic(t *testing.T) {
	files := map[string]string{"content/sources/a.txt": "---\ntitle: A\n---\nThe talks in Paris were long.\n"}
	brief := func(n, day int) string {
		date := time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		return fmt.Sprintf("---\ntitle: B%d\ndate: %s\ntags: [Energy]\n---\nLong talks [@a, \"talks in Paris were long\"].\n", n, date)
	}
	for n := range page.PerPage + 1 {
		files[fmt.Sprintf("content/briefings/b%02d.md", n)] = brief(n, 1+n)
	}
	dir := writeSite(t, files)
	b := NewBuilder(Config{Dir: dir, Memory: true, Theme: theme})
	defer b.Close()
	if res, err := b.Update(context.Background(), nil); err != nil || res.Failed() {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
	last := "content/briefings/b00.md" // the oldest, alone on page 2
	if err := os.WriteFile(filepath.Join(dir, last), []byte(brief(0, 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := b.Update(context.Background(), []string{last})
	if err != nil || res.Failed() {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
	fresh := allFiles(build(t, Config{Dir: dir, Memory: true}))
	got := allFiles(res)
	for _, f := range []string{page.Topic.PageFile("energy", 1), page.Topic.PageFile("energy", 2), page.Index.PageFile("", 1)} {
		if got[f] != fresh[f] {
			t.Errorf("%s differs from a clean build's", f)
		}
	}
}
