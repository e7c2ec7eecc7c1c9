package site

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Every link to a source's original, on every page (the source's, each
// cited passage's, each note's printed address), carries the Robust Links
// attributes: the original's URL, the day it was retrieved and its first
// archived copy; the source's page shows each archived copy as a link of
// its own, which says what it is a copy of, and a note its first.
func TestRobustLinks(t *testing.T) {
	const original = "https://example.org/paris"
	const wayback = "https://web.archive.org/web/20250418093000/https://example.org/paris"
	out := filepath.Join(t.TempDir(), "o")
	build(t, Config{Dir: "testdata/basic", Out: out})
	links, archived := 0, map[string]string{}
	for name, page := range tree(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode || n.Data != "a" {
				continue
			}
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			href := attr["href"]
			switch {
			case strings.HasPrefix(href, original):
				links++
				if attr["data-originalurl"] != original || attr["data-versiondate"] != "2025-04-18" || attr["data-versionurl"] != wayback {
					t.Errorf("%s: a link to the original with %v", name, attr)
				}
			case strings.HasPrefix(href, "https://state.example/"): // an imported source with no archive
				links++
				if attr["data-originalurl"] != href || attr["data-versiondate"] != "2025-04-18" || attr["data-versionurl"] != "" {
					t.Errorf("%s: a link to the original with %v", name, attr)
				}
			case attr["class"] == "archived":
				if attr["data-originalurl"] != original || attr["data-versiondate"] != "2025-04-18" {
					t.Errorf("%s: an archived copy's link with %v", name, attr)
				}
				if strings.HasPrefix(name, "sources/") {
					archived[href] = n.FirstChild.Data
				} else if href != wayback || n.FirstChild.Data != wayback {
					t.Errorf("%s: a note's archived copy %s, %q", name, href, n.FirstChild.Data)
				}
			}
		}
	}
	// the source page's own link, one for each of four cited passages and
	// each of the four notes of them, and the press release's two
	if links != 11 {
		t.Errorf("%d links to originals", links)
	}
	want := map[string]string{wayback: "archived copy (web.archive.org)", "https://archive.ph/AbCdE": "archived copy (archive.ph)"}
	if len(archived) != 2 || archived[wayback] != want[wayback] || archived["https://archive.ph/AbCdE"] != want["https://archive.ph/AbCdE"] {
		t.Errorf("archived copies linked: %q", archived)
	}
}
