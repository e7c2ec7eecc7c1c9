package view

import (
	"html/template"
	"time"
)

// Site is the site as a whole, on every page as .Site.
type Site struct {
	Title       string
	Description string
	Language    string
	BaseURL     string // absolute, with a trailing slash; "" when not configured
	Editors     []string
	Home        string // URL of /
	SourcesURL  string // URL of /sources/
	OutletsURL  string // URL of /outlets/
	TopicsURL   string // URL of /topics/
	// SearchURL is the search page's URL and SearchIndex the folder of
	// the index's first shard (/pagefind/<name>/), when the site is
	// indexed; "" otherwise. SearchMerge are the other shards' folders,
	// merged into the first as a reader searches.
	SearchURL, SearchIndex string
	SearchMerge            []string
	ClaimsURL              string  // URL of /claims.json
	FeedURL                string  // URL of /feed.xml
	CSS                    []Asset // stylesheets, in order
	JS                     []Asset // scripts, loaded with defer
}

// Asset is a stylesheet or script: its URL, whose name carries a hash of
// its content, and its Subresource Integrity value.
type Asset struct {
	URL       string
	Integrity string // "sha384-…"
	Code      bool   // the stylesheet of highlighted code: needed only where Page.Code
	Page      string // the only kind of page that needs it ("search" for search.js); "" for every page
}

// Page is what every page template is executed with.
type Page struct {
	Site        *Site
	Kind        string // the page kind's name (package page): "index", "briefing", "coverage", "sources", "source", "outlets", "outlet", "topics", "topic", "search" or "404"
	Title       string // the page's own title
	Description string
	URL         string // this page's URL path
	Canonical   string // absolute URL when a base URL is configured
	Code        bool   // the page shows highlighted code (and so needs its stylesheet)
	Briefings   []*Briefing
	Briefing    *Briefing
	Sources     []*Source
	Source      *Source
	Outlets     []*Outlet // the outlets page
	Outlet      *Outlet   // an outlet's page
	Topics      []*Topic  // the topics page
	Topic       *Topic    // a topic's page
	// Pager, on a page of a listing (the home page, the sources, the
	// outlets, the topics, an outlet's, a topic's), is where it is among
	// the listing's pages; its items are the page's Briefings, Sources,
	// Outlets or Topics
	Pager *Pager
}

// Pager is one page of a listing.
type Pager struct {
	Number, Count int    // this page (1-based) of how many (1 at least)
	First, Last   int    // the items it shows, 1-based, of Total; 0 when there are none
	Total         int    // items in the listing
	Prev, Next    string // URLs of the pages either side; "" at the ends
	// Pages links the first page, the last, and those within two of this
	// one, in order; a PageLink with Number 0 stands for the pages left out
	Pages []PageLink
}

// PageLink is a link to a page of a listing.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// Outlet is an outlet: the sources that name it.
type Outlet struct {
	Name, URL   string
	SourceCount int       // its sources
	ClaimCount  int       // claims citing them (on the outlets page)
	Sources     []*Source // on its page: this page's, each with its Claims
}

// Topic is a tag of briefings.
type Topic struct {
	Name, URL     string
	BriefingCount int
}

// ClaimLink is a claim as a list of claims names it: by its briefing.
type ClaimLink struct {
	Number        int
	Text, URL     string
	BriefingTitle string
}

// Briefing is a briefing.
type Briefing struct {
	Slug, Title, Summary string
	Date                 time.Time
	Draft                bool // draft: true, built by serve or --drafts
	Editors              []string
	URL, CoverageURL     string
	Body                 template.HTML // the rendered Markdown
	// Blocks is Body cut at the end of each top-level block (a paragraph,
	// a list, a table…), each with the claims it holds, in reading order:
	// a claim's note follows the block that holds it. Every claim is in one
	// block; empty on the index page.
	Blocks      []Block
	ClaimCount  int
	SourceCount int           // sources cited
	Topics      []*Topic      // its tags, as given
	Claims      []*Claim      // empty on the index page
	Sources     []*SourceLink // cited, in order of first citation; empty on the index page
	Coverage    []CoverageRow
}

// Block is a top-level block of a briefing's body and the claims in it.
type Block struct {
	HTML   template.HTML
	Claims []*Claim // in reading order; First and Last number them
	// First and Last are the numbers of the first and the last claim
	// (0 when the block holds none), for a label such as "claims 3–5".
	First, Last int
}

