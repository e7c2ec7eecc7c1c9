package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/generator/parallel"
	"dossier/generator/publish"
	"dossier/generator/search"

	"golang.org/x/text/language"
)

// The search index (docs/site.md, /pagefind/): a page for each briefing,
// with each of its claims a section that opens at the claim, and a page
// for each source, made from the model, so that every result can be
// filtered by kind, outlet and briefing (and a briefing by its topics).
//
// The index is made in shards, each a folder of pagefind/ named by a hash
// of what it indexes (and the Pagefind that made it): a page is in the
// shard its URL hashes to, and a site of n pages has the power of two of
// shards nearest above n/searchShardPages. Shards are made side by side,
// one Pagefind each, and a shard the previous output already holds (its
// folder, by name) is copied from there: a build after one source changed
// indexes one shard. The search page searches the first and merges the
// others into it (Pagefind's mergeIndex). The dev server makes the same
// shards beside its builds (SearchPlan), served by number.

// claimOutletsMark divides a claim's title in the index from the outlets
// it cites (search.js reads them): U+2063, INVISIBLE SEPARATOR.
const claimOutletsMark = "\u2063"

// searchDir is where the index is published.
const searchDir = "pagefind/"

// searchShardPages is about as many pages as a shard holds at most: small
// enough that one is indexed in about half a second, large enough that a
// search fetches few of them.
const searchShardPages = 1024

// searchFormat changes when the pages dossier gives Pagefind do, so that
// no shard of an older making is reused.
const searchFormat = "dossier search 3"

// shard is a part of the index: its pages, each as the message that adds
// it to Pagefind (search.Page.Payload), and, once made or copied, its
// files.
type shard struct {
	name  string // its folder under pagefind/
	urls  []string
	pages [][]byte // payloads
	files []search.File
	made  bool  // by Pagefind, not copied
	err   error // Pagefind's
	werr  error // writing its files
	done  chan struct{}
}

// indexing is an index being made beside the pages.
type indexing struct {
	shards   []*shard
	language string // the pages'
}

// searchShardCount is how many shards an index of n pages is made in: the
// power of two nearest above n/searchShardPages.
func searchShardCount(pages int) int {
	per := searchShardPages
	if v, err := strconv.Atoi(os.Getenv("DOSSIER_SEARCH_SHARD_PAGES")); err == nil && v > 0 {
		per = v // to try other sizes, and for tests of a site in many shards
	}
	n := 1
	for n*per < pages {
		n *= 2
	}
	return n
}

// shardFolder is the folder of a shard of a build on disk's index, named
// by a hash of its pages (shard.name): a host may keep it for good, and the
// next build copies it.
func shardFolder(name string) string { return searchDir + name + "/" }

// servedShardFolder is the folder of the dev server's shard i: by its
// number, since the dev server's search page is made before its index is
// planned.
func servedShardFolder(i int) string { return searchDir + strconv.Itoa(i) + "/" }

