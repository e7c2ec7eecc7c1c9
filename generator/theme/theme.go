// Package theme is the built-in theme's pages compiled ahead of time:
// Go that writes, byte for byte, what the templates of templates/*.html
// write (package render's Generate). The build uses a generated page only
// while the template files it was made from are the ones in effect, so
// editing a template, or overriding it in a site, changes the pages on the
// next build with no other step; `go generate ./generator/theme` (which
// `make build` and `make serve` run) makes the generated code current
// again, and a test fails while it is not.
package theme

//go:generate go run ./gen
