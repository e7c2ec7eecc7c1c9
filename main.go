// Command dossier builds annotated briefings: Markdown whose every factual
// sentence cites the exact passages of its sources, each passage verified
// against its source when the site is built.
//
// Usage:
//
//	dossier build [--source DIR] [--strict] [--base-url URL] [--drafts] [--out DIR] [--format text|json|github]
//	dossier check [--source DIR] [--format text|json|github] [--drafts] [--online [--strict] [--timeout 15m]]
//	dossier serve [--source DIR] [--addr 127.0.0.1:1313] [--drafts=false] [--poll]
//	dossier init [DIR]
//	dossier new briefing SLUG | dossier new source ID [--md]   [--source DIR]
//	dossier new source [ID] --from FILE|URL [--force [--break-citations]] [--dry-run] [--id ID] [--archive URL] [--timeout 30s] [--max-size 16MiB]
//	dossier lsp [--source DIR] [--poll]
//	dossier docs [PAGE]
//	dossier version
//
// Exit status: 0 built (or checked) without errors; 1 the content has errors
// or the build could not be written; 2 bad usage.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"dossier/generator/diag"
	"dossier/generator/online"
	"dossier/generator/search"
	"dossier/generator/site"
)

// theme is the built-in theme: the default templates/ and static/.
//
//go:embed all:templates static
var theme embed.FS

const usage = `dossier builds annotated briefings whose every quoted passage is checked against its source.

Usage:
  dossier build [flags]          build the site into public/
  dossier check [flags]          run every check of a strict build; write nothing
  dossier serve [flags]          build in memory, serve, rebuild on every save, reload the browser
  dossier init [DIR]             start a new site that builds: a source, a briefing, site.yaml,
                                 .gitignore, .gitattributes and a GitHub Pages workflow
  dossier new briefing SLUG      start content/briefings/SLUG.md (a draft)
  dossier new source ID          start content/sources/ID.txt (--md: ID.md)
  dossier new source [ID] --from FILE|URL
                                 import a saved web page or an http(s) URL as content/sources/ID.txt,
                                 keeping the page under content/originals/
  dossier lsp                    the language server an editor starts: checks as you type,
                                 completes source ids and passages (docs/editors.md)
  dossier docs [PAGE]            print a page of dossier's documentation, or list them
  dossier version                print the version

Flags of build:
  --source DIR      the site root, holding content/ (default .)
  --out DIR         the output folder (default DIR/public)
  --strict          treat warnings as errors
  --base-url URL    the absolute URL the site is served from (overrides site.yaml)
  --drafts          include briefings with draft: true
  --search[=false]  index the site for search with Pagefind: --search fails without it,
                    --search=false never indexes (default: when Pagefind is installed)
  --format FORMAT   how to print problems: text, json or github (default text)

Flags of check: --source, --drafts, --format, and
  --online          also fetch every source's url again: report each page changed, moved, gone
                    or unreachable since it was retrieved, and warn at each citation whose
                    passage is no longer on the live page; writes nothing
  --strict          with --online: such a citation is an error (exit 1)
  --timeout D       with --online: how long the fetches may take in all (default 15m)

Flags of new source --from:
  --id ID           the source's id (default: short, from the outlet and the title)
  --force           import over an existing source: shows the paragraphs that change, and
                    writes only when every citation of it still holds
  --break-citations with --force: write even when citations of it would no longer hold
  --dry-run         show what the import would write and change; write nothing
  --archive URL     an archived copy of the page (a Wayback Machine capture, say), recorded
                    as archive: and linked beside the original; may be given more than once
  --timeout D       how long a fetch may take (default 30s)
  --max-size N      the largest page read or fetched: bytes, or with KiB or MiB (default 16MiB)

Flags of serve:
  --source DIR      the site root (default .)
  --addr HOST:PORT  where to listen (default 127.0.0.1:1313)
  --drafts          include briefings with draft: true, marked as drafts (default true;
                    --drafts=false shows what build publishes)
  --poll            poll for changes instead of using file system events
  --search[=false]  index the site for search with Pagefind, in the background after each
                    build (default: when Pagefind is installed; --search=false never)

Flags of lsp: --source DIR (default: the folder the editor opens, or the nearest one
above it that holds content/), --poll.

Exit status: 0 success; 1 the content has errors or the build failed; 2 bad usage.
`

