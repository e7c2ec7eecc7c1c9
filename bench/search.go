package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"dossier/generator/page"
	"dossier/generator/search"
)

// withSearch times the search index of the corpus, made with the Pagefind
// the project's npm packages install (make test installs them), in rounds
// of three builds one after the other, so that a slow spell of the
// machine falls on all three kinds alike:
//
//   - without search, into a new folder, as CI builds;
//   - with search, into a new folder: the index made from nothing;
//   - with search again, over the output of the one before (as a CI cache
//     keeps it), after one source's opening changed: its page of the index
//     changes, and so one shard.
//
// Memory is the peak of dossier's and its Pagefinds' resident sets
// summed. Then Pagefind's own CLI indexes the output of a build without
// search, for what the index would cost made that way.
func withSearch(bin, corpus, dir string, runs int) error {
	pf := search.Find(".")
	if pf == "" || runs == 0 {
		fmt.Println("\nwith search: skipped, no Pagefind (npm ci installs it)")
		return nil
	}
	pf, _ = filepath.Abs(pf)
	os.Setenv("DOSSIER_PAGEFIND", pf)
	defer os.Unsetenv("DOSSIER_PAGEFIND")
	// a copy of the corpus, one of whose sources each round changes
	work := filepath.Join(dir, "runs", "search-corpus")
	if err := copyTree(corpus, work); err != nil {
		return err
	}
	changed := filepath.Join(work, "content", "sources", "s00000.txt")
	text, err := os.ReadFile(changed)
	if err != nil {
		return err
	}
	body := bytes.Index(text, []byte("\n---\n")) + len("\n---\n")
	if body < len("\n---\n") {
		return fmt.Errorf("%s: no front matter", changed)
	}
	var without, cold, warm []time.Duration
	var coldRSS, warmRSS []int64
	var indexed []string
	fmt.Printf("\nwith search (Pagefind %s): %d rounds of a build without search, one with search from nothing, and one after a source's opening changed over the output of the one before\n", search.Version, runs)
	for i := range runs {
		base := filepath.Join(dir, "runs", fmt.Sprintf("nosearch-%d", i+1))
		u, err := measureTree(work, bin, "build", "--search=false", "--source", work, "--out", base)
		if err != nil {
			return err
		}
		without = append(without, u.wall)
		out := filepath.Join(dir, "runs", fmt.Sprintf("search-%d", i+1))
		c, err := measureTree(work, bin, "build", "--search", "--source", work, "--out", out)
		if err != nil {
			return err
		}
		cold, coldRSS = append(cold, c.wall), append(coldRSS, c.rss)
		edit := append(append(append([]byte{}, text[:body]...), fmt.Sprintf("Revised %d. ", i+1)...), text[body:]...)
		if err := os.WriteFile(changed, edit, 0o644); err != nil {
			return err
		}
		w, err := measureTree(work, bin, "build", "--search", "--source", work, "--out", out)
		if err != nil {
			return err
		}
		warm, warmRSS = append(warm, w.wall), append(warmRSS, w.rss)
		indexed = append(indexed, shardsIndexed(w.output))
		fmt.Printf("round %d: without %s; from nothing %s (%.0f MiB); one source changed %s (%.0f MiB, %s)\n", i+1,
			u.wall.Round(time.Millisecond), c.wall.Round(time.Millisecond), float64(c.rss)/(1<<20),
			w.wall.Round(time.Millisecond), float64(w.rss)/(1<<20), indexed[i])
	}
	nw := median(without)
	fmt.Printf("with search, medians of %d: without %s; from nothing %s (%.2f× without), peak rss %.0f MiB (largest %.0f); one source changed %s (%.2f×), peak rss %.0f MiB\n",
		runs, nw.Round(time.Millisecond), median(cold).Round(time.Millisecond), float64(median(cold))/float64(nw),
		float64(median(coldRSS))/(1<<20), float64(slicesMax(coldRSS))/(1<<20),
		median(warm).Round(time.Millisecond), float64(median(warm))/float64(nw), float64(median(warmRSS))/(1<<20))

	// Pagefind's CLI over the same pages, written by a build without search
	site := filepath.Join(dir, "runs", "nosearch-1")
	cli, err := measureTree(site, pf, "--site", site, "--output-path", filepath.Join(dir, "runs", "pagefind-cli"))
	if err != nil {
		return err
	}
	index := median(cold) - nw
	fmt.Printf("Pagefind's CLI on the output of a build without search: wall %s, peak rss %.0f MiB; dossier's index (from nothing less without) %s, %.2f× the CLI's\n",
		cli.wall.Round(time.Millisecond), float64(cli.rss)/(1<<20), index.Round(time.Millisecond), float64(index)/float64(cli.wall))

	// the largest page of a listing: the bound is 150 KB
	largest, size := "", int64(0)
	root := filepath.Join(dir, "runs", "search-1")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if k, _ := page.Of(filepath.ToSlash(rel)); k != nil && k.Paged {
			if info, err := d.Info(); err == nil && info.Size() > size {
				largest, size = rel, info.Size()
			}
		}
		return nil
	})
	fmt.Printf("the largest page of a listing: %s, %.0f KB\n", largest, float64(size)/1024)
	// a reader's search of it, in Chromium, when the browser tests' packages are there
	if _, err := os.Stat("node_modules/playwright-core"); err != nil {
		fmt.Println("a reader's search: skipped, no Playwright (npm ci installs it)")
		return nil
	}
	cmd := exec.Command("node", "tests/browser/corpus-search.mjs", root, "reconstruction")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("a reader's search: %v\n%s", err, out)
	}
	fmt.Print(string(out))
	return nil
}

