package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/site"
	"dossier/generator/watch"

	"go.lsp.dev/jsonrpc2"
)

// Config says how the server works. The zero value of each field but
// Site.Theme is its default.
type Config struct {
	// Site is the site to check: Dir "" is the folder the client opens
	// (or the nearest folder above it that holds content/). The server
	// builds it as `dossier check` does, drafts included, in memory.
	Site    site.Config
	Version string                           // dossier's, for the client's log
	Logf    func(format string, args ...any) // the server's log; nil discards it
	// Debounce is how long the server waits after a change before it
	// checks again; 0 is 30 ms
	Debounce time.Duration
	Poll     bool // poll for changes on disk instead of being told of them
}

// ErrExitWithoutShutdown is what Run returns when the client said exit
// before shutdown, as the protocol asks a server to end with status 1.
var ErrExitWithoutShutdown = errors.New("exit before shutdown")

// Server is a language server for one site and one client.
type Server struct {
	cfg     Config
	methods map[string]func(params []byte) (any, error) // served once initialized
	conn    jsonrpc2.Conn
	ctx     context.Context
	enc     string // the position encoding agreed
	root    string // the site's folder, absolute

	mu       sync.Mutex // guards what follows, to bmu
	state    int        // stateNew, stateRunning, stateShutdown
	docs     map[string]*document
	dirty    map[string]bool // site paths changed since the last check
	all      bool            // everything changed (the watcher lost events)
	timer    *time.Timer
	cat      *catalog      // what completion offers, of the last check
	ready    chan struct{} // closed once the first check is done
	exit     chan struct{} // closed at exit
	exitErr  error
	watching *watch.Watcher
	// rendering is set while a check makes pages again for its link check,
	// its content's problems published: a change then cancels it (cancel),
	// and the next check makes them with its own
	rendering bool
	cancel    context.CancelFunc

	bmu       sync.Mutex // the builder, its last result and what was published of it
	b         *site.Builder
	res       *site.Result
	texts     map[string][]byte // the open documents' text as the last check read it
	versions  map[string]int
	uris      map[string]string // and their URIs
	published map[string][]byte // by URI: the diagnostics last published, as JSON
}

const (
	stateNew = iota
	stateRunning
	stateShutdown
)

// document is a file the client has open.
type document struct {
	uri     string
	path    string // relative to the site root; "" outside it
	version int
	text    []byte
}

// catalog is what completion reads, made after each check.
type catalog struct {
	sources []*content.Source
	byID    map[string]*content.Source
	words   map[*content.Source][]string // of each source's id, title and outlet, lowercased
	tags    []string
}

// newCatalog makes the catalog of sources, taking the words of those
// unchanged since prev (a source read again is a new value).
func newCatalog(sources []*content.Source, tags []string, prev *catalog) *catalog {
	if prev != nil && slices.Equal(prev.sources, sources) {
		return &catalog{sources: prev.sources, byID: prev.byID, words: prev.words, tags: tags}
	}
	cat := &catalog{sources: sources, tags: tags, byID: make(map[string]*content.Source, len(sources)), words: make(map[*content.Source][]string, len(sources))}
	for _, src := range sources {
		cat.byID[src.ID] = src
		w, ok := []string(nil), false
		if prev != nil {
			w, ok = prev.words[src]
		}
		if !ok {
			w = wordsOf(src.ID + " " + src.Title + " " + src.Outlet)
		}
		cat.words[src] = w
	}
	return cat
}

// New makes a server.
func New(cfg Config) *Server {
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Debounce == 0 {
		cfg.Debounce = 30 * time.Millisecond
	}
	cfg.Site.Memory, cfg.Site.Forget, cfg.Site.Lazy, cfg.Site.Strict, cfg.Site.Drafts, cfg.Site.Search = true, true, false, true, true, site.SearchOff
	s := &Server{
		cfg: cfg, enc: utf16Encoding, docs: map[string]*document{}, dirty: map[string]bool{},
		ready: make(chan struct{}), exit: make(chan struct{}), published: map[string][]byte{},
	}
	s.methods = s.handlers()
	// the content's problems are published while the pages are made for
	// the link check, and the link check's, if any, after
	s.cfg.Site.ContentDiagnostics = func(l diag.List) {
		s.publish(l)
		s.mu.Lock()
		s.rendering = true // a change from now on stops the pages being made
		s.mu.Unlock()
	}
	return s
}

