package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]atomic.Int32, n)
		For(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: f(%d) called %d times", n, i, c)
			}
		}
	}
}

// Every worker takes part: with more calls than workers, each waiting for
// the others to start, none is left to the caller alone.
func TestForUsesWorkers(t *testing.T) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 {
		t.Skip("one processor")
	}
	var started atomic.Int32
	For(workers, func(int) {
		started.Add(1)
		for started.Load() < int32(workers) {
			runtime.Gosched()
		}
	})
}

func BenchmarkForSmallCalls(b *testing.B) {
	var sink atomic.Int64
	for b.Loop() {
		For(10000, func(i int) { sink.Add(int64(i)) })
	}
}

func TestForIOWaitsTogether(t *testing.T) {
	// calls that wait for the disk run together, beyond the number of cores
	n := int32(ioPerCore * runtime.GOMAXPROCS(0))
	var running, most atomic.Int32
	ForIO(int(n), func(int) {
		r := running.Add(1)
		for m := most.Load(); r > m && !most.CompareAndSwap(m, r); m = most.Load() {
		}
		for deadline := time.Now().Add(2 * time.Second); most.Load() < n && time.Now().Before(deadline); {
			runtime.Gosched()
		}
		running.Add(-1)
	})
	if m := most.Load(); m != n {
		t.Fatalf("at most %d calls ran at once; want %d", m, n)
	}
	var seen [100]atomic.Int32
	ForIO(len(seen), func(i int) { seen[i].Add(1) })
	for i := range seen {
		if c := seen[i].Load(); c != 1 {
			t.Fatalf("f(%d) called %d times", i, c)
		}
	}
}
