package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"html"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"dossier/generator/diag"
	"dossier/generator/page"
	"dossier/generator/site"
	"dossier/generator/sitefs"
	"dossier/generator/watch"
)

// Config says what to serve. The zero value of each field but Site is its default.
type Config struct {
	Site site.Config // what to build; Memory is set by the server
	Addr string      // host:port to listen on; "" is 127.0.0.1:1313
	Poll bool        // poll for changes instead of using file system events
	// Logf receives one line per rebuild and every warning; nil discards them.
	Logf func(format string, args ...any)
}

// Server serves a site and rebuilds it on every change.
type Server struct {
	cfg   Config
	hosts []string // the Host values it answers to

	mu      sync.Mutex
	files   map[string][]byte        // the last good build
	lazy    map[string]func() []byte // and its files made when first asked for
	diags   diag.List                // problems of the last build
	failure string                   // why the last build did not run at all
	version int                      // counts builds
	clients map[chan event]bool

	// the search index (site.SearchPlan), made in the background after
	// each good build: the one served, the one before (for a search begun
	// on it), and the plan of the next, when one waits
	search, searchBefore *site.SearchIndex
	searchReady          chan struct{} // closed once the first is made, or cannot be
	searchNext           *site.SearchPlan
	searches             int // how many indexes were made after the first
	indexing             bool
	indexers             sync.WaitGroup

	hashes  map[string]uint64 // content of every watched file, to skip saves of identical bytes
	builder *site.Builder     // used by one goroutine at a time: the start, then the watch loop
}

// The watched folders of a site.
var watched = []string{"content", "templates", "static"}

// New makes a server; it builds nothing until Run.
func New(cfg Config) *Server {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:1313"
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Site.Dir == "" {
		cfg.Site.Dir = "."
	}
	cfg.Site.Memory = true
	// the first build serves its pages as they are asked for and checks
	// their links in the background
	cfg.Site.Lazy = true
	return &Server{cfg: cfg, clients: map[chan event]bool{}, builder: site.NewBuilder(cfg.Site), searchReady: make(chan struct{})}
}

// Run builds the site, listens, and serves until ctx is done. ready, if not
// nil, is called with the site's URL once it is listening.
func (s *Server) Run(ctx context.Context, ready func(url string)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	addr := ln.Addr().(*net.TCPAddr)
	s.hosts = allowedHosts(s.cfg.Addr, addr)
	// the hashes tell a save that changes a file from one that does not;
	// they are needed at the first change, not for the first build
	scanned := make(chan map[string]uint64, 1)
	go func() { scanned <- s.scan() }()
	good := s.rebuild(ctx, nil, "start")
	s.hashes = <-scanned
	plan := s.planSearch(ctx, good)

	w, err := watch.New(watch.Config{Root: s.cfg.Site.Dir, Dirs: watched, Poll: pollInterval(s.cfg.Poll), Logf: s.cfg.Logf})
	if err != nil {
		plan.stop()
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		s.closeClients()
		srv.Shutdown(sctx)
	}()
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		for b := range w.C {
			changed := s.changed(b)
			if !b.All && len(changed) == 0 {
				continue
			}
			// a save stops the planning of the index: the builder is the
			// rebuild's, which does not wait for the index
			plan.stop()
			why := strings.Join(changed, ", ")
			if b.All {
				changed, why = nil, "events were lost: everything"
			}
			plan = s.planSearch(ctx, s.rebuild(ctx, changed, why))
		}
		plan.stop()
	}()
	defer func() {
		// the watch loop ends with the watcher, and its planning with it;
		// the Pagefinds end with ctx
		w.Close()
		<-watching
		s.indexers.Wait()
		s.builder.Close()
	}()
	if ready != nil {
		ready("http://" + s.hosts[0] + "/")
	}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// planning is the search index of a build being planned, beside the
// watch loop.
type planning struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// stop cuts the planning short and waits for it to end.
func (p *planning) stop() {
	if p != nil {
		p.cancel()
		<-p.done
	}
}

// searchDelay is how long after a good build its search index is planned.
const searchDelay = 300 * time.Millisecond