// Run serves the client that writes to in and reads from out until it
// says exit (nil after shutdown, ErrExitWithoutShutdown before), in ends,
// or ctx is done.
func (s *Server) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	s.ctx = ctx
	s.conn = jsonrpc2.NewConn(newStream(in, out, nil, s.cfg.Logf), jsonrpc2.WithCodec(codec{}))
	s.conn.Go(ctx, s.handle)
	defer func() {
		cancel() // a check under way stops making pages
		s.stop()
	}()
	select {
	case <-s.exit:
		return s.exitErr
	case <-s.conn.Done():
		select {
		case <-s.exit: // exit, then the end of the input
			return s.exitErr
		default:
		}
		if err := s.conn.Err(); err != nil {
			return err
		}
		return errors.New("the client closed the connection without exit")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop lets go of the watcher, the timer and the builder.
func (s *Server) stop() {
	s.mu.Lock()
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.watching != nil {
		s.watching.Close()
	}
	s.mu.Unlock()
	s.bmu.Lock()
	if s.b != nil {
		s.b.Close()
	}
	s.bmu.Unlock()
}

// handle answers one message. A panic is an internal error in the answer
// to a call and a line in the log for a notification: nothing a client
// sends ends the server but exit.
func (s *Server) handle(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	method := req.Method()
	call := req.IsCall()
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logf("internal error in %s: %v\n%s", method, p, debug.Stack())
			result, err = nil, nil
			if call {
				err = jsonrpc2.Errorf(jsonrpc2.InternalError, "dossier lsp: internal error in %s: %v", method, p)
			}
		}
		if err != nil && !call {
			s.cfg.Logf("%s: %v", method, err)
			err = nil // an error in a notification would end the connection
		}
	}()
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case method == "exit":
		s.mu.Lock()
		if state != stateShutdown {
			s.exitErr = ErrExitWithoutShutdown
		}
		select {
		case <-s.exit:
		default:
			close(s.exit)
		}
		s.mu.Unlock()
		return nil, nil
	case method == "initialize":
		if state != stateNew {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already called")
		}
		return s.initialize(req.Params())
	case state == stateNew:
		if call {
			return nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "dossier lsp: initialize first")
		}
		return nil, nil
	case state == stateShutdown && call:
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "dossier lsp: the server is shut down")
	}
	h, ok := s.methods[method]
	if !ok {
		if call {
			return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "dossier lsp: no method %s", method)
		}
		return nil, nil // $/cancelRequest, $/setTrace and other notifications it does not need
	}
	return h(req.Params())
}

// handlers are the methods served once initialized, by name.
func (s *Server) handlers() map[string]func(params []byte) (any, error) {
	return map[string]func([]byte) (any, error){
		"initialized": func([]byte) (any, error) { s.startWatching(); return nil, nil },
		"shutdown": func([]byte) (any, error) {
			s.mu.Lock()
			s.state = stateShutdown
			s.mu.Unlock()
			return nil, nil
		},
		"textDocument/didOpen":             decoded(s.didOpen),
		"textDocument/didChange":           decoded(s.didChange),
		"textDocument/didClose":            decoded(s.didClose),
		"textDocument/didSave":             func([]byte) (any, error) { return nil, nil },
		"workspace/didChangeWatchedFiles":  func([]byte) (any, error) { return nil, nil }, // the server watches for itself
		"textDocument/completion":          decoded(s.completion),
		"textDocument/hover":               decoded(s.hover),
		"textDocument/definition":          decoded(s.definition),
		"textDocument/references":          decoded(s.references),
		"textDocument/codeAction":          decoded(s.codeActions),
		"workspace/didChangeConfiguration": func([]byte) (any, error) { return nil, nil },
	}
}

