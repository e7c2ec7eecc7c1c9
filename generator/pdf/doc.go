// Package pdf reads the text of a PDF as a reader copies it from a viewer:
// in reading order, one paragraph at a time, each paragraph knowing the
// page it starts on and where later pages begin within it. It is what
// `dossier new source --from FILE.pdf` reads; build, check and serve never
// load it.
//
// # The engine, and what is trusted
//
// A PDF is untrusted. It is parsed by PDFium (Chromium's PDF engine)
// compiled to WebAssembly, run by wazero in pure Go through
// github.com/klippa-app/go-pdfium v1.21.5 (its webassembly package). The
// engine sees the PDF's bytes and nothing else (no file system is
// mounted), has at most 512 MiB of memory, and stops at the context's
// deadline wherever it is; running out of memory, or any trap, is an
// *Error, never a crash. A document of more than Options.MaxPages pages,
// a page of more than 100,000 objects, or more text than Options.MaxChars
// is refused before its text is laid out. Compiling the engine takes
// seconds; the compiled code is kept in the user's cache folder
// (dossier/pdfium) and loads in a tenth of one.
//
// # Layout
//
// PDFium gives each character with its box, baseline and font size. A
// line is a run of characters on one baseline, in the order they are
// drawn, that neither goes back to the left nor opens a gap wider than a
// gutter. Reading order: a page is cut into bands that no line crosses;
// bands that leave one gutter free, with lines on both sides of it in one
// band at least (starting at such a band), form a block of columns, read
// left to right, each from the top down; anything else is read from the
// top down.
//
// Running heads and feet: a line among the top or bottom three of a page,
// within its outer fifth, whose text, numbers aside, recurs at the same
// height on three pages (two, in a document of four pages or fewer). A
// line that opens with a raised mark (a footnote) never is one.
//
// Footnotes: lines smaller than the body text and below all of it in
// their column. Each is its own paragraph, written after the paragraph
// its page ends in. Raised marks (footnote numbers and symbols) are not
// text.
//
// Paragraphs: a new one begins at a change of font size, a gap wider than
// the usual spacing of the lines, an indented first line, or after a line
// that ended where the next line's first word would have fit. A
// paragraph runs on across a column or page break when the line before
// was full and the next is not indented.
//
// Joining lines: with a space; a soft hyphen at a line's end joins the
// word; a hyphen does when the document spells the word whole elsewhere,
// or has neither the word nor the compound and the two halves are not both
// its words; a hyphen before a capital or digit stays. The document
// decides what its marks mean: U+2010 at line ends only is a hyphen the
// typesetter added; a dash at a line's end is closed up when the document
// closes up its dashes. Ligatures are written as their letters.
//
// The refusals are the Kinds of Error: Damaged, Locked (a user password),
// NoText (no text layer: a scan), NoUnicode (fonts that map most glyphs to
// no character), TooLarge and TooSlow. A page with images and no text but
// its running head, among pages of text, is listed in Document.Missing.
package pdf
