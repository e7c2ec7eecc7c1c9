package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/linkcheck"
	"dossier/generator/page"
	"dossier/generator/parallel"
	"dossier/generator/publish"
	"dossier/generator/search"
	"dossier/generator/sitefs"
)

// Builder builds a site and rebuilds it after changes, doing again only
// the work a change calls for: a changed briefing is re-parsed and its
// references re-anchored; a changed source is re-indexed and the references
// to it re-anchored; a changed template re-renders every page without
// re-parsing anything. Only the pages whose content can change are
// rendered again. What an update produces equals what a full build of the
// same files produces.
//
// A Builder is not safe for concurrent use.
type Builder struct {
	cfg  Config
	dir  string
	root *os.Root
	fsys *sitefs.FS // root's; its folders are let go after each build

	site      *content.Site
	loadDiags map[string]diag.List // by file; "" for the folder listings
	theme     *themeFiles
	themeDiag diag.List
	m         *model

	files  map[string][]byte          // with Config.Memory: the last good build
	lazies map[string]func() []byte   // and its files made when first asked for
	dirty  map[string]bool            // pages to render at the next good build; nil is all
	gone   map[string]bool            // pages to drop at the next good build
	links  map[string]*linkcheck.Page // the ids and links of every page of the last good build
	deps   map[string]*deps           // and what each of its files was made from
	tr     *tracer
	// with Config.Lazy: closed when the first build's pages are all made
	// and its links checked
	pending chan struct{}
}

// NewBuilder makes a builder; it reads nothing until Update.
func NewBuilder(cfg Config) *Builder {
	dir := cfg.Dir
	if dir == "" {
		dir = "."
	}
	return &Builder{cfg: cfg, dir: dir}
}

// open reads the site through an os.Root, so that no path and no symbolic
// link can lead a read outside the site folder.
func (b *Builder) open() error {
	if b.root != nil {
		return nil
	}
	root, err := os.OpenRoot(b.dir)
	if err != nil {
		return err
	}
	b.root, b.fsys = root, sitefs.New(root)
	b.fsys.Overlay(b.cfg.Overlay)
	return nil
}

// Close releases the site folder.
func (b *Builder) Close() error {
	if b.root == nil {
		return nil
	}
	err := b.root.Close()
	b.root, b.fsys = nil, nil
	return err
}