// version is set at link time: -ldflags "-X main.version=…"; without it,
// versionName reads what Go recorded in the binary.
var version = "devel"

// versionName is what `dossier version` prints and the User-Agent of a
// fetch names: the version set at link time; else the module's version
// (go install …@v1.2.0); else the commit the binary was built from, with
// its date, and "+changes" when the tree had uncommitted changes; else
// "devel".
var versionName = sync.OnceValue(func() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(version, info)
})

// versionOf is versionName of the version set at link time and the build
// information Go recorded (nil for none).
func versionOf(version string, info *debug.BuildInfo) string {
	if version != "devel" || info == nil {
		return version
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, date string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			date, _, _ = strings.Cut(s.Value, "T")
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return version
	}
	name := rev[:min(12, len(rev))]
	if modified {
		name += "+changes"
	}
	if date != "" {
		name += " (" + date + ")"
	}
	return name
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfile := profile(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// run is the whole command, testable: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr, false)
	case "check":
		return cmdBuild(ctx, args[1:], stdout, stderr, true)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "new":
		return cmdNew(ctx, args[1:], stdout, stderr)
	case "init":
		return cmdInit(args[1:], stdout, stderr)
	case "docs":
		return cmdDocs(args[1:], stdout, stderr)
	case "lsp":
		return cmdLsp(ctx, args[1:], os.Stdin, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "dossier", versionName())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "dossier: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("dossier "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		if onUsage != nil {
			onUsage(fs)
		}
		fmt.Fprint(stderr, usage)
	}
	return fs
}

// parseFlags parses the flags of a command that takes no argument. ok is
// false when the command is to stop, with status: 0 after -h, 2 for a bad
// flag or an argument.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (status int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

// onUsage, set by a test, is given each flag set whose usage is shown,
// with every flag of its command defined.
var onUsage func(*flag.FlagSet)

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer, check bool) int {
	name := "build"
	if check {
		name = "check"
	}
	fs := flagSet(name, stderr)
	cfg := site.Config{Theme: theme, Check: check, Docs: docsURL()}
	fs.StringVar(&cfg.Dir, "source", ".", "the site root")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "include drafts")
	format := fs.String("format", "text", "text, json or github")
	var live liveFlags
	if check {
		fs.BoolVar(&live.on, "online", false, "also fetch every source's url again and report what changed")
		fs.BoolVar(&live.strict, "strict", false, "with --online: a cited passage no longer on its live page is an error")
		fs.DurationVar(&live.timeout, "timeout", 15*time.Minute, "with --online: how long the fetches may take in all")
	}
	if !check {
		fs.StringVar(&cfg.Out, "out", "", "the output folder")
		fs.BoolVar(&cfg.Strict, "strict", false, "warnings are errors")
		fs.StringVar(&cfg.BaseURL, "base-url", "", "the absolute URL the site is served from")
		fs.Var(searchFlag{&cfg.Search}, "search", "index the site for search with Pagefind (default: when it is installed)")
	}
	if status, ok := parseFlags(fs, args, stderr); !ok {
		return status
	}
	if !diag.ValidFormat(*format) {
		fmt.Fprintf(stderr, "dossier %s: unknown --format %q (want text, json or github)\n", name, *format)
		return 2
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if check && !live.on && (given["strict"] || given["timeout"]) {
		fmt.Fprintf(stderr, "dossier check: --strict and --timeout go with --online (check itself is strict)\n")
		return 2
	}
	if os.Getenv("GOGC") == "" && (check || cfg.Search == site.SearchOff || search.Find(cfg.Dir) == "") {
		// A one-off build's heap is mostly what it read, kept to its end:
		// collecting at three times the live heap rather than twice saves
		// 8–13% of a 10,000-source build's time for ~45 MiB (make bench,
		// README). Not when it indexes for search: its Pagefinds take the
		// time and need the memory (at 10,000 sources, a peak of 667
		// rather than 838 MiB, dossier and Pagefinds summed, in as long).
		// GOGC, when set, decides.
		debug.SetGCPercent(200)
	}
	start := time.Now()
	res, err := site.Build(ctx, cfg)
	var found *online.Summary
	if live.on && err == nil {
		var diags diag.List
		diags, found, err = checkOnline(ctx, cfg, live)
		res.Diagnostics = append(res.Diagnostics, diags...)
		res.Diagnostics.Sort()
	}
	if res != nil {
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "dossier %s: note: %s\n", name, n)
		}
		if perr := diag.Print(stdoutOrErr(*format, stdout, stderr), *format, res.Diagnostics); perr != nil {
			fmt.Fprintln(stderr, "dossier:", perr)
			return 1
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "dossier %s: %v\n", name, err)
		return 1
	}
	errs, warns := res.Diagnostics.Count()
	if *format == "text" {
		switch {
		case errs > 0:
			fmt.Fprintf(stderr, "dossier %s: %s; nothing written\n", name, res.Diagnostics.Summary())
		case check && warns > 0:
			fmt.Fprintf(stderr, "checked %s: %s%s\n", counts(res), diag.Plural(warns, "warning"), skipped(res.Drafts))
		case check:
			fmt.Fprintf(stderr, "checked %s: no problems%s\n", counts(res), skipped(res.Drafts))
		default:
			fmt.Fprintf(stderr, "built %s (%s) into %s in %s",
				diag.Plural(res.Pages, "page"), counts(res), res.Out, time.Since(start).Round(time.Millisecond))
			if res.Shards > 0 {
				fmt.Fprintf(stderr, "; search: %d of %s indexed", res.Indexed, diag.Plural(res.Shards, "shard"))
			}
			if warns > 0 {
				fmt.Fprintf(stderr, "; %s", diag.Plural(warns, "warning"))
			}
			fmt.Fprint(stderr, skipped(res.Drafts))
			fmt.Fprintln(stderr)
		}
	}
	if found != nil && *format == "text" {
		fmt.Fprintf(stderr, "online: %s\n", found)
	}
	if errs > 0 {
		return 1
	}
	return 0
}