var shardsLine = regexp.MustCompile(`search: \d+ of \d+ shards indexed`)

// shardsIndexed is what a build's summary says of its index.
func shardsIndexed(output string) string {
	if s := shardsLine.FindString(output); s != "" {
		return strings.TrimPrefix(s, "search: ")
	}
	return "no index"
}

func slicesMax(xs []int64) int64 {
	var m int64
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// sampleTree samples the summed resident memory of the process pid and its
// descendants every 20 ms until the function it returns is called, which
// returns the peak.
func sampleTree(pid int) func() int64 {
	stop, peak := make(chan struct{}), make(chan int64)
	go func() {
		var max int64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		parents := map[int]int{}
		for {
			if r := treeRSS(pid, parents); r > max {
				max = r
			}
			select {
			case <-stop:
				peak <- max
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 {
		close(stop)
		return <-peak
	}
}

// treeRSS is the resident memory of the process root and of its
// descendants, summed, from /proc; parents caches each process's parent.
func treeRSS(root int, parents map[int]int) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	in := map[int]bool{root: true}
	var pids []int
	// a child between fork and exec shares its parent's memory (os/exec
	// uses vfork): it is counted once it runs a program of its own
	rootComm := comm(root)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, ok := parents[pid]; !ok {
			stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
			if err != nil {
				continue
			}
			// pid (comm) state ppid …: comm may hold spaces and parentheses
			f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
			if len(f) < 2 {
				continue
			}
			parents[pid], _ = strconv.Atoi(f[1])
		}
		pids = append(pids, pid)
	}
	// a child is listed after its parent but for a recycled pid: go over
	// the list until nothing joins
	for grew := true; grew; {
		grew = false
		for _, pid := range pids {
			if !in[pid] && in[parents[pid]] {
				in[pid], grew = true, true
			}
		}
	}
	var sum int64
	for pid := range in {
		if pid != root && comm(pid) == rootComm {
			continue
		}
		statm, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
		if err != nil {
			continue
		}
		if f := strings.Fields(string(statm)); len(f) > 1 {
			pages, _ := strconv.ParseInt(f[1], 10, 64)
			sum += pages * int64(os.Getpagesize())
		}
	}
	return sum
}

// comm is the name of the program the process pid runs.
func comm(pid int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	return string(b)
}

// copyTree copies the files under src into dst, made anew.
func copyTree(src, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
}
