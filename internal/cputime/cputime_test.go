package cputime

import (
	"testing"
	"time"
)

// Work shows as CPU time; sleeping does not.
func TestUsed(t *testing.T) {
	start := Used()
	time.Sleep(200 * time.Millisecond)
	if d := Since(start); d > 50*time.Millisecond {
		t.Errorf("sleeping 200 ms used %v of CPU", d)
	}
	start = Used()
	x := 0
	for wall := time.Now(); Since(start) < 100*time.Millisecond; x++ {
		if time.Since(wall) > 20*time.Second {
			t.Fatalf("20 s of work used %v of CPU", Since(start))
		}
	}
	if x == 0 {
		t.Error("no work")
	}
}
