package site

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// output receives the files of a build.
type output interface {
	file(rel string, data []byte) error // data may be reused once file returns
	// stream writes a large generated file: at once into the file on
	// disk, or, in memory, when the file is first asked for
	stream(rel string, gen func(io.Writer) error) error
}

// memory holds a build in memory.
type memory struct {
	mu     sync.Mutex
	files  map[string][]byte
	lazies map[string]func() []byte
}

func (m *memory) file(rel string, data []byte) error {
	data = append([]byte(nil), data...)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[rel] = data
	delete(m.lazies, rel)
	return nil
}

// has reports whether the build has the file at rel, made or to be made.
// Not safe for use while files are added.
func (m *memory) has(rel string) bool { return m.files[rel] != nil || m.lazies[rel] != nil }

// get returns the file at rel, making it if it is made when first asked for.
func (m *memory) get(rel string) []byte {
	m.mu.Lock()
	data, gen := m.files[rel], m.lazies[rel]
	m.mu.Unlock()
	if data == nil && gen != nil {
		return gen()
	}
	return data
}

// stream keeps gen, to make the file when it is first asked for.
func (m *memory) stream(rel string, gen func(io.Writer) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lazies[rel] = sync.OnceValue(func() []byte {
		var b bytes.Buffer
		if err := gen(&b); err != nil {
			return nil
		}
		return b.Bytes()
	})
	delete(m.files, rel)
	return nil
}

// writer writes a build into a new folder beside the output and swaps it in
// only when the build is complete, so that the output is always either the
// previous build or the new one, whole.
type writer struct {
	out, tmp   string
	pages      int
	files      int
	pagesCount atomic.Int64
	filesCount atomic.Int64
	done       bool

	// The folders of the build are made, parents first, by one goroutine
	// while the pages are rendered: a large site has thousands, and
	// folders made side by side in one parent wait on each other.
	dirIndex map[string]int // a folder's place in the order they are made
	mu       sync.Mutex
	cond     sync.Cond
	made     int   // how many folders are made
	dirErr   error // why the rest could not be
	dirsDone chan struct{}
}

// newWriter starts a build of out, making the folders dirs (slash paths
// relative to out) in the background.
func newWriter(out string, dirs []string) (*writer, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := checkOut(out); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeStale(out)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	w := &writer{out: out, tmp: tmp, dirIndex: map[string]int{}, dirsDone: make(chan struct{})}
	w.cond.L = &w.mu
	dirs = withParents(dirs)
	for i, d := range dirs {
		w.dirIndex[d] = i
	}
	go w.makeDirs(dirs)
	return w, nil
}

// withParents returns dirs and every parent of them, sorted, so that a
// parent comes before its children.
func withParents(dirs []string) []string {
	all := map[string]bool{}
	for _, d := range dirs {
		for ; d != "." && d != "/" && d != "" && !all[d]; d = path.Dir(d) {
			all[d] = true
		}
	}
	return slices.Sorted(maps.Keys(all))
}

func (w *writer) makeDirs(dirs []string) {
	defer close(w.dirsDone)
	for i, d := range dirs {
		err := os.Mkdir(filepath.Join(w.tmp, filepath.FromSlash(d)), 0o755)
		failed := err != nil && !errors.Is(err, fs.ErrExist)
		w.mu.Lock()
		if failed { // no folder after this one is made: nobody waits for one
			w.dirErr, w.made = err, len(dirs)
		} else {
			w.made = i + 1
		}
		w.cond.Broadcast()
		w.mu.Unlock()
		if failed {
			return
		}
	}
}

// dirReady waits until the folder of rel is made.
func (w *writer) dirReady(rel string) error {
	dir := path.Dir(rel)
	if dir == "." {
		return nil
	}
	i, ok := w.dirIndex[dir]
	if !ok { // not a folder the build announced: made here, once the others are
		<-w.dirsDone
		return os.MkdirAll(filepath.Join(w.tmp, filepath.FromSlash(dir)), 0o755)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.made <= i {
		w.cond.Wait()
	}
	return w.dirErr
}

// checkOut refuses an output folder that holds something other than a
// previous build, since the build replaces it whole.
func checkOut(out string) error {
	fi, err := os.Lstat(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("output %s exists and is not a folder", out)
	}
	if _, err := os.Stat(filepath.Join(out, "content")); err == nil {
		return fmt.Errorf("output %s holds a content/ folder: it is a site, not a build; choose another --out", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		return fmt.Errorf("output %s is not empty and holds no index.html: it does not look like a build to replace; choose another --out", out)
	}
	return nil
}

// file writes data at rel, a slash-separated path inside the output.
func (w *writer) file(rel string, data []byte) error {
	if err := w.dirReady(rel); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(w.tmp, filepath.FromSlash(rel)), data); err != nil {
		return err
	}
	w.filesCount.Add(1)
	if strings.HasSuffix(rel, ".html") {
		w.pagesCount.Add(1)
	}
	return nil
}

// stream writes the file as gen makes it, holding no more of it than a
// buffer's worth.
func (w *writer) stream(rel string, gen func(io.Writer) error) error {
	if err := w.dirReady(rel); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(w.tmp, filepath.FromSlash(rel)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(f, 256<<10)
	err = gen(b)
	if err == nil {
		err = b.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		w.filesCount.Add(1)
	}
	return err
}

// commit swaps the new build in for the old one: in one atomic exchange
// where the system has one (Linux), so that a reader, or a kill at any
// moment, sees the old build or the new one and never a missing or partial
// folder.
func (w *writer) commit() error {
	<-w.dirsDone
	if _, err := os.Lstat(w.out); err != nil {
		if err := os.Rename(w.tmp, w.out); err != nil {
			return err
		}
		w.finish()
		return nil
	}
	if err := exchange(w.tmp, w.out); err == nil {
		w.finish()
		return os.RemoveAll(w.tmp) // now the old build
	}
	// no atomic exchange here: two renames, the old build kept until the second is done
	var b [6]byte
	_, _ = rand.Read(b[:])
	old := filepath.Join(filepath.Dir(w.out), "."+filepath.Base(w.out)+".old-"+hex.EncodeToString(b[:]))
	if err := os.Rename(w.out, old); err != nil {
		return err
	}
	if err := os.Rename(w.tmp, w.out); err != nil {
		_ = os.Rename(old, w.out)
		return err
	}
	w.finish()
	return os.RemoveAll(old)
}

func (w *writer) finish() {
	w.done = true
	w.pages, w.files = int(w.pagesCount.Load()), int(w.filesCount.Load())
}

// removeStale removes what builds killed before they finished left beside
// the output: folders named .<out>.new-… and .<out>.old-….
func removeStale(out string) {
	dir, base := filepath.Dir(out), filepath.Base(out)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); e.IsDir() && (strings.HasPrefix(n, "."+base+".new-") || strings.HasPrefix(n, "."+base+".old-")) {
			os.RemoveAll(filepath.Join(dir, n))
		}
	}
}

// abandon removes the new build unless it was committed.
func (w *writer) abandon() {
	<-w.dirsDone
	if !w.done {
		os.RemoveAll(w.tmp)
	}
}
