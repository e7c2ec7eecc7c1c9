package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Config says what to watch. The zero value of each field but Root is its default.
type Config struct {
	Root     string        // the folder that holds the watched folders
	Dirs     []string      // names of folders in Root to watch, recursively; they need not exist yet
	Debounce time.Duration // quiet time that closes a batch; 0 is 20ms, five times that once a batch holds a burst
	MaxWait  time.Duration // the longest a batch waits while events keep coming; 0 is 1s
	// Poll, when above zero, polls the trees at that interval instead of
	// using fsnotify. Polling is also the fallback when the watch limit is hit.
	Poll   time.Duration
	Ignore func(name string) bool           // nil is IgnoreEditorFiles; given a base name
	Logf   func(format string, args ...any) // warnings; nil discards them
}

// Batch is a set of changes.
type Batch struct {
	Paths []string // relative to Root, slash-separated, sorted, each once
	All   bool     // events were lost: assume every file changed
}

// Watcher sends a Batch on C for each burst of changes.
type Watcher struct {
	C <-chan Batch

	cfg     Config
	c       chan Batch
	fsw     *fsnotify.Watcher
	done    chan struct{}
	wg      sync.WaitGroup
	polling bool
	events  chan string // changed paths from the poller
	mu      sync.Mutex
}

// burst is how many changed paths make a batch a burst, which waits longer
// for quiet, so that a checkout of many files is one batch.
const burst = 16

// PollInterval is the polling interval used when the watch limit forces polling.
const PollInterval = 500 * time.Millisecond

// addWatch adds one folder to fsnotify, and newWatcher makes the watcher
// (an inotify instance); tests replace them to simulate the limits.
var (
	addWatch   = func(w *fsnotify.Watcher, dir string) error { return w.Add(dir) }
	newWatcher = func() (*fsnotify.Watcher, error) { return fsnotify.NewBufferedWatcher(4096) }
)

// New starts watching.
func New(cfg Config) (*Watcher, error) {
	if cfg.Debounce <= 0 {
		cfg.Debounce = 20 * time.Millisecond
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = time.Second
	}
	if cfg.Ignore == nil {
		cfg.Ignore = IgnoreEditorFiles
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if _, err := os.Stat(cfg.Root); err != nil {
		return nil, err
	}
	w := &Watcher{cfg: cfg, c: make(chan Batch), done: make(chan struct{}), events: make(chan string, 256)}
	w.C = w.c
	if cfg.Poll > 0 {
		w.startPolling(cfg.Poll)
	} else {
		fsw, err := newWatcher()
		switch {
		case err != nil && isLimit(err):
			w.instancesReached(err)
		case err != nil:
			return nil, err
		default:
			w.fsw = fsw
			err = addWatch(fsw, cfg.Root)
			for _, d := range cfg.Dirs {
				if err == nil {
					_, err = w.addTree(filepath.Join(cfg.Root, d), false)
				}
			}
			if err != nil {
				if !isLimit(err) {
					fsw.Close()
					return nil, err
				}
				w.limitReached(err)
			}
		}
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Polling reports whether the watcher polls rather than gets events.
func (w *Watcher) Polling() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.polling
}

// Close stops watching and closes C.
func (w *Watcher) Close() error {
	close(w.done)
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

func isLimit(err error) bool { return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) }

// instancesReached says loudly that no inotify instance can be had and
// polls instead.
func (w *Watcher) instancesReached(err error) {
	w.cfg.Logf("watch: cannot watch for changes (%v): the inotify instance limit is reached.\n"+
		"  Raise it with: sudo sysctl fs.inotify.max_user_instances=1024\n"+
		"  Polling every %s instead.", err, PollInterval)
	w.startPolling(PollInterval)
}

// limitReached says loudly that the watch limit is reached and polls instead.
func (w *Watcher) limitReached(err error) {
	w.cfg.Logf("watch: cannot watch every folder (%v): the inotify watch limit is reached.\n"+
		"  Raise it with: sudo sysctl fs.inotify.max_user_watches=524288\n"+
		"  Polling every %s instead.",
		err, PollInterval)
	w.mu.Lock()
	fsw := w.fsw
	w.fsw = nil
	w.mu.Unlock()
	if fsw != nil {
		fsw.Close()
	}
	w.startPolling(PollInterval)
}

// addTree watches dir and every folder below it. With report, it returns
// the files it finds, so that files created before their folder was watched
// are not missed.
func (w *Watcher) addTree(dir string, report bool) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if p != dir && w.cfg.Ignore(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			w.mu.Lock()
			fsw := w.fsw
			w.mu.Unlock()
			if fsw == nil {
				return filepath.SkipAll
			}
			return addWatch(fsw, p)
		}
		if report {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// rel returns p relative to the root, slash-separated, and whether it is
// inside one of the watched folders (or is one).
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.cfg.Root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	return r, slices.Contains(w.cfg.Dirs, top)
}

func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.c)
	pending := map[string]bool{}
	all := false
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	ready := false
	// arm starts or extends the debounce, never past MaxWait after the first event
	arm := func() {
		if len(pending) == 0 && !all {
			first = time.Now()
		}
		ready = false
		wait := w.cfg.Debounce
		if len(pending) >= burst { // a checkout or a copy: let it finish
			wait *= 5
		}
		if left := w.cfg.MaxWait - time.Since(first); left < wait {
			wait = max(left, 0)
		}
		timer.Reset(wait)
	}
	add := func(r string) {
		arm()
		pending[r] = true
	}
	for {
		var out chan Batch
		var batch Batch
		if ready {
			out = w.c
			batch = Batch{All: all}
			for p := range pending {
				batch.Paths = append(batch.Paths, p)
			}
			slices.Sort(batch.Paths)
		}
		var events chan fsnotify.Event
		var errs chan error
		w.mu.Lock()
		if w.fsw != nil {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		w.mu.Unlock()
		select {
		case <-w.done:
			timer.Stop()
			return
		case out <- batch:
			pending, all, ready = map[string]bool{}, false, false
		case <-timer.C:
			ready = len(pending) > 0 || all
		case r := <-w.events:
			add(r)
		case e, ok := <-events:
			if !ok {
				continue
			}
			for _, r := range w.handle(e) {
				add(r)
			}
		case err, ok := <-errs:
			if !ok {
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.cfg.Logf("watch: the kernel dropped events; rebuilding everything")
				arm()
				all = true
				continue
			}
			w.cfg.Logf("watch: %v", err)
		}
	}
}

// handle turns one fsnotify event into the changed paths it implies.
func (w *Watcher) handle(e fsnotify.Event) []string {
	if e.Op == fsnotify.Chmod || w.cfg.Ignore(filepath.Base(e.Name)) {
		return nil
	}
	r, ok := w.rel(e.Name)
	if !ok {
		return nil
	}
	out := []string{r}
	if e.Has(fsnotify.Create) {
		if fi, err := os.Lstat(e.Name); err == nil && fi.IsDir() {
			files, err := w.addTree(e.Name, true)
			if err != nil && isLimit(err) {
				w.limitReached(err)
			} else if err != nil {
				w.cfg.Logf("watch: %v", err)
			}
			for _, f := range files {
				if fr, ok := w.rel(f); ok {
					out = append(out, fr)
				}
			}
		}
	}
	return out
}

// IgnoreEditorFiles reports whether a base name is an editor's temporary or
// backup file, or a hidden file: "x~", ".x.swp", ".x.swx", "4913", ".#x",
// "x___jb_tmp___", "x___jb_old___".
func IgnoreEditorFiles(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || name == "4913" ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".swpx") ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}
