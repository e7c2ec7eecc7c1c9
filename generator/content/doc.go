// Package content loads a site's content/ folder, through an fs.FS, into
// typed values that remember where everything came from. It renders no HTML.
//
// Layout (paths relative to the site root):
//
//	content/site.yaml             optional: title, base_url, language, description, editors
//	content/sources/<id>.txt      a source: every non-blank line is a paragraph
//	content/sources/<id>.md       a source in Markdown: every block is a paragraph
//
// (a source's formats are the registry Formats: its extension, its size
// limit and how its body becomes paragraphs)
//
//	content/briefings/<slug>.md   a briefing
//	content/originals/<path>      pages sources were imported from: never read as sources
//
// Files may open with YAML front matter between two "---" lines. Source
// fields are title, outlet, author, published, url, retrieved and note,
// and for an imported source language, original (the kept page's path
// under content/originals/) and sha256 (of its bytes): a kept original
// that is missing or no longer has that hash is a warning at the field,
// since the evidence changed after its text was taken. FrontMatter writes
// front matter that loads back as the values it was given;
// briefing fields are title (required), date (YYYY-MM-DD), summary, editors
// and draft. Unknown fields are kept in Extra. Every file must be UTF-8; a
// leading byte order mark is dropped and line endings become "\n", so that
// lines and columns match what an editor shows. A text source may be 16
// MiB, a Markdown source and a briefing 1 MiB; a larger file is an error,
// never silently truncated.
// A text source imported from a PDF has pages (its page count) in its
// front matter and a marker line where each page begins ([page 12],
// [page 13, label "xi", from "the words it begins with"]): markers are not
// paragraphs, and Source.PageAt tells the page of any offset (pages.go).
// Files whose names start with "." are ignored, as are editor backups
// ending in "~".
package content
