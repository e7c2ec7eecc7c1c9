package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// editorServer times `dossier lsp` on the corpus as an editor drives it:
// from start to the first diagnostics of an opened briefing, completions
// of source ids and of passages at the citations of that briefing, and
// from each change (a passage made wrong, then right again) to its
// diagnostics; with the server's peak memory.
func editorServer(bin, corpus string, n int) error {
	rel := "content/briefings/b0000.md"
	text, err := os.ReadFile(filepath.Join(corpus, rel))
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(corpus)
	uri := "file://" + filepath.ToSlash(filepath.Join(abs, rel))
	cmd := exec.Command(bin, "lsp", "--source", abs)
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	var logs syncBuffer
	cmd.Stderr = &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	type published struct {
		version int
		count   int
		at      time.Time
	}
	got := make(chan published, 100)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(rwc{out, in}))
	ctx := context.Background()
	conn.Go(ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.Method() == "textDocument/publishDiagnostics" {
			var p struct {
				URI         string            `json:"uri"`
				Version     int               `json:"version"`
				Diagnostics []json.RawMessage `json:"diagnostics"`
			}
			if json.Unmarshal(req.Params(), &p) == nil && p.URI == uri {
				got <- published{p.Version, len(p.Diagnostics), time.Now()}
			}
		}
		return nil, nil
	})
	call := func(method string, params, result any) error {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		_, err := conn.Call(ctx, method, params, result)
		return err
	}
	if err := call("initialize", map[string]any{"rootUri": "file://" + filepath.ToSlash(abs), "capabilities": map[string]any{}}, nil); err != nil {
		return err
	}
	conn.Notify(ctx, "initialized", map[string]any{})
	conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": string(text)}})
	wait := func(version int) (published, error) {
		for {
			select {
			case p := <-got:
				if p.version >= version {
					return p, nil
				}
			case <-time.After(time.Minute):
				return published{}, fmt.Errorf("no diagnostics of version %d in a minute; the server's log:\n%s", version, logs.String())
			}
		}
	}
	first, err := wait(1)
	if err != nil {
		return err
	}
	fmt.Printf("\neditor (dossier lsp), %s: first diagnostics %s after start (%d problems)\n",
		filepath.Base(rel), first.at.Sub(start).Round(time.Millisecond), first.count)

	// completions at the briefing's citations: a source id from its first
	// three characters, and a passage from its first two words
	cites := regexp.MustCompile(`@(s\d+), "(\w+ \w+)`).FindAllSubmatchIndex(text, -1)
	if len(cites) == 0 {
		return fmt.Errorf("no citations in %s", rel)
	}
	time.Sleep(2 * time.Second) // the first check's pages made
	started := procStatus(cmd.Process.Pid, "VmRSS")
	var ids, passages []time.Duration
	for i := range n {
		m := cites[i%len(cites)]
		for k, at := range []int{m[2] + 3, m[5]} {
			params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": position(text, at)}
			var list struct {
				Items []json.RawMessage `json:"items"`
			}
			t := time.Now()
			if err := call("textDocument/completion", params, &list); err != nil {
				return err
			}
			d := time.Since(t)
			if len(list.Items) == 0 {
				return fmt.Errorf("no completion at %v", params["position"])
			}
			if k == 0 {
				ids = append(ids, d)
			} else {
				passages = append(passages, d)
			}
		}
	}
	fmt.Printf("completion, %d of each: source ids median %s, p95 %s; passages median %s, p95 %s\n",
		n, pct(ids, 50), pct(ids, 95), pct(passages, 50), pct(passages, 95))

	// changes: the first passage made wrong, then right again
	m := cites[0]
	wrong := inserted(text, m[4], "x")
	var changes []time.Duration
	for i := range n {
		version := i + 2
		body, want := wrong, 1
		if i%2 == 1 {
			body, want = text, 0
		}
		t := time.Now()
		conn.Notify(ctx, "textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": version},
			"contentChanges": []map[string]any{{"text": string(body)}},
		})
		p, err := wait(version)
		if err != nil {
			return err
		}
		if p.count != first.count+want {
			return fmt.Errorf("change %d: %d problems, want %d", i, p.count, first.count+want)
		}
		changes = append(changes, p.at.Sub(t))
		time.Sleep(50 * time.Millisecond) // an editor's pace, past the debounce
	}
	fmt.Printf("change → diagnostics, %d changes: median %s, p95 %s (30 ms of it the debounce)\n", n, pct(changes, 50), pct(changes, 95))
	left := strings.Count(logs.String(), "the pages left to the next check")
	// with a pause after each change, every check is whole: the pages
	// whose inputs changed made again and their links checked (the
	// server's own figure, from its log)
	checked := regexp.MustCompile(`checked \d+ sources and \d+ briefings in ([^:,]+):`)
	before := len(checked.FindAllString(logs.String(), -1))
	for i := range 10 {
		body := text
		if i%2 == 0 {
			body = wrong
		}
		conn.Notify(ctx, "textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": n + 2 + i},
			"contentChanges": []map[string]any{{"text": string(body)}},
		})
		if _, err := wait(n + 2 + i); err != nil {
			return err
		}
		time.Sleep(time.Second)
	}
	var whole []time.Duration
	for _, m := range checked.FindAllStringSubmatch(logs.String(), -1)[before:] {
		if d, err := time.ParseDuration(m[1]); err == nil {
			whole = append(whole, d)
		}
	}
	fmt.Printf("at that pace %d of %d checks left their pages to the next; with a second's pause after each change, each check whole (pages made again and their links checked), %d checks: median %s, max %s\n",
		left, n, len(whole), pct(whole, 50), pct(whole, 100))
	fmt.Printf("memory of the server: RSS %s once started, %s at the end, %s at its peak\n", started, procStatus(cmd.Process.Pid, "VmRSS"), procStatus(cmd.Process.Pid, "VmHWM"))
	if os.Getenv("LSPLOG") != "" {
		fmt.Print(logs.String())
	}
	call("shutdown", nil, nil)
	conn.Notify(ctx, "exit", nil)
	return cmd.Wait()
}

// inserted returns text with insert put at off.
func inserted(text []byte, off int, insert string) []byte {
	out := append([]byte{}, text[:off]...)
	out = append(out, insert...)
	return append(out, text[off:]...)
}

// position is the LSP position of byte offset off of ASCII text.
func position(text []byte, off int) map[string]int {
	line := bytes.Count(text[:off], []byte("\n"))
	return map[string]int{"line": line, "character": off - (bytes.LastIndexByte(text[:off], '\n') + 1)}
}

// procStatus reads a size from a process's /proc status: VmHWM, its peak
// resident set, VmRSS, its resident set now.
func procStatus(pid int, field string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
		}
	}
	return "unknown"
}

// syncBuffer is a buffer written by one goroutine and read by another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type rwc struct {
	io.Reader
	io.Writer
}

func (rwc) Close() error { return nil }
