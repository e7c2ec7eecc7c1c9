// Package serve is dossier's development server.
//
// It builds the site in memory, serves it, watches content/, templates/ and
// static/ (package watch), rebuilds when a file's bytes change, and tells
// every open page to reload over server-sent events once the rebuild is
// complete. A page keeps its scroll position across the reload.
//
// While the last build has problems, every HTML page served shows them at
// the top — the message, path:line:col, the line and a caret — in the HTML
// itself, so that no JavaScript is needed to see them, over the last good
// build; the next good build clears them. Nothing an editor saves stops the
// server: bad content, a broken template, a deleted content/ folder, even a
// panic in the build, are reported in the page.
//
// It binds to 127.0.0.1 unless told otherwise, answers only requests whose
// Host (and Origin, when sent) names the address it serves, against DNS
// rebinding, and serves only files of the build held in memory, so no path
// can reach the disk.
package serve
