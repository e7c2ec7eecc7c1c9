// Package watch reports changes under a few folders of a root, in batches.
// It knows nothing of sites.
//
// It watches directories, not files, with fsnotify: every folder of the
// watched trees, and the root itself so that a watched folder created later
// is picked up. A folder created inside a watched tree is watched at once,
// and the files already in it are reported, so that "mkdir -p a/b && touch
// a/b/x.md" is seen. Events on editor temp files (see IgnoreEditorFiles)
// and attribute-only changes are dropped. Events are debounced: a batch is
// sent once no event has come for Debounce (five times as long once the
// batch holds 16 paths), or MaxWait after the first, so a checkout of 500
// files gives one batch while a single save is seen at once. A batch lists the changed paths;
// whoever receives it stats or reads them to learn what happened (a path
// that no longer exists was removed or renamed away).
//
// When the kernel drops events (fsnotify.ErrEventOverflow) the batch says
// All: assume that everything changed. When a folder cannot be watched
// because the inotify watch limit is reached, the watcher says so loudly,
// naming the sysctl to raise, and falls back to polling; Config.Poll asks
// for polling from the start.
package watch
