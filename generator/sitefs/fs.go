package sitefs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// FS is a site's file system, read through its os.Root. It opens regular
// files and folders only, and each folder once: an os.Root resolves a path a
// name at a time, an open and a close for each folder on the way, and
// reading 11,000 sources that was as many system calls again as the
// reading. A plain file is opened by name in its folder, following no link
// (openRegular); anything else in its folder's own Root; and when that fails
// (a link that leads out of the folder, but perhaps not out of the site),
// through the site's Root, so that what opens and what is refused is what
// the site's Root opens and refuses.
type FS struct {
	root    *os.Root
	mu      sync.Mutex
	dirs    map[string]*folder
	overlay map[string][]byte
}

// Overlay has files read from memory instead of the folder: each slash
// path, relative to the site root, opens as the bytes given (what a file
// would hold after a change not yet written, so that it can be checked
// first). A folder still lists what is on disk: an overlaid file replaces
// one that is there.
func (d *FS) Overlay(files map[string][]byte) { d.overlay = files }

// folder is a folder opened through the site's Root, as a Root and as a
// file; nil for one that did not open.
type folder struct {
	root *os.Root
	file *os.File
}

// New returns the file system of the site whose Root is root. Close lets go
// of the folders it opened; the Root stays open.
func New(root *os.Root) *FS {
	return &FS{root: root, dirs: map[string]*folder{}}
}

// Open opens a regular file or a folder; anything else is a *fs.PathError
// that is ErrNotRegular.
func (d *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := d.overlay[name]; ok {
		return &memFile{Reader: bytes.NewReader(b), info: memInfo{path.Base(name), int64(len(b))}}, nil
	}
	dir, base := path.Split(name)
	if dir != "" {
		if sub := d.dir(dir[:len(dir)-1]); sub != nil {
			if f, ok := openRegular(sub.file, name, base); ok {
				return f, nil
			}
			if f, err := checked(sub.root.OpenFile(base, os.O_RDONLY|nonblock, 0)); err == nil {
				return f, nil
			}
		}
	}
	f, err := checked(d.root.OpenFile(name, os.O_RDONLY|nonblock, 0))
	if err != nil && !errors.Is(err, ErrNotRegular) {
		if fi, lerr := d.root.Lstat(name); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrLinkOutside}
		}
	}
	return f, err
}

// ErrLinkOutside is what opening a link that leads out of the site, or to
// nothing, gives.
var ErrLinkOutside = errors.New("a link that leads outside the site, or nowhere")

// checked lets through a regular file or a folder, opened without waiting
// for a pipe's writer, and closes anything else.
func checked(f *os.File, err error) (fs.File, error) {
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: f.Name(), Err: notRegular(fi.Mode())}
	}
	return f, nil
}

// Stat describes the file at name, following a link within the site.
func (d *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := d.overlay[name]; ok {
		return memInfo{path.Base(name), int64(len(b))}, nil
	}
	return d.root.Stat(name)
}

// ReadDir lists the folder name, sorted by name, as fs.ReadDir does, with
// the overlaid files in it that are not on disk (yet).
func (d *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := d.readDir(name)
	if err != nil || len(d.overlay) == 0 {
		return entries, err
	}
	added := false
	for p, b := range d.overlay {
		if path.Dir(p) != name || slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == path.Base(p) }) {
			continue
		}
		entries = append(entries, fs.FileInfoToDirEntry(memInfo{path.Base(p), int64(len(b))}))
		added = true
	}
	if added {
		slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	return entries, nil
}

func (d *FS) readDir(name string) ([]fs.DirEntry, error) {
	dir, base := path.Split(name)
	if dir != "" && fs.ValidPath(name) {
		if sub := d.dir(dir[:len(dir)-1]); sub != nil {
			if entries, ok := readDirIn(sub.file, d.root, name, base); ok {
				return entries, nil
			}
		}
	}
	return fs.ReadDir(d.root.FS(), name)
}

// dir returns the folder, opened at its first use.
func (d *FS) dir(name string) *folder {
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

// Close closes the folders it opened; the site's Root stays open, and the
// FS may still be used.
func (d *FS) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for name, sub := range d.dirs {
		if sub != nil {
			sub.file.Close()
			sub.root.Close()
		}
		delete(d.dirs, name)
	}
	return nil
}

// memFile is an overlaid file.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// File is a file system of one file, p holding b: a file's text read from
// memory as a site's file would be read (content.ParseSource).
func File(p string, b []byte) fs.FS { return oneFile{p, b} }

type oneFile struct {
	p string
	b []byte
}

func (f oneFile) Open(name string) (fs.File, error) {
	if name != f.p {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(f.b), info: memInfo{path.Base(name), int64(len(f.b))}}, nil
}
