package site

import (
	"html/template"
	"sync"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/mdext"
	"dossier/generator/view"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
)

// model is the site in memory: every briefing parsed, every reference
// resolved (and, for a builder that updates it, every cited source
// indexed), and the links between claims and passages.
type model struct {
	site        *content.Site
	title       string
	basePath    string // "/" or "/sub/": the path every URL starts with
	baseURL     string // absolute, with a trailing slash; "" when not configured
	sources     []*source
	byID        map[string]*source
	briefings   []*briefing // published ones, newest first
	drafts      []string    // paths of the drafts left out
	diags       diag.List   // problems of ids, names and the base URL
	sourceDiags diag.List   // those of source ids
	srcOf       map[*content.Source]*source
	brOf        map[*content.Briefing]*briefing
	keep        bool // for a builder that updates it: keep what later builds may reuse
	// the archive (archive.go): outlets and topics, by name and by
	// lower-case name
	outlets  []*outlet
	topics   []*topic
	outletOf map[string]*outlet
	topicOf  map[string]*topic
	// search is the Pagefind that indexes the site, when a build on
	// disk does; searchPage says the pages show search (its page, the
	// header's box)
	search     string
	searchPage bool
	// searchShards are the shards of the index, when a build makes it
	searchShards []*shard
	citing       struct { // citingClaims'
		once sync.Once
		of   map[*source][]claimAt
	}
	stampsOf stampsOf // stamps'
	ids      struct { // suggestIDs'
		once sync.Once
		x    *cite.IDs
	}
}

type source struct {
	*content.Source
	index    *cite.Index      // made when first needed, dropped when no longer
	label    string           // the outlet, else the title, else the id
	link     *view.SourceLink // how pages name and link it
	original string           // its url, when an absolute http(s) URL: safeURL's
	robust   string           // the Robust Links attributes of a link to original, escaped
	// versionDate and versionURL are what Robust Links say of original:
	// the day it was retrieved (YYYY-MM-DD) and its first archived copy
	versionDate, versionURL string
	note                    template.HTML // the editor's note, rendered
	passages                map[string]*passage
	cited                   []*passage // sorted by position
	claims                  map[*mdext.Claim]bool
	// version is its state as read; citesVersion, that of the claims
	// citing it (deps.go)
	version, citesVersion uint64
	listed                kept // its entry of the list of sources, hashed
	dropped               bool // not in the builder's latest model
}

// passage is a cited span of a source, shared by every reference to it.
type passage struct {
	ID     string // "q-" and eight hex digits of the quoted text
	Para   int    // 0-based
	Span   cite.Span
	Parts  []cite.Span
	refs   []*reference   // claims citing it, in reading order
	notes  []*mdext.Alert // editor notes anchored to it
	noteOf map[*mdext.Alert]*briefing
}

// block is where a top-level block of a briefing's html ends, and the
// claims it holds: md.Claims[from:to].
type block struct {
	end, from, to int
}

type briefing struct {
	*content.Briefing
	href         string // its page's URL
	doc          ast.Node
	md           *mdext.Document
	html         template.HTML
	blocks       []block // html cut at its top-level blocks
	refs         map[*mdext.Ref]*reference
	parseDiags   diag.List // problems of its citation syntax
	resolveDiags diag.List // problems of its references
	claimsJSON   []byte    // its entries of claims.json, once rendered
	// its items of annotations.jsonld, once rendered, and how many
	annotations     []byte
	annotationCount int
	loc             *diag.Locator
	// sources in the order the briefing first cites them
	cited []*source
	// renders its editor notes for the margins of source pages, once one
	// has a note
	elsewhere     sync.Once
	elsewhereHTML goldmark.Markdown
	version       uint64 // its state as last resolved (deps.go)
	listed        kept   // its entry of the list of briefings, hashed
	dropped       bool   // not in the builder's latest model
}

// reference is what resolving one Ref found.
type reference struct {
	ref      *mdext.Ref
	claim    *mdext.Claim // nil for an editor note's reference
	briefing *briefing
	src      *source  // nil for an unknown source
	pass     *passage // nil unless anchored
	occ      cite.Occurrence
	pid      string // the passage id, when anchored
	q        quoted // the passage as selectors give it, when anchored
	// a few words of the paragraph before the passage and after it
	before, after string
}

// IndexOf indexes a source's text, as a build finds passages in it.
func IndexOf(s *content.Source) *cite.Index {
	spans := make([]cite.Span, len(s.Paragraphs))
	for k, p := range s.Paragraphs {
		spans[k] = cite.Span{Start: p.Start, End: p.End}
	}
	return cite.NewIndex(s.Text, spans)
}
