package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
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

func pages() []Page {
	return []Page{
		{URL: "/briefings/a/", Text: "The talks in Paris went on for days.", Meta: map[string]string{"title": "A", "kind": "Briefing"},
			Filters:  map[string][]string{"kind": {"Briefings", "Claims"}, "briefing": {"A"}, "outlet": {"Wire & <Co>, Ltd"}},
			Sections: []Section{{ID: "c-1", Title: "Claim 1 · A", Text: "Rubio said days, not weeks. “in the very short term and I mean days”"}}},
		{URL: "/sources/s/", Text: "Sanctions relief was discussed. Ünïcode too, & <b>markup</b> as text.", Meta: map[string]string{"title": "S", "kind": "Source"},
			Filters: map[string][]string{"kind": {"Sources"}, "outlet": {"Wire & <Co>, Ltd &#x202E;"}}},
	}
}

func build(t *testing.T, bin string) []File {
	t.Helper()
	var urls []string
	var docs [][]byte
	for _, p := range pages() {
		urls, docs = append(urls, p.URL), append(docs, p.Payload())
	}
	files, err := Build(context.Background(), bin, Normal, urls, docs)
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
	if fragments != len(pages()) {
		t.Errorf("%d fragments for %d pages: %q", fragments, len(pages()), names)
	}
}

// A Pagefind that is not there, or stops, is an error, not a hang.
func TestMissingPagefind(t *testing.T) {
	if _, err := Start(context.Background(), filepath.Join(t.TempDir(), "pagefind"), Normal); err == nil {
		t.Error("started a Pagefind that does not exist")
	}
	if _, err := Start(context.Background(), "/bin/true", Normal); err == nil {
		t.Error("a program that stops at once passed for Pagefind")
	}
}

// A Pagefind in the background runs at nice 10 (or its parent's, when
// that is lower still), one at the normal priority at its parent's: on
// Linux, where this test reads them.
func TestPriority(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	nice := func(pid string) int {
		stat, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil {
			t.Fatal(err)
		}
		// pid (comm) state ppid …: nice is the 17th field after comm
		n, _ := strconv.Atoi(strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))[16])
		return n
	}
	mine := nice("self")
	for _, c := range []struct {
		p    Priority
		nice int
	}{{Normal, mine}, {Background, max(mine, 10)}} {
		ix, err := Start(context.Background(), pagefind(t), c.p)
		if err != nil {
			t.Fatal(err)
		}
		got := nice(strconv.Itoa(ix.cmd.Process.Pid))
		ix.Close()
		if got != c.nice {
			t.Errorf("priority %d: nice %d, want %d", c.p, got, c.nice)
		}
	}
}

// When Pagefind stops, the error says so with what it printed and how far
// it had come, not just "EOF": a language tag it cannot take (Pagefind
// 1.6 panics on one of more than about 30 characters; dossier gives it a
// short tag, see site's searchLanguage) is one way.
func TestPagefindFailure(t *testing.T) {
	ix, err := Start(context.Background(), pagefind(t), Normal)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, p := range pages() {
		p.Language = strings.Repeat("a", 40)
		if err := ix.Add(p.URL, p.Payload()); err != nil {
			t.Fatal(err)
		}
	}
	_, err = ix.Files()
	if err == nil || !strings.Contains(err.Error(), "pagefind stopped (2 pages added)") || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("Pagefind stopping: %v", err)
	}
}

// When Pagefind stops in the middle of a reply, the error says that it
// stopped and what it printed, not that the reply could not be read.
func TestPagefindStopsMidReply(t *testing.T) {
	reply := base64.StdEncoding.EncodeToString([]byte(`{"message_id":1,"payload":{"type":"NewIndex","index_id":0}}`))
	bin := filepath.Join(t.TempDir(), "pagefind")
	// it answers NewIndex, waits for the next message, and breaks off its reply
	script := "#!/bin/sh\nprintf '" + reply + ",'\ndd bs=1 count=1 >/dev/null 2>&1\nprintf 'eyJtZXNz'\necho 'out of memory' >&2\nexit 3\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	ix, err := Start(context.Background(), bin, Normal)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, err = ix.Files()
	if err == nil || !strings.Contains(err.Error(), "pagefind stopped") || !strings.Contains(err.Error(), "out of memory") {
		t.Errorf("Pagefind stopping mid-reply: %v", err)
	}
}

