// Package render parses a theme's html/template files once and executes
// pages with them (docs/theme.md).
//
// A theme is the templates/ folder of an fs.FS. base.html and every file
// whose name starts with "_" are shared and parsed into every page; each
// other file is a page, named by its file name without ".html". A page is
// executed through base.html, which calls the blocks the page defines
// ("title" and "main" in the built-in theme). A site's own templates/
// override the built-in ones file by file. Templates may call the functions
// in Funcs. Errors come back as diagnostics naming the template file, line
// and column.
//
// The templates are the only home of a page's markup. Each page runs
// compiled: the tree html/template has escaped is turned, once for the type
// of the page's data, into closures that read fields by index and escape
// through ports of html/template's own escapers, about ten times faster than
// html/template executes it and byte for byte what it writes (FuzzCompile,
// FuzzEscapers). A template that uses what the compiler does not know
// (printf, a method, a map, a script or style context…) runs on
// html/template itself; so does a page whose compiled run stops, and the
// error is html/template's. The compiler also tells which fields a page
// reads (Reads), so that a view leaves out what no template shows.
package render
