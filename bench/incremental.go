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

	"dossier/generator/search"
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

	// the same through a real server, from the save to the reload event;
	// then with the search index made again after each save, in the
	// background (Pagefind the project's npm packages install)
	reloads, _, err := serveSaves(ctx, corpus, brief, edit, saves, 1000, "")
	if err != nil {
		return err
	}
	fmt.Printf("briefing save → reload event → page fetched (dossier serve, debounce included), %d saves: median %s, p95 %s\n",
		saves, pct(reloads, 50), pct(reloads, 95))
	pf := search.Find(".")
	if pf == "" {
		fmt.Println("the same with search: skipped, no Pagefind (npm ci installs it)")
		return nil
	}
	pf, _ = filepath.Abs(pf)
	reloads, indexed, err := serveSaves(ctx, corpus, brief, edit, saves, 2000, pf)
	if err != nil {
		return err
	}
	fmt.Printf("the same with search, saves a second apart, the index of one made as the next comes: median %s, p95 %s; the last save → its index served %s\n",
		pct(reloads, 50), pct(reloads, 95), indexed[len(indexed)-1].Round(time.Millisecond))
	return nil
}

// serveSaves times saves of brief through a real dossier serve, from the
// save to the reload event and the page fetched; with a Pagefind (pf),
// the site is indexed too, and indexed says how long after the last save
// its index was served.
func serveSaves(ctx context.Context, corpus, brief string, edit func(int) []byte, saves, from int, pf string) (reloads, indexed []time.Duration, err error) {
	if pf != "" {
		os.Setenv("DOSSIER_PAGEFIND", pf)
		defer os.Unsetenv("DOSSIER_PAGEFIND")
	}
	ctx, cancel := context.WithCancel(ctx)
	ready := make(chan string, 1)
	rendered, made := make(chan struct{}), make(chan struct{}, 1)
	var once sync.Once
	var mu sync.Mutex
	var madeAt time.Time // when an index was last served
	srv := serve.New(serve.Config{Site: site.Config{Dir: corpus, Theme: os.DirFS(".")}, Addr: "127.0.0.1:0",
		Logf: func(format string, _ ...any) {
			if strings.HasPrefix(format, "rendered every page") {
				once.Do(func() { close(rendered) })
			}
			if strings.HasPrefix(format, "search index: %d of") {
				mu.Lock()
				madeAt = time.Now()
				mu.Unlock()
				select {
				case made <- struct{}{}:
				default:
				}
			}
		}})
	done := make(chan struct{})
	go func() { srv.Run(ctx, func(u string) { ready <- u }); close(done) }()
	defer func() { cancel(); <-done }()
	var url string
	select {
	case url = <-ready:
	case <-time.After(2 * time.Minute):
		return nil, nil, fmt.Errorf("serve did not start")
	}
	// the first build renders its pages in the background (and indexes
	// them): saves are timed once it is done
	select {
	case <-rendered:
	case <-time.After(2 * time.Minute):
		return nil, nil, fmt.Errorf("serve did not render its pages")
	}
	if pf != "" {
		select {
		case <-made:
		case <-time.After(5 * time.Minute):
			return nil, nil, fmt.Errorf("serve did not index its pages")
		}
	}
	resp, err := http.Get(url + "_dossier/events")
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	events := make(chan struct{}, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			if e, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				name = e
			}
			if strings.HasPrefix(sc.Text(), "data: ") && name == "reload" {
				events <- struct{}{}
			}
		}
	}()
	<-events // the version on connecting
	var last time.Time
	for i := range saves {
		t := time.Now()
		if err := os.WriteFile(brief, edit(from+i), 0o644); err != nil {
			return nil, nil, err
		}
		select {
		case <-events:
		case <-time.After(30 * time.Second):
			return nil, nil, fmt.Errorf("save %d: no reload event", i)
		}
		// and the page the browser then asks for
		page, err := http.Get(url + "briefings/b0000/")
		if err != nil {
			return nil, nil, err
		}
		body, _ := io.ReadAll(page.Body)
		page.Body.Close()
		reloads = append(reloads, time.Since(t))
		if !strings.Contains(string(body), fmt.Sprintf("Edit%d ", from+i)) {
			return nil, nil, fmt.Errorf("save %d: the reloaded page does not show the edit", i)
		}
		last = t
		// saves are seconds apart in life; with search, a second apart,
		// the index of one is being made as the next comes
		if pf != "" {
			time.Sleep(time.Second)
		} else {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if pf != "" {
		// the index made after the last save is the last made: wait until
		// none has been made for a while
		for quiet := false; !quiet; {
			select {
			case <-made:
			case <-time.After(10 * time.Second):
				quiet = true
			}
		}
		mu.Lock()
		at := madeAt
		mu.Unlock()
		if !at.After(last) {
			return nil, nil, fmt.Errorf("the index was not made again after the saves")
		}
		indexed = append(indexed, at.Sub(last))
	}
	return reloads, indexed, nil
}

// pct is the p-th percentile, nearest rank.
func pct(xs []time.Duration, p int) time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))].Round(10 * time.Microsecond)
}
