// Package site builds a dossier site (docs/citations.md, docs/site.md): load → parse → anchor
// → link → render → write. It holds the pipeline and its model; each other
// job is a package of its own:
//
//	content    reads content/ (sitefs opens every file of the site)
//	mdext      parses a briefing's Markdown and its citations
//	cite       finds each cited passage in its source
//	render     runs the theme's templates, compiled
//	view       the values templates see
//	page       the kinds of page and their URLs
//	export     claims.json, annotations, feed, sitemap, robots.txt
//	linkcheck  checks every link and id of the pages written
//	publish    writes the output folder, or keeps the site in memory
//
// Build reads content/, parses each briefing with one goldmark instance
// carrying the citation extension, anchors every cited passage in its
// source, links claims and passages both ways, renders every page through
// the theme's templates and writes the site into a new folder beside the
// output, which replaces the output only when everything is written. A
// build with errors writes nothing, so the previous output stays exactly
// as it was.
//
// Passages are anchored as docs/citations.md says: found once, anchored; an unknown
// source or an empty passage, an error; not found or found more than once, a
// warning in a plain build and an error with Strict or Check. A passage
// that is not found renders as a broken citation and is never anchored to a
// look-alike.
//
// A Builder keeps the model and the last good build for the dev server,
// and an update makes again only the files whose inputs changed: each task
// records the keys its views read, each with a fingerprint of its value
// (deps.go); an update fingerprints them again in the new model and makes
// again the files whose fingerprints differ, so no page kind lists its
// dependencies by hand.
package site
