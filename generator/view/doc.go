// Package view holds the values every page template is executed with: a
// Page, and the briefings, claims, citations and sources it shows. Their
// fields are the template contract (docs/theme.md): a site's own
// templates may use any of them, and renaming one breaks those templates.
//
// The build fills a view from its model for each page (package site) and
// leaves out what no template of the theme reads (render.Renderer.Reads):
// a coverage table's Cells, say, when only CellsHTML is shown.
package view
