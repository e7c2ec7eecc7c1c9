// Package search builds a site's search index with Pagefind (docs/site.md,
// /pagefind/): the static index that is fetched in chunks as a reader
// searches, with no server. dossier speaks Pagefind's service protocol —
// `pagefind --service`, each message base64 JSON and a comma — so that it
// hands over pages of its own making (Page: a briefing with each claim a
// section under its anchor, a source), in an order of its own, and takes
// the index's files back to write with the rest of the build: Pagefind
// reads and writes no file, and two builds write the same bytes.
//
// A page with sections is given as HTML made for the index alone
// (Page.HTML): its text in data-pagefind-body, its sections each under an
// element with an id and a data-pagefind-title, which Pagefind makes
// sub-results of, its filters and metadata as data-pagefind-* attributes.
// So a briefing and its claims are one page, not a record each: Pagefind
// compares each page or record added with every one before it, one
// message at a time, and the 36,000 records of a site of 10,000 sources
// took 30 s to index in one. A page without sections (a source) is given
// as a record (Page.Payload), which Pagefind indexes as it would the HTML,
// to the byte, without an HTML parser: a fifth less of its time. The site
// (package site) gives a Pagefind each shard of its pages, a thousand at
// most, several at once.
package search

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
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

// Page is one result a search can find: its URL, the language of its
// text, what a result shows of it (Meta: title, kind), the filters it is
// found under, its text, and its sections, each a sub-result of its own
// that opens at its anchor.
type Page struct {
	URL      string
	Language string
	Meta     map[string]string
	Filters  map[string][]string
	Text     string
	Sections []Section
}

// Section is a part of a page found under its anchor (URL#ID), with a
// title of its own.
type Section struct {
	ID, Title, Text string
}

// Payload is the message that adds the page to an index, less its ids,
// in JSON: a page with sections as HTML (AddFile, Page.HTML), one without
// as a record (AddRecord), its text, meta and filters as they are.
func (p *Page) Payload() []byte {
	if len(p.Sections) > 0 {
		return addFile(p.URL, p.HTML())
	}
	meta := make(map[string]string, len(p.Meta))
	for k, v := range p.Meta {
		meta[k] = value(v)
	}
	filters := make(map[string][]string, len(p.Filters))
	for k, vs := range p.Filters {
		for _, v := range vs {
			filters[k] = append(filters[k], value(v))
		}
	}
	return payloadJSON(struct {
		Type     string              `json:"type"`
		URL      string              `json:"url"`
		Content  string              `json:"content"`
		Language string              `json:"language"`
		Meta     map[string]string   `json:"meta"`
		Filters  map[string][]string `json:"filters"`
	}{"AddRecord", p.URL, p.Text, p.language(), meta, filters})
}

// addFile is the payload that adds the page at url as the HTML doc.
func addFile(url string, doc []byte) []byte {
	return payloadJSON(struct {
		Type     string `json:"type"`
		URL      string `json:"url"`
		Contents string `json:"file_contents"`
	}{"AddFile", url, string(doc)})
}

// payloadJSON is v in JSON, not escaped for HTML (a third shorter).
func payloadJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // of strings alone: no error
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// value is a value of meta or of a filter with each run of space one
// space, and none at its ends, as Pagefind makes one it reads from HTML
// (runs of two or more): so that a filter's value is the same on a page
// and on a record.
func value(v string) string {
	return strings.Join(strings.Fields(v), " ")
}

