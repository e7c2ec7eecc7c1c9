// Package cite is the pure logic of dossier's citations: their syntax, the
// normalisation under which a quoted passage equals its source, passage
// matching with offsets into the original text, closest-match suggestions,
// claim extent and claim ids. It knows nothing of files, Markdown or HTML.
//
// # Syntax
//
// A citation group is Pandoc's bracketed citation with the quoted passage as
// its locator:
//
//	[@id]                              the source as a whole
//	[@id, "passage"]                   a passage, in straight quotes
//	[@id, “passage”]                   or in curly quotes
//	[@a, "one"; contra @b, "two"]      several items; contra marks a source that contradicts
//
// A source id is lowercase [a-z0-9][a-z0-9._/-]*. Inside straight quotes a
// straight quote is written \"; inside curly quotes a straight quote needs no
// escape. A passage may run over several lines.
//
// # Normalisation
//
// Normalize applies, in order: Unicode NFKC; curly, low-9 and prime quotes
// (and U+02BC, the modifier apostrophe) to ' and "; hyphen, figure, en and em
// dashes, the horizontal bar and the minus sign to -; … to ... (NFKC does it);
// soft hyphen and zero-width characters (U+200B–U+200D, U+2060, U+FEFF)
// removed; every run of white space, NBSP and line breaks included, to one
// space. Matching is case-sensitive.
//
// # Matching
//
// A passage is split at each "..." into parts (an ellipsis always elides).
// Every part must be found, in order, within one paragraph of the source; a
// passage without an ellipsis must lie within one paragraph too. A part that
// starts or ends with a letter or digit matches only at word boundaries, so
// "war" never matches inside "warning": a match is never a look-alike.
// Offsets are byte offsets into the original text: the original characters
// are the ones highlighted.
package cite
