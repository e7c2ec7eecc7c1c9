package site

import (
	"io/fs"
	"strings"

	"dossier/generator/diag"
)

// Search is whether a build indexes the site for search.
type Search int

const (
	SearchIfInstalled Search = iota // when search.Find finds Pagefind; else a note says how to add it
	SearchOn                        // always: without Pagefind the build fails
	SearchOff                       // never
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
	// Lazy, with Memory, returns the first build once its content is read
	// and checked, before its pages are rendered: each page is rendered
	// when it is first asked for (Result.Lazy), and all of them in the
	// background, after which the links are checked and Result.Checked
	// receives what that found. For the dev server: on a large site its first
	// page is served in the time it takes to read and check the content.
	// The next Update waits for the background work.
	Lazy bool
	// Forget, with Memory, keeps of each page only its links and ids, for
	// the link check of the next Update, not its bytes: Result.Site names
	// every file and holds none. For an editor's server, which checks and
	// serves nothing (dossier lsp): at 10,000 sources, a gigabyte less.
	Forget bool
	// ContentDiagnostics, when set, is given the content's diagnostics as soon as an
	// Update has them, before it renders the pages and checks their links:
	// an editor's server shows them while the pages are made, and the
	// Result's, with any link problem, after.
	ContentDiagnostics func(diag.List)
	// Theme holds the built-in templates/ and static/ folders; a site's own
	// files override them one by one. Required.
	Theme fs.FS
	// Search says whether a build on disk indexes the site for search
	// with Pagefind (package search): when it is installed (the default),
	// always, or never.
	Search Search

	// Overlay has files read from memory instead of the site folder, by
	// slash path relative to the site root: a file's text after a change
	// not yet written (sitefs.FS.Overlay). A check of a new import reads its
	// source so before writing it.
	Overlay map[string][]byte

	// Docs is where notes send an editor to read more: the URL that
	// dossier's docs/ folder is read at ("https://github.com/o/dossier/blob/REV/docs/"),
	// or "" for the copy built into the binary, which `dossier docs PAGE`
	// prints.
	Docs string

	engine engine // tests: how pages run (the default: compiled)
}

// doc names a page of dossier's docs, at an anchor, for a note: a URL, or
// the command that prints it.
func (c Config) doc(page, anchor string) string {
	if c.Docs == "" {
		return "dossier docs " + strings.TrimSuffix(page, ".md")
	}
	if anchor != "" {
		return c.Docs + page + "#" + anchor
	}
	return c.Docs + page
}
