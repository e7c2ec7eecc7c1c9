package site

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dossier/generator/diag"
	"dossier/generator/page"
)

// Each listing — the briefings, the sources, the outlets, an outlet's
// sources, a topic's briefings — runs to as many pages of page.PerPage
// items as it needs, and no further: at 0, 1, 50 and 51 items.
func TestListingPages(t *testing.T) {
	items := regexp.MustCompile(`(?s)<li>\s*<h2><a href="/briefings/|<li><a href="/sources/s|<li><h2><a href="/sources/s`)
	for _, n := range []int{0, 1, page.PerPage, page.PerPage + 1} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			files := map[string]string{"content/site.yaml": "title: T\nbase_url: https://example.org/\n"}
			for i := range n {
				files[fmt.Sprintf("content/sources/s%03d.txt", i)] = fmt.Sprintf("---\ntitle: S %d\noutlet: Wire\n---\nText %d.\n", i, i)
				files[fmt.Sprintf("content/briefings/b%03d.md", i)] = fmt.Sprintf("---\ntitle: B %d\ndate: 2025-01-01\ntags: [Sanctions]\n---\nIt is so [@s%03d, \"Text %d\"].\n", i, i, i)
			}
			if n == 0 {
				files["content/briefings/.keep"] = ""
			}
			res := build(t, Config{Dir: writeSite(t, files), Memory: true})
			if res.Failed() {
				t.Fatal(res.Diagnostics)
			}
			pages := page.Pages(n)
			for _, l := range []struct {
				first string // the listing's first page
				items int    // items it lists
			}{
				{"index.html", n}, {"sources/index.html", n}, {"outlets/wire/index.html", n}, {"topics/sanctions/index.html", n},
				{"outlets/index.html", min(n, 1)}, {"topics/index.html", min(n, 1)},
			} {
				if l.items == 0 && strings.Contains(l.first, "/wire/") || l.items == 0 && strings.Contains(l.first, "/sanctions/") {
					if _, ok := res.Site[l.first]; ok {
						t.Errorf("%s: a page for nothing", l.first)
					}
					continue
				}
				dir := strings.TrimSuffix(l.first, "index.html")
				want := page.Pages(l.items)
				for k := 1; k <= want+1; k++ {
					name := dir + fmt.Sprintf("page/%d/index.html", k)
					if k == 1 {
						name = l.first
					}
					data, ok := res.Site[name]
					if k > want {
						if ok {
							t.Errorf("%s: one page too many", name)
						}
						continue
					}
					if !ok {
						t.Fatalf("%s: missing (of %d pages)", name, want)
					}
					html := string(data)
					if c := len(items.FindAllString(html, -1)); l.items > 1 && c != min(page.PerPage, l.items-(k-1)*page.PerPage) {
						t.Errorf("%s: %d items", name, c)
					}
					prev, next := strings.Contains(html, `<link rel="prev"`), strings.Contains(html, `<link rel="next"`)
					if prev != (k > 1) || next != (k < want) {
						t.Errorf("%s: rel=prev %v, rel=next %v, page %d of %d", name, prev, next, k, want)
					}
					if want > 1 && !strings.Contains(html, fmt.Sprintf(`aria-current="page" aria-label="Page %d"`, k)) {
						t.Errorf("%s: the pager does not mark page %d", name, k)
					}
					if !strings.Contains(string(res.Site["sitemap.xml"]), "https://example.org/"+strings.TrimSuffix(name, "index.html")+"<") && name != "index.html" {
						t.Errorf("%s is not in the sitemap", name)
					}
				}
			}
			if pages == 2 && !strings.Contains(string(res.Site["sources/page/2/index.html"]), "51–51 of 51") {
				t.Error("the second page does not say which items it shows")
			}
			if _, ok := res.Site["page/1/index.html"]; ok {
				t.Error("a page/1/: the first page is the listing's own address")
			}
		})
	}
}

