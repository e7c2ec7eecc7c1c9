// Package pdf reads the text of a PDF in reading order, one paragraph at a
// time, each paragraph knowing the page it starts on.
package pdf
