//go:build unix

package publish

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// writeFile is os.WriteFile without an os.File. Opening an os.File tries
// to add it to the runtime's poller, which for a regular file on Linux is
// four fcntl calls and a failing epoll_ctl: more system calls than writing
// the page, for each of a large site's thousands of pages.
func writeFile(name string, data []byte) error {
	f, err := openRaw(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// openOver opens the file at name to be written over in place, with its
// size: a regular file of one name. Anything else there is removed and nil
// returned, as it is when nothing is there: a link (never followed), a
// folder, or a file with other names (a hard link, as `cp -al` makes), so
// that the copy keeps what it holds.
func openOver(name string) (overFile, int64, error) {
	f, err := openRaw(name, syscall.O_RDWR|syscall.O_NOFOLLOW)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, os.RemoveAll(name)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(f.fd, &st); err != nil {
		f.Close()
		return nil, 0, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Nlink != 1 {
		f.Close()
		return nil, 0, os.Remove(name)
	}
	return f, st.Size, nil
}

// openRaw opens name with flags as a outFile, leaking the descriptor to no
// child process.
func openRaw(name string, flags int) (*outFile, error) {
	for {
		fd, err := syscall.Open(name, flags|syscall.O_CLOEXEC, 0o644)
		if err == nil {
			return &outFile{fd: fd, path: name}, nil
		}
		if err != syscall.EINTR {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
	}
}

// ReadAt reads len(b) bytes at off, fewer only at the end of the file.
func (f *outFile) ReadAt(b []byte, off int64) (int, error) {
	read := 0
	for read < len(b) {
		n, err := syscall.Pread(f.fd, b[read:], off+int64(read))
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return read, &fs.PathError{Op: "read", Path: f.path, Err: err}
		case n == 0:
			return read, io.EOF
		}
		read += n
	}
	return read, nil
}

// WriteAt writes b at off.
func (f *outFile) WriteAt(b []byte, off int64) (int, error) {
	written := 0
	for written < len(b) {
		n, err := syscall.Pwrite(f.fd, b[written:], off+int64(written))
		if err == syscall.EINTR {
			continue
		}
		if err == nil && n <= 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			return written, &fs.PathError{Op: "write", Path: f.path, Err: err}
		}
		written += n
	}
	return written, nil
}

// Truncate cuts or extends the file to size bytes.
func (f *outFile) Truncate(size int64) error {
	if err := syscall.Ftruncate(f.fd, size); err != nil {
		return &fs.PathError{Op: "truncate", Path: f.path, Err: err}
	}
	return nil
}

// outFile is a file of the output, read and written with system calls
// alone: an os.File would try to add it to the runtime's poller, four fcntl
// calls and a failing epoll_ctl for a regular file on Linux.
type outFile struct {
	fd   int
	path string // as opened, for errors
}

func (f *outFile) Close() error {
	if err := syscall.Close(f.fd); err != nil {
		return &fs.PathError{Op: "close", Path: f.path, Err: err}
	}
	return nil
}
