package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"dossier/generator/serve"
	"dossier/generator/site"
)

// incremental times briefing saves on a copy of the corpus's first briefing.
func incremental(corpus string, saves int) error {
	theme := os.DirFS(".")
	brief := filepath.Join(corpus, "content/briefings/b0000.md")
	orig, err := os.ReadFile(brief)
	if err != nil {
		return err
	}
	defer os.WriteFile(brief, orig, 0o644)
	// a save changes the first claim's first word, as an editor's would
	edit := func(i int) []byte {
		return []byte(strings.Replace(string(orig), "\n\n## Part 1\n\n", fmt.Sprintf("\n\n## Part 1\n\nEdit%d ", i), 1))
	}

	ctx := context.Background()
	b := site.NewBuilder(site.Config{Dir: corpus, Memory: true, Theme: theme})
	start := time.Now()
	if _, err := b.Update(ctx, nil); err != nil {
		return err
	}
	fmt.Printf("\nincremental: first build in memory %s\n", time.Since(start).Round(time.Millisecond))
	var rebuilds []time.Duration
	for i := range saves {
		if err := os.WriteFile(brief, edit(i), 0o644); err != nil {
			return err
		}
		t := time.Now()
		res, err := b.Update(ctx, []string{"content/briefings/b0000.md"})
		if err != nil {
			return err
		}
		rebuilds = append(rebuilds, time.Since(t))
		if !strings.Contains(string(res.Site["briefings/b0000/index.html"]), fmt.Sprintf("Edit%d ", i)) {
			return fmt.Errorf("save %d: the page does not show the edit", i)
		}
	}
	fmt.Printf("briefing save → page rebuilt (site.Builder), %d saves: median %s, p95 %s\n",
		saves, pct(rebuilds, 50), pct(rebuilds, 95))

	// the same through a real server, from the save to the reload event
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan string, 1)
	rendered := make(chan struct{})
	var once sync.Once
	srv := serve.New(serve.Config{Site: site.Config{Dir: corpus, Theme: theme}, Addr: "127.0.0.1:0",
		Logf: func(format string, _ ...any) {
			if strings.HasPrefix(format, "rendered every page") {
				once.Do(func() { close(rendered) })
			}
		}})
	go srv.Run(ctx, func(u string) { ready <- u })
	var url string
	select {
	case url = <-ready:
	case <-time.After(2 * time.Minute):
		return fmt.Errorf("serve did not start")
	}
	// the first build renders its pages in the background: saves are
	// timed once it is done
	select {
	case <-rendered:
	case <-time.After(2 * time.Minute):
		return fmt.Errorf("serve did not render its pages")
	}
	resp, err := http.Get(url + "_dossier/events")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	events := make(chan struct{}, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "data: ") {
				events <- struct{}{}
			}
		}
	}()
	<-events // the version on connecting
	var reloads []time.Duration
	for i := range saves {
		t := time.Now()
		if err := os.WriteFile(brief, edit(1000+i), 0o644); err != nil {
			return err
		}
		select {
		case <-events:
		case <-time.After(30 * time.Second):
			return fmt.Errorf("save %d: no reload event", i)
		}
		// and the page the browser then asks for
		page, err := http.Get(url + "briefings/b0000/")
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(page.Body)
		page.Body.Close()
		reloads = append(reloads, time.Since(t))
		if !strings.Contains(string(body), fmt.Sprintf("Edit%d ", 1000+i)) {
			return fmt.Errorf("save %d: the reloaded page does not show the edit", i)
		}
		time.Sleep(50 * time.Millisecond) // saves are seconds apart in life
	}
	fmt.Printf("briefing save → reload event → page fetched (dossier serve, debounce included), %d saves: median %s, p95 %s\n",
		saves, pct(reloads, 50), pct(reloads, 95))
	return nil
}

// pct is the p-th percentile, nearest rank.
func pct(xs []time.Duration, p int) time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))].Round(10 * time.Microsecond)
}