// planIndex shards the site's pages; the search page is made with their
// folders' names. ctx ends it early, with its error.
func (m *model) planIndex(ctx context.Context) ([]*shard, error) {
	pages := m.searchPages(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := searchShardCount(len(pages))
	shards := make([]*shard, n)
	for i := range shards {
		shards[i] = &shard{done: make(chan struct{})}
	}
	of := make([][]int, n) // each shard's pages, in the order of the site
	for i := range pages {
		h := fnv.New64a()
		h.Write([]byte(pages[i].URL))
		k := h.Sum64() % uint64(n)
		of[k] = append(of[k], i)
	}
	parallel.For(n, func(i int) {
		s := shards[i]
		if ctx.Err() != nil {
			return
		}
		for _, j := range of[i] {
			s.urls = append(s.urls, pages[j].URL)
			s.pages = append(s.pages, pages[j].Payload())
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\nPagefind %s\nshard %d of %d\n", searchFormat, search.Version, i, n)
		for j, p := range s.pages {
			fmt.Fprintf(h, "%d %s\n%d\n", len(s.urls[j]), s.urls[j], len(p))
			h.Write(p)
		}
		s.name = hex.EncodeToString(h.Sum(nil))[:16]
	})
	return shards, ctx.Err()
}

// startIndex makes each shard of the index, or takes it as reuse gives it
// (files, or nil for none), in the background, as many at once as there
// are processors, while the pages are written. With w, each shard's files
// are written into it as soon as the shard is made (and not kept); else
// they are kept in the shard.
func startIndex(ctx context.Context, bin string, p search.Priority, language string, shards []*shard, reuse func(*shard) []search.File, w publish.Output) *indexing {
	work := make(chan int, len(shards))
	for i := range shards {
		work <- i
	}
	close(work)
	for range min(runtime.GOMAXPROCS(0), len(shards)) {
		go func() {
			for i := range work {
				s := shards[i]
				if s.files = reuse(s); s.files == nil {
					s.files, s.err = search.Build(ctx, bin, p, s.urls, s.pages)
					s.files = slices.DeleteFunc(s.files, func(f search.File) bool { return !publishedIndexFile(f.Path, i == 0) })
					s.made = true
				}
				s.pages = nil
				if w != nil && s.err == nil {
					for _, f := range s.files {
						if s.werr = w.File(shardFolder(s.name)+f.Path, f.Data); s.werr != nil {
							break
						}
					}
					s.files = nil
				}
				close(s.done)
			}
		}()
	}
	return &indexing{shards: shards, language: language}
}

// made is how many shards Pagefind made, once wait has waited for them.
func (in *indexing) made() int {
	n := 0
	for _, s := range in.shards {
		if s.made {
			n++
		}
	}
	return n
}

// copyShard reads the files of a shard made before from dir, the folder of
// one of the same name; nil when there is none there, or it cannot be read
// whole.
func copyShard(dir string) []search.File {
	if _, err := os.Stat(filepath.Join(dir, "pagefind-entry.json")); err != nil {
		return nil
	}
	var files []search.File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a file", p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, search.File{Path: filepath.ToSlash(rel), Data: data})
		return err
	})
	if err != nil {
		return nil
	}
	return files
}

// publishedIndexFile says whether a file of a shard's index is published:
// the data of every shard; Pagefind's script, worker and WebAssembly only
// with the first.
func publishedIndexFile(name string, first bool) bool {
	if strings.Contains(name, "-ui.") || name == "pagefind-highlight.js" {
		return false
	}
	if strings.HasSuffix(name, ".js") || strings.HasPrefix(name, "wasm.") {
		return first
	}
	return true
}

// failed is the error of the shard s.
func (in *indexing) failed(s *shard) error {
	return fmt.Errorf("search index (Pagefind %s, language %q from content/site.yaml): %w", search.Version, in.language, s.err)
}

// wait waits for every shard to be made and written, and returns the
// first error.
func (in *indexing) wait() error {
	var first error
	for _, s := range in.shards {
		<-s.done
		switch {
		case first != nil:
		case s.err != nil:
			first = in.failed(s)
		case s.werr != nil:
			first = s.werr
		}
	}
	return first
}

// searchPages is every page of the index, in the order of the site:
// briefings newest first, each with its claims as sections, then the
// sources; each page made on its own, side by side.
func (m *model) searchPages(ctx context.Context) []search.Page {
	lang := searchLanguage(m.site.Config.Language)
	citing := m.citingClaims()
	out := make([]search.Page, len(m.briefings)+len(m.sources))
	parallel.For(len(out), func(i int) {
		if ctx.Err() != nil {
			return
		}
		if i < len(m.briefings) {
			out[i] = m.briefingSearchPage(m.briefings[i], lang)
		} else {
			s := m.sources[i-len(m.briefings)]
			out[i] = m.sourceSearchPage(s, citing[s], lang)
		}
		neutralPage(&out[i])
	})
	return out
}

