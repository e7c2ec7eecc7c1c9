package linkcheck

import (
	"hash/maphash"
	"slices"
	"testing"
)

// scan finds each id and href of a page once: an id given twice (or three
// times) is one problem, a link given twice one link, a broken link within
// the page one broken link; links to other sites are not kept.
func TestScanPage(t *testing.T) {
	m := Site{BasePath: "/"}
	page := []byte(`<p id="a" class="x=" title="y id=">` +
		`<a id="a" href="#a">1</a><a id="a" href="#zz">2</a><a href="#zz">3</a>` +
		`<a id="b&amp;c" href="/x/">4</a><a href="/x/">5</a><a href="/sources/s1/#q-1">6</a>` +
		`<a href="https://example.org/s1#:~:text=a%20b">7</a><a href="/sources/s1/#q-1">8</a><a href="#b&amp;c">9</a></p>`)
	c := NewCollector(nil, m)
	pl := c.scan("briefings/t/index.html", page)
	if want := []string{"a"}; !slices.Equal(pl.dups, want) {
		t.Errorf("dups %q, want %q", pl.dups, want)
	}
	for _, id := range []string{"a", "b&c"} {
		if !pl.has(id) {
			t.Errorf("id %q not found", id)
		}
	}
	if pl.has("y id=") || pl.has("zz") {
		t.Errorf("an id found that is not one: %v", pl.ids)
	}
	type got struct {
		href, target, frag string
		broken             bool
	}
	var links []got
	for _, l := range pl.links {
		links = append(links, got{l.href, l.target, l.frag, l.broken})
	}
	want := []got{
		{"#zz", "briefings/t/index.html", "zz", true},
		{"/x/", "x/index.html", "", false},
		{"/sources/s1/#q-1", "sources/s1/index.html", "q-1", false},
	}
	if !slices.Equal(links, want) {
		t.Errorf("links\n%v\nwant\n%v", links, want)
	}
	// a link the worker kept from the page before (when a sync.Pool keeps
	// its buffers: it need not) is the link a scan of its own would find,
	// and one that differs only by its fragment is not taken for it
	again := c.scan("briefings/u/index.html", []byte(`<a href="/x/">x</a><a href="/x/#f">y</a>`))
	if len(again.links) != 2 || *again.links[0] != *pl.links[1] || again.links[1].target != "x/index.html" || again.links[1].frag != "f" {
		t.Errorf("the second page's links: %v %v", again.links[0], again.links[1])
	}
}

// plainLink resolves what it resolves as resolveLink does, for a site at
// the root and one under a path.
func FuzzPlainLink(f *testing.F) {
	for _, s := range []string{"/sources/x/", "/sources/x/#q-1", "/a/b.css", "/", "/#", "/x/../y/", "/x//y", "/sub/a/", "/sub/", "/a/#b#c", "/a/#:~:text=x"} {
		f.Add(s)
	}
	models := []Site{{BasePath: "/"}, {BasePath: "/sub/", BaseURL: "https://example.org/sub/"}}
	f.Fuzz(func(t *testing.T, href string) {
		for _, m := range models {
			var buf []byte
			l, ok := m.plainLink([]byte(href), &buf)
			if !ok {
				continue
			}
			wt, wf, internal, outside := m.resolveLink("sources/p/index.html", href)
			if !internal || outside || l.href != href || l.target != wt || l.frag != wf || l.fragHash != maphash.String(idSeed, wf) {
				t.Fatalf("base %s, %q: plainLink %q %q #%q; resolveLink %q #%q internal %v outside %v", m.BasePath, href, l.href, l.target, l.frag, wt, wf, internal, outside)
			}
		}
	})
}

// foreignLink against resolveLink: what it calls a link to another site,
// resolveLink does.
func FuzzForeignLink(f *testing.F) {
	for _, s := range []string{"https://example.org/a#:~:text=x%20y", "http://a.b/", "https://example.org/sub/x", "https://a b/",
		"https://a:80/", "https://a/%zz", "https://a/&amp;", "https://user@a/", "https://[::1]/", "https://a/b%2"} {
		f.Add(s)
	}
	models := []Site{{BasePath: "/"}, {BasePath: "/sub/", BaseURL: "https://example.org/sub/"}}
	f.Fuzz(func(t *testing.T, href string) {
		for _, m := range models {
			if !m.foreignLink([]byte(href)) {
				continue
			}
			if _, _, internal, outside := m.resolveLink("sources/p/index.html", href); internal || outside {
				t.Fatalf("base %s, %q: foreignLink, but resolveLink internal %v outside %v", m.BaseURL, href, internal, outside)
			}
		}
	})
}