// decoded adapts a handler of typed params: params that do not decode are
// an InvalidParams error.
func decoded[P any](h func(*P) (any, error)) func([]byte) (any, error) {
	return func(raw []byte) (any, error) {
		p := new(P)
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, p); err != nil {
				return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "dossier lsp: %v", err)
			}
		}
		return h(p)
	}
}

func (s *Server) initialize(raw []byte) (any, error) {
	var p initializeParams
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "dossier lsp: %v", err)
		}
	}
	var caps clientCapabilities
	_ = json.Unmarshal(p.Capabilities, &caps) // what it cannot read it does not offer
	for _, e := range caps.General.PositionEncodings {
		if e == utf8Encoding { // no counting of UTF-16 units
			s.enc = utf8Encoding
		}
	}
	s.root = s.siteRoot(p)
	s.cfg.Site.Dir = s.root
	s.b = site.NewBuilder(s.cfg.Site)
	s.mu.Lock()
	s.state = stateRunning
	s.mu.Unlock()
	s.cfg.Logf("checking the site in %s", s.root)
	go func() {
		defer close(s.ready)
		s.check()
		// the first check makes every page once: what that took is let go
		// of, for an editor's long hours beside it
		debug.FreeOSMemory()
	}()
	return initializeResult{
		ServerInfo: serverInfo{Name: "dossier", Version: s.cfg.Version},
		Capabilities: serverCapabilities{
			PositionEncoding:   s.enc,
			TextDocumentSync:   textDocumentSync{OpenClose: true, Change: 2, Save: true},
			CompletionProvider: completionProvider{TriggerCharacters: []string{"@", `"`, "“", "!", " ", ","}},
			HoverProvider:      true,
			DefinitionProvider: true,
			ReferencesProvider: true,
			CodeActionProvider: codeActionProvider{CodeActionKinds: []string{"quickfix"}},
		},
	}, nil
}

