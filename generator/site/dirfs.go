package site

import (
	"io/fs"
	"os"
	"path"
	"sync"
)

// dirFS is an os.Root's file system that opens each folder once. An
// os.Root resolves a path a name at a time, an open and a close for each
// folder on the way: reading 11,000 sources, that was as many system calls
// again as the reading. A plain file is opened by name in its folder,
// following no link (openRegular); anything else in its folder's own Root;
// and when that fails (a link that leads out of the folder, but perhaps not
// out of the site), through the site's Root as before, so that what opens
// and what is refused stay the same.
type dirFS struct {
	fs.FS // the site root's
	root  *os.Root
	mu    sync.Mutex
	dirs  map[string]*folder
}

// folder is a folder opened through the site's Root, as a Root and as a
// file; nil for one that did not open.
type folder struct {
	root *os.Root
	file *os.File
}

func newDirFS(root *os.Root) *dirFS {
	return &dirFS{FS: root.FS(), root: root, dirs: map[string]*folder{}}
}

func (d *dirFS) Open(name string) (fs.File, error) {
	dir, base := path.Split(name)
	if dir == "" || !fs.ValidPath(name) {
		return d.FS.Open(name)
	}
	if sub := d.dir(dir[:len(dir)-1]); sub != nil {
		if f, ok := openRegular(sub.file, name, base); ok {
			return f, nil
		}
		if f, err := sub.root.Open(base); err == nil {
			return f, nil
		}
	}
	return d.FS.Open(name)
}

// ReadDir lists the folder name, sorted by name, as fs.ReadDir does.
func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	dir, base := path.Split(name)
	if dir != "" && fs.ValidPath(name) {
		if sub := d.dir(dir[:len(dir)-1]); sub != nil {
			if entries, ok := readDirIn(sub.file, d.root, name, base); ok {
				return entries, nil
			}
		}
	}
	return fs.ReadDir(d.FS, name)
}

// dir returns the folder, opened at its first use.
func (d *dirFS) dir(name string) *folder {
	d.mu.Lock()
	defer d.mu.Unlock()
	sub, ok := d.dirs[name]
	if !ok {
		if root, err := d.root.OpenRoot(name); err == nil {
			if file, err := root.Open("."); err == nil {
				sub = &folder{root, file}
			} else {
				root.Close()
			}
		}
		d.dirs[name] = sub
	}
	return sub
}

// close closes the folders; the site's Root stays open.
func (d *dirFS) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for name, sub := range d.dirs {
		if sub != nil {
			sub.file.Close()
			sub.root.Close()
		}
		delete(d.dirs, name)
	}
}
