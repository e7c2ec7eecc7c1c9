package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// start watches content/ and templates/ of a new root, by events or by polling.
func start(t *testing.T, poll bool) (string, *Watcher, *logs) {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content", "briefings"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, root, "content/briefings/a.md", "first")
	l := &logs{}
	cfg := Config{Root: root, Dirs: []string{"content", "templates"}, Logf: l.logf}
	if poll {
		cfg.Poll = 20 * time.Millisecond
	}
	w, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w, l
}

type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for one batch.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.C:
		return b
	case <-time.After(3 * time.Second):
		t.Fatal("no batch within 3s")
	}
	return Batch{}
}

// quiet asserts that no batch comes for a while.
func quiet(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case b := <-w.C:
		t.Fatalf("unexpected batch %+v", b)
	case <-time.After(d):
	}
}

// Every way an editor saves a file is seen, every time.
func TestSaves(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(fmt.Sprintf("poll=%v", poll), func(t *testing.T) {
			root, w, _ := start(t, poll)
			p := filepath.Join(root, "content/briefings/a.md")
			saves := []struct {
				name string
				save func(i int)
			}{
				{"plain write", func(i int) { write(t, root, "content/briefings/a.md", fmt.Sprint("plain ", i)) }},
				{"truncate and write (VS Code)", func(i int) {
					f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
					if err != nil {
						t.Fatal(err)
					}
					f.WriteString(fmt.Sprint("truncated ", i))
					f.Close()
				}},
				{"rename over (vim, JetBrains)", func(i int) {
					tmp := filepath.Join(root, "content/briefings/a.md___jb_tmp___")
					os.WriteFile(tmp, []byte(fmt.Sprint("renamed ", i)), 0o644)
					os.Rename(tmp, p)
				}},
				{"vim backup dance", func(i int) {
					// vim: write 4913 to test the folder, rename the file to a~, write a new file, delete a~
					probe := filepath.Join(root, "content/briefings/4913")
					os.WriteFile(probe, nil, 0o644)
					os.Remove(probe)
					os.Rename(p, p+"~")
					os.WriteFile(p, []byte(fmt.Sprint("vim ", i)), 0o644)
					os.Remove(p + "~")
				}},
			}
			for _, s := range saves {
				for i := range 3 {
					s.save(i)
					b := next(t, w)
					if !slices.Equal(b.Paths, []string{"content/briefings/a.md"}) {
						t.Errorf("%s #%d: batch %+v, want just content/briefings/a.md", s.name, i, b)
					}
				}
			}
		})
	}
}

func TestNewFoldersAndRemovals(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(fmt.Sprintf("poll=%v", poll), func(t *testing.T) {
			root, w, _ := start(t, poll)
			// mkdir -p a/b && touch a/b/x.md, in one go
			write(t, root, "content/sources/a/b/x.md", "x")
			b := next(t, w)
			if !slices.Contains(b.Paths, "content/sources/a/b/x.md") {
				t.Errorf("new nested file: %+v", b)
			}
			// a file in the new folder, later, is seen too
			write(t, root, "content/sources/a/b/y.md", "y")
			if b := next(t, w); !slices.Contains(b.Paths, "content/sources/a/b/y.md") {
				t.Errorf("later file in a new folder: %+v", b)
			}
			// a watched folder that did not exist at the start
			write(t, root, "templates/base.html", "t")
			if b := next(t, w); !slices.Contains(b.Paths, "templates/base.html") {
				t.Errorf("file in a new watched folder: %+v", b)
			}
			os.Remove(filepath.Join(root, "content/sources/a/b/x.md"))
			if b := next(t, w); !slices.Contains(b.Paths, "content/sources/a/b/x.md") {
				t.Errorf("removal: %+v", b)
			}
			os.Rename(filepath.Join(root, "content/sources/a/b/y.md"), filepath.Join(root, "content/sources/z.md"))
			b = next(t, w)
			if !slices.Contains(b.Paths, "content/sources/a/b/y.md") || !slices.Contains(b.Paths, "content/sources/z.md") {
				t.Errorf("rename: %+v", b)
			}
			// not watched: other folders, editor files, attribute changes
			write(t, root, "public/index.html", "x")
			write(t, root, "content/.#a.md", "x")
			write(t, root, "content/a.md.swp", "x")
			os.Chmod(filepath.Join(root, "content/briefings/a.md"), 0o600)
			quiet(t, w, 300*time.Millisecond)
		})
	}
}