// HTML is the page as Pagefind reads it: text in data-pagefind-body, meta
// and filters from attributes, so that no value is split at a comma or
// taken for markup, in the order of their names.
func (p *Page) HTML() []byte {
	var b bytes.Buffer
	b.WriteString(`<!doctype html><html lang="`)
	b.WriteString(html.EscapeString(p.language()))
	b.WriteString(`"><head><meta charset="utf-8">`)
	for _, k := range slices.Sorted(maps.Keys(p.Meta)) {
		fmt.Fprintf(&b, "<meta data-pagefind-meta=\"%s[content]\" content=\"%s\">", html.EscapeString(k), html.EscapeString(value(p.Meta[k])))
	}
	for _, k := range slices.Sorted(maps.Keys(p.Filters)) {
		for _, v := range p.Filters[k] {
			// Pagefind decodes a filter's value once more than the
			// attribute's: "&#x202E;" would become the control itself
			v = strings.ReplaceAll(value(v), "&", "&amp;")
			fmt.Fprintf(&b, "<meta data-pagefind-filter=\"%s[content]\" content=\"%s\">", html.EscapeString(k), html.EscapeString(v))
		}
	}
	b.WriteString("</head><body data-pagefind-body><p>")
	b.WriteString(html.EscapeString(p.Text))
	b.WriteString("</p>")
	for _, s := range p.Sections {
		fmt.Fprintf(&b, "<h2 id=\"%s\" data-pagefind-title=\"%s\"></h2><p>%s</p>", html.EscapeString(s.ID), html.EscapeString(s.Title), html.EscapeString(s.Text))
	}
	b.WriteString("</body></html>\n")
	return b.Bytes()
}

func (p *Page) language() string {
	if p.Language == "" {
		return "en"
	}
	return p.Language
}

// File is a file of the index, by its path under /pagefind/.
type File struct {
	Path string
	Data []byte
}

// Index is an index being built by a running Pagefind. Add may be called
// from one goroutine at a time; pages are indexed in the order added.
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
	// added holds the URL of each page added, by its message's id
	// (from addedFrom on), so that an error names the page it is about
	added     []string
	addedFrom int
	buf       []byte // the base64 of the message being read
	big       bool   // buf is of bigBuffers
}

type reply struct {
	Type    string          `json:"type"`
	Message string          `json:"message"`
	IndexID int             `json:"index_id"`
	Files   []syntheticFile `json:"files"`
}

type syntheticFile struct {
	Path    string `json:"path"`
	Content []byte `json:"content"` // base64 in the JSON
}

// Priority is how a Pagefind shares the processors.
type Priority int

const (
	Normal     Priority = iota
	Background          // after the dev server, whose rebuilds come first: nice 10, where there is nice
)

// Start runs the Pagefind at bin, at priority p, and opens an index in it.
func Start(ctx context.Context, bin string, p Priority) (*Index, error) {
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
	if p == Background {
		lower(cmd.Process.Pid)
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
		if _, err := ix.out.Peek(1); err != nil {
			// Pagefind has stopped or is stopping: wait for it, so that
			// all it said on stderr is there for the error.
			ix.cmd.Wait()
			ix.mu.Lock()
			n := len(ix.added)
			ix.mu.Unlock()
			ix.fail(fmt.Errorf("pagefind stopped (%d pages added): %v %s", n, err, ix.stderr))
			return
		}
		msg, err := ix.message()
		if err != nil {
			continue // its output broke off: the next Peek says why
		}
		id, r, err := decodeReply(msg)
		ix.release()
		if err != nil {
			ix.fail(fmt.Errorf("pagefind: a reply dossier cannot read: %v", err))
			continue
		}
		ix.mu.Lock()
		ch := ix.replies[id]
		delete(ix.replies, id)
		if ch == nil && r.Type == "Error" && ix.err == nil {
			ix.err = fmt.Errorf("pagefind: %s", r.Message)
			if i := id - ix.addedFrom; ix.addedFrom > 0 && i >= 0 && i < len(ix.added) {
				ix.err = fmt.Errorf("pagefind, on the page %s: %s", ix.added[i], r.Message)
			}
		}
		ix.mu.Unlock()
		if ch != nil {
			ch <- r
		}
	}
}

