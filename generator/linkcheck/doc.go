// Package linkcheck checks the links of a built site, in every build, and
// a problem is an error: every internal link and every #fragment
// must resolve, a link may not lead above the site's base path, and no
// page may hold an id twice. Links to other sites are not followed.
//
// A Collector stands between the build and its output and scans each page
// as it is written, keeping only the hashes of its ids and its links, each
// once; the dev server keeps them from build to build and checks only the
// pages an update made again. Check then reports each problem through a
// Blame, which places it at the Markdown that made the link (package site
// knows where), and at most MaxProblems a file, then a count.
package linkcheck
