package main

import (
	"bytes"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"dossier/generator/content"
	"dossier/generator/search"
	"dossier/internal/shell"
)

// starter is the site `dossier init` writes: a source, a briefing that
// cites it, site.yaml, a .gitignore and a GitHub Pages workflow. Its files
// are text/templates with [[ ]] delimiters (a workflow has its own {{ }}).
//
//go:embed all:initsite
var starter embed.FS

// sourceGit is the git repository dossier was built from, set at link time
// by `make install` (-X main.sourceGit=URL); the workflow `dossier init`
// writes clones it to build the site in CI.
var sourceGit string

// starterData is what the starter's templates are filled with.
type starterData struct {
	Title string // the site's title, from the folder's name
	Date  string // the briefing's date: today, or SOURCE_DATE_EPOCH's day
	Git   string // where CI gets dossier's source
	Ref   string // the commit of it CI builds
	// Pagefind is the release CI installs to index the site for search
	Pagefind string
}

// cmdInit writes a new site that builds into DIR (default: the current
// folder). It never overwrites a file: when any of the starter's files
// exists, it writes none.
func cmdInit(args []string, stdout, stderr io.Writer) int {
	fs := flagSet("init", stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "dossier init: unexpected argument %q\nusage: dossier init [DIR]\n", fs.Arg(1))
		return 2
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintln(stderr, "dossier init:", err)
		return 1
	}
	data := starterData{Title: titleOf(siteName(filepath.Base(abs))), Date: today().Format("2006-01-02"),
		Ref: buildRevision(), Pagefind: search.Version}
	git, gitErr := publicGitURL(dossierGit())
	if gitErr != nil {
		fmt.Fprintf(stderr, "dossier init: the workflow does not name the repository this dossier was built from: %v\n", gitErr)
	}
	data.Git = git
	files, err := starterFiles(data)
	if err != nil {
		fmt.Fprintln(stderr, "dossier init:", err)
		return 1
	}
	var exist []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, f.path)); err == nil {
			exist = append(exist, filepath.Join(dir, f.path))
		}
	}
	if len(exist) > 0 {
		verb := "exists"
		if len(exist) > 1 {
			verb = "exist"
		}
		fmt.Fprintf(stderr, "dossier init: %s already %s; nothing written (init starts a new site: give it an empty folder)\n",
			strings.Join(exist, ", "), verb)
		return 1
	}
	for _, f := range files {
		p := filepath.Join(dir, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(stderr, "dossier init:", err)
			return 1
		}
		if err := writeNew(p, f.data); err != nil {
			fmt.Fprintln(stderr, "dossier init:", err)
			return 1
		}
	}
	cd := ""
	if dir != "." {
		cd = "cd " + shell.Quote(dir) + " && "
	}
	fmt.Fprintf(stdout, "a new site in %s: content/site.yaml, a source, a briefing, .gitignore, .gitattributes and .github/workflows/pages.yml\n", dir)
	fmt.Fprintf(stdout, "next: %sdossier serve    (then edit content/briefings/welcome.md; the page reloads on save)\n", cd)
	if git == "" {
		fmt.Fprint(stdout, "CI: set DOSSIER_GIT, at the top of .github/workflows/pages.yml, to the git URL of dossier's source "+
			"(this dossier does not know where it was built from); the workflow builds it at DOSSIER_REF and publishes to GitHub Pages\n")
	} else {
		fmt.Fprintf(stdout, "CI: .github/workflows/pages.yml builds dossier from %s at %s and publishes to GitHub Pages (turn Pages on: Settings → Pages → Source: GitHub Actions)\n", git, data.Ref)
	}
	fmt.Fprint(stdout, "    and every Monday checks the sources' live pages: dossier check --online (dossier docs publishing)\n")
	return 0
}

// starterFile is one file of the starter, filled in.
type starterFile struct {
	path string // relative, in the OS's form
	data []byte
}

// starterFiles fills in the starter's files, in a fixed order.
func starterFiles(data starterData) ([]starterFile, error) {
	sub, err := fs.Sub(starter, "initsite")
	if err != nil {
		return nil, err
	}
	var out []starterFile
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		t, err := template.New(p).Delims("[[", "]]").Option("missingkey=error").
			Funcs(template.FuncMap{"yaml": content.QuoteYAML}).Parse(string(b))
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return err
		}
		out = append(out, starterFile{filepath.FromSlash(p), buf.Bytes()})
		return nil
	})
	return out, err
}

// siteName makes a folder's name into a slug titleOf reads: "my_briefings"
// and "My Briefings" both into "my-briefings"; "briefings" when nothing is left.
func siteName(base string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "briefings"
}

// commit is the commit this binary was built from, set at link time by
// the Makefile (-X main.commit=…).
var commit string

// buildRevision is the commit this binary was built from: the one set at
// link time when its tree had no uncommitted changes, else the one Go
// stamped (a build in a clean clone), else the version set at link time,
// else "main".
func buildRevision() string {
	if commit != "" && !strings.HasSuffix(version, "+changes") {
		return commit
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		rev, modified := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" && !modified {
			return rev
		}
	}
	if version != "devel" {
		return version
	}
	return "main"
}

// dossierGit is the git URL of dossier's source as this binary knows it:
// the one recorded at link time, else its clone's origin, else "". It is
// not yet fit to publish: publicGitURL makes it so, or says why not.
func dossierGit() string {
	if sourceGit != "" {
		return sourceGit
	}
	return cloneOrigin()
}

// cloneOrigin is the origin of the git clone this binary was built in,
// found by the path the compiler recorded for this file (a build without
// -trimpath), or "": what a binary built with plain `go build` knows of
// where its source lives.
var cloneOrigin = func() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	out, err := exec.Command("git", "-C", filepath.Dir(file), "remote", "get-url", "origin").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// publicGitURL is the git URL the workflow clones dossier from, made from
// the one `make install` recorded: without a user name or password (a
// token in a clone's URL must not reach every new site's repository), and
// only when it is plainly a URL — letters, digits and - . _ ~ : / @ % +,
// so that nothing in it can be read by YAML, by Actions' ${{ }} or by a
// shell as anything but text. "" and an error say why when it is not.
func publicGitURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	for _, r := range s {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-._~:/@%+", r))) {
			return "", fmt.Errorf("its recorded URL holds %q: set DOSSIER_GIT in the workflow by hand", r)
		}
	}
	if strings.HasPrefix(s, "-") {
		return "", fmt.Errorf("its recorded URL starts with -: set DOSSIER_GIT in the workflow by hand")
	}
	scheme, _, ok := strings.Cut(s, "://")
	if !ok {
		// a path, or scp's form user@host:path, which has no password
		if user, _, ok := strings.Cut(s, "@"); ok && strings.Contains(user, ":") {
			return "", fmt.Errorf("its recorded URL holds a password: set DOSSIER_GIT in the workflow by hand")
		}
		return s, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("its recorded URL is not a URL (%v)", err.(*url.Error).Err)
	}
	switch strings.ToLower(scheme) {
	case "https", "http", "git":
		u.User = nil
	case "ssh", "git+ssh":
		if u.User != nil {
			u.User = url.User(u.User.Username()) // ssh's user is a name, never a secret
		}
	default:
		return "", fmt.Errorf("its recorded URL is not http, https, ssh or git")
	}
	return u.String(), nil
}
