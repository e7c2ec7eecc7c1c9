package main

import (
	"fmt"
	"path/filepath"
	"time"
)

// rebuilds times builds into one output folder, one after another, as an
// editor's `make build`, or a CI runner that keeps its workspace, runs them:
// the first into a new folder, the second replacing it (the first is then
// kept beside it as the spare), and from the third on each rewriting the
// build before last in place. The figure is the median of those.
func rebuilds(bin, corpus, dir string, runs int) error {
	out := filepath.Join(dir, "runs", "rebuild")
	var walls, cpus []time.Duration
	fmt.Printf("\nbuilds into one output folder, one after another:\n")
	for i := range runs + 2 {
		u, err := measure(corpus, bin, "build", "--source", corpus, "--out", out)
		if err != nil {
			return err
		}
		what := "rewriting the build before last"
		switch i {
		case 0:
			what = "into a new folder"
		case 1:
			what = "replacing the first, which is kept"
		default:
			walls, cpus = append(walls, u.wall), append(cpus, u.cpu)
		}
		fmt.Printf("  build %d (%s): wall %s, cpu %s (system %s)\n", i+1, what, u.wall.Round(time.Millisecond),
			u.cpu.Round(time.Millisecond), u.sys.Round(time.Millisecond))
	}
	fmt.Printf("rebuild into the same output, median of %d: wall %s, cpu %s\n", runs,
		median(walls).Round(time.Millisecond), median(cpus).Round(time.Millisecond))
	return nil
}