// planSearch plans the search index of a good build on the builder, in the
// background until stopped, and hands the plan to the indexer.
func (s *Server) planSearch(ctx context.Context, good bool) *planning {
	if !good {
		return nil
	}
	pctx, cancel := context.WithCancel(ctx)
	p := &planning{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		// a save soon after stops the planning before it starts: saves in
		// a row are planned once, after the last
		select {
		case <-pctx.Done():
			return
		case <-time.After(searchDelay):
		}
		plan, err := s.plan(pctx)
		switch {
		case err != nil && pctx.Err() != nil:
			// stopped by a save: its build plans again
		case err != nil:
			s.cfg.Logf("search index: %v", err)
			s.searchMade()
		case plan == nil:
			s.searchMade() // the site has no search
		default:
			s.index(ctx, plan)
		}
	}()
	return p
}

// plan is the builder's PlanSearch, a panic made an error.
func (s *Server) plan(ctx context.Context) (plan *site.SearchPlan, err error) {
	defer func() {
		if p := recover(); p != nil {
			plan, err = nil, fmt.Errorf("internal error: %v", p)
		}
	}()
	return s.builder.PlanSearch(ctx)
}

// searchMade says that the first search index is made, or that none will
// be: a request for its files waits no longer.
func (s *Server) searchMade() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.searchReady:
	default:
		close(s.searchReady)
	}
}

// index makes the planned index in the background, one at a time: a plan
// made while one is indexed waits, replaced by any later one. The shards
// of the index served are taken as they are; a search page open in a
// browser reloads once the new one is served.
func (s *Server) index(ctx context.Context, plan *site.SearchPlan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.searchNext = plan
	if s.indexing {
		return
	}
	s.indexing = true
	s.indexers.Add(1)
	go func() {
		defer s.indexers.Done()
		for {
			s.mu.Lock()
			plan, prev := s.searchNext, s.search
			s.searchNext = nil
			if plan == nil || ctx.Err() != nil {
				s.indexing = false
				s.mu.Unlock()
				return
			}
			s.mu.Unlock()
			start := time.Now()
			ix, err := plan.Make(ctx, prev)
			if err != nil {
				if ctx.Err() == nil {
					s.cfg.Logf("search index: %v", err)
				}
				s.searchMade()
				continue
			}
			s.mu.Lock()
			s.searchBefore, s.search = s.search, ix
			if s.searchBefore != nil {
				s.searches++
				s.send(event{"search", s.searches})
			}
			s.mu.Unlock()
			s.searchMade()
			s.cfg.Logf("search index: %d of %d shards made in %s", ix.Made, ix.Shards, time.Since(start).Round(time.Millisecond))
		}
	}()
}

// searchWait is how long a request for a file of the search index waits
// for the first index to be made.
const searchWait = 2 * time.Minute

