// Package parallel spreads independent pieces of work over the cores.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(0) … f(n-1) on as many goroutines as GOMAXPROCS allows and
// returns when every call has. Calls must not depend on one another's order.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
