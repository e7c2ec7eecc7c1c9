package site

import (
	"io/fs"
)

// Config says what to build. The zero value of each field is its default.
type Config struct {
	Dir     string // the site root, holding content/; "" is the current directory
	Out     string // the output folder; "" is public/ in Dir
	Strict  bool   // warnings are errors
	Drafts  bool   // include briefings marked draft: true
	BaseURL string // overrides base_url in site.yaml; "" keeps it
	Check   bool   // run every check of a strict build and write nothing
	Memory  bool   // build into Result.Site instead of Out, for the dev server
	// Theme holds the built-in templates/ and static/ folders; a site's own
	// files override them one by one. Required.
	Theme fs.FS

	templatesOnly bool // tests: execute every page's template, never the hand-written writers
}