// Update builds the site again after the files at changed (slash paths
// relative to the site root) changed, appeared or went away. With nil it
// reads and builds everything.
func (b *Builder) Update(ctx context.Context, changed []string) (*Result, error) {
	if b.pending != nil {
		<-b.pending // the model may change only once the lazy build is done with it
		b.pending = nil
	}
	b.tr = newTracer()
	defer func() {
		if b.fsys != nil {
			b.fsys.Close() // a folder renamed or replaced is opened anew next time
		}
	}()
	if changed == nil || b.site == nil || b.theme == nil {
		return b.full(ctx)
	}
	var sources, briefings []string
	theme := false
	for _, p := range changed {
		switch {
		case strings.HasPrefix(p, "templates/") || strings.HasPrefix(p, "static/") || p == "templates" || p == "static":
			theme = true
		case content.IsSource(p) && !isDir(b.dir, p):
			sources = append(sources, p)
		case content.IsBriefing(p) && !isDir(b.dir, p):
			briefings = append(briefings, p)
		default: // site.yaml, a folder, a file of another kind: read everything
			return b.full(ctx)
		}
	}
	if _, err := os.Stat(filepath.Join(b.dir, "content")); err != nil {
		return b.full(ctx)
	}
	if theme {
		t, diags, err := loadTheme(b.fsys, b.cfg.Theme, b.cfg.engine, b.cfg.doc("theme.md", ""))
		if err != nil {
			return nil, err
		}
		b.theme, b.themeDiag, b.dirty = t, diags, nil
	}
	prev := b.m
	// what the briefings cited before: their source pages change too
	touched := map[*source]bool{}
	changedIDs := map[string]bool{}
	for _, p := range sources {
		b.site.Sources = reload(b, b.site.Sources, p, content.LoadSource, func(s *content.Source) string { return s.Path })
		changedIDs[strings.TrimSuffix(strings.TrimPrefix(p, content.SourcesDir+"/"), path.Ext(p))] = true
	}
	for _, p := range briefings {
		b.site.Briefings = reload(b, b.site.Briefings, p, content.LoadBriefing, func(b *content.Briefing) string { return b.Path })
	}
	m, freshSources, fresh := newModel(b.site, b.cfg, prev, len(sources) == 0)
	m.search, m.searchPage = prev.search, prev.searchPage
	// briefings to resolve again: the new and changed ones, and those that
	// cite a changed source or a source that did not exist
	resolve := slices.Clone(fresh)
	if len(changedIDs) > 0 {
		for _, br := range m.briefings {
			if !slices.Contains(fresh, br) && citesAny(br, changedIDs) {
				resolve = append(resolve, br)
			}
		}
	}
	for _, br := range resolve {
		for _, s := range br.cited {
			touched[s] = true
		}
	}
	for _, br := range prev.briefings {
		if m.brOf[br.Briefing] == nil { // gone, or replaced by a new version
			for _, s := range br.cited {
				touched[s] = true
			}
		}
	}
	// take away the links of what is re-resolved or gone, then link it anew
	var removed []*briefing
	for _, br := range prev.briefings {
		if m.brOf[br.Briefing] == nil || slices.Contains(resolve, br) {
			removed = append(removed, br)
		}
	}
	parse(fresh)
	m.relink(removed, nil)
	m.resolve(resolve)
	m.relink(nil, resolve)
	if err := renderBodies(ctx, resolve, freshSources); err != nil {
		return nil, err
	}
	if b.dirty != nil {
		m.inheritCiting(prev, removed, resolve, touched)
	}
	b.m = m
	// what m did not take from prev is gone: the keys of it stamp 0
	for _, br := range prev.briefings {
		br.dropped = m.brOf[br.Briefing] != br
	}
	if len(sources) > 0 {
		for _, s := range prev.sources {
			s.dropped = m.srcOf[s.Source] != s
		}
	}
	if b.dirty != nil {
		// every file that read a key whose value changed is made again
		// (deps.go), and every file the site gains
		values := map[key]uint64{}
		for rel, d := range b.deps {
			if d != nil && d.changedIn(m, values) {
				b.dirty[rel] = true
			}
		}
		// the pages of briefings and sources that came or went; a file of
		// the site as a whole comes or goes only with a change that
		// builds everything (site.yaml, the theme)
		before, after := prev.slugs(), m.slugs()
		for slug := range before {
			if !after[slug] {
				for _, f := range page.Files(page.PerBriefing, slug) {
					b.gone[f] = true
				}
			}
		}
		for slug := range after {
			if !before[slug] {
				for _, f := range page.Files(page.PerBriefing, slug) {
					b.dirty[f] = true
				}
			}
		}
		for id := range changedIDs {
			for _, f := range page.Files(page.PerSource, id) {
				if m.byID[id] == nil {
					b.gone[f] = true
				} else if prev.byID[id] == nil {
					b.dirty[f] = true
				}
			}
		}
		// the pages of listings that came or went: a listing's next pages,
		// an outlet's, a topic's
		prevLists, lists := prev.listingFiles(), m.listingFiles()
		for f := range prevLists {
			if !lists[f] {
				b.gone[f] = true
				delete(b.dirty, f)
			}
		}
		for f := range lists {
			if !prevLists[f] {
				b.dirty[f] = true
			}
		}
		for f := range b.gone { // gone at an update that failed, and back
			switch k, key := page.Of(f); {
			case lists[f], k != nil && k.Per == page.PerBriefing && after[key], k != nil && k.Per == page.PerSource && m.byID[key] != nil:
				delete(b.gone, f)
				b.dirty[f] = true
			}
		}
	}
	return b.finish(ctx, nil)
}

