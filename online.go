package main

import (
	"context"
	"time"

	"dossier/generator/diag"
	"dossier/generator/online"
	"dossier/generator/site"
	"dossier/generator/webpage"
)

// liveFlags are the flags of `dossier check --online`.
type liveFlags struct {
	on      bool
	strict  bool          // a cited passage gone from its live page is an error
	timeout time.Duration // the fetches in all
}

// checkOnline is the --online part of `dossier check` (package online):
// the site is read again, in memory, keeping its sources' text, and every
// source with a url fetched and read as `dossier new source --from` would.
func checkOnline(ctx context.Context, cfg site.Config, live liveFlags) (diag.List, *online.Summary, error) {
	b := site.NewBuilder(site.Config{Dir: cfg.Dir, Theme: cfg.Theme, Drafts: cfg.Drafts, Docs: cfg.Docs,
		Memory: true, Forget: true, Search: site.SearchOff})
	defer b.Close()
	if _, err := b.Update(ctx, nil); err != nil {
		return nil, nil, err
	}
	opts := online.Options{UserAgent: userAgent(), Limit: live.timeout, Read: func(ctx context.Context, p *webpage.Page) ([]byte, int, error) {
		d, err := extract(ctx, p.Body, webpage.Options{URL: p.URL, ContentType: p.ContentType, Retrieved: today()}, webpage.DefaultTimeout)
		if err != nil {
			return nil, 0, err
		}
		return d.body, d.pages, nil
	}}
	return online.Check(ctx, b, cfg.Dir, opts, live.strict)
}
