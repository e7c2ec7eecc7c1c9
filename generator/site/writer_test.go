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