// message reads one message of Pagefind's, up to the comma that ends it:
// base64, of JSON, read into ix.buf. An error is its output's, ended
// before the comma. A long message (the index's files) is read into a
// buffer of bigBuffers, which release gives back.
func (ix *Index) message() ([]byte, error) {
	ix.buf = ix.buf[:0]
	for {
		b, err := ix.out.ReadSlice(',')
		if err == bufio.ErrBufferFull && !ix.big {
			ix.big = true
			ix.buf = append(getBuffer(), ix.buf...)
		}
		ix.buf = append(ix.buf, b...)
		if err == nil {
			return ix.buf[:len(ix.buf)-1], nil
		}
		if err != bufio.ErrBufferFull {
			return nil, err
		}
	}
}

// release says that the message read last has been decoded.
func (ix *Index) release() {
	if ix.big {
		putBuffer(ix.buf)
		ix.buf, ix.big = nil, false
	}
}

// bigBuffers hold long messages as they are read and decoded, for the
// next: the index of a site is tens of megabytes of them, which would be
// as many of fresh memory.
var bigBuffers sync.Pool

func getBuffer() []byte {
	if b, ok := bigBuffers.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return nil
}

func putBuffer(b []byte) {
	bigBuffers.Put(&b)
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

// send writes a message, its payload the JSON of parts one after
// another; wait says a reply is awaited on the channel returned; page,
// when not "", is the URL of the page it adds.
func (ix *Index) send(wait bool, page string, parts ...[]byte) (chan reply, error) {
	ix.mu.Lock()
	ix.next++
	id := ix.next
	if page != "" {
		if ix.addedFrom == 0 {
			ix.addedFrom = id
		}
		ix.added = append(ix.added, page)
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
	enc := base64.NewEncoder(base64.StdEncoding, ix.in)
	fmt.Fprintf(enc, `{"message_id":%d,"payload":`, id)
	for _, p := range parts {
		enc.Write(p)
	}
	enc.Write([]byte("}"))
	if err := enc.Close(); err != nil {
		return nil, ix.broken(err)
	}
	if err := ix.in.WriteByte(','); err != nil {
		return nil, ix.broken(err)
	}
	if wait {
		if err := ix.in.Flush(); err != nil {
			return nil, ix.broken(err)
		}
	}
	return ch, nil
}

// broken is the error of a message Pagefind could not be sent, err: why it
// stopped, once its output has ended, rather than a broken pipe.
func (ix *Index) broken(err error) error {
	select {
	case <-ix.done:
		if e := ix.failed(); e != nil {
			return e
		}
	case <-time.After(5 * time.Second):
	}
	return fmt.Errorf("pagefind: %w", err)
}

// failed is the first error of Pagefind's, if any.
func (ix *Index) failed() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.err
}

func (ix *Index) call(payload any) (reply, error) {
	ch, err := ix.send(true, "", payloadJSON(payload))
	if err != nil {
		return reply{}, err
	}
	r := <-ch
	if r.Type == "Error" {
		return r, fmt.Errorf("pagefind: %s", r.Message)
	}
	return r, nil
}

// Add indexes the page at url, payload being its Payload.
func (ix *Index) Add(url string, payload []byte) error {
	if len(payload) < 2 || payload[0] != '{' {
		return fmt.Errorf("pagefind: not a payload for %s", url)
	}
	_, err := ix.send(false, url, fmt.Appendf(nil, `{"index_id":%d,`, ix.id), payload[1:])
	return err
}

// Build runs the Pagefind at bin, at priority p, on the pages at urls,
// payloads being their Payload, and returns the index's files.
func Build(ctx context.Context, bin string, p Priority, urls []string, payloads [][]byte) ([]File, error) {
	ix, err := Start(ctx, bin, p)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	for i, payload := range payloads {
		if err := ix.Add(urls[i], payload); err != nil {
			return nil, err
		}
	}
	return ix.Files()
}

// Files ends the index and returns its files, sorted by path.
func (ix *Index) Files() ([]File, error) {
	r, err := ix.call(map[string]any{"type": "GetFiles", "index_id": ix.id})
	if err != nil {
		return nil, err
	}
	if err := ix.failed(); err != nil {
		return nil, err
	}
	files := make([]File, 0, len(r.Files))
	for _, f := range r.Files {
		data := f.Content
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
