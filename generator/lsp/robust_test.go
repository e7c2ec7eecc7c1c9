package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/generator/site"
)

// raw talks to a Server in frames written by hand, bad ones included.
type raw struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *bufio.Reader
	done chan error
	srv  *Server
}

func startRaw(t *testing.T) *raw {
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	srv := New(Config{Site: siteConfig(), Logf: t.Logf})
	r := &raw{t: t, in: fromClient, out: bufio.NewReader(toClient), done: make(chan error, 1), srv: srv}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { r.done <- srv.Run(ctx, toServer, fromServer); fromServer.Close() }()
	t.Cleanup(func() { cancel(); fromClient.Close(); toClient.Close() })
	return r
}

func (r *raw) send(body string) {
	r.t.Helper()
	if _, err := fmt.Fprintf(r.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		r.t.Fatal(err)
	}
}

// next reads the next message the server writes.
func (r *raw) next() map[string]any {
	r.t.Helper()
	type read struct {
		m   map[string]any
		err error
	}
	got := make(chan read, 1)
	go func() {
		n := -1
		for {
			line, err := r.out.ReadString('\n')
			if err != nil {
				got <- read{err: err}
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(r.out, b); err != nil {
			got <- read{err: err}
			return
		}
		var m map[string]any
		err := json.Unmarshal(b, &m)
		got <- read{m, err}
	}()
	select {
	case g := <-got:
		if g.err != nil {
			r.t.Fatal(g.err)
		}
		return g.m
	case <-time.After(30 * time.Second):
		r.t.Fatal("no message from the server")
		return nil
	}
}

// reply reads messages up to the answer to the call with id, and returns
// its error code (0 for a result).
func (r *raw) reply(id float64) (code float64, msg string) {
	r.t.Helper()
	for {
		m := r.next()
		if m["id"] == nil && m["method"] != nil {
			continue // a notification
		}
		if m["id"] != id && !(id == -1 && m["id"] == nil) {
			r.t.Fatalf("answer %v, want the answer to %v", m, id)
		}
		if e, ok := m["error"].(map[string]any); ok {
			return e["code"].(float64), e["message"].(string)
		}
		return 0, ""
	}
}

func siteConfig() site.Config {
	return site.Config{Theme: os.DirFS(filepath.Join("..", ".."))}
}

const hoverParams = `{"textDocument":{"uri":"file:///nowhere/x.md"},"position":{"line":0,"character":0}}`

func TestBadInput(t *testing.T) {
	r := startRaw(t)
	r.srv.methods["dossier/panic"] = func([]byte) (any, error) { panic("a bug") }
	dir := exampleSite(t)

	r.send(`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":` + hoverParams + `}`)
	if code, _ := r.reply(1); code != -32002 {
		t.Errorf("a request before initialize: code %v, want ServerNotInitialized", code)
	}
	r.send(`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"rootUri":"` + uriOf(dir) + `","capabilities":{}}}`)
	if code, msg := r.reply(2); code != 0 {
		t.Fatalf("initialize: %v %s", code, msg)
	}
	for _, tc := range []struct {
		name, frame string
		id          float64 // -1: the answer has a null id
		code        float64
	}{
		{"not JSON", `{"jsonrpc":"2.0","id":3,"method":"initialize","params":{`, -1, -32700},
		{"JSON, not JSON-RPC", `{"foo": 1}`, -1, -32600},
		{"unknown method", `{"jsonrpc":"2.0","id":4,"method":"textDocument/rename","params":{}}`, 4, -32601},
		{"bad params", `{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":7}}`, 5, -32602},
		{"a panic", `{"jsonrpc":"2.0","id":6,"method":"dossier/panic","params":{}}`, 6, -32603},
		{"initialize again", `{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}`, 7, -32600},
		{"a change of a file not open", `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///x.md","version":2},"contentChanges":[{"text":"x"}]}}`, 0, 0},
		{"an unknown notification", `{"jsonrpc":"2.0","method":"$/somethingElse","params":{}}`, 0, 0},
	} {
		r.send(tc.frame)
		if tc.id == 0 {
			continue // a notification: no answer, and the next call still works
		}
		if code, msg := r.reply(tc.id); code != tc.code {
			t.Errorf("%s: code %v (%s), want %v", tc.name, code, msg, tc.code)
		}
	}
	// a header without a length, and one that is not a header, are skipped
	io.WriteString(r.in, "Content-Type: x\r\n\r\nnot a header\r\n\r\n")
	// a message over the limit is skipped unread, and the user told
	go func() {
		fmt.Fprintf(r.in, "Content-Length: %d\r\n\r\n", MaxMessage+1)
		r.in.Write(make([]byte, MaxMessage+1))
	}()
	m := r.next()
	if m["method"] != "window/showMessage" || !strings.Contains(fmt.Sprint(m["params"]), "was not read") {
		t.Fatalf("after a message over the limit: %v", m)
	}
	// a briefing over the size limit gets a diagnostic
	big := "---\ntitle: Big\n---\n" + strings.Repeat("A claim. ", 2<<20/9+1)
	params, _ := json.Marshal(map[string]any{"textDocument": textDocumentItem{URI: uriOf(filepath.Join(dir, "content", "briefings", "big.md")), Version: 1, Text: big}})
	r.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":` + string(params) + `}`)
	for {
		m := r.next()
		if m["method"] == "textDocument/publishDiagnostics" && strings.Contains(fmt.Sprint(m["params"]), "big.md") {
			if !strings.Contains(fmt.Sprint(m["params"]), "the limit for a briefing is 1 MiB") {
				t.Errorf("diagnostics of a briefing too large: %v", m["params"])
			}
			break
		}
	}
	// still answering; then shutdown and exit end Run with nil
	r.send(`{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":` + hoverParams + `}`)
	if code, msg := r.reply(8); code != 0 {
		t.Fatalf("hover after bad input: %v %s", code, msg)
	}
	r.send(`{"jsonrpc":"2.0","id":9,"method":"shutdown"}`)
	if code, _ := r.reply(9); code != 0 {
		t.Fatal("shutdown failed")
	}
	r.send(`{"jsonrpc":"2.0","id":10,"method":"textDocument/hover","params":` + hoverParams + `}`)
	if code, _ := r.reply(10); code != -32600 {
		t.Errorf("a request after shutdown: code %v, want InvalidRequest", code)
	}
	r.send(`{"jsonrpc":"2.0","method":"exit"}`)
	if err := <-r.done; err != nil {
		t.Fatalf("Run after shutdown and exit: %v", err)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	r := startRaw(t)
	r.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"` + uriOf(exampleSite(t)) + `"}}`)
	r.reply(1)
	r.send(`{"jsonrpc":"2.0","method":"exit"}`)
	if err := <-r.done; err != ErrExitWithoutShutdown {
		t.Fatalf("Run: %v, want ErrExitWithoutShutdown", err)
	}
}
