//go:build !unix

package site

import "time"

// cpuTime is 0 where the processor time is not known here.
func cpuTime() time.Duration { return 0 }
