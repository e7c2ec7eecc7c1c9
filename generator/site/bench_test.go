package site

import (
	"context"
	"dossier/generator/linkcheck"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkRenderExample is a whole build of the example site: parse,
// anchor, render and write.
func BenchmarkRenderExample(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		res, err := Build(context.Background(), Config{Dir: "../..", Out: out, Theme: theme})
		if err != nil || res.Failed() {
			b.Fatal(err, res.Diagnostics)
		}
	}
}

// discard is an output that keeps nothing.
type discard struct{}

func (discard) File(string, []byte) error                  { return nil }
func (discard) Stream(string, func(io.Writer) error) error { return nil }

// benchPages renders the example site's pages of one kind, with the
// templates compiled or on html/template alone.
func benchPages(b *testing.B, prefix string, e engine) {
	bl := NewBuilder(Config{Dir: "../..", Memory: true, Theme: theme, engine: e})
	defer bl.Close()
	if res, err := bl.Update(context.Background(), nil); err != nil || res.Failed() {
		b.Fatal(err, res.Diagnostics)
	}
	var tasks []task
	for _, t := range bl.m.tasks(discard{}, bl.theme, nil) {
		if strings.HasPrefix(t.rels[0], prefix) && strings.HasSuffix(t.rels[0], "/index.html") && t.rels[0] != prefix+"index.html" {
			tasks = append(tasks, t)
		}
	}
	if len(tasks) == 0 {
		b.Fatal("no pages")
	}
	b.ReportMetric(float64(len(tasks)), "pages/op")
	for b.Loop() {
		for _, t := range tasks {
			if err := t.run(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// The example's five source pages, compiled and on html/template.
func BenchmarkRenderSourcePages(b *testing.B)         { benchPages(b, "sources/", compiled) }
func BenchmarkRenderSourcePagesTemplate(b *testing.B) { benchPages(b, "sources/", interpreted) }

// The example's briefing page and its coverage table, both ways.
func BenchmarkRenderBriefingPages(b *testing.B)         { benchPages(b, "briefings/", compiled) }
func BenchmarkRenderBriefingPagesTemplate(b *testing.B) { benchPages(b, "briefings/", interpreted) }

// BenchmarkLinkScan is the link check's pass over a page: the example's
// briefing, its largest.
func BenchmarkLinkScan(b *testing.B) {
	bl := NewBuilder(Config{Dir: "../..", Memory: true, Theme: theme})
	defer bl.Close()
	res, err := bl.Update(context.Background(), nil)
	if err != nil || res.Failed() {
		b.Fatal(err, res.Diagnostics)
	}
	page := res.Site["briefings/paris-talks/index.html"]
	if len(page) == 0 {
		b.Fatal("no page")
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		c := linkcheck.NewCollector(nil, bl.m.linkSite())
		_ = c.File("briefings/paris-talks/index.html", page)
	}
}
