package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// client drives a Server over a pipe, as an editor does over stdio, and
// keeps the diagnostics it publishes.
type client struct {
	t    *testing.T
	conn jsonrpc2.Conn
	dir  string
	in   io.WriteCloser // what the server reads
	done chan error     // Run's return

	mu    sync.Mutex
	diags map[string]publishDiagnosticsParams // the last published, by URI
	got   chan publishDiagnosticsParams
	shown []string // window/showMessage
	log   strings.Builder
}

type pipe struct {
	io.Reader
	io.Writer
}

func (pipe) Close() error { return nil }

// exampleSite copies the example site (the repository's content/) into a
// new folder.
func exampleSite(t testing.TB) string {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "content")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dir, "content", rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// start runs a server on dir and initializes it with capabilities caps
// (JSON; "" for none).
func start(t *testing.T, dir, caps string) *client {
	t.Helper()
	return startWith(t, dir, caps, Config{})
}

func startWith(t *testing.T, dir, caps string, cfg Config) *client {
	t.Helper()
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	c := &client{t: t, dir: dir, in: fromClient, done: make(chan error, 1), diags: map[string]publishDiagnosticsParams{}, got: make(chan publishDiagnosticsParams, 1000)}
	cfg.Site.Theme = os.DirFS(filepath.Join("..", ".."))
	cfg.Logf = func(format string, args ...any) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.log.WriteString(strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n")
	}
	srv := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { c.done <- srv.Run(ctx, toServer, fromServer); fromServer.Close() }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(pipe{toClient, fromClient}))
	c.conn.Go(ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		switch req.Method() {
		case "textDocument/publishDiagnostics":
			var p publishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics: %v", err)
			}
			c.mu.Lock()
			c.diags[p.URI] = p
			c.mu.Unlock()
			c.got <- p
		case "window/showMessage":
			var p showMessageParams
			_ = json.Unmarshal(req.Params(), &p)
			c.mu.Lock()
			c.shown = append(c.shown, p.Message)
			c.mu.Unlock()
		}
		return nil, nil
	})
	t.Cleanup(func() {
		cancel()
		fromClient.Close()
		c.conn.Close()
		if t.Failed() {
			t.Logf("server log:\n%s", c.log.String())
		}
	})
	if caps == "" {
		caps = "{}"
	}
	var res initializeResult
	c.call("initialize", map[string]any{"rootUri": uriOf(dir), "capabilities": json.RawMessage(caps)}, &res)
	c.notify("initialized", map[string]any{})
	return c
}

func (c *client) call(method string, params, result any) error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

// must calls and fails the test on an error.
func (c *client) must(method string, params, result any) {
	c.t.Helper()
	if err := c.call(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// uri is the URI of the site's file at rel.
func (c *client) uri(rel string) string { return uriOf(filepath.Join(c.dir, filepath.FromSlash(rel))) }

// open opens the site's file at rel with text (its text on disk when "").
func (c *client) open(rel, text string) {
	c.t.Helper()
	if text == "" {
		b, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(rel)))
		if err != nil {
			c.t.Fatal(err)
		}
		text = string(b)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": textDocumentItem{URI: c.uri(rel), LanguageID: "markdown", Version: 1, Text: text}})
}

// change replaces the whole text of the open file at rel.
func (c *client) change(rel string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   versionedTextDocumentIdentifier{URI: c.uri(rel), Version: version},
		"contentChanges": []contentChange{{Text: text}},
	})
}

// waitDiagnostics waits for diagnostics of rel of at least version that
// satisfy ok, and returns them.
func (c *client) waitDiagnostics(rel string, version int, ok func([]Diagnostic) bool) []Diagnostic {
	c.t.Helper()
	deadline := time.After(30 * time.Second)
	uri := c.uri(rel)
	c.mu.Lock()
	last, have := c.diags[uri]
	c.mu.Unlock()
	if have && last.Version != nil && *last.Version >= version && ok(last.Diagnostics) {
		return last.Diagnostics
	}
	for {
		select {
		case p := <-c.got:
			if p.URI == uri && p.Version != nil && *p.Version >= version && ok(p.Diagnostics) {
				return p.Diagnostics
			}
		case <-deadline:
			c.mu.Lock()
			defer c.mu.Unlock()
			c.t.Fatalf("no diagnostics of %s (version %d) as wanted; the last: %+v", rel, version, c.diags[uri])
			return nil
		}
	}
}

func readFile(t testing.TB, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