// A checkout of 500 files is one batch.
func TestBurst(t *testing.T) {
	root, w, _ := start(t, false)
	for i := range 500 {
		write(t, root, fmt.Sprintf("content/sources/s%03d.txt", i), "x")
	}
	// the new folder is reported too: a folder renamed away takes its files
	// with it in one event, so whoever reads batches must look inside
	b := next(t, w)
	if len(b.Paths) != 501 || b.Paths[0] != "content/sources" {
		t.Errorf("one batch of %d paths, starting %q; want 501 in one", len(b.Paths), b.Paths[0])
	}
	quiet(t, w, 200*time.Millisecond)
}

// At the inotify watch limit the watcher says what to do and polls instead.
func TestWatchLimitFallsBackToPolling(t *testing.T) {
	old := addWatch
	t.Cleanup(func() { addWatch = old })
	n := 0
	addWatch = func(fw *fsnotify.Watcher, dir string) error {
		if n++; n > 1 {
			return fmt.Errorf("add %s: %w", dir, syscall.ENOSPC)
		}
		return fw.Add(dir)
	}
	root, w, l := start(t, false)
	if !w.Polling() {
		t.Fatal("not polling after hitting the limit")
	}
	if !strings.Contains(l.String(), "fs.inotify.max_user_watches") {
		t.Errorf("the message does not name the sysctl: %q", l.String())
	}
	write(t, root, "content/briefings/a.md", "changed")
	if b := next(t, w); !slices.Equal(b.Paths, []string{"content/briefings/a.md"}) {
		t.Errorf("polling after the limit: %+v", b)
	}
}

// Without an inotify instance to be had (fs.inotify.max_user_instances),
// the watcher says what to do and polls: serve goes on.
func TestInstanceLimitFallsBackToPolling(t *testing.T) {
	old := newWatcher
	t.Cleanup(func() { newWatcher = old })
	newWatcher = func() (*fsnotify.Watcher, error) {
		return nil, fmt.Errorf("inotify_init1: %w", syscall.EMFILE)
	}
	root, w, l := start(t, false)
	if !w.Polling() {
		t.Fatal("not polling without an inotify instance")
	}
	if !strings.Contains(l.String(), "fs.inotify.max_user_instances") {
		t.Errorf("the message does not name the sysctl: %q", l.String())
	}
	write(t, root, "content/briefings/a.md", "changed")
	if b := next(t, w); !slices.Equal(b.Paths, []string{"content/briefings/a.md"}) {
		t.Errorf("polling without an instance: %+v", b)
	}
}

func TestIgnoreEditorFiles(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md": false, "a.md~": true, ".a.md.swp": true, ".a.md.swx": true, "4913": true, ".#a.md": true,
		"a.md___jb_tmp___": true, "a.md___jb_old___": true, ".hidden": true, "49130": false,
	} {
		if got := IgnoreEditorFiles(name); got != want {
			t.Errorf("IgnoreEditorFiles(%q) = %v", name, got)
		}
	}
}

// When the kernel drops events, the batch says everything changed.
func TestOverflowMeansEverything(t *testing.T) {
	_, w, l := start(t, false)
	w.mu.Lock()
	errs := w.fsw.Errors
	w.mu.Unlock()
	errs <- fsnotify.ErrEventOverflow
	if b := next(t, w); !b.All {
		t.Errorf("batch after an overflow = %+v, want All", b)
	}
	if !strings.Contains(l.String(), "dropped events") {
		t.Errorf("no word of the overflow: %q", l.String())
	}
}
