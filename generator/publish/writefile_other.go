//go:build !unix

package publish

import (
	"errors"
	"io/fs"
	"os"
)

// writeFile writes data at name, as os.WriteFile does.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// openOver opens the regular file at name to be written over in place, with
// its size. Anything else there is removed and nil returned, as it is when
// nothing is there.
func openOver(name string) (overFile, int64, error) {
	fi, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, os.RemoveAll(name)
	}
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, 0, err
	}
	return f, fi.Size(), nil
}
