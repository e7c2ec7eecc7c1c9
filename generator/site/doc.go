// Package site builds a dossier site: load → parse → anchor → link →
// render → write.
//
// Build reads content/ (package content), parses each briefing with one
// goldmark instance carrying the citation extension (package mdext), anchors
// every cited passage in its source (package cite), links claims and
// passages both ways, renders every page with the theme's templates
// (package render) and writes the site into a new folder beside the output,
// which replaces the output only when everything is written. A build with
// errors writes nothing, so the previous output stays exactly as it was.
//
// Passages are anchored as SPEC §3 says: found once, anchored; an unknown
// source or an empty passage, an error; not found or found more than once, a
// warning in a plain build and an error with Strict or Check. A passage
// that is not found renders as a broken citation and is never anchored to a
// look-alike.
//
// Output paths: /, /briefings/<slug>/, /briefings/<slug>/sources/,
// /sources/, /sources/<id>/, /claims.json, /404.html, the theme's static
// files and /chroma.css.
package site