// skipped says which drafts a build left out, and how to include them.
func skipped(drafts []string) string {
	switch len(drafts) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("; skipped 1 draft (%s): --drafts includes it", drafts[0])
	case 2, 3:
		return fmt.Sprintf("; skipped %d drafts (%s): --drafts includes them", len(drafts), strings.Join(drafts, ", "))
	}
	return fmt.Sprintf("; skipped %d drafts (%s, …): --drafts includes them", len(drafts), strings.Join(drafts[:3], ", "))
}

// stdoutOrErr sends machine-readable formats to stdout and text to stderr.
func stdoutOrErr(format string, stdout, stderr io.Writer) io.Writer {
	if format == "text" {
		return stderr
	}
	return stdout
}

func counts(res *site.Result) string {
	return fmt.Sprintf("%s, %s, %s, %s", diag.Plural(res.Briefings, "briefing"), diag.Plural(res.Claims, "claim"),
		diag.Plural(res.Citations, "citation"), diag.Plural(res.Sources, "source"))
}

// profile writes a CPU profile of the command to the file that
// DOSSIER_CPUPROFILE names and a heap profile at its end to the one that
// DOSSIER_MEMPROFILE names, for `go tool pprof`; it returns what stops them.
func profile(stderr io.Writer) func() {
	stop := func() {}
	if p := os.Getenv("DOSSIER_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "dossier: DOSSIER_CPUPROFILE:", err)
		} else {
			stop = func() { pprof.StopCPUProfile(); f.Close() }
		}
	}
	if p := os.Getenv("DOSSIER_MEMPROFILE"); p != "" {
		cpu := stop
		stop = func() {
			cpu()
			runtime.GC() // the profile shows the heap as of the last collection: make it now
			f, err := os.Create(p)
			if err == nil {
				err = pprof.WriteHeapProfile(f)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(stderr, "dossier: DOSSIER_MEMPROFILE:", err)
			}
		}
	}
	return stop
}

// searchFlag is --search: given, the build indexes the site or fails;
// --search=false never; not given, when Pagefind is installed.
type searchFlag struct{ s *site.Search }

func (f searchFlag) IsBoolFlag() bool { return true }

func (f searchFlag) String() string {
	if f.s == nil || *f.s == site.SearchIfInstalled {
		return ""
	}
	return strconv.FormatBool(*f.s == site.SearchOn)
}

func (f searchFlag) Set(v string) error {
	on, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	*f.s = site.SearchOff
	if on {
		*f.s = site.SearchOn
	}
	return nil
}
