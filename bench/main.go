// Command bench measures a full dossier build on a synthetic corpus.
//
// It writes a deterministic corpus (by default 10,000 sources of about 8 KB
// and 1,000 briefings of 25 claims, each claim citing 1–3 exact passages),
// builds the dossier binary, runs `dossier build` on the corpus several
// times and reports the median wall time, CPU time (user + system) and peak
// resident memory of the build process.
//
// Then it times the file system alone: reading the corpus and writing the
// output again, with nothing computed between; the search index, in rounds
// of a build without it, one from nothing and one after a source changed
// (search.go); and builds into one output folder one after another, as an
// editor rebuilds. Then it compares the build
// with Hugo's of the same text, builds corpora of 1,000, 10,000 and 50,000
// sources for the cost of a page at each size, and times a cold
// `dossier serve` to its first page.
//
// Then it times incremental rebuilds: a briefing saved -saves times, first
// through the site.Builder alone (the rebuild itself), then through a real
// `dossier serve` from the save on disk to the reload event a page receives
// (debounce included), without search and with it.
//
//	go run ./bench [-sources 10000] [-briefings 1000] [-runs 5] [-hugo 3] [-scale 1000,10000,50000] [-saves 25] [-dir bench/out]
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) == 5 && os.Args[1] == "floor" {
		// in a process of its own: see floorApart
		if err := floor(os.Args[2], os.Args[3], os.Args[4]); err != nil {
			fail(err)
		}
		return
	}
	sources := flag.Int("sources", 10000, "how many sources")
	briefings := flag.Int("briefings", 1000, "how many briefings")
	claims := flag.Int("claims", 25, "claims per briefing")
	runs := flag.Int("runs", 5, "how many timed builds")
	dir := flag.String("dir", "bench/out", "where the corpus and builds go")
	hugoRuns := flag.Int("hugo", 3, "runs of the side-by-side comparison with Hugo, when it is installed (0 skips it)")
	saves := flag.Int("saves", 25, "briefing saves timed for the incremental and serve figures (0 skips them)")
	edits := flag.Int("edits", 100, "completions and changes timed through dossier lsp (0 skips them)")
	scale := flag.String("scale", "1000,10000,50000", "source counts of the scaling runs, comma-separated (\"\" skips them)")
	flag.Parse()
	var sizes []int
	for _, f := range strings.Split(*scale, ",") {
		if f = strings.TrimSpace(f); f != "" {
			n, err := strconv.Atoi(f)
			if err != nil || n < 10 {
				fail(fmt.Errorf("-scale: %q is not a number of sources", f))
			}
			sizes = append(sizes, n)
		}
	}

	corpus := filepath.Join(*dir, fmt.Sprintf("corpus-%d-%d-%d", *sources, *briefings, *claims))
	if _, err := os.Stat(filepath.Join(corpus, ".complete")); err != nil {
		start := time.Now()
		if err := generate(corpus, *sources, *briefings, *claims); err != nil {
			fail(err)
		}
		fmt.Printf("generated %s in %s\n", corpus, time.Since(start).Round(time.Millisecond))
	}
	size := dirSize(filepath.Join(corpus, "content"))
	bin := filepath.Join(*dir, "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fail(fmt.Errorf("go build: %v\n%s", err, out))
	}
	fmt.Printf("corpus: %d sources, %d briefings × %d claims (1–3 passages each), %.1f MB of content\n",
		*sources, *briefings, *claims, float64(size)/1e6)
	fmt.Printf("machine: %s/%s, %d CPUs, %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel())

	var walls, cpus []time.Duration
	var rss []int64
	// each run builds into a new folder, as CI does; the folders are deleted
	// after the timed runs, since on this machine's file system (ext4 with
	// discard) a large delete slows the disk for seconds after it
	// (the folders of an earlier bench are moved aside and deleted at the
	// end too: deleting them first would slow the timed runs)
	runsDir := filepath.Join(*dir, "runs")
	if _, err := os.Stat(runsDir); err == nil {
		old := fmt.Sprintf("%s.old-%d", runsDir, time.Now().UnixNano())
		if err := os.Rename(runsDir, old); err == nil {
			defer os.RemoveAll(old)
		}
	}
	defer os.RemoveAll(runsDir)
	for i := range *runs {
		out := filepath.Join(*dir, "runs", fmt.Sprint(i+1))
		u, err := measure(corpus, bin, "build", "--source", corpus, "--out", out)
		if err != nil {
			fail(err)
		}
		walls, cpus, rss = append(walls, u.wall), append(cpus, u.cpu), append(rss, u.rss)
		fmt.Printf("run %d: wall %s, cpu %s (system %s), peak rss %.0f MiB — %s\n", i+1, u.wall.Round(time.Millisecond),
			u.cpu.Round(time.Millisecond), u.sys.Round(time.Millisecond), float64(u.rss)/(1<<20), lastLines(u.output, 1))
	}
	var floorWall time.Duration // the file system's alone
	if *runs > 0 {
		fmt.Printf("\nfull build, median of %d: wall %s, cpu %s, peak rss %.0f MiB\n", *runs,
			median(walls).Round(time.Millisecond), median(cpus).Round(time.Millisecond), float64(median(rss))/(1<<20))
		var err error
		var text string
		if floorWall, text, err = floorApart(corpus, filepath.Join(*dir, "runs", "1"), filepath.Join(*dir, "runs", "floor")); err != nil {
			fail(err)
		}
		fmt.Print(text)
		if err := withSearch(bin, corpus, *dir, *runs); err != nil {
			fail(err)
		}
		if err := rebuilds(bin, corpus, *dir, *runs); err != nil {
			fail(err)
		}
	}
	if *hugoRuns > 0 {
		if err := compareHugo(bin, corpus, *dir, *hugoRuns, floorWall); err != nil {
			fail(err)
		}
	}
	if len(sizes) > 0 {
		if err := scaling(bin, *dir, sizes, *claims, min(*runs, 3)); err != nil {
			fail(err)
		}
	}
	if err := coldServe(bin, corpus, 3); err != nil {
		fail(err)
	}
	if *saves > 0 {
		if err := incremental(corpus, *saves); err != nil {
			fail(err)
		}
	}
	if *edits > 0 {
		if err := editorServer(bin, corpus, *edits); err != nil {
			fail(err)
		}
	}
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// vocabulary is a fixed list of words; sentences are drawn from it with a
// seeded generator, so that the corpus is the same on every machine.
var vocabulary = strings.Fields(`the of and to in a is that for on with as was by at from it an be this
are have has had not but or which were their they its been more also would will after who said
talks peace minister ministers government officials united states russia ukraine europe european
kyiv moscow washington paris london deal agreement ceasefire sanctions energy minerals security
president secretary state envoy spokesman analyst report reports reported warned warning days
weeks months year years week talks negotiations progress pressure support military financial
aid war conflict front line lines strike strikes missile missiles city cities region regions
territory territorial concessions demands demand proposal proposals framework round meeting meetings
summit leaders leader allies alliance nato membership bid reconstruction investment fund resources
access rare earth exports imports oil gas pipeline markets prices trade economy economic growth
decline rise record figures data statement statements interview press briefing conference remarks
comments response reaction signal signals shift policy foreign domestic strategy approach option
options path forward road ahead clock deadline window narrow narrowing closing open opened opening
door doors table tables side sides party parties compromise breakthrough stalemate standoff
crisis crises tension tensions dispute disputes disagreement disagreements unresolved resolved
agreed agree agrees signed signing unsigned finalise finalised draft drafts text texts clause
clauses guarantee guarantees assurance assurances commitment commitments pledge pledges promise
promised delay delays delayed quickly slowly soon later earlier before during while although
however despite because since until unless whether either neither both each every many most
some few several other others another such same different new old first second third last next
previous recent current former future possible likely unlikely clear unclear hard difficult easy
simple complex long short high low large small major minor key central critical important`)

// sentence returns a sentence of n words.
func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

type source struct {
	id    string
	paras []string
}

func generate(dir string, nSources, nBriefings, nClaims int) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, d := range []string{"content/sources", "content/briefings"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	r := rand.New(rand.NewPCG(2025, 4))
	srcs := make([]source, nSources)
	for i := range srcs {
		s := source{id: fmt.Sprintf("s%05d", i)}
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Report %d on the talks\noutlet: Outlet %d\npublished: 2025-04-%02d\nurl: https://example.org/%s\n---\n",
			i, i%40, 1+i%28, s.id)
		for b.Len() < 8000 {
			var p strings.Builder
			for range 4 + r.IntN(4) {
				p.WriteString(sentence(r, 8+r.IntN(14)))
				p.WriteByte(' ')
			}
			para := strings.TrimSpace(p.String())
			s.paras = append(s.paras, para)
			b.WriteString(para + "\n")
		}
		srcs[i] = s
		if err := os.WriteFile(filepath.Join(dir, "content/sources", s.id+".txt"), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	for i := range nBriefings {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Briefing %d\ndate: 2025-%02d-%02d\nsummary: A synthetic briefing.\ntags: [Topic %d, Topic %d]\n---\n\n",
			i, 1+i%12, 1+i%28, i%20, 20+i%7)
		for c := range nClaims {
			if c%5 == 0 {
				fmt.Fprintf(&b, "\n## Part %d\n\n", c/5+1)
			}
			b.WriteString(strings.TrimSuffix(sentence(r, 10+r.IntN(10)), "."))
			b.WriteString(" [")
			for k := range 1 + r.IntN(3) {
				s := srcs[r.IntN(len(srcs))]
				words := strings.Fields(s.paras[r.IntN(len(s.paras))])
				n := 7 + r.IntN(6)
				start := r.IntN(max(1, len(words)-n))
				passage := strings.Trim(strings.Join(words[start:min(len(words), start+n)], " "), ".")
				if k > 0 {
					b.WriteString("; ")
				}
				fmt.Fprintf(&b, "@%s, %q", s.id, passage)
			}
			b.WriteString("].\n")
		}
		if err := os.WriteFile(filepath.Join(dir, "content/briefings", fmt.Sprintf("b%04d.md", i)), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644)
}