// Outlets and topics are named by slugs any name can make: accents fold,
// other scripts stay, punctuation runs are one "-", two names that slug
// alike are told apart, and a name with nothing to slug gets a hash.
func TestSlugs(t *testing.T) {
	for _, tt := range []struct{ names, want []string }{
		{[]string{"Süddeutsche Zeitung"}, []string{"suddeutsche-zeitung"}},
		{[]string{"AT&T / Reuters"}, []string{"at-t-reuters"}},
		{[]string{"日本経済新聞"}, []string{"日本経済新聞"}},
		{[]string{"A.P.", "A P"}, []string{"a-p", "a-p-2"}},
		{[]string{"page"}, []string{"page-1"}},
		{[]string{"..", "/"}, []string{"x9608161c", ""}},
		// long names are cut with a hash of the whole, and stay apart
		{[]string{strings.Repeat("b", 256), strings.Repeat("b", 257)}, []string{strings.Repeat("b", 87) + "-059131fb", ""}},
		{[]string{strings.Repeat("中", 86)}, []string{strings.Repeat("中", 29) + "-2a4edf98"}},
		{[]string{strings.Repeat("The Daily Chronicle of ", 5), strings.Repeat("The Daily Chronicle of ", 6)}, []string{"", ""}},
	} {
		taken := map[string]bool{}
		for i, name := range tt.names {
			got := uniqueSlug(taken, name)
			if tt.want[i] != "" && got != tt.want[i] || strings.ContainsAny(got, "/.") || got == "" || len(got) > maxSlug+4 {
				t.Errorf("slug %q = %q, want %q", name, got, tt.want[i])
			}
			if i > 0 && got == uniqueSlug(map[string]bool{}, tt.names[i-1]) {
				t.Errorf("slugs of %q and %q are both %q", tt.names[i-1], name, got)
			}
		}
	}
}

// Names that need escaping or slugging reach pages, the feed and the file
// tree safely: a tag with markup, an outlet that is a path.
func TestArchiveNames(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/sources/a.txt":  "---\ntitle: A\noutlet: ../../etc\n---\nText.\n",
		"content/sources/b.txt":  "---\ntitle: B\noutlet: Le Monde diplomatique\n---\nMore.\n",
		"content/briefings/x.md": "---\ntitle: X\ntags: [\"<b>bold</b>\", Économie, \"a/b\"]\n---\nSo [@a, \"Text\"] and [@b, \"More\"].\n",
	})
	res := build(t, Config{Dir: dir, Memory: true})
	if res.Failed() {
		t.Fatal(res.Diagnostics)
	}
	var names []string
	for name := range res.Site {
		if strings.HasPrefix(name, "outlets/") || strings.HasPrefix(name, "topics/") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	want := []string{"outlets/etc/index.html", "outlets/index.html", "outlets/le-monde-diplomatique/index.html",
		"topics/a-b/index.html", "topics/b-bold-b/index.html", "topics/economie/index.html", "topics/index.html"}
	if !slices.Equal(names, want) {
		t.Errorf("pages %q, want %q", names, want)
	}
	briefing := string(res.Site["briefings/x/index.html"])
	for _, w := range []string{`<a href="/topics/b-bold-b/" rel="tag">&lt;b&gt;bold&lt;/b&gt;</a>`, `<a href="/topics/economie/" rel="tag">Économie</a>`} {
		if !strings.Contains(briefing, w) {
			t.Errorf("the briefing lacks %s", w)
		}
	}
	if !strings.Contains(string(res.Site["sources/a/index.html"]), `<a href="/outlets/etc/">../../etc</a>`) {
		t.Error("the source page does not link its outlet")
	}
	feed := string(res.Site["feed.xml"])
	if !strings.Contains(feed, `<category term="b-bold-b" scheme="/topics/" label="&lt;b&gt;bold&lt;/b&gt;"></category>`) {
		t.Errorf("the feed lacks the topic as a category:\n%s", feed)
	}
}

