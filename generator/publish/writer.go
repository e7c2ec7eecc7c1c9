package publish

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
	"syscall"
)

// Output receives the files of a build: a Folder on disk, a Memory, or
// what wraps one (the link check's collector).
type Output interface {
	File(rel string, data []byte) error // data may be reused once File returns
	// Stream writes a large generated file: at once into the file on
	// disk, or, in memory, when the file is first asked for
	Stream(rel string, gen func(io.Writer) error) error
}

// Memory holds a build in memory, for the dev server: Files by slash
// path, and Lazies, made when first asked for (claims.json).
type Memory struct {
	mu     sync.Mutex
	Files  map[string][]byte
	Lazies map[string]func() []byte
	// Forget keeps of each file only that it is there, not its bytes: for
	// a build that is checked and never served (dossier lsp)
	Forget bool
}

// forgotten is what a file kept by a Memory that forgets holds.
var forgotten = []byte{}

// NewMemory is an empty build in memory.
func NewMemory() *Memory {
	return &Memory{Files: map[string][]byte{}, Lazies: map[string]func() []byte{}}
}

// File keeps a copy of data.
func (m *Memory) File(rel string, data []byte) error {
	if m.Forget {
		data = forgotten
	} else {
		data = append([]byte(nil), data...)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Files[rel] = data
	delete(m.Lazies, rel)
	return nil
}

// Has reports whether the build has the file at rel, made or to be made.
// Not safe for use while files are added.
func (m *Memory) Has(rel string) bool { return m.Files[rel] != nil || m.Lazies[rel] != nil }

// Get returns the file at rel, making it if it is made when first asked for.
func (m *Memory) Get(rel string) []byte {
	m.mu.Lock()
	data, gen := m.Files[rel], m.Lazies[rel]
	m.mu.Unlock()
	if data == nil && gen != nil {
		return gen()
	}
	return data
}

// Stream keeps gen, to make the file when it is first asked for.
func (m *Memory) Stream(rel string, gen func(io.Writer) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Lazies[rel] = sync.OnceValue(func() []byte {
		var b bytes.Buffer
		if err := gen(&b); err != nil {
			return nil
		}
		return b.Bytes()
	})
	delete(m.Files, rel)
	return nil
}

// Folder writes a build into a folder beside the output and swaps it in
// only when the build is complete, so that the output is always either the
// previous build or the new one, whole.
//
// The build it replaces is kept beside the output, as .<out>.prev, and the
// next build is written into that folder instead of a new one: a file that
// is already there is changed in place where it differs, a file that holds
// what it should is only read, and what the new build does not make is
// removed. A large site is then rebuilt without making and deleting tens of
// thousands of files and folders, which on ext4 costs more than writing the
// pages (a file system without a journal looks past every inode deleted in
// the last minutes before it hands one out).
type Folder struct {
	out, tmp   string
	spare      string // where the build replaced is kept: .<out>.prev
	pages      int
	files      int
	pagesCount atomic.Int64
	filesCount atomic.Int64
	done       bool

	// reuse is set when tmp is an earlier build being rewritten: then had
	// is what it held (by slash path, with its type), listed in the
	// background and known once listed is closed, and wrote what this build
	// wrote in it.
	reuse   bool
	had     map[string]fs.FileMode
	listErr error
	listed  chan struct{}
	wroteMu sync.Mutex
	wrote   map[string]bool

	// The folders of the build are made, parents first, by one goroutine
	// while the pages are rendered: a large site has thousands, and
	// folders made side by side in one parent wait on each other.
	dirIndex map[string]int // a folder's place in the order they are made
	mu       sync.Mutex
	cond     sync.Cond
	made     int   // how many folders are made
	dirErr   error // why the rest could not be
	dirsDone chan struct{}

	unlock func() // lets go of the output's lock
	notes  []string
}

// NewFolder starts a build of out, making the folders dirs (slash paths
// relative to out) in the background.
func NewFolder(out string, dirs []string) (*Folder, error) {
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
	// two builds of one output at once: the second waits for the first,
	// which holds the folders beside the output
	lock := filepath.Join(parent, "."+filepath.Base(out)+".lock")
	unlock, waited, err := lockOut(lock)
	if err != nil {
		return nil, fmt.Errorf("cannot lock the output: %w", err)
	}
	removeStale(out)
	w := &Folder{out: out, spare: filepath.Join(parent, "."+filepath.Base(out)+".prev"),
		dirIndex: map[string]int{}, dirsDone: make(chan struct{}), listed: make(chan struct{}), unlock: unlock}
	if waited {
		w.notes = append(w.notes, "waited for another build of "+out+" to finish")
	}
	w.cond.L = &w.mu
	if fi, err := os.Lstat(w.spare); err == nil && fi.IsDir() {
		if usable(w.spare, fi) {
			w.tmp = filepath.Join(parent, "."+filepath.Base(out)+".new-"+randomName())
			w.reuse = os.Rename(w.spare, w.tmp) == nil
		} else {
			w.notes = append(w.notes, w.spare+", the build before last kept to be rewritten, is another user's or not writable: building into a fresh folder; remove it to save the time")
		}
	}
	if w.reuse {
		w.wrote = map[string]bool{}
		go w.list()
	} else {
		close(w.listed)
		if w.tmp, err = os.MkdirTemp(parent, "."+filepath.Base(out)+".new-"); err != nil {
			unlock()
			return nil, err
		}
		if err := os.Chmod(w.tmp, 0o755); err != nil {
			os.RemoveAll(w.tmp)
			unlock()
			return nil, err
		}
	}
	dirs = withParents(dirs)
	for i, d := range dirs {
		w.dirIndex[d] = i
	}
	go w.makeDirs(dirs)
	return w, nil
}

func randomName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// list records what the earlier build in tmp holds. It runs beside the
// build, which only adds to what it lists and replaces what it finds.
func (w *Folder) list() {
	defer close(w.listed)
	had := map[string]fs.FileMode{}
	w.listErr = filepath.WalkDir(w.tmp, func(p string, d fs.DirEntry, err error) error {
		if p != w.tmp && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)) {
			return nil // replaced by the build with something else
		}
		if err != nil || p == w.tmp {
			return err
		}
		rel, err := filepath.Rel(w.tmp, p)
		had[filepath.ToSlash(rel)] = d.Type()
		return err
	})
	w.had = had
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

