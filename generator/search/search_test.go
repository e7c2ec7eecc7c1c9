package search

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// pagefind is the Pagefind the project's npm packages install, or the
// test is skipped: make test installs them first.
func pagefind(t *testing.T) string {
	t.Helper()
	bin := Find(filepath.Join("..", ".."))
	if bin == "" {
		t.Skip("no Pagefind: npm ci installs it (make test does)")
	}
	return bin
}

func records() []Record {
	return []Record{
		{URL: "/briefings/a/", Content: "The talks in Paris went on for days.", Meta: map[string]string{"title": "A", "kind": "Briefing"},
			Filters: map[string][]string{"kind": {"Briefings"}, "briefing": {"A"}}},
		{URL: "/briefings/a/#c-1", Content: "Rubio said days, not weeks. “in the very short term and I mean days”",
			Meta:    map[string]string{"title": "Claim 1 · A", "kind": "Claim"},
			Filters: map[string][]string{"kind": {"Claims"}, "briefing": {"A"}, "outlet": {"Wire & <Co>"}}},
		{URL: "/sources/s/", Content: "Sanctions relief was discussed. Ünïcode too.", Meta: map[string]string{"title": "S", "kind": "Source"},
			Filters: map[string][]string{"kind": {"Sources"}, "outlet": {"Wire & <Co>"}}},
	}
}

func build(t *testing.T, bin string) []File {
	t.Helper()
	ix, err := Start(context.Background(), bin)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, r := range records() {
		if err := ix.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	files, err := ix.Files()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The index holds Pagefind's entry, its script and a fragment a record,
// and two runs write the same bytes.
func TestIndex(t *testing.T) {
	bin := pagefind(t)
	a, b := build(t, bin), build(t, bin)
	var names []string
	fragments := 0
	for i, f := range a {
		names = append(names, f.Path)
		if strings.HasPrefix(f.Path, "fragment/") {
			fragments++
		}
		if i >= len(b) || b[i].Path != f.Path || !bytes.Equal(b[i].Data, f.Data) {
			t.Errorf("%s differs between two runs", f.Path)
		}
	}
	for _, want := range []string{"pagefind.js", "pagefind-entry.json"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("no %s in %q", want, names)
		}
	}
	if fragments != len(records()) {
		t.Errorf("%d fragments for %d records: %q", fragments, len(records()), names)
	}
}

// A Pagefind that is not there, or stops, is an error, not a hang.
func TestMissingPagefind(t *testing.T) {
	if _, err := Start(context.Background(), filepath.Join(t.TempDir(), "pagefind")); err == nil {
		t.Error("started a Pagefind that does not exist")
	}
	if _, err := Start(context.Background(), "/bin/true"); err == nil {
		t.Error("a program that stops at once passed for Pagefind")
	}
}

// When Pagefind stops, the error says so with what it printed and how far
// it had come, not just "EOF": a language tag it cannot take (Pagefind
// 1.6 panics on one of more than about 30 characters; dossier gives it a
// short tag, see site's searchLanguage) is one way.
func TestPagefindFailure(t *testing.T) {
	ix, err := Start(context.Background(), pagefind(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, r := range records() {
		r.Language = strings.Repeat("a", 40)
		if err := ix.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	_, err = ix.Files()
	if err == nil || !strings.Contains(err.Error(), "pagefind stopped (3 records added)") || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("Pagefind stopping: %v", err)
	}
}
