package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// The same text as a Hugo site: each source a page of paragraphs, each
// briefing a page whose claims cite their passages in footnotes.

var (
	frontMatter = regexp.MustCompile(`(?s)^---\n(.*?)\n---\n`)
	citation    = regexp.MustCompile(`\[(@[^\]]*)\]`)
	citeItem    = regexp.MustCompile(`@([a-z0-9._/-]+)(?:, "((?:[^"\\]|\\.)*)")?`)
)

// hugoSiteVersion names what hugoSite writes: a site written by another
// version of it is written again.
const hugoSiteVersion = "1"

// hugoSite writes the corpus as a Hugo site in dir, unless dir holds it
// already, of this corpus as it was generated last: on this machine's ext4,
// which has no journal, a new inode is handed out only past those deleted
// in the last minutes, so deleting its 11,000 files would slow the file
// creation of the timed runs after it.
func hugoSite(corpus, dir string) error {
	generated, err := os.Stat(filepath.Join(corpus, ".complete"))
	if err != nil {
		return err
	}
	done := filepath.Join(dir, ".complete")
	stamp := fmt.Sprintf("%s %s %d", hugoSiteVersion, corpus, generated.ModTime().UnixNano())
	if b, err := os.ReadFile(done); err == nil && string(b) == stamp {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	layouts := map[string]string{
		"hugo.toml": "baseURL = 'https://example.org/'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term']\n",
		"layouts/_default/baseof.html": "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>" +
			"<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
		"layouts/_default/single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n",
		"layouts/_default/list.html":   "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
	}
	for name, data := range layouts {
		if err := write(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	sources, _ := filepath.Glob(filepath.Join(corpus, "content/sources/*.txt"))
	for _, p := range sources {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := frontMatter.FindSubmatch(b)
		body := strings.TrimSpace(string(b[len(m[0]):]))
		fm := strings.ReplaceAll(string(m[1]), "\nurl:", "\nsource_url:") // Hugo takes url for the page's own
		page := "---\n" + fm + "\n---\n" + strings.ReplaceAll(body, "\n", "\n\n") + "\n"
		if err := write(filepath.Join(dir, "content/sources", strings.TrimSuffix(filepath.Base(p), ".txt")+".md"), page); err != nil {
			return err
		}
	}
	briefings, _ := filepath.Glob(filepath.Join(corpus, "content/briefings/*.md"))
	for _, p := range briefings {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var notes []string
		text := citation.ReplaceAllStringFunc(string(b), func(c string) string {
			var parts []string
			for _, it := range citeItem.FindAllStringSubmatch(c, -1) {
				parts = append(parts, fmt.Sprintf("[%s](/sources/%s/): “%s”", it[1], it[1], it[2]))
			}
			notes = append(notes, strings.Join(parts, "; "))
			return fmt.Sprintf("[^%d]", len(notes))
		})
		var foot strings.Builder
		for i, n := range notes {
			fmt.Fprintf(&foot, "\n[^%d]: %s\n", i+1, n)
		}
		if err := write(filepath.Join(dir, "content/briefings", filepath.Base(p)), text+foot.String()); err != nil {
			return err
		}
	}
	return os.WriteFile(done, []byte(stamp), 0o644)
}

func write(p, data string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(data), 0o644)
}

// usage is what running a command took.
type usage struct {
	wall, cpu, sys time.Duration // cpu is user + system
	rss            int64         // peak resident memory, bytes
	output         string        // what it printed
}

// measure runs a command on the site in input and returns what it took.
// The site's files are read first, so that they are in the page cache, as
// a checkout leaves them on a CI machine: on this machine the kernel drops
// what has not been read for half a minute, so that otherwise a run's time
// would depend on how long ago the same input was last read (a 1,000-source
// build: 0.18–0.27 s read from the cache, 0.32–0.59 s from the disk). And
// what earlier runs wrote is flushed to the disk, as it is before a CI
// machine's one build: otherwise the kernel writes back one run's output
// during the next, with the same two cores.
func measure(input, name string, args ...string) (usage, error) {
	return measureRun(input, false, name, args...)
}

// measureTree is measure, the peak resident memory being that of the
// command and of every process it started, summed, sampled every 20 ms.
func measureTree(input, name string, args ...string) (usage, error) {
	return measureRun(input, true, name, args...)
}

func measureRun(input string, tree bool, name string, args ...string) (usage, error) {
	if err := warm(input); err != nil {
		return usage{}, err
	}
	syscall.Sync()
	cmd := exec.Command(name, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return usage{}, fmt.Errorf("%s: %v", name, err)
	}
	var stop func() int64
	if tree {
		stop = sampleTree(cmd.Process.Pid)
	}
	err := cmd.Wait()
	wall := time.Since(start)
	var sampled int64
	if stop != nil {
		sampled = stop()
	}
	if err != nil {
		return usage{}, fmt.Errorf("%s: %v\n%s", name, err, lastLines(out.String(), 5))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return usage{wall: wall, cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		sys: time.Duration(ru.Stime.Nano()), rss: max(sampled, ru.Maxrss*1024), output: out.String()}, nil
}

// warm reads every file under dir.
func warm(dir string) error {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	return each(len(paths), func(i int) error {
		_, err := os.ReadFile(paths[i])
		return err
	})
}

func lastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// compareHugo times dossier and Hugo alternately on the same text; floor,
// when known, is the wall time of the file system's work alone.
func compareHugo(bin, corpus, dir string, runs int, floor time.Duration) error {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		fmt.Println("\nhugo is not installed (apt-get install hugo): no comparison")
		return nil
	}
	site := filepath.Join(dir, "hugo-site")
	if err := hugoSite(corpus, site); err != nil {
		return err
	}
	type m struct {
		wall, cpu, sys []time.Duration
		rss            []int64
		out            string // the last run's output folder
	}
	var d, h m
	add := func(x *m, u usage, out string) {
		x.wall, x.cpu, x.sys, x.rss, x.out = append(x.wall, u.wall), append(x.cpu, u.cpu), append(x.sys, u.sys), append(x.rss, u.rss), out
	}
	for i := range runs {
		out := filepath.Join(dir, "runs", fmt.Sprint("cmp-", i))
		u, err := measure(corpus, bin, "build", "--source", corpus, "--out", out)
		if err != nil {
			return err
		}
		add(&d, u, out)
		// Hugo takes a relative --destination as relative to --source
		if out, err = filepath.Abs(filepath.Join(dir, "runs", fmt.Sprint("hugo-", i))); err != nil {
			return err
		}
		if u, err = measure(site, hugo, "--quiet", "--source", site, "--destination", out); err != nil {
			return err
		}
		add(&h, u, out)
	}
	fmt.Printf("\nside by side, alternately, median of %d (%s):\n", runs, strings.TrimSpace(versionOf(hugo)))
	fmt.Printf("| | wall | CPU | of it system | peak RSS | output |\n| --- | --- | --- | --- | --- | --- |\n")
	row := func(name string, x m) {
		fmt.Printf("| %s | %s | %s | %s | %.0f MiB | %.0f MB |\n", name, median(x.wall).Round(time.Millisecond), median(x.cpu).Round(time.Millisecond),
			median(x.sys).Round(time.Millisecond), float64(median(x.rss))/(1<<20), float64(dirSize(x.out))/1e6)
	}
	row("dossier (every passage verified)", d)
	row("Hugo (same text, footnotes)", h)
	fmt.Printf("| dossier ÷ Hugo | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× |\n", median(d.wall).Seconds()/median(h.wall).Seconds(),
		median(d.cpu).Seconds()/median(h.cpu).Seconds(), median(d.sys).Seconds()/median(h.sys).Seconds(),
		float64(median(d.rss))/float64(median(h.rss)), float64(dirSize(d.out))/float64(dirSize(h.out)))
	target := time.Duration(0.15 * float64(median(h.wall)))
	fmt.Printf("0.15× Hugo's wall time: %s", target.Round(time.Millisecond))
	if floor > 0 {
		fmt.Printf("; the file system alone, reading the corpus and writing the output: %s (%.2f× Hugo's)",
			floor.Round(time.Millisecond), floor.Seconds()/median(h.wall).Seconds())
	}
	fmt.Println()
	return nil
}

func versionOf(bin string) string {
	out, _ := exec.Command(bin, "version").Output()
	f := strings.Fields(string(out))
	if len(f) > 1 {
		return "hugo " + f[1]
	}
	return "hugo"
}
