package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
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
