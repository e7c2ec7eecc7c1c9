// Package mdext is dossier's goldmark extension: citation groups, the claims
// they close, and editor notes (GitHub-style alerts anchored to a passage).
//
// The inline parser reads citation groups (see package cite for the syntax)
// at '[' with priority 150, before goldmark's link parser (200), so that
// "[@id, …]" is a citation and "[text](url)" stays a link; "[@id](url)" is a
// link too. A group may run over several lines of its paragraph. A group
// that cannot be read is reported as a Problem and left as text.
//
// An AST transformer turns
//
//	> [!WARNING] [@id, "passage"]
//	> The note, in Markdown.
//
// into an Alert node anchored to the passage (NOTE, TIP, IMPORTANT, WARNING
// and CAUTION, in any case). An alert without a citation is a plain callout.
//
// A second transformer wraps each claim, the sentence a citation closes, in
// a Claim node (see cite.ClaimStart for where a claim begins). A claim never
// crosses a block. Groups with nothing but space or punctuation between them
// close the same claim. Claims are numbered in reading order and get stable
// ids from cite.ClaimID.
//
// A first transformer unwraps every link and image whose destination could
// run code (see SafeURL): raw HTML is already omitted by goldmark.
//
// Per-document state lives in a *Document stored in the parser.Context with
// SetDocument; after parsing it lists the claims, alerts and problems, and
// whoever resolves the citations fills in each Ref's Status, Href and Label
// before rendering.
package mdext
