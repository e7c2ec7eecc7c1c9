//go:build unix

package site

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"
)

// writeFile is os.WriteFile without an os.File. Opening an os.File tries
// to add it to the runtime's poller, which for a regular file on Linux is
// four fcntl calls and a failing epoll_ctl: more system calls than writing
// the page, for each of a large site's thousands of pages.
func writeFile(name string, data []byte) error {
	fd, err := openFile(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC)
	if err != nil {
		return err
	}
	if err := writeAt(fd, name, data, 0); err != nil {
		syscall.Close(fd)
		return err
	}
	return closeFile(fd, name)
}

// rewriteFile makes the file at name hold data, as writeFile does, but
// changes a file that is there in place, and only from where it differs:
// a file that already holds data is read and not written to at all. That
// allocates no inode, dirties no page and leaves the file's time alone. A
// file with other names (hard links: a copy made with `cp -al`) is
// replaced, not changed, so that the copy keeps what it had; anything but
// a regular file is removed first.
func rewriteFile(name string, data []byte) error {
	fd, err := openFile(name, syscall.O_RDWR|syscall.O_NOFOLLOW)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok && pe.Err == syscall.ENOENT {
			return writeFile(name, data)
		}
		if err := os.RemoveAll(name); err != nil {
			return err
		}
		return writeFile(name, data)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Nlink != 1 {
		syscall.Close(fd)
		if err := syscall.Unlink(name); err != nil {
			return &fs.PathError{Op: "unlink", Path: name, Err: err}
		}
		return writeFile(name, data)
	}
	same, err := samePrefix(fd, name, data)
	if err == nil && (same < len(data) || st.Size != int64(len(data))) {
		err = writeAt(fd, name, data[same:], int64(same))
		if err == nil && st.Size != int64(len(data)) {
			if e := syscall.Ftruncate(fd, int64(len(data))); e != nil {
				err = &fs.PathError{Op: "truncate", Path: name, Err: e}
			}
		}
	}
	if err != nil {
		syscall.Close(fd)
		return err
	}
	return closeFile(fd, name)
}

// compareBufs holds the buffers rewriteFile reads a file into.
var compareBufs = sync.Pool{New: func() any { return new([64 << 10]byte) }}

// samePrefix returns how many bytes at the start of the file fd (read from
// its start) are those at the start of data.
func samePrefix(fd int, name string, data []byte) (int, error) {
	buf := compareBufs.Get().(*[64 << 10]byte)
	defer compareBufs.Put(buf)
	same := 0
	for same < len(data) {
		n, err := syscall.Pread(fd, buf[:min(len(buf), len(data)-same)], int64(same))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			break
		}
		if !bytes.Equal(buf[:n], data[same:same+n]) {
			i := 0
			for buf[i] == data[same+i] {
				i++
			}
			return same + i, nil
		}
		same += n
	}
	return same, nil
}

// openFile opens name with flags, leaking the descriptor to no child process.
func openFile(name string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(name, flags|syscall.O_CLOEXEC, 0o644)
		if err == nil {
			return fd, nil
		}
		if err != syscall.EINTR {
			return -1, &fs.PathError{Op: "open", Path: name, Err: err}
		}
	}
}

// writeAt writes data into fd at off.
func writeAt(fd int, name string, data []byte, off int64) error {
	for len(data) > 0 {
		n, err := syscall.Pwrite(fd, data, off)
		if err == syscall.EINTR {
			continue
		}
		if err == nil && n <= 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data, off = data[n:], off+int64(n)
	}
	return nil
}

func closeFile(fd int, name string) error {
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// soleName reports whether the file fi describes has no other name.
func soleName(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || st.Nlink == 1
}
