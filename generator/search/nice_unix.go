//go:build unix

package search

import "syscall"

// lower lowers the priority of the process pid to nice 10; a failure
// leaves it as it was.
func lower(pid int) { syscall.Setpriority(syscall.PRIO_PROCESS, pid, 10) }