// briefingSearchPage is b's page of the index: its title, summary and
// topics, then each claim a section.
func (m *model) briefingSearchPage(b *briefing, lang string) search.Page {
	var text strings.Builder
	text.WriteString(b.Title + ". " + b.Summary)
	filters := map[string][]string{"kind": {"Briefings"}, "briefing": {b.Title}}
	for _, t := range b.Tags {
		text.WriteString(" " + t.Name + ".")
		if tp := m.topicOf[strings.ToLower(t.Name)]; tp != nil { // one name a topic, whatever the case
			filters["topic"] = append(filters["topic"], tp.name)
		}
	}
	pg := search.Page{URL: b.href, Text: text.String(), Language: lang,
		Meta: map[string]string{"title": b.Title, "kind": "Briefing"}, Filters: filters}
	for _, c := range b.md.Claims {
		// a claim is found by its words and by the words it quotes
		var content strings.Builder
		content.WriteString(c.Plain)
		var outlets []string
		for _, r := range c.Refs {
			ref := b.refs[r]
			if r.Passage != "" {
				content.WriteString(" “" + r.Passage + "”")
			}
			if ref == nil || ref.src == nil {
				continue
			}
			if o := m.outletOfSource(ref.src); o != nil && !slices.Contains(outlets, o.name) {
				outlets = append(outlets, o.name)
			}
		}
		for _, o := range outlets {
			if !slices.Contains(filters["outlet"], o) {
				filters["outlet"] = append(filters["outlet"], o)
			}
		}
		// the title carries the outlets the claim cites, for the search
		// page's outlet filter, after an invisible separator: a page's
		// meta would be found by a search, and an anchor's title is not
		title := strings.ReplaceAll("Claim "+strconv.Itoa(c.Number)+" · "+b.Title, claimOutletsMark, "")
		if len(outlets) > 0 {
			js, _ := json.Marshal(outlets)
			title += claimOutletsMark + string(js)
		}
		pg.Sections = append(pg.Sections, search.Section{ID: c.ID, Title: title, Text: content.String()})
	}
	if len(b.md.Claims) > 0 {
		filters["kind"] = append(filters["kind"], "Claims")
	}
	return pg
}

// sourceSearchPage is s's page of the index: its names and its opening
// words, not its whole text (that would make the index as large as the
// sources) nor the passages cited from it (each is found with the claim
// that quotes it), and the briefings of the claims citing it.
func (m *model) sourceSearchPage(s *source, citing []claimAt, lang string) search.Page {
	var content strings.Builder
	content.WriteString(strings.Join(slices.DeleteFunc([]string{firstOf(s.Title, s.ID), s.Outlet, s.Author, lede(s)},
		func(x string) bool { return strings.TrimSpace(x) == "" }), ". "))
	f := map[string][]string{"kind": {"Sources"}}
	if o := m.outletOfSource(s); o != nil {
		f["outlet"] = []string{o.name}
	}
	for _, c := range citing {
		if !slices.Contains(f["briefing"], c.b.Title) {
			f["briefing"] = append(f["briefing"], c.b.Title)
		}
	}
	return search.Page{URL: s.link.URL, Text: content.String(), Language: lang,
		Meta: map[string]string{"title": firstOf(s.Title, s.ID), "kind": "Source"}, Filters: f}
}

// neutralPage makes what a result, an excerpt or a filter's choice shows
// of p show as a page shows it: no bidi control.
func neutralPage(p *search.Page) {
	p.Text = neutralBidi(p.Text)
	for j := range p.Sections {
		p.Sections[j].Title = neutralBidi(p.Sections[j].Title)
		p.Sections[j].Text = neutralBidi(p.Sections[j].Text)
	}
	for k, v := range p.Meta {
		p.Meta[k] = neutralBidi(v)
	}
	for _, vs := range p.Filters {
		for j, v := range vs {
			vs[j] = neutralBidi(v)
		}
	}
}

