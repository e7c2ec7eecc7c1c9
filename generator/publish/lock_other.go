//go:build !unix

package publish

import "os"

// lockOut takes no lock where there is no flock.
func lockOut(name string) (unlock func(), waited bool, err error) { return func() {}, false, nil }

// usable takes every spare for this user's.
func usable(dir string, fi os.FileInfo) bool { return true }
