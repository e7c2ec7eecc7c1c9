//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// lockOut takes the lock of an output folder, the file .<out>.lock beside
// it, waiting while another build of the same output holds it; waited says
// whether it had to. The file is removed when the lock is let go: a build
// that finds, once it holds the lock, that the file at name is no longer
// the one it locked (its holder removed it) takes the lock again.
func lockOut(name string) (unlock func(), waited bool, err error) {
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, waited, err
		}
		err = flock(f, unix.LOCK_EX|unix.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			waited = true
			err = flock(f, unix.LOCK_EX)
		}
		if err != nil {
			f.Close()
			return nil, waited, err
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return func() { os.Remove(name); f.Close() }, waited, nil
		}
		f.Close()
	}
}

func flock(f *os.File, how int) error {
	for {
		if err := unix.Flock(int(f.Fd()), how); !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// usable reports whether a spare folder is this user's to rewrite: its
// owner's, and writable.
func usable(dir string, fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid() && unix.Access(dir, unix.W_OK) == nil
}
