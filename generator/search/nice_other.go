//go:build !unix

package search

// lower leaves the process as it is: the system has no nice.
func lower(int) {}
