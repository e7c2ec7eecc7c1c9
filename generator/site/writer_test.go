package site

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The writer makes the folders it was told of in the background, parents
// first; a file waits for its own folder only; a folder it was not told of
// is made when a file needs it; nothing is left when a build is abandoned.
func TestWriterFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	dirs := []string{"sources/b", "sources/a/deep/er", "briefings/x/sources"}
	w, err := newWriter(out, dirs)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"index.html", "sources/a/deep/er/index.html", "briefings/x/sources/index.html", "sources/b/index.html", "unannounced/y/file.txt"}
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Go(func() {
			if err := w.file(f, []byte(f)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := w.commit(); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if b, err := os.ReadFile(filepath.Join(out, f)); err != nil || string(b) != f {
			t.Errorf("%s: %q %v", f, b, err)
		}
	}
	if w.files != len(files) || w.pages != 4 {
		t.Errorf("%d files, %d pages", w.files, w.pages)
	}

	w, err = newWriter(out, dirs)
	if err != nil {
		t.Fatal(err)
	}
	tmp := w.tmp
	w.abandon()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the abandoned build is still there: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "index.html" {
		t.Error("abandoning a build touched the output")
	}
}

// writeFile writes what os.WriteFile writes, with its permissions,
// replacing what was there, and fails as it fails.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	for _, data := range [][]byte{[]byte("a longer first version"), []byte("short"), nil, make([]byte, 3<<20)} {
		mine, theirs := filepath.Join(dir, "mine"), filepath.Join(dir, "theirs")
		if err := writeFile(mine, data); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(theirs, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(mine)
		want, _ := os.ReadFile(theirs)
		mi, _ := os.Stat(mine)
		ti, _ := os.Stat(theirs)
		if string(got) != string(want) || mi.Mode() != ti.Mode() {
			t.Errorf("%d bytes: wrote %d bytes, mode %v; os.WriteFile %d bytes, mode %v", len(data), len(got), mi.Mode(), len(want), ti.Mode())
		}
	}
	err := writeFile(filepath.Join(dir, "missing", "file"), []byte("x"))
	want := os.WriteFile(filepath.Join(dir, "missing", "file"), []byte("x"), 0o644)
	if err == nil || err.Error() != want.Error() {
		t.Errorf("into a missing folder: %v; os.WriteFile: %v", err, want)
	}
}
