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

// scaling builds corpora of each size and reports the cost of a page.
func scaling(bin, dir string, sizes []int, claims, runs int) error {
	type row struct {
		sources, pages int
		wall, cpu      time.Duration
		rss            int64
	}
	var rows []row
	for _, n := range sizes {
		corpus, err := corpusFor(dir, n, claims)
		if err != nil {
			return err
		}
		var walls, cpus []time.Duration
		var rsss []int64
		r := row{sources: n, pages: n + 2*(n/10) + 3}
		for i := range runs {
			out := filepath.Join(dir, "runs", fmt.Sprintf("scale-%d-%d", n, i))
			u, err := measure(bin, "build", "--source", corpus, "--out", out)
			if err != nil {
				return err
			}
			walls, cpus, rsss = append(walls, u.wall), append(cpus, u.cpu), append(rsss, u.rss)
		}
		r.wall, r.cpu, r.rss = median(walls), median(cpus), median(rsss)
		rows = append(rows, r)
	}
	fmt.Printf("\nscaling, full builds, median of %d (briefings = sources ÷ 10, %d claims each):\n", runs, claims)
	fmt.Printf("| sources | pages | wall | CPU | peak RSS | wall per page | vs the smallest |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		per := r.wall / time.Duration(r.pages)
		base := rows[0].wall / time.Duration(rows[0].pages)
		fmt.Printf("| %d | %d | %s | %s | %.0f MiB | %s | %.2f× |\n", r.sources, r.pages, r.wall.Round(time.Millisecond),
			r.cpu.Round(time.Millisecond), float64(r.rss)/(1<<20), per.Round(time.Microsecond), float64(per)/float64(base))
	}
	return nil
}

// coldServe times `dossier serve` from its start to its first page fetched.
func coldServe(bin, corpus string, runs int) error {
	var firsts []time.Duration
	for range runs {
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
