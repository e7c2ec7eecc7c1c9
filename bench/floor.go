package main

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The file system's share of a build: reading the corpus and writing the
// output a build made, with nothing computed between, the way dossier
// does both (a worker per CPU; output folders made by one goroutine,
// parents first, while the files are written). No build can take less.

// floorApart runs floor in a process of its own. It holds the whole output
// in memory, and a process started later by this one would count that in
// its own peak: Linux gives a child the high-water mark of the memory it
// shares with its parent until it executes (and Go starts children that way).
// It returns the wall time of reading and writing, together, and what
// floor printed of them.
func floorApart(corpus, built, out string) (time.Duration, string, error) {
	cmd := exec.Command(os.Args[0], "floor", corpus, built, out)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		return 0, "", err
	}
	text, total, _ := strings.Cut(string(stdout), floorMark)
	ns, err := strconv.ParseInt(strings.TrimSpace(total), 10, 64)
	return time.Duration(ns), text, err
}

// floorMark precedes the floor's total, in nanoseconds, in its output.
const floorMark = "floor total ns: "

// floor times reading corpus's content and writing again, into the new
// folder out, the output tree that a build made in built.
func floor(corpus, built, out string) error {
	var paths []string
	err := filepath.WalkDir(filepath.Join(corpus, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	var read int64
	var mu sync.Mutex
	if err := warm(corpus); err != nil { // as measure does
		return err
	}
	syscall.Sync()
	rwall, rcpu, err := timed(func() error {
		return each(len(paths), func(i int) error {
			b, err := os.ReadFile(paths[i])
			mu.Lock()
			read += int64(len(b))
			mu.Unlock()
			return err
		})
	})
	if err != nil {
		return err
	}

	type file struct {
		rel  string
		data []byte
	}
	var dirs []string
	var files []file
	var written int64
	err = filepath.WalkDir(built, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == built {
			return err
		}
		rel, _ := filepath.Rel(built, p)
		if d.IsDir() {
			dirs = append(dirs, rel)
			return nil
		}
		b, err := os.ReadFile(p)
		files, written = append(files, file{rel, b}), written+int64(len(b))
		return err
	})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	syscall.Sync()
	wwall, wcpu, err := timed(func() error {
		made := make(map[string]chan struct{}, len(dirs))
		for _, d := range dirs {
			made[d] = make(chan struct{})
		}
		errs := make(chan error, 1)
		go func() {
			for _, d := range dirs {
				if err := os.Mkdir(filepath.Join(out, d), 0o755); err != nil {
					errs <- err
				}
				close(made[d])
			}
			errs <- nil
		}()
		err := each(len(files), func(i int) error {
			if ch := made[filepath.Dir(files[i].rel)]; ch != nil {
				<-ch
			}
			return os.WriteFile(filepath.Join(out, files[i].rel), files[i].data, 0o644)
		})
		if e := <-errs; err == nil {
			err = e
		}
		return err
	})
	if err != nil {
		return err
	}
	fmt.Printf("\nthe file system alone (a worker per CPU, nothing computed):\n")
	fmt.Printf("  read the corpus: %d files, %.0f MB: wall %s, cpu %s\n", len(paths), float64(read)/1e6,
		rwall.Round(time.Millisecond), rcpu.Round(time.Millisecond))
	fmt.Printf("  write the output: %d folders, %d files, %.0f MB: wall %s, cpu %s\n", len(dirs), len(files), float64(written)/1e6,
		wwall.Round(time.Millisecond), wcpu.Round(time.Millisecond))
	fmt.Printf("%s%d\n", floorMark, rwall+wwall)
	return nil
}

// each runs f for 0…n-1 on a worker per CPU, returning the first error.
func each(n int, f func(int) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				if err := f(i); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// timed runs f and returns its wall time and the processor time (user and
// system) this process spent meanwhile.
func timed(f func() error) (wall, cpu time.Duration, err error) {
	var r0, r1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	start := time.Now()
	err = f()
	wall = time.Since(start)
	syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	cpu = time.Duration(r1.Utime.Nano() + r1.Stime.Nano() - r0.Utime.Nano() - r0.Stime.Nano())
	return wall, cpu, err
}