// searchFile is the file of the search index at key, once the first index
// is made: of the index served, else of the one before it.
func (s *Server) searchFile(ctx context.Context, key string) ([]byte, bool) {
	select {
	case <-s.searchReady:
	case <-ctx.Done():
		return nil, false
	case <-time.After(searchWait):
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ix := range []*site.SearchIndex{s.search, s.searchBefore} {
		if ix != nil {
			if data, ok := ix.Files[key]; ok {
				return data, true
			}
		}
	}
	return nil, false
}

func pollInterval(poll bool) time.Duration {
	if poll {
		return watch.PollInterval
	}
	return 0
}

// allowedHosts lists the Host header values that name this server.
func allowedHosts(configured string, addr *net.TCPAddr) []string {
	port := fmt.Sprint(addr.Port)
	host, _, _ := net.SplitHostPort(configured)
	var hosts []string
	if host != "" && host != "0.0.0.0" && host != "::" {
		hosts = append(hosts, net.JoinHostPort(host, port))
	}
	if addr.IP.IsLoopback() || addr.IP.IsUnspecified() {
		hosts = append(hosts, "127.0.0.1:"+port, "localhost:"+port, "[::1]:"+port)
	}
	return slices.Compact(hosts)
}

// hashSeed keys the content hashes: 64 bits tell a changed file from an
// unchanged one, and maphash hashes a large site's files in a fraction of
// the time SHA-256 took.
var hashSeed = maphash.MakeSeed()

// scan hashes every file of the watched folders.
func (s *Server) scan() map[string]uint64 {
	out := map[string]uint64{}
	fsys, done := s.siteFiles()
	defer done()
	for _, d := range watched {
		hashTree(fsys, d, out)
	}
	return out
}

// siteFiles opens the site the way a build reads it: through its Root, regular
// files only, each within its limit.
func (s *Server) siteFiles() (fs.FS, func()) {
	root, err := os.OpenRoot(s.cfg.Site.Dir)
	if err != nil {
		return emptyFS{}, func() {}
	}
	fsys := sitefs.New(root)
	return fsys, func() { fsys.Close(); root.Close() }
}

type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// hashTree hashes every file at or under rel, a slash path relative to the
// site, into out. A file that cannot be read (a named pipe, a link out of
// the site, a file over its limit) is hashed as its error, so that the
// build that reports it runs again when that changes.
func hashTree(fsys fs.FS, rel string, out map[string]uint64) {
	fs.WalkDir(fsys, rel, func(p string, e fs.DirEntry, err error) error {
		if err != nil && p == rel && !errors.Is(err, fs.ErrNotExist) {
			// a link out of the site, say: its error is what changed
			out[p] = maphash.Bytes(hashSeed, append([]byte{0}, err.Error()...))
			return nil
		}
		if err != nil || e.IsDir() || watch.IgnoreEditorFiles(e.Name()) {
			return nil
		}
		b, err := sitefs.ReadFile(fsys, p)
		if err != nil {
			if fi, serr := fs.Stat(fsys, p); serr == nil && fi.IsDir() {
				return nil // a link to a folder, which the watch does not follow
			}
			b = append([]byte{0}, err.Error()...)
		}
		out[p] = maphash.Bytes(hashSeed, b)
		return nil
	})
}

// changed returns the files of a batch whose bytes differ from the last
// look, or that appeared or went away, so that a save of identical bytes
// (or a touch) rebuilds nothing. Only the batch's paths are read.
func (s *Server) changed(b watch.Batch) []string {
	if b.All {
		s.hashes = s.scan()
		return nil
	}
	seen := map[string]bool{}
	var out []string
	fsys, done := s.siteFiles()
	defer done()
	for _, p := range b.Paths {
		now := map[string]uint64{}
		hashTree(fsys, p, now)
		for f, h := range now {
			if old, ok := s.hashes[f]; (!ok || old != h) && !seen[f] {
				out, seen[f] = append(out, f), true
			}
			s.hashes[f] = h
		}
		for f := range s.hashes { // gone: the path itself, or files under a folder that went
			if (f == p || strings.HasPrefix(f, p+"/")) && !seen[f] {
				if _, ok := now[f]; !ok {
					delete(s.hashes, f)
					out, seen[f] = append(out, f), true
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// rebuild builds what the changed files call for (everything for nil) and,
// whatever happens, tells the pages to reload; good says the build is.
func (s *Server) rebuild(ctx context.Context, changed []string, why string) (good bool) {
	start := time.Now()
	res, err := s.build(ctx, changed)
	s.mu.Lock()
	s.version++
	s.failure = ""
	switch {
	case err != nil:
		s.failure = err.Error()
		s.diags = nil
	case res.Failed():
		s.diags = res.Diagnostics
	default:
		s.diags = res.Diagnostics
		s.files, s.lazy = res.Site, res.Lazy
		good = true
	}
	v := s.version
	s.notify(v)
	s.mu.Unlock()
	if err == nil && res.Checked != nil {
		go s.checked(v, res.Checked, start, why)
	}
	errs, warns := 0, 0
	if res != nil {
		errs, warns = res.Diagnostics.Count()
	}
	if res != nil {
		for _, n := range res.Notes {
			s.cfg.Logf("note: %s", n)
		}
	}
	switch {
	case err != nil:
		s.cfg.Logf("build failed (%s): %v", why, err)
	case errs > 0:
		s.cfg.Logf("%s%s (%s); serving the last good build", terminal(res.Diagnostics), res.Diagnostics.Summary(), why)
	case res.Checked != nil:
		s.cfg.Logf("%sread and checked the content in %s (%s)%s; serving, and rendering its %d pages in the background",
			terminal(res.Diagnostics), time.Since(start).Round(time.Millisecond), why, plural(warns, "warning"), res.Pages)
	default:
		s.cfg.Logf("%sbuilt %d pages in %s (%s)%s", terminal(res.Diagnostics), res.Pages, time.Since(start).Round(time.Microsecond), why, plural(warns, "warning"))
	}
	return good
}

// notify tells every client that version v is the latest. s.mu is held.
func (s *Server) notify(v int) { s.send(event{"reload", v}) }

// event is what the pages are told: a build's version ("reload"), or that
// the search index was made again ("search", with how many times).
type event struct {
	name string
	n    int
}

// send sends e to every client. s.mu is held.
func (s *Server) send(e event) {
	for c := range s.clients {
		select {
		case c <- e:
		default: // the client has an event pending already: it reloads
		}
	}
}

// checked waits for the links of build v, whose pages are made in the
// background, to be checked, and shows what that found, unless a later
// build has been served since.
func (s *Server) checked(v int, late <-chan diag.List, start time.Time, why string) {
	diags := <-late
	s.mu.Lock()
	if s.version != v {
		s.mu.Unlock()
		return
	}
	if len(diags) > 0 {
		s.version++
		s.diags = append(slices.Clone(s.diags), diags...)
		s.diags.Sort()
		s.notify(s.version)
	}
	s.mu.Unlock()
	if len(diags) > 0 {
		s.cfg.Logf("%sthe links of the pages (%s) have problems", terminal(diags), why)
		return
	}
	s.cfg.Logf("rendered every page and checked its links in %s (%s)", time.Since(start).Round(time.Millisecond), why)
}

// terminal prints diagnostics as check does, each with its line and caret,
// for the terminal: "" for none.
func terminal(l diag.List) string {
	if len(l) == 0 {
		return ""
	}
	var b bytes.Buffer
	diag.Text(&b, l)
	return b.String()
}

func plural(n int, w string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "; 1 " + w
	}
	return fmt.Sprintf("; %d %ss", n, w)
}

// build runs one build, turning a panic into an error: the server must outlive any bug.
func (s *Server) build(ctx context.Context, changed []string) (res *site.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("internal error: %v", p)
			s.builder = site.NewBuilder(s.cfg.Site) // start afresh
		}
	}()
	return s.builder.Update(ctx, changed)
}

func (s *Server) closeClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		close(c)
		delete(s.clients, c)
	}
}

// ServeHTTP serves the build held in memory, the reload events, and nothing else.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !slices.Contains(s.hosts, strings.ToLower(r.Host)) {
		http.Error(w, "dossier serve: this server answers only to "+s.hosts[0], http.StatusForbidden)
		return
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !slices.Contains(s.hosts, strings.ToLower(u.Host)) {
			http.Error(w, "dossier serve: foreign origin", http.StatusForbidden)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == eventsPath {
		s.events(w, r)
		return
	}
	s.file(w, r)
}

const eventsPath = "/_dossier/events"

// searchPrefix is where the search index is served (site.SearchIndex).
const searchPrefix = "pagefind/"

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "\x00") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	clean := path.Clean(p)
	if clean != p && clean+"/" != p {
		http.Redirect(w, r, clean, http.StatusMovedPermanently)
		return
	}
	s.mu.Lock()
	files, lazy, diags, failure, version := s.files, s.lazy, s.diags, s.failure, s.version
	s.mu.Unlock()
	if files == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write(errorPage(diags, failure, version))
		return
	}
	key := strings.TrimPrefix(clean, "/")
	if strings.HasSuffix(p, "/") {
		key = strings.TrimPrefix(key+"/index.html", "/")
	}
	// a file is made, or made when first asked for
	get := func(key string) ([]byte, bool) {
		if data, ok := files[key]; ok {
			return data, true
		}
		if gen := lazy[key]; gen != nil {
			return gen(), true
		}
		return nil, false
	}
	data, ok := get(key)
	if !ok && strings.HasPrefix(key, searchPrefix) {
		data, ok = s.searchFile(r.Context(), key)
	}
	status := http.StatusOK
	if !ok {
		if _, dir := files[key+"/index.html"]; dir || lazy[key+"/index.html"] != nil {
			http.Redirect(w, r, clean+"/", http.StatusMovedPermanently)
			return
		}
		key = page.NotFound.File("")
		data, _ = get(key)
		status = http.StatusNotFound
	}
	ctype := mime.TypeByExtension(path.Ext(key))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, diags, failure, version)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// events streams a "reload" event after every build that ends after the
