package page

import (
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	tests := []struct {
		file string
		kind *Kind
		key  string
	}{
		{"index.html", Index, ""},
		{"404.html", NotFound, ""},
		{"sources/index.html", Sources, ""},
		{"sources/afp-paris/index.html", Source, "afp-paris"},
		{"briefings/talks/index.html", Briefing, "talks"},
		{"briefings/talks/sources/index.html", Coverage, "talks"},
		{"briefings/index.html", nil, ""},
		{"briefings/a/b/index.html", nil, ""},
		{"sources/afp/2025-04-18/index.html", Source, "afp/2025-04-18"},
		{"sources//index.html", nil, ""},
		{"sources/a//b/index.html", nil, ""},
		{"claims.json", nil, ""},
		{"style.css", nil, ""},
		{"outlets/index.html", Outlets, ""},
		{"outlets/reuters/index.html", Outlet, "reuters"},
		{"topics/sanctions/index.html", Topic, "sanctions"},
		{"outlets/a/b/index.html", nil, ""},
		// the next pages of a listing are its kind's
		{"page/2/index.html", Index, ""},
		{"sources/page/2/index.html", Sources, ""},
		{"sources/page/12/index.html", Sources, ""},
		{"outlets/page/3/index.html", Outlets, ""},
		{"outlets/reuters/page/2/index.html", Outlet, "reuters"},
		{"topics/sanctions/page/2/index.html", Topic, "sanctions"},
		{"page/1/index.html", nil, ""},
		{"page/02/index.html", nil, ""},
		{"sources/page/x/index.html", Source, "page/x"},
		{"briefings/talks/page/2/index.html", nil, ""},
	}
	for _, tt := range tests {
		k, key := Of(tt.file)
		if k != tt.kind || key != tt.key {
			t.Errorf("Of(%q) = %v %q, want %v %q", tt.file, k, key, tt.kind, tt.key)
		}
		if k != nil && strings.Contains(tt.file, "page/") && tt.key != "page/x" {
			continue // page n of a listing: PageFile's, below
		}
		if k != nil && k.File(key) != tt.file {
			t.Errorf("%s.File(%q) = %q, want %q", k.Name, key, k.File(key), tt.file)
		}
	}
}

// Page n of a listing is Dir, then page/n/; page 1 is the listing itself.
func TestPageFile(t *testing.T) {
	for _, tt := range []struct {
		k    *Kind
		key  string
		n    int
		want string
	}{
		{Index, "", 1, "index.html"}, {Index, "", 2, "page/2/index.html"},
		{Sources, "", 3, "sources/page/3/index.html"}, {Outlet, "reuters", 2, "outlets/reuters/page/2/index.html"},
	} {
		if got := tt.k.PageFile(tt.key, tt.n); got != tt.want {
			t.Errorf("%s.PageFile(%q, %d) = %q, want %q", tt.k.Name, tt.key, tt.n, got, tt.want)
		}
		if k, key := Of(tt.want); k != tt.k || key != tt.key {
			t.Errorf("Of(%q) = %v %q", tt.want, k, key)
		}
	}
	for items, want := range map[int]int{0: 1, 1: 1, PerPage: 1, PerPage + 1: 2, 3 * PerPage: 3} {
		if got := Pages(items); got != want {
			t.Errorf("Pages(%d) = %d, want %d", items, got, want)
		}
	}
}

// Every kind's pages are told apart from every other's, whatever the key.
func TestKindsDoNotOverlap(t *testing.T) {
	for _, k := range Kinds {
		for _, key := range []string{"x", "sources", "index.html", "briefings", "a/b"} {
			if strings.Contains(key, "/") && !k.nested {
				continue
			}
			f := k.File(key)
			if got, gotKey := Of(f); got != k || (k.Keyed() && gotKey != key) {
				t.Errorf("%s.File(%q) = %q, read back as %v %q", k.Name, key, f, got, gotKey)
			}
		}
	}
}

// Every keyed kind's pattern has its key, and Files lists a briefing's and
// a source's pages.
func TestFiles(t *testing.T) {
	for _, k := range Kinds {
		if k.Keyed() != strings.Contains(k.pattern, "{key}") {
			t.Errorf("%s: Per %v, pattern %q", k.Name, k.Per, k.pattern)
		}
	}
	if got := strings.Join(Files(PerBriefing, "b"), " "); got != "briefings/b/index.html briefings/b/sources/index.html" {
		t.Errorf("a briefing's pages: %s", got)
	}
	if got := strings.Join(Files(PerSource, "a/b"), " "); got != "sources/a/b/index.html" {
		t.Errorf("a source's pages: %s", got)
	}
}
