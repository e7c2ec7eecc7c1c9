// Package lsp is dossier's language server (docs/editors.md): what an
// editor starts, as `dossier lsp`, to check briefings as they are typed
// and to complete what a citation needs.
//
// It speaks the Language Server Protocol 3.17 over one stream (stdio),
// JSON-RPC 2.0 from go.lsp.dev/jsonrpc2 with its own framing (stream.go),
// and serves:
//
//	initialize, initialized, shutdown, exit
//	textDocument/didOpen, didChange (incremental), didClose, didSave
//	textDocument/publishDiagnostics   each open file's problems, after each change
//	textDocument/completion           ids after [@, ; @ and contra @; passages inside the
//	                                  quotes of [@id, "…; alert kinds after > [!; tags
//	textDocument/hover                a citation: its source, passage in context, status
//	textDocument/definition           a citation → the passage's characters in its source
//	textDocument/references           a source, or a cited passage → every citation of it
//	textDocument/codeAction           the fixes diagnostics carry (diag.Fix), as quick fixes
//
// Positions are UTF-16 code units unless the client offers UTF-8 at
// initialize (general.positionEncodings), which the server then takes.
//
// # One code path
//
// The diagnostics are `dossier check`'s: the server holds a site.Builder
// that builds in memory, strictly and with drafts, and reads each open
// document's unsaved text instead of its file (Builder.SetOverlay). A
// change marks its file; 30 ms after the last change the builder updates
// what the changed files touch. The content's problems are published as
// soon as the update has them (site.Config.ContentDiagnostics); the pages
// whose inputs changed are then made again for the link check, and its
// problems, if any, published after. A change that comes while those
// pages are made cancels that work, which the next update does. A file of
// the site changed on disk (package watch) is updated the same way, and
// every open file's diagnostics that change are published again.
//
// Completion reads the text as it is, unfinished: what is being typed at
// the cursor is read back from it within its paragraph (context.go), not
// by the citation parser, which reads whole groups. Passages offered are
// the sentences, and spans to a sentence's end, of the source named,
// holding the words typed; what is inserted is the source's text, quoted
// as the citation's quotes need and closed.
//
// # Bad input
//
// Nothing a client sends ends the server but exit. A body that is not
// JSON-RPC is answered with a parse error (id null) and the next message
// read; a header that cannot be read is skipped to its blank line; a
// message over MaxMessage is skipped unread and the user told; an
// unknown method is MethodNotFound, params that do not decode
// InvalidParams, a request before initialize ServerNotInitialized and one
// after shutdown InvalidRequest; a panic in a handler or in a check is an
// InternalError answer or a log line, and a check that panicked starts
// afresh. Run returns nil at exit after shutdown, ErrExitWithoutShutdown
// at exit before it.
package lsp
