// Package search builds a site's search index with Pagefind (docs/site.md,
// /pagefind/): the static index that is fetched in chunks as a reader
// searches, with no server. dossier speaks Pagefind's service protocol —
// `pagefind --service`, each message base64 JSON and a comma — so that it
// hands over records made from the site (a briefing, each claim, each
// source, with their filters), in an order of its own, and takes the
// index's files back to write with the rest of the build: Pagefind reads
// and writes no file, and two builds write the same bytes.
package search

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Version is the Pagefind release dossier is built and tested with.
const Version = "1.6.0"

// Find returns the Pagefind binary for the site in dir: $DOSSIER_PAGEFIND,
// else the one npm installs with the pagefind package in the site's
// node_modules (npm install pagefind), else pagefind_extended or pagefind
// on the PATH; "" when there is none.
func Find(dir string) string {
	if p := os.Getenv("DOSSIER_PAGEFIND"); p != "" {
		return p
	}
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	platform := runtime.GOOS
	exe := ""
	if platform == "windows" {
		exe = ".exe"
	}
	for _, name := range []string{"pagefind_extended", "pagefind"} {
		p := filepath.Join(dir, "node_modules", "@pagefind", platform+"-"+arch, "bin", name+exe)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	for _, name := range []string{"pagefind_extended", "pagefind"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Record is one result a search can find: its page (with a fragment for a
// claim), the text it is found by, what a result shows of it (Meta:
// title, kind) and the filters it is found under.
type Record struct {
	URL      string              `json:"url"`
	Content  string              `json:"content"`
	Language string              `json:"language"`
	Meta     map[string]string   `json:"meta,omitempty"`
	Filters  map[string][]string `json:"filters,omitempty"`
}

// File is a file of the index, by its path under /pagefind/.
type File struct {
	Path string
	Data []byte
}

// Index is an index being built by a running Pagefind. Add may be called
// from one goroutine at a time; records are indexed in the order added.
type Index struct {
	cmd     *exec.Cmd
	in      *bufio.Writer
	stdin   io.WriteCloser
	out     *bufio.Reader
	stderr  *lockedWriter // what Pagefind says on stderr
	id      int           // the index's, in Pagefind
	next    int           // the next message's id
	mu      sync.Mutex
	replies map[int]chan reply
	err     error // the first error Pagefind answered an Add with
	done    chan struct{}
	// added holds the URL of each record added, by its message's id
	// (from addedFrom on), so that an error names the record it is about
	added     []string
	addedFrom int
}

type reply struct {
	Type    string          `json:"type"`
	Message string          `json:"message"`
	IndexID int             `json:"index_id"`
	Files   []syntheticFile `json:"files"`
}

type syntheticFile struct {
	Path    string `json:"path"`
	Content string `json:"content"` // base64
}

// Start runs the Pagefind at bin and opens an index in it.
func Start(ctx context.Context, bin string) (*Index, error) {
	cmd := exec.CommandContext(ctx, bin, "--service")
	ix := &Index{cmd: cmd, replies: map[int]chan reply{}, done: make(chan struct{})}
	ix.stderr = &lockedWriter{}
	cmd.Stderr = ix.stderr
	var err error
	if ix.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pagefind: %w", err)
	}
	ix.in, ix.out = bufio.NewWriterSize(ix.stdin, 1<<16), bufio.NewReaderSize(stdout, 1<<16)
	go ix.read()
	r, err := ix.call(map[string]any{"type": "NewIndex", "config": map[string]any{}})
	if err != nil {
		ix.Close()
		return nil, err
	}
	ix.id = r.IndexID
	return ix, nil
}

// lockedWriter keeps what Pagefind says on stderr, for its errors.
type lockedWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.b.Len() < 4096 {
		w.b.Write(p[:min(len(p), 4096)])
	}
	return len(p), nil
}

func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.TrimSpace(w.b.String())
}

// read hands each reply to the call waiting for it, and keeps the first
// error of a call nobody waits for (an Add).
func (ix *Index) read() {
	defer close(ix.done)
	for {
		msg, err := ix.out.ReadString(',')
		if err != nil {
			// Pagefind has stopped or is stopping: wait for it, so that
			// all it said on stderr is there for the error.
			ix.cmd.Wait()
			ix.mu.Lock()
			n := len(ix.added)
			ix.mu.Unlock()
			ix.fail(fmt.Errorf("pagefind stopped (%d records added): %v %s", n, err, ix.stderr))
			return
		}
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(msg, ","))
		var m struct {
			ID      *int  `json:"message_id"`
			Payload reply `json:"payload"`
		}
		if err == nil {
			err = json.Unmarshal(raw, &m)
		}
		if err != nil || m.ID == nil {
			ix.fail(fmt.Errorf("pagefind: a reply dossier cannot read: %.200s", raw))
			continue
		}
		ix.mu.Lock()
		ch := ix.replies[*m.ID]
		delete(ix.replies, *m.ID)
		if ch == nil && m.Payload.Type == "Error" && ix.err == nil {
			ix.err = fmt.Errorf("pagefind: %s", m.Payload.Message)
			if i := *m.ID - ix.addedFrom; ix.addedFrom > 0 && i >= 0 && i < len(ix.added) {
				ix.err = fmt.Errorf("pagefind, on the record of %s: %s", ix.added[i], m.Payload.Message)
			}
		}
		ix.mu.Unlock()
		if ch != nil {
			ch <- m.Payload
		}
	}
}

