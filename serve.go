package main

import (
	"context"
	"fmt"
	"io"
	"log"

	"dossier/generator/serve"
	"dossier/generator/site"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flagSet("serve", stderr)
	cfg := serve.Config{Site: site.Config{Theme: theme, Docs: docsURL()}}
	fs.StringVar(&cfg.Site.Dir, "source", ".", "the site root")
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:1313", "where to listen")
	fs.BoolVar(&cfg.Site.Drafts, "drafts", true, "include drafts, marked as drafts")
	fs.BoolVar(&cfg.Poll, "poll", false, "poll for changes")
	fs.Var(searchFlag{&cfg.Site.Search}, "search", "index the site for search with Pagefind, in the background after each build (default: when it is installed)")
	if status, ok := parseFlags(fs, args, stderr); !ok {
		return status
	}
	logger := log.New(stderr, "", log.Ltime)
	cfg.Logf = logger.Printf
	err := serve.New(cfg).Run(ctx, func(url string) {
		fmt.Fprintf(stdout, "serving %s at %s — edit content/, templates/ or static/ and the page reloads; Ctrl-C stops\n", cfg.Site.Dir, url)
	})
	if err != nil {
		fmt.Fprintln(stderr, "dossier serve:", err)
		return 1
	}
	return 0
}