// full reads and builds everything.
func (b *Builder) full(ctx context.Context) (*Result, error) {
	if err := b.open(); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", b.dir, ErrNoContent)
		}
		return nil, err
	}
	tr := b.tr
	site, diags, err := content.Load(b.fsys)
	tr.mark("read content")
	if err != nil {
		b.site, b.m = nil, nil
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", b.dir, ErrNoContent)
		}
		return nil, err
	}
	b.site = site
	b.loadDiags = map[string]diag.List{}
	for _, d := range diags {
		key := d.Path
		if !content.IsSource(key) && !content.IsBriefing(key) {
			key = ""
		}
		b.loadDiags[key] = append(b.loadDiags[key], d)
	}
	t, tdiags, err := loadTheme(b.fsys, b.cfg.Theme, b.cfg.engine, b.cfg.doc("theme.md", ""))
	if err != nil {
		return nil, err
	}
	b.theme, b.themeDiag = t, tdiags
	tr.mark("theme")
	m, freshSources, fresh := newModel(site, b.cfg, nil, false)
	if m.search, err = b.findSearch(); err != nil {
		return nil, err
	}
	m.searchPage = m.search != "" || b.cfg.Search == SearchOn
	tr.mark("index sources")
	var w *publish.Folder
	if !b.cfg.Memory && !b.cfg.Check && t.r != nil {
		// the folders of the output are made while the briefings are
		// parsed and resolved; a build that fails keeps them as the spare
		// (an output that cannot be written is reported by finish, after
		// the content's problems)
		w, _ = publish.NewFolder(b.out(), outputDirs(m, t))
	}
	parse(fresh)
	tr.mark("parse")
	m.resolve(fresh)
	tr.mark("resolve")
	m.link()
	tr.mark("link")
	if err := renderBodies(ctx, fresh, freshSources); err != nil {
		if w != nil {
			w.Abandon()
		}
		return nil, err
	}
	tr.mark("render bodies")
	b.m, b.dirty = m, nil
	return b.finish(ctx, w)
}

// finish gathers the diagnostics and, when there are no errors, renders the
// dirty pages. w, when not nil, is a writer full started for a build on
// disk: finish writes into it, or abandons it.
func (b *Builder) finish(ctx context.Context, w *publish.Folder) (*Result, error) {
	if w != nil {
		defer w.Abandon()
	}
	m := b.m
	diags := slices.Clone(m.diags)
	for _, k := range slices.Sorted(maps.Keys(b.loadDiags)) {
		diags = append(diags, b.loadDiags[k]...)
	}
	diags = append(diags, b.themeDiag...)
	res := &Result{Sources: len(m.sources), Briefings: len(m.briefings), Notes: slices.Clone(b.theme.notes), Drafts: m.drafts}
	defer func() { res.Notes = append(res.Notes, b.theme.fallbackNotes()...) }()
	if w != nil {
		res.Notes = append(res.Notes, w.Notes()...)
	}
	for _, br := range m.briefings {
		diags = append(diags, br.parseDiags...)
		diags = append(diags, br.resolveDiags...)
		res.Claims += len(br.md.Claims)
		res.Citations += len(br.refs)
	}
	if b.cfg.Strict || b.cfg.Check {
		diags = diags.Strict()
	}
	diags.Sort()
	res.Diagnostics = diags
	if b.cfg.ContentDiagnostics != nil {
		b.cfg.ContentDiagnostics(slices.Clone(diags))
	}
	if res.Failed() || b.theme.r == nil {
		return res, nil
	}
	if !b.cfg.Memory {
		// a build on disk, or a check, lets go of each source's text once
		// its page is written: a later Update reads everything again
		defer func() { b.site = nil }()
	}
	if b.cfg.Check { // render, to check the links, and write nothing
		c := linkcheck.NewCollector(nil, m.linkSite())
		if _, err := m.write(ctx, c, b.theme, nil); err != nil {
			return res, writeError(res, err)
		}
		res.addLinks(c.Check(m.blameLinks(b.theme)))
		return res, nil
	}
	if b.cfg.Memory {
		if n := b.searchNote(m); n != "" && b.files == nil {
			res.Notes = append(res.Notes, n) // once, at the first build
		}
		return res, b.writeMemory(ctx, res)
	}
	b.dirty = nil // a build on disk writes everything into a new folder
	out := b.out()
	if w == nil {
		var err error
		if w, err = publish.NewFolder(out, outputDirs(m, b.theme)); err != nil {
			return res, err
		}
		defer w.Abandon()
		res.Notes = append(res.Notes, w.Notes()...)
	}
	// the search index is made from the model, beside the pages, the
	// shards the output already holds copied from it
	var index *indexing
	if m.search != "" {
		var err error
		if m.searchShards, err = m.planIndex(ctx); err != nil {
			return res, err
		}
		b.tr.mark("plan search index")
		ictx, cancel := context.WithCancel(ctx)
		prev := filepath.Join(out, searchDir)
		// each shard is written as soon as it is made, beside the pages
		index = startIndex(ictx, m.search, search.Normal, searchLanguage(m.site.Config.Language), m.searchShards,
			func(s *shard) []search.File { return copyShard(filepath.Join(prev, s.name)) }, w)
		defer index.wait()
		defer cancel()
	} else if n := b.searchNote(m); n != "" {
		res.Notes = append(res.Notes, n)
	}
	c := linkcheck.NewCollector(w, m.linkSite())
	if _, err := m.write(ctx, c, b.theme, nil); err != nil {
		return res, writeError(res, err)
	}
	b.tr.mark("write pages")
	if res.addLinks(c.Check(m.blameLinks(b.theme))) {
		return res, nil // the new build is abandoned; the old output stays
	}
	b.tr.mark("check links")
	if index != nil {
		if err := index.wait(); err != nil {
			return res, err
		}
		res.Shards, res.Indexed = len(index.shards), index.made()
		b.tr.mark("search index")
	}
	if err := w.Commit(); err != nil {
		return res, err
	}
	b.tr.mark("commit")
	res.Out, res.Pages, res.Files = out, w.Pages(), w.Files()
	return res, nil
}

