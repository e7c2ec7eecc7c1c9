// Package diag reports problems in a site's files the way compilers do.
//
// A Diagnostic names a file relative to the site root, a 1-based line and a
// 1-based column counted in Unicode code points, a severity and a message.
// Messages are lowercase and carry no final period. Printed as text, a
// diagnostic reads
//
//	content/briefings/talks.md:12:5: error: passage not found in "standoff"
//	    Rubio said [@standoff, "was sined"]
//	               ^
//	    did you mean "was signed"?
//
// that is the position line, the line of the file (shortened around the
// column when it is long) and a caret under the column, then any notes. The
// same list prints as GitHub workflow commands or as JSON.
package diag
