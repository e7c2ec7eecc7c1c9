package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestProfInc(t *testing.T) {
	dir := os.Getenv("PROF_DIR")
	if dir == "" {
		t.Skip()
	}
	b := NewBuilder(Config{Dir: dir, Memory: true, Theme: os.DirFS("../..")})
	if _, err := b.Update(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "content/briefings/b0000.md")
	orig, _ := os.ReadFile(p)
	defer os.WriteFile(p, orig, 0o644)
	f, _ := os.Create("/tmp/prof/inc10k.out")
	pprof.StartCPUProfile(f)
	var ds []time.Duration
	for i := 0; i < 30; i++ {
		os.WriteFile(p, []byte(strings.Replace(string(orig), "## Part 1\n\n", fmt.Sprintf("## Part 1\n\nEdit%d ", i), 1)), 0o644)
		st := time.Now()
		if _, err := b.Update(context.Background(), []string{"content/briefings/b0000.md"}); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, time.Since(st))
	}
	pprof.StopCPUProfile()
	f.Close()
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	t.Log(ds)
}