func (w *Folder) makeDirs(dirs []string) {
	defer close(w.dirsDone)
	for i, d := range dirs {
		err := w.mkdir(filepath.Join(w.tmp, filepath.FromSlash(d)))
		w.mu.Lock()
		if err != nil { // no folder after this one is made: nobody waits for one
			w.dirErr, w.made = err, len(dirs)
		} else {
			w.made = i + 1
		}
		w.cond.Broadcast()
		w.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// mkdir makes the folder name, unless it is there; in an earlier build,
// what is there in its place and is not a folder is removed first.
func (w *Folder) mkdir(name string) error {
	if !w.reuse {
		if err := os.Mkdir(name, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		return nil
	}
	fi, err := os.Lstat(name)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		if err := os.RemoveAll(name); err != nil {
			return err
		}
	}
	return os.Mkdir(name, 0o755)
}

// dirReady waits until the folder of rel is made.
func (w *Folder) dirReady(rel string) error {
	dir := path.Dir(rel)
	if dir == "." {
		return nil
	}
	i, ok := w.dirIndex[dir]
	if !ok { // not a folder the build announced: made here, once the others are
		<-w.dirsDone
		for d := dir; d != "."; d = path.Dir(d) {
			w.noteWrote(d)
		}
		return os.MkdirAll(filepath.Join(w.tmp, filepath.FromSlash(dir)), 0o755)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.made <= i {
		w.cond.Wait()
	}
	return w.dirErr
}

// noteWrote records that the build made rel, when it rewrites an earlier one.
func (w *Folder) noteWrote(rel string) {
	if w.reuse {
		w.wroteMu.Lock()
		w.wrote[rel] = true
		w.wroteMu.Unlock()
	}
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

// File writes data at rel, a slash-separated path inside the output.
func (w *Folder) File(rel string, data []byte) error {
	if err := w.dirReady(rel); err != nil {
		return err
	}
	name := filepath.Join(w.tmp, filepath.FromSlash(rel))
	write := writeFile
	if w.reuse {
		write = rewriteFile
		w.noteWrote(rel)
	}
	if err := write(name, data); err != nil {
		return err
	}
	w.filesCount.Add(1)
	if strings.HasSuffix(rel, ".html") {
		w.pagesCount.Add(1)
	}
	return nil
}

// Stream writes the file as gen makes it, holding no more of it than a
// buffer's worth.
func (w *Folder) Stream(rel string, gen func(io.Writer) error) error {
	if err := w.dirReady(rel); err != nil {
		return err
	}
	name := filepath.Join(w.tmp, filepath.FromSlash(rel))
	var dst io.Writer
	var file io.Closer
	var over *overWriter
	if w.reuse {
		w.noteWrote(rel)
		f, size, err := openOver(name)
		if err != nil {
			return err
		}
		if f != nil {
			over = &overWriter{f: f, size: size}
			dst, file = over, f
		}
	}
	if dst == nil {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		dst, file = f, f
	}
	b := bufio.NewWriterSize(dst, 256<<10)
	err := gen(b)
	if err == nil {
		err = b.Flush()
	}
	if err == nil && over != nil {
		err = over.finish()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		w.filesCount.Add(1)
	}
	return err
}

// rewriteFile makes the file at name hold data, as writeFile does, but
// writes over a file that is there in place (see openOver), and only from
// where it differs: a file that already holds data is read, not written.
// That makes no inode, dirties no page and leaves the file's time alone.
func rewriteFile(name string, data []byte) error {
	f, size, err := openOver(name)
	if err != nil {
		return err
	}
	if f == nil {
		return writeFile(name, data)
	}
	over := &overWriter{f: f, size: size}
	_, err = over.Write(data)
	if err == nil {
		err = over.finish()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// overFile is a file openOver opened.
type overFile interface {
	io.ReaderAt
	io.WriterAt
	io.Closer
	Truncate(size int64) error
}

// overWriter writes over a file of size bytes from its start, reading
// rather than writing as long as what it is given is what the file holds.
type overWriter struct {
	f       overFile
	size    int64
	off     int64
	differs bool
}

// compareBufs holds the buffers an overWriter reads the file into.
var compareBufs = sync.Pool{New: func() any { return new([64 << 10]byte) }}

func (o *overWriter) Write(p []byte) (int, error) {
	n := len(p)
	if !o.differs {
		buf := compareBufs.Get().(*[64 << 10]byte)
		defer compareBufs.Put(buf)
		for len(p) > 0 && !o.differs {
			want := min(len(buf), len(p))
			got, err := o.f.ReadAt(buf[:want], o.off)
			if err != nil && err != io.EOF {
				return 0, err
			}
			same := samePrefix(buf[:got], p)
			o.off, p = o.off+int64(same), p[same:]
			o.differs = same < want
		}
	}
	if len(p) == 0 {
		return n, nil
	}
	if _, err := o.f.WriteAt(p, o.off); err != nil {
		return 0, err
	}
	o.off += int64(len(p))
	return n, nil
}

// finish cuts the file where the new one ends.
func (o *overWriter) finish() error {
	if o.size != o.off {
		return o.f.Truncate(o.off)
	}
	return nil
}

// samePrefix returns how many bytes at the start of a and b are equal.
func samePrefix(a, b []byte) int {
	n := min(len(a), len(b))
	if bytes.Equal(a[:n], b[:n]) {
		return n
	}
	i := 0
	for a[i] == b[i] {
		i++
	}
	return i
}

// Commit swaps the new build in for the old one: in one atomic exchange
// where the system has one (Linux), so that a reader, or a kill at any
// moment, sees the old build or the new one and never a missing or partial
// folder. The old build is kept as the spare for the next.
func (w *Folder) Commit() error {
	err := w.swap()
	if w.done {
		w.release()
	}
	return err
}

func (w *Folder) swap() error {
	<-w.dirsDone
	if err := w.prune(); err != nil {
		return err
	}
	if _, err := os.Lstat(w.out); err != nil {
		if err := os.Rename(w.tmp, w.out); err != nil {
			return err
		}
		w.finish()
		return nil
	}
	if err := exchange(w.tmp, w.out); err == nil {
		w.finish()
		return w.keep(w.tmp) // now the old build
	}
	// no atomic exchange here: two renames, the old build kept until the second is done
	old := filepath.Join(filepath.Dir(w.out), "."+filepath.Base(w.out)+".old-"+randomName())
	if err := os.Rename(w.out, old); err != nil {
		return err
	}
	if err := os.Rename(w.tmp, w.out); err != nil {
		_ = os.Rename(old, w.out)
		return err
	}
	w.finish()
	return w.keep(old)
}

// prune removes from an earlier build being rewritten what this build did
// not make.
func (w *Folder) prune() error {
	if !w.reuse {
		return nil
	}
	<-w.listed
	if w.listErr != nil {
		return fmt.Errorf("rewriting the build before last (%s): %w", w.spare, w.listErr)
	}
	removed := map[string]bool{} // folders removed, with what is in them
	for _, rel := range slices.Sorted(maps.Keys(w.had)) {
		if removed[path.Dir(rel)] {
			removed[rel] = true
			continue
		}
		// what the build made at rel decides, not what was there: the
		// build may have put a folder where a file was, or the other way
		_, announced := w.dirIndex[rel]
		if announced || w.wrote[rel] {
			continue
		}
		removed[rel] = true
		if err := os.RemoveAll(filepath.Join(w.tmp, filepath.FromSlash(rel))); err != nil {
			return err
		}
	}
	return nil
}

// keep makes the build that was replaced, now at old, the spare that the
// next build rewrites; it is removed if it cannot be.
func (w *Folder) keep(old string) error {
	if err := os.Rename(old, w.spare); err != nil {
		return os.RemoveAll(old)
	}
	return nil
}

func (w *Folder) finish() {
	w.done = true
	w.pages, w.files = int(w.pagesCount.Load()), int(w.filesCount.Load())
}

// Pages and Files count the HTML pages and the files of a committed build.
func (w *Folder) Pages() int { return w.pages }

// Files: see Pages.
func (w *Folder) Files() int { return w.files }

// Notes are what the build did that its user should know: it waited for
// another build of the output, or skipped a spare it could not use.
func (w *Folder) Notes() []string { return w.notes }

// removeStale removes what builds killed before they finished left beside
// the output: folders named .<out>.new-… and .<out>.old-…. (Such a folder
// is not taken for the spare: it may be another build's, running, whose
// files open in it would then be written over this build's.)
func removeStale(out string) {
	dir, base := filepath.Dir(out), filepath.Base(out)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); e.IsDir() && (strings.HasPrefix(n, "."+base+".new-") || strings.HasPrefix(n, "."+base+".old-")) {
			os.RemoveAll(filepath.Join(dir, n))
		}
	}
}

// Abandon lets go of the new build unless it was committed: what was
// written is kept as the spare, for the next build to rewrite.
func (w *Folder) Abandon() {
	<-w.dirsDone
	<-w.listed
	if !w.done {
		w.keep(w.tmp)
	}
	w.release()
}

// release lets go of the output's lock.
func (w *Folder) release() {
	if w.unlock != nil {
		w.unlock()
		w.unlock = nil
	}
}
