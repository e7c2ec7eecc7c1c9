//go:build unix

package sitefs

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/internal/cputime"
)

// Every kind of file that is not a regular file within the site is an
// error that says what it is, returned at once: nothing waits on a named
// pipe, reads a device or follows a link out of the site, and a file over
// its limit is not read.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	mk := func(p string) string {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		return full
	}
	for _, p := range []string{"content/site.yaml", "templates/base.html", "static/x.css", "content/sources/pipe.txt"} {
		if err := syscall.Mkfifo(mk(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"content/sources/zero.txt":   "/dev/zero",
		"content/sources/secret.txt": filepath.Join(outside, "secret.txt"),
		"static/up.css":              "../../" + filepath.Base(outside) + "/secret.txt",
	}
	for p, target := range links {
		if err := os.Symlink(target, mk(p)); err != nil {
			t.Fatal(err)
		}
	}
	sock, err := net.Listen("unix", mk("content/sources/sock.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	// a sparse file far over every limit: its size costs nothing on disk
	big, err := os.Create(mk("static/big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(6 << 30); err != nil {
		t.Fatal(err)
	}
	big.Close()
	if err := os.WriteFile(mk("content/briefings/long.md"), make([]byte, MaxBriefing+1), 0o644); err != nil {
		t.Fatal(err)
	}

	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := New(root)
	defer fsys.Close()
	tests := []struct {
		path string
		want string // in the error
		is   error
	}{
		{"content/site.yaml", "a named pipe, not a regular file", ErrNotRegular},
		{"templates/base.html", "a named pipe", ErrNotRegular},
		{"static/x.css", "a named pipe", ErrNotRegular},
		{"content/sources/pipe.txt", "a named pipe", ErrNotRegular},
		{"content/sources/sock.txt", "", nil}, // a socket does not open at all
		{"content/sources/zero.txt", "a link that leads outside the site", ErrLinkOutside},
		{"content/sources/secret.txt", "a link that leads outside the site", ErrLinkOutside},
		{"static/up.css", "a link that leads outside the site", ErrLinkOutside},
		{"static/big.bin", "the file is 6.4 GB; the limit for a static file is 64 MiB", nil},
		{"content/briefings/long.md", "the limit for a briefing is 1 MiB", nil},
	}
	for _, tt := range tests {
		start := cputime.Used()
		done := make(chan struct{})
		var b []byte
		var err error
		go func() {
			defer close(done)
			b, err = ReadFile(fsys, tt.path)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still reading after 5 s", tt.path)
		}
		if err == nil {
			t.Errorf("%s: read %d bytes, want an error", tt.path, len(b))
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: %v, want %q", tt.path, err, tt.want)
		}
		if d := cputime.Since(start); d > time.Second {
			t.Errorf("%s: took %v of CPU", tt.path, d)
		}
	}
	// a listing names them without opening them
	entries, err := fs.ReadDir(fsys, "content/sources")
	if err != nil || len(entries) != 4 {
		t.Errorf("list: %v, %v", entries, err)
	}
}
