package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"
)

// docsFS is dossier's docs/, built into the binary: `dossier docs PAGE`
// prints a page, so that what a note names can be read wherever dossier
// runs.
//
//go:embed docs/*.md
var docsFS embed.FS

// cmdDocs prints a page of the docs, or lists them.
func cmdDocs(args []string, stdout, stderr io.Writer) int {
	pages, _ := fs.Glob(docsFS, "docs/*.md")
	if len(args) == 0 {
		fmt.Fprintln(stdout, "dossier docs PAGE prints a page of dossier's documentation (Markdown):")
		for _, p := range pages {
			fmt.Fprintln(stdout, "  "+strings.TrimSuffix(path.Base(p), ".md"))
		}
		if u := docsURL(); u != "" {
			fmt.Fprintln(stdout, "They are also at "+u)
		}
		return 0
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "dossier docs: unexpected argument %q\nusage: dossier docs [PAGE]\n", args[1])
		return 2
	}
	name := strings.TrimSuffix(strings.TrimPrefix(args[0], "docs/"), ".md")
	b, err := docsFS.ReadFile("docs/" + name + ".md")
	if err != nil || strings.Contains(name, "/") {
		fmt.Fprintf(stderr, "dossier docs: no page %q; dossier docs lists them\n", args[0])
		return 2
	}
	stdout.Write(b)
	return 0
}

// docsURL is where the docs of this binary's source are read on the web:
// its repository on GitHub, GitLab or Codeberg, at its commit; "" when its
// repository is elsewhere or unknown (notes name `dossier docs PAGE` then).
var docsURL = sync.OnceValue(func() string {
	return webDocs(dossierGit(), buildRevision())
})

// webDocs is the URL of the docs/ folder of the git repository at git, at
// ref, on a host that shows files by a known path; "" elsewhere.
func webDocs(git, ref string) string {
	git, err := publicGitURL(git)
	if err != nil || git == "" {
		return ""
	}
	if host, rest, ok := strings.Cut(strings.TrimPrefix(git, "git@"), ":"); ok && !strings.Contains(git, "://") {
		git = "https://" + host + "/" + rest // scp's form: git@github.com:o/r.git
	}
	u, err := url.Parse(git)
	if err != nil || u.Host == "" {
		return ""
	}
	repo := strings.TrimSuffix(strings.Trim(u.Path, "/"), ".git")
	if strings.Count(repo, "/") < 1 || ref == "" {
		return ""
	}
	switch strings.ToLower(u.Hostname()) {
	case "github.com":
		return "https://github.com/" + repo + "/blob/" + ref + "/docs/"
	case "gitlab.com":
		return "https://gitlab.com/" + repo + "/-/blob/" + ref + "/docs/"
	case "codeberg.org":
		return "https://codeberg.org/" + repo + "/src/commit/" + ref + "/docs/"
	}
	return ""
}
