package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dossier/generator/cite"
	"dossier/generator/content"
)

// newFlags are the flags of `dossier new`.
type newFlags struct {
	dir   string
	from  string // a saved page or an http(s) URL to import
	id    string // the source's id, when not given as an argument
	force bool   // import over an existing source
	// with force: write even when citations of the source would no
	// longer hold with its new text
	breakCitations bool
	dryRun         bool // say what an import would write and change, and write nothing
	markdown       bool // a new source in Markdown
	timeout        time.Duration
	maxSize        byteSize
	archive        []string // archived copies of the page (--archive)
}

// cmdNew writes a new briefing or source with its front matter, or imports
// a web page as a source. It never overwrites a file unless told to.
func cmdNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flagSet("new", stderr)
	var nf newFlags
	fs.StringVar(&nf.dir, "source", ".", "the site root")
	fs.StringVar(&nf.from, "from", "", "a saved web page (.html, .htm, .mhtml) or an http(s) URL to import")
	fs.StringVar(&nf.id, "id", "", "the source's id")
	fs.BoolVar(&nf.force, "force", false, "import over an existing source, when every citation of it still holds")
	fs.BoolVar(&nf.breakCitations, "break-citations", false, "with --force: import even when citations of the source would no longer hold")
	fs.BoolVar(&nf.dryRun, "dry-run", false, "say what the import would write and change, and write nothing")
	fs.BoolVar(&nf.markdown, "md", false, "write a Markdown source")
	fs.DurationVar(&nf.timeout, "timeout", 30*time.Second, "how long a fetch may take")
	nf.maxSize = 16 << 20
	fs.Var(&nf.maxSize, "max-size", "the largest page fetched or read (bytes, or with KiB or MiB)")
	fs.Func("archive", "an archived copy of the page (a Wayback Machine capture, say); may be given more than once", func(v string) error {
		if !content.WebURL(v) {
			return fmt.Errorf("%q is not an http or https URL", v)
		}
		nf.archive = append(nf.archive, strings.TrimSpace(v))
		return nil
	})
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	const usageNew = "usage: dossier new briefing SLUG | dossier new source ID [--md] | dossier new source [ID] --from FILE|URL [--force [--break-citations]] [--dry-run]  [--source DIR]\n"
	if len(pos) == 0 || (pos[0] != "briefing" && pos[0] != "source") || len(pos) > 2 {
		fmt.Fprint(stderr, usageNew)
		return 2
	}
	kind := pos[0]
	name := nf.id
	if len(pos) == 2 {
		if name != "" && name != pos[1] {
			fmt.Fprintf(stderr, "dossier new: two ids, %q and --id %q: give one\n", pos[1], name)
			return 2
		}
		name = pos[1]
	}
	if kind == "source" && nf.from != "" {
		if nf.markdown {
			fmt.Fprint(stderr, "dossier new: --md and --from do not go together: an imported page is written as text, one paragraph a line\n")
			return 2
		}
		if nf.breakCitations && !nf.force {
			fmt.Fprint(stderr, "dossier new: --break-citations goes with --force\n")
			return 2
		}
		return importSource(ctx, name, nf, stdout, stderr)
	}
	if nf.from != "" || nf.force || nf.breakCitations || nf.dryRun || len(nf.archive) > 0 || (nf.markdown && kind != "source") {
		fmt.Fprint(stderr, "dossier new: --from, --force, --break-citations, --dry-run and --archive go with new source --from, --md with new source\n")
		return 2
	}
	if name == "" {
		fmt.Fprint(stderr, usageNew)
		return 2
	}
	var rel, body string
	switch kind {
	case "briefing":
		if !cite.ValidID(name) || strings.Contains(name, "/") {
			fmt.Fprintf(stderr, "dossier new: invalid slug %q: use lowercase letters, digits and . _ -\n", name)
			return 2
		}
		if err := idFits(name); err != nil {
			fmt.Fprintf(stderr, "dossier new: %v\n", err)
			return 2
		}
		rel = filepath.Join(filepath.FromSlash(content.BriefingsDir), name+content.BriefingExt)
		body = fmt.Sprintf("---\ntitle: %s\ndate: %s\nsummary: \ndraft: true\n---\n\nWrite each claim as a sentence and close it with its sources: `[@source-id, \"the exact passage\"]`.\nThis briefing is a draft: `dossier serve` shows it, `dossier build` leaves it out until you remove `draft: true`.\n",
			strconv.Quote(titleOf(name)), today().Format("2006-01-02"))
	case "source":
		if !cite.ValidID(name) {
			fmt.Fprintf(stderr, "dossier new: invalid source id %q: use lowercase letters, digits and . _ / -\n", name)
			return 2
		}
		if err := idFits(name); err != nil {
			fmt.Fprintf(stderr, "dossier new: %v\n", err)
			return 2
		}
		format := content.Text
		if nf.markdown {
			format = content.Markdown
		}
		hint := format.Hint
		rel = filepath.Join(filepath.FromSlash(content.SourcesDir), filepath.FromSlash(name)+format.Ext)
		if other := sibling(nf.dir, rel); other != "" {
			fmt.Fprintf(stderr, "dossier new: %s already exists with the id %s\n", other, name)
			return 1
		}
		body = fmt.Sprintf("---\ntitle: %s\noutlet: \nauthor: \npublished: \nurl: \nretrieved: %s\n---\n%s",
			strconv.Quote(titleOf(name)), today().Format("2006-01-02"), hint)
	}
	p := filepath.Join(nf.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fmt.Fprintln(stderr, "dossier new:", err)
		return 1
	}
	if err := writeNew(p, []byte(body)); err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "dossier new: %s already exists\n", p)
		} else {
			fmt.Fprintln(stderr, "dossier new:", err)
		}
		return 1
	}
	fmt.Fprintln(stdout, p)
	return 0
}

// writeNew writes a file that must not exist yet.
func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sibling returns a source file of the same id in another format when
// one exists: two files may not share an id.
func sibling(dir, rel string) string {
	for _, o := range content.Others(filepath.ToSlash(rel)) {
		p := filepath.Join(dir, filepath.FromSlash(o))
		if _, err := os.Lstat(p); err == nil {
			return p
		}
	}
	return ""
}

// maxIDPart is the most bytes of a part of an id (between slashes): it
// is a file's name, with its extension, and a folder's in the output, and
// a file system takes 255.
const maxIDPart = 200

// idFits says whether each part of id makes a file name short enough.
func idFits(id string) error {
	for part := range strings.SplitSeq(id, "/") {
		if len(part) > maxIDPart {
			return fmt.Errorf("%.40q… is %d bytes: a part of an id between slashes has at most %d (a file's name)", part, len(part), maxIDPart)
		}
	}
	return nil
}

// titleOf makes "paris-talks" into "Paris talks".
func titleOf(name string) string {
	name = name[strings.LastIndex(name, "/")+1:]
	t := strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(name)
	if t == "" {
		return name
	}
	r, size := utf8.DecodeRuneInString(t)
	return string(unicode.ToTitle(r)) + t[size:]
}

// today is the date of SOURCE_DATE_EPOCH when it is set, else of the clock.
func today() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}

// byteSize is a flag of a number of bytes: 16777216, 16MiB, 512KiB.
type byteSize int64

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(s string) error {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.n
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return errors.New("want a number of bytes, like 16MiB")
	}
	*b = byteSize(n * mult)
	return nil
}
