// Command gen writes the built-in theme's pages as Go (pages_gen.go in
// package theme), from the templates at the root of the repository.
package main

import (
	"bytes"
	"fmt"
	"os"

	"dossier/generator/theme/source"
)

func main() {
	var b bytes.Buffer
	if err := source.Generate(&b, "../.."); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("pages_gen.go", b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
