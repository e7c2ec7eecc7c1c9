//go:build unix

package sitefs

import (
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// nonblock opens a named pipe without waiting for a writer.
const nonblock = unix.O_NONBLOCK

// openRegular opens base, a plain file named in the folder dir (opened
// through the site's Root), as a rawFile; ok is false for anything else
// (a link, a folder, a missing file), which is then opened the Root's way.
// A name without a slash opened with O_NOFOLLOW cannot leave its folder.
func openRegular(dir *os.File, name, base string) (f fs.File, ok bool) {
	fd, err := openIn(dir, base, unix.O_RDONLY|unix.O_NONBLOCK)
	if err != nil {
		return nil, false
	}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, false
	}
	return &rawFile{fd: fd, path: name, info: rawInfo{name: path.Base(name), size: st.Size, mode: fs.FileMode(st.Mode & 0o777),
		mtime: time.Unix(st.Mtim.Unix())}}, true
}

// openIn opens name, one name without a slash, in the folder dir, following
// no link and leaking the descriptor to no child process.
func openIn(dir *os.File, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(int(dir.Fd()), name, flags|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// rawFile is a regular file read with system calls alone: an os.File
// would try to add it to the runtime's poller, which for a regular file on
// Linux is four fcntl calls and a failing epoll_ctl, more than reading a
// source takes.
type rawFile struct {
	fd   int
	path string // as opened, for errors
	info rawInfo
}

func (f *rawFile) Stat() (fs.FileInfo, error) { return &f.info, nil }

func (f *rawFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.path, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Close() error {
	if err := syscall.Close(f.fd); err != nil {
		return &fs.PathError{Op: "close", Path: f.path, Err: err}
	}
	return nil
}

type rawInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
}

func (i *rawInfo) Name() string       { return i.name }
func (i *rawInfo) Size() int64        { return i.size }
func (i *rawInfo) Mode() fs.FileMode  { return i.mode }
func (i *rawInfo) ModTime() time.Time { return i.mtime }
func (i *rawInfo) IsDir() bool        { return false }
func (i *rawInfo) Sys() any           { return nil }

// readDirIn lists base, a folder named in the folder dir (opened through
// the site's Root), without following a link to it; ok is false for
// anything else, which is then listed the Root's way. A folder opened in a
// Root lists with an lstat of each entry (os does so to keep Info within
// the Root); this one does not, and its entries' Info asks the Root.
func readDirIn(dir *os.File, root *os.Root, name, base string) (entries []fs.DirEntry, ok bool) {
	fd, err := openIn(dir, base, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return nil, false
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	list, err := f.ReadDir(-1)
	if err != nil {
		return nil, false
	}
	entries = make([]fs.DirEntry, len(list))
	for i, e := range list {
		entries[i] = rootEntry{e, root, path.Join(name, e.Name())}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, true
}

// rootEntry is an entry of a folder whose Info is asked of the Root.
type rootEntry struct {
	fs.DirEntry
	root *os.Root
	path string
}

func (e rootEntry) Info() (fs.FileInfo, error) { return e.root.Lstat(e.path) }