// page was served.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 1)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	// the current version first: a build that ended between serving the
	// page and this request must still reload it
	s.mu.Lock()
	v := s.version
	s.mu.Unlock()
	fmt.Fprintf(w, "retry: 500\n\nevent: reload\ndata: %d\n\n", v)
	fl.Flush()
	keep := time.NewTicker(15 * time.Second)
	defer keep.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %d\n\n", e.name, e.n)
			fl.Flush()
		case <-keep.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		}
	}
}

// reloadScript reloads the page when a build ends, keeping its scroll
// position, and the search page when the search index was made again. The
// page's build version tells it whether a build ended while it was
// loading.
const reloadScript = `<script>(function(){var v=%d,k="dossier-scroll:"+location.pathname;` +
	`var y=sessionStorage.getItem(k);if(y!==null){sessionStorage.removeItem(k);addEventListener("load",function(){scrollTo(0,+y)});}` +
	`var es=new EventSource("%s");function r(){sessionStorage.setItem(k,String(scrollY));location.reload();}` +
	`es.addEventListener("reload",function(e){if(+e.data>v)r();});` +
	`es.addEventListener("search",function(){if(document.getElementById("search-results"))r();});` +
	`})();</script>`

// inject adds the build's problems at the top of an HTML page and the
// reload script at its end.
func inject(page []byte, diags diag.List, failure string, version int) []byte {
	var b bytes.Buffer
	b.Grow(len(page) + 2048)
	body := bytes.Index(page, []byte("<body"))
	if body >= 0 {
		if end := bytes.IndexByte(page[body:], '>'); end >= 0 {
			body += end + 1
		}
	}
	if body < 0 {
		body = 0
	}
	b.Write(page[:body])
	b.Write(problems(diags, failure))
	rest := page[body:]
	if i := bytes.LastIndex(rest, []byte("</body>")); i >= 0 {
		b.Write(rest[:i])
		fmt.Fprintf(&b, reloadScript, version, eventsPath)
		b.Write(rest[i:])
	} else {
		b.Write(rest)
		fmt.Fprintf(&b, reloadScript, version, eventsPath)
	}
	return b.Bytes()
}

