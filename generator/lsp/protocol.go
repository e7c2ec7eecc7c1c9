package lsp

import "encoding/json"

// The messages of the Language Server Protocol 3.17 that dossier's server
// reads and writes, and only those fields of them it uses: a client's
// further fields are ignored, as the protocol asks.
// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/

// Position is a place in a document: a 0-based line and a character offset
// in the position encoding agreed at initialize (UTF-16 code units unless
// the client offers another).
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Range is from Start up to End, End excluded.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Location is a range in a document.
type Location struct {
	URI   string `json:"uri"`
	Range Range  `json:"range"`
}

type textDocumentIdentifier struct {
	URI string `json:"uri"`
}

type textDocumentItem struct {
	URI        string `json:"uri"`
	LanguageID string `json:"languageId"`
	Version    int    `json:"version"`
	Text       string `json:"text"`
}

type versionedTextDocumentIdentifier struct {
	URI     string `json:"uri"`
	Version int    `json:"version"`
}

type textDocumentPositionParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

type initializeParams struct {
	ProcessID    *int            `json:"processId"`
	RootURI      string          `json:"rootUri"`
	RootPath     string          `json:"rootPath"`
	Capabilities json.RawMessage `json:"capabilities"`
	// WorkspaceFolders are the folders the client has open; the first is
	// the site when there is no rootUri
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
}

// clientCapabilities is what the server reads of a client's capabilities.
type clientCapabilities struct {
	General struct {
		PositionEncodings []string `json:"positionEncodings"`
	} `json:"general"`
}

type serverInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type initializeResult struct {
	Capabilities serverCapabilities `json:"capabilities"`
	ServerInfo   serverInfo         `json:"serverInfo"`
}

type serverCapabilities struct {
	PositionEncoding   string             `json:"positionEncoding"`
	TextDocumentSync   textDocumentSync   `json:"textDocumentSync"`
	CompletionProvider completionProvider `json:"completionProvider"`
	HoverProvider      bool               `json:"hoverProvider"`
	DefinitionProvider bool               `json:"definitionProvider"`
	ReferencesProvider bool               `json:"referencesProvider"`
	CodeActionProvider codeActionProvider `json:"codeActionProvider"`
}

type textDocumentSync struct {
	OpenClose bool `json:"openClose"`
	Change    int  `json:"change"` // 2: incremental
	Save      bool `json:"save"`
}

type completionProvider struct {
	TriggerCharacters []string `json:"triggerCharacters"`
}

type codeActionProvider struct {
	CodeActionKinds []string `json:"codeActionKinds"`
}

type didOpenParams struct {
	TextDocument textDocumentItem `json:"textDocument"`
}

type didChangeParams struct {
	TextDocument   versionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []contentChange                 `json:"contentChanges"`
}

// contentChange is a change of a document: Text in place of Range, or the
// whole text when Range is nil.
type contentChange struct {
	Range *Range `json:"range"`
	Text  string `json:"text"`
}

type didCloseParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
}

type didSaveParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
}

// Diagnostic severities.
const (
	severityError       = 1
	severityWarning     = 2
	severityInformation = 3
)

// Diagnostic is a problem of a document, as the server publishes it.
type Diagnostic struct {
	Range    Range  `json:"range"`
	Severity int    `json:"severity"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

type publishDiagnosticsParams struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Completion item kinds.
const (
	kindText       = 1
	kindEnumMember = 20
	kindReference  = 18
	kindValue      = 12
)

// CompletionItem is one completion offered.
type CompletionItem struct {
	Label               string         `json:"label"`
	LabelDetails        *labelDetails  `json:"labelDetails,omitempty"`
	Kind                int            `json:"kind,omitempty"`
	Detail              string         `json:"detail,omitempty"`
	Documentation       *MarkupContent `json:"documentation,omitempty"`
	SortText            string         `json:"sortText,omitempty"`
	FilterText          string         `json:"filterText,omitempty"`
	TextEdit            *TextEdit      `json:"textEdit,omitempty"`
	AdditionalTextEdits []TextEdit     `json:"additionalTextEdits,omitempty"`
}

type labelDetails struct {
	Description string `json:"description,omitempty"`
}

// CompletionList is the answer to a completion request; Incomplete says
// that typing further asks again rather than filtering these.
type CompletionList struct {
	Incomplete bool             `json:"isIncomplete"`
	Items      []CompletionItem `json:"items"`
}

// TextEdit replaces Range with NewText.
type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// MarkupContent is Markdown for a client to show.
type MarkupContent struct {
	Kind  string `json:"kind"` // "markdown"
	Value string `json:"value"`
}

// Hover is the answer to a hover request.
type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

type referenceParams struct {
	textDocumentPositionParams
	Context struct {
		IncludeDeclaration bool `json:"includeDeclaration"`
	} `json:"context"`
}

type codeActionParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
}

// CodeAction is a fix offered for a problem.
type CodeAction struct {
	Title       string        `json:"title"`
	Kind        string        `json:"kind"`
	Diagnostics []Diagnostic  `json:"diagnostics,omitempty"`
	IsPreferred bool          `json:"isPreferred,omitempty"`
	Edit        WorkspaceEdit `json:"edit"`
}

// WorkspaceEdit is edits of documents, by URI.
type WorkspaceEdit struct {
	Changes map[string][]TextEdit `json:"changes"`
}

type showMessageParams struct {
	Type    int    `json:"type"` // 1 error, 2 warning, 3 info
	Message string `json:"message"`
}

type logMessageParams = showMessageParams