// Claim is a claim and its per-claim note.
type Claim struct {
	ID, Text     string
	Number       int
	URL          string // the claim in its briefing
	Disputed     bool   // a source contradicts it
	SingleSource bool   // one source supports it
	Broken       bool   // a citation did not resolve
	Citations    []Citation
}

// Citation is one cited source or passage in a claim's note.
type Citation struct {
	Relation    string // "supports" or "contradicts"
	Source      *SourceLink
	Passage     string // as the source has it (its own quotes and dashes); an elided one as the editor quoted it
	Enclosed    bool   // the passage is a quotation from end to end: shown without marks of its own (cite.Enclosed)
	WholeSource bool
	Status      string // "anchored", "whole-source", "not-found", "ambiguous", "unknown-source", "empty"
	Paragraph   int    // 1-based; 0 when not anchored
	Page        string // of a source imported from a PDF: the label of the page the passage starts on ("12", "iv"); "" otherwise
	Before      string // a few words of the paragraph before the passage, and the space between, if any
	After       string // and after it
	Original    string // the source's own URL (its url field, http or https only)
	// VersionDate and VersionURL are the Robust Links of Original: the
	// day it was retrieved (YYYY-MM-DD) and its first archived copy, or ""
	VersionDate, VersionURL string
	Href                    string // the highlighted passage, or the source page
	Key                     string // the source id as written
}

// SourceLink is what a page needs to name and link a source.
type SourceLink struct {
	ID, Label, Title, Outlet, Published string
	// Short and Rest cut Label in two where a note has no room for all of
	// it: Short is its first words (all of it when it is short, as an
	// outlet's name is) and Rest what follows, space included, so that
	// Short+Rest is Label.
	Short, Rest string
	URL         string // the source's page
}

// CoverageRow is one claim against every source of the briefing.
type CoverageRow struct {
	Claim *Claim
	Cells []CoverageCell // empty when no template shows Cells or CellsHTML
	// CellsHTML is Cells as <td> elements, escaped by hand: the coverage
	// table is the largest page of a briefing, and this keeps it fast.
	CellsHTML template.HTML
}

// CoverageCell is how one source stands to one claim.
type CoverageCell struct {
	Relation string // "supports", "contradicts" or "silent"
	Href     string // the passage, for a cited source
	Source   *SourceLink
}

// Source is a source and its text.
type Source struct {
	SourceLink
	Author, Retrieved string
	Original          string // the url field
	// Robust Links (docs/site.md) on each link to Original: the day it was
	// retrieved, YYYY-MM-DD ("" when not known), and the first archived
	// copy ("" for none)
	VersionDate, VersionURL string
	Archive                 []Archived // the archived copies of the original
	// An imported source's provenance: the kept original's path under the
	// site root and the SHA-256 recorded when it was imported ("" for a
	// source written by hand).
	OriginalFile, SHA256 string
	Note                 template.HTML // the editor's note on the whole source
	Format               string        // its file's format: "text" or "markdown"
	Markdown             bool          // Format is "markdown"
	ClaimCount           int           // claims that cite the source
	OutletURL            string        // its outlet's page; "" without an outlet
	Claims               []ClaimLink   // the first claims that cite it, on its outlet's page
	MoreClaims           int           // and how many more its own page lists
	Paragraphs           []Paragraph
	Passages             int
	// Cites holds, for each cited passage, a <template id="cites-q-…"> that
	// lists the claims citing it, for the passage previews of dossier.js.
	Cites template.HTML
}

// Archived is an archived copy of a source's original.
type Archived struct {
	URL   string
	Label string // "archived copy", with its host when there are several
	Date  string // the day it was captured, YYYY-MM-DD, when known
}

// Paragraph is one paragraph of a source, with its cited passages marked.
type Paragraph struct {
	N     int    // 1-based
	ID    string // "p3"
	Kind  string // "p", "h1"…"h6", "li", "quote", "code", "cell"
	HTML  template.HTML
	Notes []Note // editor notes on passages of this paragraph
	// Pages are the pages of a source imported from a PDF that begin with
	// this paragraph (one that begins within it is anchored in its HTML)
	Pages []PageStart
}

// PageStart is where a page of a PDF begins on its source's page.
type PageStart struct {
	ID    string // "page-12": the anchor
	Label string // the PDF's label for it: "12", "iv"
}

// Note is an editor's note beside its passage.
type Note struct {
	Variant, Title string
	Body           template.HTML
	Passage        string // the passage's anchor id
	Briefing       string // title of the briefing that holds the note
	Href           string // the note in its briefing
}