// problems is the box that shows a build's problems, or nothing.
func problems(diags diag.List, failure string) []byte {
	if len(diags) == 0 && failure == "" {
		return nil
	}
	errs, _ := diags.Count()
	var text bytes.Buffer
	if failure != "" {
		text.WriteString(failure + "\n")
	}
	diag.Text(&text, diags)
	title := diags.Summary()
	note := "This page is the last good build."
	if failure != "" {
		title, note = "The build did not run", "This page is the last good build, if there was one."
	} else if errs == 0 {
		note = "The build succeeded."
	}
	var b bytes.Buffer
	b.WriteString(`<div id="dossier-problems" role="alert" style="all:initial;display:block;box-sizing:border-box;margin:0;padding:1rem 1.25rem;` +
		`background:#fff4f2;color:#3a0a00;border-bottom:3px solid #b3261e;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow:auto;max-height:60vh">`)
	fmt.Fprintf(&b, `<strong style="font:700 15px system-ui,sans-serif">dossier: %s.</strong> <span style="font:14px system-ui,sans-serif">%s</span>`+"\n\n", title, note)
	b.WriteString(html.EscapeString(text.String()))
	b.WriteString("</div>\n")
	return b.Bytes()
}

// errorPage is what every path shows when no build has succeeded yet.
func errorPage(diags diag.List, failure string, version int) []byte {
	page := []byte("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier: the build failed</title></head><body>\n<main><p>No build has succeeded yet. Fix the problems above and save: this page reloads by itself.</p></main>\n</body></html>\n")
	return inject(page, diags, failure, version)
}
