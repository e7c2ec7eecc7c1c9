package site

import (
	"fmt"
	"os"
	"time"
)

// A build times its phases when DOSSIER_TRACE is set in the environment,
// printing each phase's wall time to standard error: where a large site's
// build spends its time, without a profiler.
var traceOn = os.Getenv("DOSSIER_TRACE") != ""

type tracer struct{ last, start time.Time }

func newTracer() *tracer {
	now := time.Now()
	return &tracer{last: now, start: now}
}

// mark ends the phase named what.
func (t *tracer) mark(what string) {
	if !traceOn {
		return
	}
	now := time.Now()
	fmt.Fprintf(os.Stderr, "dossier: %-14s %7.1f ms  (%.1f ms in all)\n", what,
		float64(now.Sub(t.last).Microseconds())/1000, float64(now.Sub(t.start).Microseconds())/1000)
	t.last = now
}
