// Package publish writes a build's files (docs/publishing.md: a failed build leaves
// the previous output exactly as it was): into a
// Folder, which replaces the output only when every file is written, or
// into a Memory, which the dev server serves.
//
// A Folder writes beside the output and swaps the new build in at Commit,
// in one atomic exchange where the system has one (Linux renameat2), so
// that the output is always the previous build or the new one, whole; a
// build that fails, or is abandoned, leaves the output as it was. The
// build replaced is kept beside the output (.<out>.prev) and rewritten in
// place by the next build: a file that already holds what it should is
// only read. A lock file beside the output (.<out>.lock, flock) lets one build at a time
// write an output; the next waits, and says so in Notes. A spare that is
// another user's, or cannot be written, is left alone for a fresh folder.
// Files open without following links, and nothing is written outside the
// output's folder and its spare.
package publish
