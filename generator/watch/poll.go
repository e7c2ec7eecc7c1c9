package watch

import (
	"io/fs"
	"path/filepath"
	"time"
)

// stamp is what polling compares; the mode is left out, as attribute-only
// changes are not changes.
type stamp struct {
	size  int64
	mtime time.Time
}

// startPolling walks the watched trees every interval and reports every
// file whose size, modification time or mode changed, appeared or went away.
func (w *Watcher) startPolling(interval time.Duration) {
	w.mu.Lock()
	if w.polling {
		w.mu.Unlock()
		return
	}
	w.polling = true
	w.mu.Unlock()
	prev := w.scan()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
			}
			cur := w.scan()
			for p, s := range cur {
				if old, ok := prev[p]; !ok || old != s {
					w.send(p)
				}
			}
			for p := range prev {
				if _, ok := cur[p]; !ok {
					w.send(p)
				}
			}
			prev = cur
		}
	}()
}

func (w *Watcher) send(p string) {
	select {
	case w.events <- p:
	case <-w.done:
	}
}

func (w *Watcher) scan() map[string]stamp {
	out := map[string]stamp{}
	for _, d := range w.cfg.Dirs {
		root := filepath.Join(w.cfg.Root, d)
		_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if p != root && w.cfg.Ignore(e.Name()) {
				if e.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if e.IsDir() {
				return nil
			}
			fi, err := e.Info()
			if err != nil {
				return nil
			}
			if r, ok := w.rel(p); ok {
				out[r] = stamp{fi.Size(), fi.ModTime()}
			}
			return nil
		})
	}
	return out
}