// siteRoot is the site's folder: the configured one, else the folder the
// client opened or the nearest one above it that holds content/.
func (s *Server) siteRoot(p initializeParams) string {
	dir := s.cfg.Site.Dir
	if dir == "" {
		switch {
		case p.RootURI != "":
			dir = pathOfURI(p.RootURI)
		case len(p.WorkspaceFolders) > 0:
			dir = pathOfURI(p.WorkspaceFolders[0].URI)
		case p.RootPath != "":
			dir = p.RootPath
		}
		for d := dir; d != ""; {
			if fi, err := os.Stat(filepath.Join(d, "content")); err == nil && fi.IsDir() {
				dir = d
				break
			}
			up := filepath.Dir(d)
			if up == d {
				break
			}
			d = up
		}
	}
	if dir == "" {
		dir = "."
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return dir
}

// startWatching has the server check again when a file of the site
// changes on disk: a source another program wrote, a briefing not open.
func (s *Server) startWatching() {
	var poll time.Duration
	if s.cfg.Poll {
		poll = watch.PollInterval
	}
	w, err := watch.New(watch.Config{Root: s.root, Dirs: []string{"content", "templates", "static"}, Poll: poll, Logf: s.cfg.Logf})
	if err != nil {
		s.cfg.Logf("not watching the site for changes: %v", err)
		return
	}
	s.mu.Lock()
	s.watching = w
	s.mu.Unlock()
	go func() {
		for b := range w.C {
			s.mu.Lock()
			if b.All {
				s.all = true
			}
			open := map[string]bool{}
			for _, d := range s.docs {
				open[d.path] = true
			}
			for _, p := range b.Paths {
				if !open[p] { // an open file is read from the editor, not the disk
					s.dirty[p] = true
				}
			}
			s.schedule()
			s.mu.Unlock()
		}
	}()
}

// touch has the site checked again for the file at path, a document's
// ("" for one outside the site: nothing). The caller holds mu.
func (s *Server) touch(path string) {
	if path != "" {
		s.dirty[path] = true
		s.schedule()
	}
}

// schedule has the site checked once no change has come for the debounce
// time, and stops a check making pages for a text that is gone. The
// caller holds mu.
func (s *Server) schedule() {
	if s.rendering && s.cancel != nil {
		s.cancel()
		s.rendering = false
	}
	if s.timer == nil {
		s.timer = time.AfterFunc(s.cfg.Debounce, s.check)
		return
	}
	s.timer.Reset(s.cfg.Debounce)
}

// check checks the site again if anything changed since, and publishes
// the diagnostics of the open documents.
func (s *Server) check() {
	s.bmu.Lock()
	defer s.bmu.Unlock()
	s.checkLocked()
}

// checkLocked is check, with bmu held.
func (s *Server) checkLocked() {
	s.mu.Lock()
	full := s.res == nil || s.all
	changed := slices.Sorted(maps.Keys(s.dirty))
	s.dirty, s.all = map[string]bool{}, false
	overlay, versions, uris := map[string][]byte{}, map[string]int{}, map[string]string{}
	for _, d := range s.docs {
		if d.path != "" {
			overlay[d.path], versions[d.path], uris[d.path] = d.text, d.version, d.uri
		}
	}
	s.mu.Unlock()
	if !full && len(changed) == 0 {
		return
	}
	for p := range s.texts { // a document closed: read from disk again
		if _, ok := overlay[p]; !ok && !slices.Contains(changed, p) {
			changed = append(changed, p)
		}
	}
	if full {
		changed = nil
	}
	start := time.Now()
	s.b.SetOverlay(overlay)
	s.texts, s.versions, s.uris = overlay, versions, uris
	ctx, stop := context.WithCancel(s.ctx)
	s.mu.Lock()
	s.cancel = stop
	s.mu.Unlock()
	res, err := s.build(ctx, changed)
	s.mu.Lock()
	s.cancel, s.rendering = nil, false
	s.mu.Unlock()
	stopped := ctx.Err() != nil && s.ctx.Err() == nil
	stop()
	switch {
	case err != nil && stopped && res != nil:
		// a change came while the pages were made: the next check makes
		// them, and says what their links hold
		s.res = res
		s.mu.Lock()
		s.cat = newCatalog(s.b.Sources(), s.b.Tags(), s.cat)
		s.mu.Unlock()
		s.cfg.Logf("checked %d sources and %d briefings in %v, the pages left to the next check: %s", res.Sources, res.Briefings, time.Since(start).Round(time.Millisecond), diag.Plural(len(res.Diagnostics), "problem"))
		return
	case err != nil && s.ctx.Err() != nil:
		return // the server is ending
	case err != nil:
		s.cfg.Logf("check: %v", err)
		s.notify("window/showMessage", showMessageParams{Type: 1, Message: "dossier: " + err.Error()})
		res = &site.Result{}
	}
	s.res = res
	s.mu.Lock()
	s.cat = newCatalog(s.b.Sources(), s.b.Tags(), s.cat)
	s.mu.Unlock()
	s.cfg.Logf("checked %d sources and %d briefings in %v: %s", res.Sources, res.Briefings, time.Since(start).Round(time.Millisecond), diag.Plural(len(res.Diagnostics), "problem"))
	s.publish(res.Diagnostics)
}

// build runs one Update, turning a panic into an error: the server must
// outlive any bug, and starts afresh after one.
func (s *Server) build(ctx context.Context, changed []string) (res *site.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logf("internal error in the check: %v\n%s", p, debug.Stack())
			res, err = nil, fmt.Errorf("internal error: %v", p)
			s.b = site.NewBuilder(s.cfg.Site)
		}
	}()
	return s.b.Update(ctx, changed)
}

