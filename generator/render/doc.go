// Package render parses a theme's html/template files once and executes
// pages with them.
//
// A theme is the templates/ folder of an fs.FS. base.html and every file
// whose name starts with "_" are shared and parsed into every page; each
// other file is a page, named by its file name without ".html". A page is
// executed through base.html, which calls the blocks the page defines
// ("title" and "main" in the built-in theme). A site's own templates/
// override the built-in ones file by file. Templates may call the functions
// in Funcs. Errors come back as diagnostics naming the template file, line
// and column.
package render
