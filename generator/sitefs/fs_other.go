//go:build !unix

package sitefs

import (
	"io/fs"
	"os"
)

// nonblock is not needed where there are no named pipes to wait on.
const nonblock = 0

// openRegular leaves every file to the Root here.
func openRegular(dir *os.File, name, base string) (fs.File, bool) { return nil, false }

// readDirIn leaves every folder to the Root here.
func readDirIn(dir *os.File, root *os.Root, name, base string) ([]fs.DirEntry, bool) {
	return nil, false
}