// A page's meta and filters reach the index whole, a comma and markup in
// them as text; its text is found as text; each section is an anchor with
// its title, for a sub-result that opens at it.
func TestPageHTML(t *testing.T) {
	type fragment struct {
		URL     string              `json:"url"`
		Content string              `json:"content"`
		Meta    map[string]string   `json:"meta"`
		Filters map[string][]string `json:"filters"`
		Anchors []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"anchors"`
	}
	var got []fragment
	for _, f := range build(t, pagefind(t)) {
		if !strings.HasPrefix(f.Path, "fragment/") {
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		var g fragment
		if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("pagefind_dcd")), &g); err != nil {
			t.Fatal(err)
		}
		got = append(got, g)
	}
	if len(got) != 2 {
		t.Fatalf("%d fragments", len(got))
	}
	for _, g := range got {
		// an entity in a value is text, as it was written
		if want := []string{"Wire & <Co>, Ltd"}; g.URL == "/briefings/a/" && !slices.Equal(g.Filters["outlet"], want) ||
			g.URL == "/sources/s/" && !slices.Equal(g.Filters["outlet"], []string{"Wire & <Co>, Ltd &#x202E;"}) {
			t.Errorf("%s: outlet filter %q", g.URL, g.Filters["outlet"])
		}
		switch g.URL {
		case "/briefings/a/":
			if len(g.Anchors) != 1 || g.Anchors[0].ID != "c-1" || g.Anchors[0].Title != "Claim 1 · A" {
				t.Errorf("anchors %+v", g.Anchors)
			}
			if !slices.Equal(g.Filters["kind"], []string{"Briefings", "Claims"}) || g.Meta["title"] != "A" {
				t.Errorf("briefing: %q %q", g.Filters, g.Meta)
			}
			if !strings.Contains(g.Content, "went on for days. Rubio said days") {
				t.Errorf("content %q", g.Content)
			}
		case "/sources/s/":
			if !strings.Contains(g.Content, "Ünïcode too, & <b>markup</b> as text") || g.Meta["kind"] != "Source" {
				t.Errorf("source: %q %q", g.Content, g.Meta)
			}
		default:
			t.Errorf("a fragment for %s", g.URL)
		}
	}
}

// A page without sections, given as a record, is indexed as its HTML is,
// to the byte: its text, its meta and filters with markup, entities,
// commas, runs of space and bidi controls in them.
func TestRecordAsHTML(t *testing.T) {
	bin := pagefind(t)
	ps := []Page{
		pages()[1],
		{URL: "/sources/t/", Language: "fr", Text: "L’été « chaud » &amp; &#x202E; <i>x</i>\n\n  fin.  Ünïcode—dashes, 2,5 %",
			Meta:    map[string]string{"title": "A &amp; B  <b>c</b>\n d", "kind": "Source"},
			Filters: map[string][]string{"kind": {"Sources"}, "outlet": {"Le  Monde, \"quoted\"\t&#x202E;\u202e"}, "briefing": {"One", "Two &amp; three"}}},
		{URL: "/sources/u/", Text: "Nothing else.", Meta: map[string]string{"title": "U"}},
	}
	index := func(html bool) []File {
		var urls []string
		var docs [][]byte
		for _, p := range ps {
			doc := p.Payload()
			if html {
				doc = addFile(p.URL, p.HTML())
			}
			if bytes.Contains(doc, []byte(`"AddRecord"`)) == html {
				t.Fatalf("%s: %s", p.URL, doc)
			}
			urls, docs = append(urls, p.URL), append(docs, doc)
		}
		files, err := Build(context.Background(), bin, Normal, urls, docs)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	records, pages := index(false), index(true)
	if len(records) != len(pages) {
		t.Fatalf("%d files from records, %d from pages", len(records), len(pages))
	}
	for i, f := range records {
		if f.Path != pages[i].Path || !bytes.Equal(f.Data, pages[i].Data) {
			t.Errorf("%s from records, %s from pages: not the same", f.Path, pages[i].Path)
		}
	}
}
