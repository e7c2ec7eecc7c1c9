package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"

	"dossier/generator/lsp"
	"dossier/generator/site"
)

// cmdLsp runs the language server on stdin and stdout, for the editor that
// started it (docs/editors.md); its log goes to stderr.
func cmdLsp(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flagSet("lsp", stderr)
	cfg := lsp.Config{Site: site.Config{Theme: theme, Docs: docsURL()}, Version: versionName()}
	fs.StringVar(&cfg.Site.Dir, "source", "", "the site root (default: the folder the editor opens, or the nearest one above it with content/)")
	fs.BoolVar(&cfg.Poll, "poll", false, "poll for changes instead of using file system events")
	fs.Bool("stdio", true, "talk over stdin and stdout (the only way; for clients that pass it)")
	if status, ok := parseFlags(fs, args, stderr); !ok {
		return status
	}
	cfg.Logf = log.New(stderr, "dossier lsp: ", log.Ltime|log.Lmicroseconds).Printf
	if os.Getenv("GOGC") == "" {
		// a server beside an editor for hours keeps its heap nearer what it
		// holds: at 10,000 sources 690 MiB at most rather than 920, for the
		// same latencies (docs/performance.md)
		debug.SetGCPercent(50)
	}
	if err := lsp.New(cfg).Run(ctx, stdin, stdout); err != nil {
		fmt.Fprintln(stderr, "dossier lsp:", err)
		return 1
	}
	return 0
}
