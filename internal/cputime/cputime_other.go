//go:build !unix

package cputime

import "time"

func used() time.Duration { return time.Since(started) }

var started = time.Now()
