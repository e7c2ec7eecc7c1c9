package site

import (
	"fmt"
	"os"
	"time"
)

// A build times its phases when DOSSIER_TRACE is set in the environment,
// printing each phase's wall time, and the processor time the process
// spent in it (where the system says), to standard error: where a large
// site's build spends its time, and how much of the machine it uses,
// without a profiler.
var traceOn = os.Getenv("DOSSIER_TRACE") != ""

type tracer struct {
	last, start time.Time
	cpu         time.Duration // the process's processor time at last
}

func newTracer() *tracer {
	if !traceOn {
		return nil
	}
	now := time.Now()
	return &tracer{last: now, start: now, cpu: cpuTime()}
}

// mark ends the phase named what; a nil tracer, when tracing is off, does nothing.
func (t *tracer) mark(what string) {
	if t == nil {
		return
	}
	now, cpu := time.Now(), cpuTime()
	fmt.Fprintf(os.Stderr, "dossier: %-14s %7.1f ms  (%.1f ms in all)", what,
		float64(now.Sub(t.last).Microseconds())/1000, float64(now.Sub(t.start).Microseconds())/1000)
	if cpu > 0 {
		fmt.Fprintf(os.Stderr, "  cpu %7.1f ms", float64((cpu-t.cpu).Microseconds())/1000)
	}
	fmt.Fprintln(os.Stderr)
	t.last, t.cpu = now, cpu
}
