//go:build !unix

package site

import (
	"bytes"
	"io/fs"
	"os"
)

// writeFile writes data at name, as os.WriteFile does.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// rewriteFile makes the file at name hold data, leaving a file that
// already holds it alone; anything but a regular file is removed first.
func rewriteFile(name string, data []byte) error {
	fi, err := os.Lstat(name)
	switch {
	case err != nil:
	case !fi.Mode().IsRegular():
		if err := os.RemoveAll(name); err != nil {
			return err
		}
	case fi.Size() == int64(len(data)):
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	return writeFile(name, data)
}

// soleName reports whether the file fi describes has no other name, as
// far as this system tells.
func soleName(fs.FileInfo) bool { return true }
