package sitefs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// A file opened through FS is the file the site's Root opens, and what
// the Root refuses, FS refuses.
func TestDirFSOpensWhatRootOpens(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	files := map[string]string{
		"top.txt":                 "top",
		"content/sources/a.txt":   "a",
		"content/other/b.txt":     "b",
		"content/sources/d/c.txt": "c",
	}
	for p, text := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"content/sources/sibling.txt": "../other/b.txt",                     // out of its folder, within the site
		"content/sources/escape.txt":  filepath.Join(outside, "secret.txt"), // out of the site
		"content/sources/up.txt":      "../../../" + filepath.Base(outside), // out of the site, relatively
		"content/linked":              "sources",                            // a folder link within the site
		"content/away":                outside,                              // a folder link out of the site
	}
	for p, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	d := New(root)
	defer d.Close()
	for _, p := range []string{"top.txt", "content/sources/a.txt", "content/other/b.txt", "content/sources/d/c.txt",
		"content/sources/sibling.txt", "content/sources/escape.txt", "content/sources/up.txt", "content/linked/a.txt",
		"content/away/secret.txt", "content/sources/missing.txt", "missing/x.txt", "content/../top.txt", "/etc/passwd", "content/sources"} {
		want, wantErr := fs.ReadFile(root.FS(), p)
		got, gotErr := fs.ReadFile(d, p)
		if string(got) != string(want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: FS read %q, %v; the Root %q, %v", p, got, gotErr, want, wantErr)
		}
	}
	for _, p := range []string{"content/sources/a.txt", "content/sources/d/c.txt", "content/sources/sibling.txt"} {
		want, err := fs.Stat(root.FS(), p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fs.Stat(d, p)
		if err != nil || got.Name() != want.Name() || got.Size() != want.Size() || got.IsDir() || got.Mode() != want.Mode() || !got.ModTime().Equal(want.ModTime()) {
			t.Errorf("%s: FS says %v, %v; the Root %s %d %v %v", p, got, err, want.Name(), want.Size(), want.Mode(), want.ModTime())
		}
	}
	for _, p := range []string{"content/sources", "content/sources/d", "content", "content/linked", "content/away", "content/missing", "top.txt"} {
		want, wantErr := fs.ReadDir(root.FS(), p)
		got, gotErr := fs.ReadDir(d, p)
		if (gotErr == nil) != (wantErr == nil) || len(got) != len(want) {
			t.Errorf("list %s: FS %d entries, %v; the Root %d, %v", p, len(got), gotErr, len(want), wantErr)
			continue
		}
		for i := range got {
			g, w := got[i], want[i]
			gi, gerr := g.Info()
			wi, werr := w.Info()
			if g.Name() != w.Name() || g.Type() != w.Type() || g.IsDir() != w.IsDir() || (gerr == nil) != (werr == nil) ||
				gerr == nil && (gi.Size() != wi.Size() || gi.Mode() != wi.Mode()) {
				t.Errorf("list %s, entry %d: FS %v (%v, %v); the Root %v (%v, %v)", p, i, g, gi, gerr, w, wi, werr)
			}
		}
	}
	if b, err := fs.ReadFile(d, "content/away/secret.txt"); err == nil {
		t.Errorf("read a file outside the site: %q", b)
	}
	if b, err := fs.ReadFile(d, "content/sources/sibling.txt"); string(b) != "b" {
		t.Errorf("a link to a sibling folder: %q, %v", b, err)
	}
}