// out is the output folder of a build on disk.
func (b *Builder) out() string {
	if b.cfg.Out != "" {
		return b.cfg.Out
	}
	return filepath.Join(b.dir, "public")
}

// outputDirs is the folders of the files a build of m writes.
func outputDirs(m *model, t *themeFiles) []string {
	var dirs []string
	for name := range m.outputs(t) {
		dirs = append(dirs, path.Dir(name))
	}
	return dirs
}

// writeMemory renders the dirty pages over the last good build, drops the
// pages of what is gone, and keeps the result.
func (b *Builder) writeMemory(ctx context.Context, res *Result) error {
	mem := publish.NewMemory()
	mem.Forget = b.cfg.Forget
	want := b.dirty
	if b.cfg.Lazy && b.files == nil {
		return b.writeLazy(mem, res)
	}
	if b.files != nil && b.dirty != nil {
		mem.Files, mem.Lazies = maps.Clone(b.files), maps.Clone(b.lazies)
		for name := range b.gone { // before rendering: a page may be gone and back
			delete(mem.Files, name)
		}
	} else {
		want = nil
	}
	c := linkcheck.NewCollector(mem, b.m.linkSite())
	tasks, err := b.m.write(ctx, c, b.theme, want)
	if err != nil {
		return writeError(res, err)
	}
	b.tr.mark("write pages")
	links := c.Pages()
	if want != nil {
		links = maps.Clone(b.links)
		maps.Copy(links, c.Pages())
		for name := range b.gone {
			delete(links, name)
		}
	}
	if res.addLinks(b.m.linkSite().Check(slices.Collect(maps.Keys(c.Pages())), links, mem.Has, b.m.blameLinks(b.theme))) {
		return nil // the last good build stays, and what is dirty stays dirty
	}
	b.tr.mark("check links")
	b.keepBuild(mem, links, tasks, want == nil)
	res.Site, res.Lazy, res.Files = mem.Files, mem.Lazies, len(mem.Files)+len(mem.Lazies)
	for name := range mem.Files {
		if strings.HasSuffix(name, ".html") {
			res.Pages++
		}
	}
	return nil
}

// keepBuild keeps a good build in memory, its pages' links and what the
// tasks that made its files read, for the next update to render over;
// nothing is dirty or gone since it. whole says the tasks made every file.
func (b *Builder) keepBuild(mem *publish.Memory, links map[string]*linkcheck.Page, tasks []task, whole bool) {
	if whole || b.deps == nil {
		b.deps = map[string]*deps{}
	}
	for _, t := range tasks {
		t.deps.settle()
		for _, rel := range t.rels {
			b.deps[rel] = t.deps
		}
	}
	for rel := range b.gone {
		if _, ok := mem.Files[rel]; !ok && mem.Lazies[rel] == nil {
			delete(b.deps, rel)
		}
	}
	b.files, b.lazies, b.links, b.dirty, b.gone = mem.Files, mem.Lazies, links, map[string]bool{}, map[string]bool{}
}