// searchLanguage is the part of the site's language tag Pagefind indexes
// by (its stemmer, the index's file names): language, script and region,
// without variants or extensions ("de-CH-1996" is "de-CH"). Pagefind 1.6
// panics on a tag of more than about 30 characters.
func searchLanguage(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "en"
	}
	base, _ := t.Base()
	parts := []any{base}
	if script, c := t.Script(); c == language.Exact {
		parts = append(parts, script)
	}
	if region, c := t.Region(); c == language.Exact {
		parts = append(parts, region)
	}
	if short, err := language.Compose(parts...); err == nil {
		return short.String()
	}
	return base.String()
}

// ledeBytes is about how much of a source's opening its page of the index
// holds: a news article's first sentence. Each 100 bytes of it cost
// Pagefind about 0.6 s of CPU at 10,000 sources (docs/performance.md).
const ledeBytes = 160

// lede is the opening of a source's text: up to about ledeBytes, at a
// word. A PDF's page markers are not text: its paragraphs are taken one a
// line.
func lede(s *source) string {
	t := s.Text
	if s.Pages > 0 {
		var b strings.Builder
		for _, p := range s.Paragraphs {
			if b.Len() > ledeBytes {
				break
			}
			b.WriteString(s.Text[p.Start:p.End])
			b.WriteByte('\n')
		}
		t = b.String()
	}
	if len(t) <= ledeBytes {
		return t
	}
	cut := strings.LastIndexByte(t[:ledeBytes], ' ')
	if cut < ledeBytes*2/3 {
		cut = ledeBytes
		for !utf8.RuneStart(t[cut]) {
			cut--
		}
	}
	return t[:cut] + "…"
}

// SearchPlan is the search index of a build held in memory, planned: its
// pages, in shards named by a hash of their pages, as a build on disk
// makes them. Made (Make), its shards are served at their numbers
// (/pagefind/0/, /pagefind/1/, …), where the dev server's search page
// looks for them.
type SearchPlan struct {
	bin, language string
	shards        []*shard
}

// PlanSearch plans the search index of the last good build, for the dev
// server (Config.Memory); nil when the site is not indexed (no Pagefind,
// or --search=false). It reads the build's model: call it after a good
// build and before the next Update, from the goroutine that calls Update.
// Cut short by ctx, it returns ctx's error.
func (b *Builder) PlanSearch(ctx context.Context) (*SearchPlan, error) {
	m := b.m
	if !b.cfg.Memory || m == nil || m.search == "" {
		return nil, nil
	}
	if b.pending != nil {
		// the lazy first build's pages are still being made from the
		// model: the index waits for them, not the reader's first page
		select {
		case <-b.pending:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	shards, err := m.planIndex(ctx)
	if err != nil {
		return nil, err
	}
	return &SearchPlan{bin: m.search, language: searchLanguage(m.site.Config.Language), shards: shards}, nil
}

// SearchIndex is a search index made from a SearchPlan.
type SearchIndex struct {
	// Files are its files, by slash path in the site as Result.Site has
	// them: pagefind/0/pagefind.js, …
	Files map[string][]byte
	// Shards is how many shards it has, Made how many of them Pagefind
	// made (the others were the index before's).
	Shards, Made int
	byName       map[string][]search.File
}

// Make makes the planned index, taking from prev (nil for none) each
// shard of the same pages and running Pagefind for the others, as many at
// once as there are processors, each at a low priority: the dev server's
// rebuilds come first. A plan is made once.
func (p *SearchPlan) Make(ctx context.Context, prev *SearchIndex) (*SearchIndex, error) {
	in := startIndex(ctx, p.bin, search.Background, p.language, p.shards, func(s *shard) []search.File {
		if prev != nil {
			return prev.byName[s.name]
		}
		return nil
	}, nil)
	if err := in.wait(); err != nil {
		return nil, err
	}
	ix := &SearchIndex{Files: map[string][]byte{}, Shards: len(p.shards), Made: in.made(), byName: map[string][]search.File{}}
	for i, s := range p.shards {
		ix.byName[s.name] = s.files
		for _, f := range s.files {
			ix.Files[servedShardFolder(i)+f.Path] = f.Data
		}
	}
	return ix, nil
}