// publish sends the diagnostics of each open document of the site that
// differ from those last sent, with the version they are of. The caller
// holds bmu.
func (s *Server) publish(diags diag.List) {
	uris := s.uris
	byPath := map[string][]Diagnostic{}
	for _, d := range diags {
		if text, ok := s.texts[d.Path]; ok {
			byPath[d.Path] = append(byPath[d.Path], s.diagnostic(text, d))
		}
	}
	for _, p := range slices.Sorted(maps.Keys(uris)) {
		uri := uris[p]
		list := byPath[p]
		if list == nil {
			list = []Diagnostic{}
		}
		b, _ := json.Marshal(list)
		if bytes.Equal(b, s.published[uri]) && s.published[uri] != nil {
			continue
		}
		s.published[uri] = b
		v := s.versions[p]
		s.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: uri, Version: &v, Diagnostics: list})
	}
}

// diagnostic turns a diagnostic of text's file into the protocol's.
func (s *Server) diagnostic(text []byte, d diag.Diagnostic) Diagnostic {
	out := Diagnostic{Source: "dossier", Message: d.Message, Severity: severityError}
	switch d.Severity {
	case diag.Warning:
		out.Severity = severityWarning
	case diag.Note:
		out.Severity = severityInformation
	}
	for _, n := range d.Notes {
		out.Message += "\n" + n
	}
	out.Range = s.rangeOf(text, d)
	return out
}

// rangeOf is the range a diagnostic underlines: to its end when it has
// one, else the word it stands on (or the first line, for a diagnostic of
// the whole file).
func (s *Server) rangeOf(text []byte, d diag.Diagnostic) Range {
	if d.Line == 0 {
		return Range{End: positionOf(text, lineEnd(text, 0), s.enc)}
	}
	start := positionAt(text, d.Line, d.Col, s.enc)
	if d.EndLine > 0 {
		return Range{Start: start, End: positionAt(text, d.EndLine, d.EndCol, s.enc)}
	}
	off := offsetOf(text, start, s.enc)
	end := off
	for end < len(text) && !isSpaceByte(text[end]) {
		end++
	}
	if end == off {
		end = min(off+1, lineEnd(text, off))
	}
	return Range{Start: start, End: positionOf(text, end, s.enc)}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// notify sends a notification, logging what cannot be sent.
func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(s.ctx, method, params); err != nil {
		s.cfg.Logf("%s: %v", method, err)
	}
}

func (s *Server) didOpen(p *didOpenParams) (any, error) {
	d := &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.mu.Lock()
	defer s.mu.Unlock()
	d.path = s.siteFile(d.uri)
	s.docs[d.uri] = d
	s.touch(d.path)
	return nil, nil
}

func (s *Server) didChange(p *didChangeParams) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return nil, fmt.Errorf("a change of %s, which is not open", p.TextDocument.URI)
	}
	for _, c := range p.ContentChanges {
		d.text = applyChange(d.text, c, s.enc)
	}
	d.version = p.TextDocument.Version
	s.touch(d.path)
	return nil, nil
}

func (s *Server) didClose(p *didCloseParams) (any, error) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	delete(s.docs, p.TextDocument.URI)
	if d != nil {
		s.touch(d.path)
	}
	s.mu.Unlock()
	s.bmu.Lock()
	delete(s.published, p.TextDocument.URI)
	s.bmu.Unlock()
	s.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []Diagnostic{}})
	return nil, nil
}

// siteFile is the site path of the file uri names when it is one the site
// reads: a briefing, a source, site.yaml, a template; else "".
func (s *Server) siteFile(uri string) string {
	p := sitePath(s.root, pathOfURI(uri))
	if p == "" {
		return ""
	}
	if content.IsBriefing(p) || content.IsSource(p) || p == "content/site.yaml" {
		return p
	}
	return ""
}

// doc returns the open document at uri, or nil.
func (s *Server) doc(uri string) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.docs[uri]; d != nil {
		c := *d
		return &c
	}
	return nil
}

// catalog returns what completion offers, once the first check is done.
func (s *Server) catalog() *catalog {
	<-s.ready
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cat
}

// current brings the last check up to date with the open documents and
// holds it until done is called: what hover, definition, references and
// code actions read.
func (s *Server) current() (done func()) {
	<-s.ready
	s.bmu.Lock()
	s.checkLocked()
	return s.bmu.Unlock
}
