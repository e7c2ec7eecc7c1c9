//go:build !unix

package site

import "os"

// writeFile writes data at name, as os.WriteFile does.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
