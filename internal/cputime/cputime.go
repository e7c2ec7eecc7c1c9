// Package cputime is the CPU time this process has used, user and system:
// what a test that bounds the cost of the code it runs measures, so that
// the bound holds on a machine busy with other work (go test -race ./...
// compiling and running every package beside it). A wall-clock deadline
// stays only as a guard against a hang.
package cputime

import "time"

// Used is the CPU time the process has used so far, on all its threads;
// where the system does not say, the time since the process started.
func Used() time.Duration { return used() }

// Since is the CPU time used since start, a value of Used.
func Since(start time.Duration) time.Duration { return Used() - start }