func (ix *Index) fail(err error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.err == nil {
		ix.err = err
	}
	for id, ch := range ix.replies {
		ch <- reply{Type: "Error", Message: err.Error()}
		delete(ix.replies, id)
	}
}

// send writes a message; wait says a reply is awaited on the channel
// returned; record, when not "", is the URL of the record it adds.
func (ix *Index) send(payload any, wait bool, record string) (chan reply, error) {
	ix.mu.Lock()
	ix.next++
	id := ix.next
	if record != "" {
		if ix.addedFrom == 0 {
			ix.addedFrom = id
		}
		ix.added = append(ix.added, record)
	}
	var ch chan reply
	if wait {
		ch = make(chan reply, 1)
		ix.replies[id] = ch
	}
	err := ix.err
	ix.mu.Unlock()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(map[string]any{"message_id": id, "payload": payload})
	if err != nil {
		return nil, err
	}
	enc := base64.NewEncoder(base64.StdEncoding, ix.in)
	enc.Write(b)
	enc.Close()
	if err := ix.in.WriteByte(','); err != nil {
		return nil, err
	}
	if wait {
		if err := ix.in.Flush(); err != nil {
			return nil, fmt.Errorf("pagefind: %w", err)
		}
	}
	return ch, nil
}

func (ix *Index) call(payload any) (reply, error) {
	ch, err := ix.send(payload, true, "")
	if err != nil {
		return reply{}, err
	}
	r := <-ch
	if r.Type == "Error" {
		return r, fmt.Errorf("pagefind: %s", r.Message)
	}
	return r, nil
}

// Add indexes r.
func (ix *Index) Add(r Record) error {
	if r.Language == "" {
		r.Language = "en"
	}
	_, err := ix.send(struct {
		Type    string `json:"type"`
		IndexID int    `json:"index_id"`
		Record
	}{"AddRecord", ix.id, r}, false, r.URL)
	return err
}

// Files ends the index and returns its files, sorted by path.
func (ix *Index) Files() ([]File, error) {
	r, err := ix.call(map[string]any{"type": "GetFiles", "index_id": ix.id})
	if err != nil {
		return nil, err
	}
	ix.mu.Lock()
	err = ix.err
	ix.mu.Unlock()
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(r.Files))
	for _, f := range r.Files {
		data, err := base64.StdEncoding.DecodeString(f.Content)
		if err != nil {
			return nil, fmt.Errorf("pagefind: file %s: %w", f.Path, err)
		}
		p := filepath.ToSlash(f.Path)
		if p == "" || strings.HasPrefix(p, "/") || slices.Contains(strings.Split(p, "/"), "..") {
			return nil, fmt.Errorf("pagefind: a file outside the index: %q", f.Path)
		}
		files = append(files, File{Path: p, Data: data})
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

// Close stops Pagefind, which ends when its input does, and waits for it
// (read waits for the process once its output has ended; its errors were
// its replies').
func (ix *Index) Close() {
	ix.stdin.Close()
	<-ix.done
}
