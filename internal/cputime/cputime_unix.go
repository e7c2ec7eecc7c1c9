//go:build unix

package cputime

import (
	"syscall"
	"time"
)

func used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Since(started)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var started = time.Now()
