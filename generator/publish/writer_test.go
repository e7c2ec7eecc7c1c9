package publish

import (
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The writer makes the folders it was told of in the background, parents
// first; a file waits for its own folder only; a folder it was not told of
// is made when a file needs it; nothing is left when a build is abandoned.
func TestWriterFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	dirs := []string{"sources/b", "sources/a/deep/er", "briefings/x/sources"}
	w, err := NewFolder(out, dirs)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"index.html", "sources/a/deep/er/index.html", "briefings/x/sources/index.html", "sources/b/index.html", "unannounced/y/file.txt"}
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Go(func() {
			if err := w.File(f, []byte(f)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := w.Commit(); err != nil {
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

	w, err = NewFolder(out, dirs)
	if err != nil {
		t.Fatal(err)
	}
	tmp := w.tmp
	if err := w.File("index.html", []byte("half a build")); err != nil {
		t.Fatal(err)
	}
	w.Abandon()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the abandoned build is still there: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "index.html" {
		t.Error("abandoning a build touched the output")
	}
	if b, _ := os.ReadFile(filepath.Join(filepath.Dir(out), ".public.prev", "index.html")); string(b) != "half a build" {
		t.Errorf("the abandoned build was not kept as the spare: %q", b)
	}
}

// fullTree returns the files, folders and links under dir: a file as its
// content, a folder as "/", a link as "-> target".
func fullTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.IsDir():
			got[filepath.ToSlash(rel)] = "/"
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			got[filepath.ToSlash(rel)] = "-> " + target
		default:
			b, err := os.ReadFile(p)
			got[filepath.ToSlash(rel)] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// writeBuild writes files (slash path → content; a path ending in / is a
// folder) as one build of out and returns the writer.
func writeBuild(t *testing.T, out string, files map[string]string) *Folder {
	t.Helper()
	var dirs []string
	for rel := range files {
		if strings.HasSuffix(rel, "/") {
			dirs = append(dirs, strings.TrimSuffix(rel, "/"))
		} else {
			dirs = append(dirs, path.Dir(rel))
		}
	}
	w, err := NewFolder(out, dirs)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for rel, data := range files {
		if strings.HasSuffix(rel, "/") {
			continue
		}
		wg.Go(func() {
			var err error
			if strings.HasSuffix(rel, ".json") {
				err = w.Stream(rel, func(wr io.Writer) error {
					for chunk := range strings.SplitSeq(data, "|") { // written in pieces
						if _, err := io.WriteString(wr, chunk); err != nil {
							return err
						}
					}
					return nil
				})
			} else {
				err = w.File(rel, []byte(data))
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return w
}

// treeOf returns the tree a build of files is: its folders, parents and all,
// and its files with what streams were given whole.
func treeOf(files map[string]string) map[string]string {
	w := map[string]string{}
	for rel, data := range files {
		d := rel
		if strings.HasSuffix(rel, "/") {
			d = strings.TrimSuffix(rel, "/") + "/x"
		} else {
			w[rel] = strings.ReplaceAll(data, "|", "")
		}
		for d = path.Dir(d); d != "."; d = path.Dir(d) {
			w[d] = "/"
		}
	}
	return w
}

// A build replaces the output whole, whatever was there before: the one it
// replaces is kept as the spare, and the next build rewrites the spare in
// place (a file that holds what it should is left alone, not written; a
// file of other names is replaced, not changed; what the build does not
// make goes) before it is swapped in.
func TestWriterRewritesTheBuildBeforeLast(t *testing.T) {
	root := t.TempDir()
	out, spare := filepath.Join(root, "public"), filepath.Join(root, ".public.prev")
	builds := []map[string]string{
		{
			"index.html": "home", "same.html": "unchanged", "a/b/index.html": "deep", "gone/index.html": "gone",
			"longer.html": "short", "shorter.html": "a long page", "middle.html": "abcdefgh",
			"was-file": "a file", "was-dir/index.html": "in a folder", "claims.json": "[1,|2,|3]",
			"shrinks.json": "[1,2,|3,4,|5]", "grows.json": "[1]", "linked.html": "linked v1", "empty/": "",
		},
		{
			"index.html": "home", "same.html": "unchanged", "a/b/index.html": "deeper",
			"longer.html": "short and now longer", "shorter.html": "a long", "middle.html": "abcXefgh",
			"was-file/index.html": "now a folder", "was-dir": "now a file", "claims.json": "[1,|2,|3]",
			"shrinks.json": "[1,|2]", "grows.json": "[1,|2,|3]", "linked.html": "linked v2", "new/page.html": "new",
		},
		{"index.html": "home", "same.html": "unchanged", "third.html": "third"},
		{"index.html": "home", "same.html": "unchanged", "a/b/index.html": "back", "linked.html": "linked v3"},
	}
	var keptLink string
	for i, files := range builds {
		before, _ := os.Lstat(filepath.Join(spare, "same.html"))
		if i == 3 { // a copy of the spare's file made with a hard link keeps what it had
			keptLink = filepath.Join(root, "copy-of-linked.html")
			if err := os.Link(filepath.Join(spare, "linked.html"), keptLink); err != nil {
				t.Fatal(err)
			}
		}
		w := writeBuild(t, out, files)
		if got, want := fullTree(t, out), treeOf(files); !maps.Equal(got, want) {
			t.Errorf("build %d:\n got %v\nwant %v", i, got, want)
		}
		if i > 0 {
			if got, want := fullTree(t, spare), treeOf(builds[i-1]); !maps.Equal(got, want) {
				t.Errorf("build %d: the spare is not the build before:\n got %v\nwant %v", i, got, want)
			}
		}
		if w.reuse != (i >= 2) {
			t.Errorf("build %d: rewrote the spare: %v", i, w.reuse)
		}
		if i >= 2 { // the file that did not change is the same file, untouched
			after, err := os.Stat(filepath.Join(out, "same.html"))
			if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
				t.Errorf("build %d: same.html was written again: %v", i, err)
			}
		}
		if w.files != countKeys(treeOf(files), func(_, v string) bool { return v != "/" }) {
			t.Errorf("build %d: %d files counted", i, w.files)
		}
	}
	if b, _ := os.ReadFile(keptLink); string(b) != "linked v2" {
		t.Errorf("a hard link to the spare's file was changed: %q", b)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{".public.prev", "copy-of-linked.html", "public"}) {
		t.Errorf("beside the output: %v", names)
	}
}

// What lies in the spare where the build writes is replaced, never
// followed: a link in place of a page or a folder leaves its target alone.
func TestWriterFollowsNoLinkInTheSpare(t *testing.T) {
	root := t.TempDir()
	out, spare := filepath.Join(root, "public"), filepath.Join(root, ".public.prev")
	outside := filepath.Join(root, "outside")
	if err := os.MkdirAll(filepath.Join(outside, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "file"), []byte("not yours"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(spare, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"index.html": "../outside/file", "sub": "../outside/dir", "data.json": "../outside/file"} {
		if err := os.Symlink(target, filepath.Join(spare, name)); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{"index.html": "home", "sub/index.html": "sub", "data.json": "{}"}
	if w := writeBuild(t, out, files); !w.reuse {
		t.Fatal("the spare was not rewritten")
	}
	if got, want := fullTree(t, out), treeOf(files); !maps.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if got := fullTree(t, outside); !maps.Equal(got, map[string]string{"dir": "/", "file": "not yours"}) {
		t.Errorf("outside the spare: %v", got)
	}
}

// rewriteFile leaves the file as writeFile would, changing it in place.
func TestRewriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	big := strings.Repeat("0123456789abcdef", 10<<10) // over one read buffer
	for _, c := range []struct{ old, new string }{
		{"", "x"}, {"x", ""}, {"same", "same"}, {"same size", "SAME size"}, {"short", "short and longer"},
		{"long and longer", "long"}, {big, big}, {big, big[:len(big)-1] + "!"}, {big, big + "more"}, {big + "more", big},
	} {
		if err := os.WriteFile(name, []byte(c.old), 0o644); err != nil {
			t.Fatal(err)
		}
		before, _ := os.Stat(name)
		if err := rewriteFile(name, []byte(c.new)); err != nil {
			t.Fatal(err)
		}
		after, _ := os.Stat(name)
		if got, _ := os.ReadFile(name); string(got) != c.new {
			t.Errorf("%.20q → %.20q: got %.20q (%d bytes)", c.old, c.new, got, len(got))
		}
		if !os.SameFile(before, after) {
			t.Errorf("%.20q → %.20q: not changed in place", c.old, c.new)
		}
	}
	if err := rewriteFile(filepath.Join(dir, "new"), []byte("made")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "new")); string(got) != "made" {
		t.Errorf("a missing file: %q", got)
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

// countKeys counts the entries of m that keep says to.
func countKeys(m map[string]string, keep func(k, v string) bool) int {
	n := 0
	for k, v := range m {
		if keep(k, v) {
			n++
		}
	}
	return n
}
