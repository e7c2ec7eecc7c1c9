// Package sitefs is how dossier reads a site's files: content, templates
// and static files, in a build and in the dev server's watcher alike.
//
// Every file is opened through the site's os.Root, so that no path and no
// symbolic link leads a read outside the site folder; a link that stays
// within it is followed. Only regular files are read: a named pipe, a
// device or a socket is an error that names it, opened without waiting (a
// pipe with no writer would block a plain open for ever). Every kind of
// file has a size limit (Limit), and a larger file is an error that names
// the limit, never read to its end: a sparse file of gigabytes, or a link
// to /dev/zero, costs nothing.
package sitefs
