//go:build !linux

package publish

import "errors"

// exchange has no atomic form on this system; commit falls back to two renames.
func exchange(a, b string) error { return errors.New("no atomic exchange") }
