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
	}
	for _, tt := range tests {
		k, key := Of(tt.file)
		if k != tt.kind || key != tt.key {
			t.Errorf("Of(%q) = %v %q, want %v %q", tt.file, k, key, tt.kind, tt.key)
		}
		if k != nil && k.File(key) != tt.file {
			t.Errorf("%s.File(%q) = %q, want %q", k.Name, key, k.File(key), tt.file)
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