// A tag site.yaml does not list is a warning, an error with --strict, at
// the tag, with the nearest listed one; without a list any tag goes.
func TestUnknownTag(t *testing.T) {
	files := map[string]string{
		"content/sources/a.txt":  "---\ntitle: A\n---\nText.\n",
		"content/briefings/x.md": "---\ntitle: X\ntags: [Sanctions, Minrals]\n---\nSo [@a, \"Text\"].\n",
	}
	if res := build(t, Config{Dir: writeSite(t, files), Memory: true, Strict: true}); res.Failed() {
		t.Errorf("no list of tags, yet: %v", res.Diagnostics)
	}
	files["content/site.yaml"] = "title: T\ntags: [sanctions, minerals]\n"
	res := build(t, Config{Dir: writeSite(t, files), Memory: true, Strict: true})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s: %s %q", d.Path, d.Line, d.Col, d.Severity, d.Message, d.Notes))
	}
	want := []string{`content/briefings/x.md:3:19: error: tag "Minrals" is not one of site.yaml's tags ["did you mean \"minerals\"?"]`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if res := build(t, Config{Dir: writeSite(t, files), Memory: true}); res.Failed() || len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != diag.Warning {
		t.Errorf("without --strict: %v", res.Diagnostics)
	}
}

// A tag edit makes again the pages it changes — its briefing's, the
// topics it joins and leaves, the topics list — and not another topic's.
func TestTagEditRendersItsPages(t *testing.T) {
	brief := func(tags string) string {
		return "---\ntitle: B\ndate: 2025-01-02\ntags: [" + tags + "]\n---\nIt is so [@s, \"Text\"].\n"
	}
	dir := writeSite(t, map[string]string{
		"content/sources/s.txt":   "---\ntitle: S\n---\nText.\n",
		"content/briefings/b1.md": brief("Alpha"),
		"content/briefings/b2.md": brief("Beta"),
		"content/briefings/b3.md": brief("Alpha, Beta"),
	})
	b := NewBuilder(Config{Dir: dir, Memory: true, Theme: theme})
	defer b.Close()
	before, err := b.Update(t.Context(), nil)
	if err != nil || before.Failed() {
		t.Fatal(err, before.Diagnostics)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/briefings/b1.md"), []byte(brief("Alpha, Gamma")), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := b.Update(t.Context(), []string{"content/briefings/b1.md"})
	if err != nil || after.Failed() {
		t.Fatal(err, after.Diagnostics)
	}
	var made []string
	for name, data := range after.Site {
		old, ok := before.Site[name]
		if strings.HasSuffix(name, ".html") && (!ok || len(old) == 0 || len(data) == 0 || &old[0] != &data[0]) {
			made = append(made, name)
		}
	}
	slices.Sort(made)
	for _, want := range []string{"briefings/b1/index.html", "topics/alpha/index.html", "topics/gamma/index.html", "topics/index.html"} {
		if !slices.Contains(made, want) {
			t.Errorf("%s not made again: %q", want, made)
		}
	}
	for _, not := range []string{"topics/beta/index.html", "briefings/b2/index.html", "briefings/b3/index.html"} {
		if slices.Contains(made, not) {
			t.Errorf("%s made again for another briefing's tag: %q", not, made)
		}
	}
}

// A pager links the first page, the last, and those within two of this
// one, with a gap (0) for the pages between.
func TestPagerLinks(t *testing.T) {
	m := &model{basePath: "/"}
	for _, tt := range []struct {
		n, total int
		want     []int
	}{
		{1, 0, []int{1}},
		{1, 50, []int{1}},
		{1, 500, []int{1, 2, 3, 0, 10}},
		{5, 500, []int{1, 0, 3, 4, 5, 6, 7, 0, 10}},
		{4, 500, []int{1, 2, 3, 4, 5, 6, 0, 10}},
		{10, 500, []int{1, 0, 8, 9, 10}},
		{2, 101, []int{1, 2, 3}},
	} {
		p, _, _ := m.pager(page.Sources, "", tt.n, tt.total)
		var got []int
		for _, l := range p.Pages {
			got = append(got, l.Number)
			if l.Current != (l.Number == tt.n) {
				t.Errorf("page %d of %d: link %d current %v", tt.n, tt.total, l.Number, l.Current)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("page %d of %d items: links %v, want %v", tt.n, tt.total, got, tt.want)
		}
	}
}
