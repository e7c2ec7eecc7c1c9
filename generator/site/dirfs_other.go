//go:build !unix

package site

import (
	"io/fs"
	"os"
)

// openRegular leaves every file to the Root here.
func openRegular(dir *os.File, name, base string) (fs.File, bool) { return nil, false }

// readDirIn leaves every folder to the Root here.
func readDirIn(dir *os.File, root *os.Root, name, base string) ([]fs.DirEntry, bool) {
	return nil, false
}
