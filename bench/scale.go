package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// corpusFor returns the folder of a corpus of n sources and n/10 briefings
// of claims claims, generating it if need be.
func corpusFor(dir string, n, claims int) (string, error) {
	corpus := filepath.Join(dir, fmt.Sprintf("corpus-%d-%d-%d", n, n/10, claims))
	if _, err := os.Stat(filepath.Join(corpus, ".complete")); err == nil {
		return corpus, nil
	}
	start := time.Now()
	if err := generate(corpus, n, n/10, claims); err != nil {
		return "", err
	}
	fmt.Printf("generated %s in %s\n", corpus, time.Since(start).Round(time.Millisecond))
	return corpus, nil
}

// scaling builds corpora of each size and reports the cost of a page, and
// the file system's share of it: the floor, reading the corpus and writing
// the output that build made, with nothing computed. The sizes take turns,
// run after run, so that the machine's slow minutes fall on all of them
// alike.
func scaling(bin, dir string, sizes []int, claims, runs int) error {
	type row struct {
		sources, pages      int
		corpus              string
		walls, cpus, floors []time.Duration
		rsss                []int64
	}
	rows := make([]*row, len(sizes))
	for k, n := range sizes {
		corpus, err := corpusFor(dir, n, claims)
		if err != nil {
			return err
		}
		rows[k] = &row{sources: n, pages: n + 2*(n/10) + 3, corpus: corpus}
	}
	for i := range runs {
		for _, r := range rows {
			out := filepath.Join(dir, "runs", fmt.Sprintf("scale-%d-%d", r.sources, i))
			u, err := measure(r.corpus, bin, "build", "--source", r.corpus, "--out", out)
			if err != nil {
				return err
			}
			r.walls, r.cpus, r.rsss = append(r.walls, u.wall), append(r.cpus, u.cpu), append(r.rsss, u.rss)
			f, _, err := floorApart(r.corpus, out, out+"-floor")
			if err != nil {
				return err
			}
			r.floors = append(r.floors, f)
		}
	}
	fmt.Printf("\nscaling, full builds, median of %d, sizes in turn (briefings = sources ÷ 10, %d claims each):\n", runs, claims)
	fmt.Printf("| sources | pages | wall | CPU | peak RSS | wall per page | vs the smallest | file system alone, per page | vs the smallest |\n")
	fmt.Printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	perPage := func(r *row) time.Duration { return median(r.walls) / time.Duration(r.pages) }
	floorPerPage := func(r *row) time.Duration { return median(r.floors) / time.Duration(r.pages) }
	spread := func(per func(*row) time.Duration) float64 {
		lo, hi := per(rows[0]), per(rows[0])
		for _, r := range rows {
			lo, hi = min(lo, per(r)), max(hi, per(r))
		}
		return float64(hi) / float64(lo)
	}
	for _, r := range rows {
		fmt.Printf("| %d | %d | %s | %s | %.0f MiB | %s | %.2f× | %s | %.2f× |\n", r.sources, r.pages, median(r.walls).Round(time.Millisecond),
			median(r.cpus).Round(time.Millisecond), float64(median(r.rsss))/(1<<20), perPage(r).Round(time.Microsecond),
			float64(perPage(r))/float64(perPage(rows[0])), floorPerPage(r).Round(time.Microsecond),
			float64(floorPerPage(r))/float64(floorPerPage(rows[0])))
	}
	fmt.Printf("the dearest page ÷ the cheapest, over the sizes: %.2f× (the file system alone: %.2f×)\n", spread(perPage), spread(floorPerPage))
	return nil
}

// coldServe times `dossier serve` from its start to its first page fetched
// (with the corpus in the page cache, as measure has it).
func coldServe(bin, corpus string, runs int) error {
	var firsts []time.Duration
	for range runs {
		if err := warm(corpus); err != nil {
			return err
		}
		start := time.Now()
		cmd := exec.Command(bin, "serve", "--source", corpus, "--addr", "127.0.0.1:0")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return err
		}
		url := ""
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 {
				url = strings.Fields(sc.Text()[i:])[0]
				break
			}
		}
		if url == "" {
			cmd.Process.Kill()
			cmd.Wait()
			return fmt.Errorf("dossier serve printed no address")
		}
		resp, err := http.Get(url + "briefings/b0000/")
		if err == nil {
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("status %s", resp.Status)
			}
		}
		firsts = append(firsts, time.Since(start))
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if err != nil {
			return fmt.Errorf("first page: %v", err)
		}
	}
	fmt.Printf("\ncold dossier serve → first page (a briefing) fetched, median of %d: %s\n", runs, median(firsts).Round(time.Millisecond))
	return nil
}