// writeLazy makes the first build of Config.Lazy: every file is made when
// first asked for, and all of them in the background, where the links
// are checked once they are.
func (b *Builder) writeLazy(mem *publish.Memory, res *Result) error {
	m := b.m
	c := linkcheck.NewCollector(mem, m.linkSite())
	tasks := m.tasks(c, b.theme, nil)
	once := make([]func() error, len(tasks))
	res.Lazy = map[string]func() []byte{}
	for i, t := range tasks {
		once[i] = sync.OnceValue(t.run)
		for _, rel := range t.rels {
			res.Lazy[rel] = func() []byte {
				if err := once[i](); err != nil {
					return nil
				}
				return mem.Get(rel)
			}
		}
	}
	checked := make(chan diag.List, 1)
	res.Site, res.Files, res.Checked = map[string][]byte{}, len(res.Lazy), checked
	for rel := range res.Lazy {
		if strings.HasSuffix(rel, ".html") {
			res.Pages++
		}
	}
	pending := make(chan struct{})
	b.pending = pending
	go func() {
		defer close(pending)
		var diags diag.List
		defer func() {
			if r := recover(); r != nil {
				diags = append(diags, diag.File("templates", diag.Error, "rendering the pages failed: %v", r))
			}
			checked <- diags
		}()
		errs := make([]error, len(tasks))
		parallel.For(len(tasks), func(i int) { errs[i] = once[i]() })
		var r Result
		if err := errors.Join(errs...); err != nil {
			if writeError(&r, err) != nil {
				r.Diagnostics = append(r.Diagnostics, diag.File("templates", diag.Error, "%v", err))
			}
			diags = r.Diagnostics
			return
		}
		if r.addLinks(c.Check(m.blameLinks(b.theme))) {
			diags = r.Diagnostics
			return // every page is rendered again at the next build
		}
		b.keepBuild(mem, c.Pages(), tasks, true)
	}()
	return nil
}

// reload reads the file at p again into list, or takes it out if it is
// gone, and keeps its diagnostics.
func reload[T any](b *Builder, list []*T, p string, load func(fs.FS, string) (*T, diag.List), pathOf func(*T) string) []*T {
	var v *T
	var diags diag.List
	if _, ok := b.cfg.Overlay[p]; ok || exists(b.dir, p) {
		v, diags = load(b.fsys, p)
	}
	b.loadDiags[p] = diags
	return replace(list, p, v, pathOf)
}

// replace puts v in place of the element of list whose path is p, or
// removes that element when v is nil, keeping list sorted by path.
func replace[T any](list []*T, p string, v *T, pathOf func(*T) string) []*T {
	list = slices.DeleteFunc(list, func(e *T) bool { return pathOf(e) == p })
	if v == nil {
		return list
	}
	i, _ := slices.BinarySearchFunc(list, p, func(e *T, p string) int { return strings.Compare(pathOf(e), p) })
	return slices.Insert(list, i, v)
}

func exists(root, p string) bool {
	_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p)))
	return err == nil
}

func isDir(root, p string) bool {
	fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
	return err == nil && fi.IsDir()
}

// slugs is the set of the model's briefings' slugs.
func (m *model) slugs() map[string]bool {
	set := make(map[string]bool, len(m.briefings))
	for _, b := range m.briefings {
		set[b.Slug] = true
	}
	return set
}

// citesAny reports whether a briefing cites one of ids, or a source that
// did not exist when it was resolved.
func citesAny(br *briefing, ids map[string]bool) bool {
	for r := range br.refs {
		if ids[r.Key] || r.Status == "unknown-source" {
			return true
		}
	}
	return false
}

// addLinks adds link problems to the result and reports whether there were any.
func (r *Result) addLinks(diags diag.List) bool {
	if len(diags) == 0 {
		return false
	}
	r.Diagnostics = append(r.Diagnostics, diags...)
	r.Diagnostics.Sort()
	return true
}

// searchNote says how to add search to a site that would have it but for
// Pagefind; "" when it has it or is not to.
func (b *Builder) searchNote(m *model) string {
	if m.search != "" || b.cfg.Check || b.cfg.Forget || b.cfg.Search == SearchOff {
		return ""
	}
	return "no search: Pagefind is not installed; npm install pagefind@" + search.Version +
		" in the site (or --search=false to say no) adds it (" + b.cfg.doc("site.md", "search") + ")"
}

// findSearch is the Pagefind the site is indexed with, by a build on disk
// or beside the dev server's (PlanSearch): none for a check, an editor's
// server or --search=false; an error when --search asks a build on disk
// for one that is not there.
func (b *Builder) findSearch() (string, error) {
	if b.cfg.Check || b.cfg.Forget || b.cfg.Search == SearchOff {
		return "", nil
	}
	bin := search.Find(b.dir)
	if bin == "" && b.cfg.Search == SearchOn && !b.cfg.Memory {
		return "", fmt.Errorf("--search: Pagefind is not installed: npm install pagefind@%s in the site, put pagefind on the PATH, or set DOSSIER_PAGEFIND", search.Version)
	}
	return bin, nil
}
