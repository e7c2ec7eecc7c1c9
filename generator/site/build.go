package site

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/highlight"
	"dossier/generator/mdext"
	"dossier/generator/page"
	"dossier/generator/parallel"
	"dossier/generator/view"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Result is what a build found and did.
type Result struct {
	Diagnostics diag.List // sorted; warnings are errors when Strict or Check
	Out         string    // the output folder, when written
	Pages       int       // HTML pages written
	Files       int       // files written in all
	Sources     int
	Briefings   int
	Claims      int
	Citations   int
	Site        map[string][]byte        // with Config.Memory: every file by its slash path…
	Lazy        map[string]func() []byte // …but those made when first asked for (claims.json)
	// Checked, with Config.Lazy, receives what the background check of the
	// links found once every page is made; nil for a build checked whole.
	Checked <-chan diag.List
	// Drafts are the paths of the briefings with draft: true that the
	// build left out, as Config.Drafts was not set.
	Drafts []string
	// Shards is how many shards the search index has, and Indexed how
	// many of them this build made (the others were unchanged, copied from
	// the previous output); 0 for a build without search.
	Shards, Indexed int
	// Notes are what the build did that its user should know, beside the
	// content's problems: it waited for another build, say.
	Notes []string
}

// Failed reports whether the build had errors and so wrote nothing.
func (r *Result) Failed() bool {
	n, _ := r.Diagnostics.Count()
	return n > 0
}

// maxProblems is how many problems of one kind one file reports; one more
// diagnostic says how many there were besides.
const maxProblems = 100

// moreProblems is the diagnostic that stands, at d's place, for d and the
// n-1 problems after it that a file does not report.
func moreProblems(d diag.Diagnostic, n int) diag.Diagnostic {
	d.Severity, d.Notes = diag.Error, nil
	d.Message = fmt.Sprintf("and %d more problems with citations in this file: fix these first", n)
	return d
}

// Limits with messages, never silent truncation.
const (
	MaxClaims  = 5000  // claims in one briefing
	MaxPassage = 10000 // characters in one quoted passage
)

// ErrNoContent means the site root has no content/ folder.
var ErrNoContent = errors.New("no content/ folder")

var (
	hl = highlight.New()
	// md is the one goldmark instance: it is safe for concurrent use.
	md = newMarkdown()
)

// newMarkdown is goldmark as dossier configures it, with renderers that
// replace some of its own.
func newMarkdown(renderers ...util.PrioritizedValue) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithParser(mdext.NewParser()),
		goldmark.WithExtensions(extension.GFM, mdext.Footnotes, mdext.Extension),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(gmrenderer.WithNodeRenderers(append([]util.PrioritizedValue{hl.NodeRenderer()}, renderers...)...)),
	)
}

// Build builds the site that cfg describes. It returns an error only when
// the build could not run at all (no content/, an unwritable output); the
// problems of the content are in the Result's Diagnostics.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	b := NewBuilder(cfg)
	defer b.Close()
	return b.Update(ctx, nil)
}

// writeError turns a template's error into a diagnostic of the result, and
// passes any other error on.
func writeError(res *Result, err error) error {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		res.Diagnostics = append(res.Diagnostics, d)
		return nil
	}
	return err
}

// newModel checks the sources' ids, indexes the sources and picks the
// briefings to publish. Sources and briefings whose content is unchanged
// since the previous model (the same *content values) are taken from it
// with their index, parse and references; fresh ones are returned too.
func newModel(site *content.Site, cfg Config, prev *model, sameSources bool) (m *model, freshSources []*source, freshBriefings []*briefing) {
	var diags diag.List
	defer func() { m.diags = diags }()
	m = &model{site: site, title: site.Config.Title, byID: map[string]*source{}, keep: cfg.Memory,
		srcOf: map[*content.Source]*source{}, brOf: map[*content.Briefing]*briefing{}}
	// site.yaml's base_url was checked as it was read (an invalid one is
	// "" and an error there); --base-url is checked here
	base := site.Config.BaseURL
	if cfg.BaseURL != "" {
		base = cfg.BaseURL
	}
	m.basePath = "/"
	if base != "" {
		if u, err := page.ParseBase(base); err != nil {
			diags = append(diags, diag.File("--base-url", diag.Error, "%q: %v", base, err))
		} else {
			m.basePath, m.baseURL = u.EscapedPath(), u.String()
		}
	}
	if prev != nil && sameSources {
		// no source changed: the previous model's serve as they are
		m.sources, m.byID, m.srcOf, m.sourceDiags = prev.sources, prev.byID, prev.srcOf, prev.sourceDiags
	} else {
		freshSources = m.addSources(site, prev)
	}
	diags = append(diags, m.sourceDiags...)
	for _, b := range site.Briefings {
		if !cite.ValidID(b.Slug) || strings.Contains(b.Slug, "/") {
			diags = append(diags, diag.File(b.Path, diag.Error,
				"invalid briefing name %q: use lowercase letters, digits and . _ - (rename the file)", b.Slug))
			continue
		}
		if b.Draft && !cfg.Drafts {
			m.drafts = append(m.drafts, b.Path)
			continue
		}
		br := prev.briefingFor(b)
		if br == nil {
			br = &briefing{Briefing: b, refs: map[*mdext.Ref]*reference{}, href: m.url(page.Briefing.Dir(b.Slug))}
			freshBriefings = append(freshBriefings, br)
		}
		m.brOf[b] = br
		m.briefings = append(m.briefings, br)
	}
	slices.SortStableFunc(m.briefings, func(a, b *briefing) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	diags = append(diags, m.group()...)
	return m, freshSources, freshBriefings
}

// addSources checks the sources' ids, taking from prev those whose content
// is unchanged; it returns the fresh ones. A source is indexed when a
// citation first needs it.
func (m *model) addSources(site *content.Site, prev *model) (freshSources []*source) {
	for _, s := range site.Sources {
		if !cite.ValidID(s.ID) {
			m.sourceDiags = append(m.sourceDiags, diag.File(s.Path, diag.Error,
				"invalid source id %q: ids are lowercase letters, digits and . _ / - (rename the file)", s.ID))
			continue
		}
		if n, ok := strings.CutPrefix(s.ID, "page/"); ok && strings.Trim(n, "0123456789") == "" {
			m.sourceDiags = append(m.sourceDiags, diag.File(s.Path, diag.Error,
				"source id %q is the address of a page of the sources list: rename the file", s.ID))
			continue
		}
		if other := m.byID[s.ID]; other != nil {
			m.sourceDiags = append(m.sourceDiags, diag.File(s.Path, diag.Error, "two sources have the id %q: %s and %s", s.ID, other.Path, s.Path))
			continue
		}
		src := prev.sourceFor(s)
		if src == nil {
			src = &source{Source: s, label: firstOf(s.Outlet, s.Title, s.ID), original: safeURL(s.URL),
				passages: map[string]*passage{}, claims: map[*mdext.Claim]bool{}, version: nextVersion(), citesVersion: nextVersion()}
			src.versionDate = versionDate(s.Retrieved)
			if len(s.Archive) > 0 {
				src.versionURL = s.Archive[0]
			}
			src.robust = robustLinks(src)
			src.link = &view.SourceLink{ID: s.ID, Label: src.label, Title: s.Title, Outlet: s.Outlet,
				Published: Published(s), URL: m.url(page.Source.Dir(s.ID))}
			src.link.Short, src.link.Rest = shortLabel(src.label)
			freshSources = append(freshSources, src)
		}
		m.byID[s.ID] = src
		m.srcOf[s] = src
		m.sources = append(m.sources, src)
	}
	return freshSources
}

// locator places diagnostics in the briefing's file.
func (b *briefing) locator() *diag.Locator {
	if b.loc == nil {
		b.loc = diag.NewLocator(b.Path, b.File)
	}
	return b.loc
}

func (m *model) sourceFor(s *content.Source) *source {
	if m == nil {
		return nil
	}
	return m.srcOf[s]
}

func (m *model) briefingFor(b *content.Briefing) *briefing {
	if m == nil {
		return nil
	}
	return m.brOf[b]
}

func firstOf(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// parse parses the briefings and keeps their citation problems.
func parse(bs []*briefing) {
	parallel.For(len(bs), func(i int) {
		b := bs[i]
		b.md = &mdext.Document{Slug: b.Slug}
		pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
		mdext.SetDocument(pc, b.md)
		b.doc = md.Parser().Parse(text.NewReader(b.Body), parser.WithContext(pc))
		b.parseDiags = nil
		b.loc = nil
		for i, p := range b.md.Problems {
			if i == maxProblems {
				b.parseDiags = append(b.parseDiags, moreProblems(b.locator().At(p.Offset, diag.Error, ""), len(b.md.Problems)-i))
				break
			}
			d := b.locator().At(p.Offset, diag.Error, "%s", p.Msg)
			if f := p.Fix; f != nil {
				b.locator().Fix(&d, f.Off, f.End, f.Text, f.Title)
			}
			b.parseDiags = append(b.parseDiags, d)
		}
		if n := len(b.md.Claims); n > MaxClaims {
			b.parseDiags = append(b.parseDiags, b.locator().At(b.md.Claims[MaxClaims].Offset, diag.Error,
				"this is claim %d of %d; a briefing holds at most %d: split it", MaxClaims+1, n, MaxClaims))
		}
	})
}

// resolve looks up every reference of the briefings and keeps their problems.
func (m *model) resolve(bs []*briefing) {
	found := m.lookUp(bs)
	parallel.For(len(bs), func(i int) {
		b := bs[i]
		b.version = nextVersion()
		b.refs = map[*mdext.Ref]*reference{}
		b.resolveDiags = nil
		b.claimsJSON, b.annotations, b.annotationCount = nil, nil, 0
		for _, c := range b.md.Claims {
			for _, r := range c.Refs {
				b.resolveDiags = append(b.resolveDiags, m.resolveRef(b, c, r, found[r])...)
			}
		}
		for _, a := range b.md.Alerts {
			if a.Ref != nil {
				b.resolveDiags = append(b.resolveDiags, m.resolveRef(b, nil, a.Ref, found[a.Ref])...)
			}
		}
		for _, mn := range b.md.Mentions {
			if m.byID[mn.Key] != nil {
				b.resolveDiags = append(b.resolveDiags, b.locator().At(mn.Offset, diag.Warning,
					"@%s is not a citation, and nothing here is checked: cite a passage after the claim, [@%s, \"…\"], or write \\@%s for the text", mn.Key, mn.Key, mn.Key))
			}
		}
		if n := len(b.resolveDiags); n > maxProblems {
			b.resolveDiags = append(b.resolveDiags[:maxProblems:maxProblems], moreProblems(b.resolveDiags[maxProblems], n-maxProblems))
		}
	})
}

// lookup is what a source's index says of one quoted passage.
type lookup struct {
	res  cite.Result
	miss *miss // for a passage not found
	// for a passage chosen by its paragraph: the occurrences outside that
	// paragraph when there are none in it
	elsewhere []cite.Occurrence
}

// miss is what the index offers for a passage it did not find, kept apart
// from lookup: a site of 50,000 passages found has no misses.
type miss struct {
	closest    cite.Suggestion
	hasClosest bool
	partsFound bool         // every part of an elided passage is in the source
	across     []cite.Piece // a passage that runs across paragraphs: its pieces
}

// lookUp looks up every quoted passage of the briefings, source by source:
// each source is indexed once, for all the passages quoted from it, and,
// unless the model is kept for later builds, its index is dropped as soon
// as they are looked up, so that a large site never holds every index.
func (m *model) lookUp(bs []*briefing) map[*mdext.Ref]*lookup {
	found := map[*mdext.Ref]*lookup{}
	bySource := map[*source][]*mdext.Ref{}
	var sources []*source
	add := func(r *mdext.Ref) {
		src := m.byID[r.Key]
		if src == nil || !r.HasPassage || utf8.RuneCountInString(r.Passage) > MaxPassage {
			return
		}
		if bySource[src] == nil {
			sources = append(sources, src)
		}
		bySource[src] = append(bySource[src], r)
		found[r] = &lookup{}
	}
	for _, b := range bs {
		for _, c := range b.md.Claims {
			for _, r := range c.Refs {
				add(r)
			}
		}
		for _, a := range b.md.Alerts {
			if a.Ref != nil {
				add(a.Ref)
			}
		}
	}
	parallel.For(len(sources), func(i int) {
		src := sources[i]
		index := src.index
		if index == nil {
			index = IndexOf(src.Source)
			if m.keep {
				src.index = index
			}
		}
		for _, r := range bySource[src] {
			lk := found[r]
			if r.Para > 0 {
				lk.res = index.FindIn(r.Passage, r.Para-1)
				if lk.res.Status == cite.NotFound {
					// where else it is, to say so
					lk.elsewhere = index.Find(r.Passage).Occurrences
				}
			} else {
				lk.res = index.Find(r.Passage)
			}
			if lk.res.Status == cite.NotFound && len(lk.elsewhere) == 0 {
				m := &miss{}
				lk.miss = m
				if pieces, ok := index.Across(r.Passage); ok {
					m.across = pieces
					continue
				}
				m.closest, m.hasClosest = index.Closest(r.Passage)
				m.partsFound = !m.hasClosest && len(lk.res.Parts) > 1 && index.PartsFound(r.Passage)
			}
		}
	})
	return found
}

// resolveRef resolves one reference; lk is what the index said of its
// passage, when it has one.
func (m *model) resolveRef(b *briefing, c *mdext.Claim, r *mdext.Ref, lk *lookup) diag.List {
	ref := &reference{ref: r, claim: c, briefing: b}
	b.refs[r] = ref
	r.Status, r.Href, r.Label = "", "", ""
	// each problem is placed at the group's '[' and spans to the item's end
	at := func(sev diag.Severity, format string, args ...any) diag.Diagnostic {
		d := b.locator().At(r.Offset, sev, format, args...)
		b.locator().Span(&d, r.End)
		return d
	}
	fix := func(d *diag.Diagnostic, off, end int, text, title string) {
		b.locator().Fix(d, off, end, text, title)
	}
	src := m.byID[r.Key]
	if src == nil {
		r.Status = "unknown-source"
		d := at(diag.Error, "unknown source @%s", r.Key)
		if near := m.suggestIDs(r.Key); len(near) > 0 {
			d.Notes = append(d.Notes, "did you mean "+orList(near)+"?")
			for _, id := range near {
				fix(&d, r.KeyOff+1, r.KeyOff+1+len(r.Key), id, "write @"+id)
			}
		}
		return diag.List{d}
	}
	ref.src = src
	r.Label = src.label
	if !r.HasPassage {
		r.Status, r.Href = "whole-source", m.url(page.Source.Dir(src.ID))
		return nil
	}
	if n := utf8.RuneCountInString(r.Passage); n > MaxPassage {
		r.Status = "empty"
		return diag.List{at(diag.Error, "the passage is %d characters long; quote at most %d", n, MaxPassage)}
	}
	res := lk.res
	switch res.Status {
	case cite.Empty:
		r.Status = "empty"
		return diag.List{at(diag.Error, "empty passage: quote the words of @%s that support the claim", r.Key)}
	case cite.NotFound:
		r.Status = "not-found"
		if r.Para > len(src.Paragraphs) {
			return diag.List{at(diag.Error, "@%s has %d paragraphs: there is no ¶%d", r.Key, len(src.Paragraphs), r.Para)}
		}
		if len(lk.elsewhere) > 0 {
			return diag.List{at(diag.Warning, "passage not in ¶%d of @%s: %q is in %s",
				r.Para, r.Key, r.Passage, wherever(lk.elsewhere))}
		}
		d := at(diag.Warning, "passage not found in @%s: %q", r.Key, r.Passage)
		if m := lk.miss; m.across != nil {
			d.Notes = append(d.Notes, acrossNote(src, r, m.across))
		} else if s := m.closest; m.hasClosest {
			d.Notes = append(d.Notes,
				fmt.Sprintf("did you mean %q (¶%d, %.0f%% similar)?", s.Text, s.Para+1, s.Similarity*100),
				"difference: "+s.Diff)
			if len(cite.Parts(r.Passage)) == 1 { // an elided passage's closest part is not the passage
				fix(&d, r.PassageOff, r.PassageEnd, citeQuote(s.Text), "quote "+citeQuote(s.Text))
			}
		} else if m.partsFound {
			d.Notes = append(d.Notes, "every part is in the source, but not in this order within one paragraph")
		}
		return diag.List{d}
	}
	ref.occ = res.Occurrences[0]
	r.Status = "anchored"
	var diags diag.List
	if res.Status == cite.Ambiguous {
		r.Status = "ambiguous"
		d := at(diag.Warning, "passage found %d times in @%s: %q (%s): quote more words to choose one",
			len(res.Occurrences), r.Key, r.Passage, wherever(res.Occurrences))
		if r.Para > 0 {
			d.Message = fmt.Sprintf("passage found %d times in ¶%d of @%s: %q: quote more words to choose one",
				len(res.Occurrences), r.Para, r.Key, r.Passage)
		} else {
			d.Notes = append(d.Notes, fmt.Sprintf("or name its paragraph after the passage: [@%s, %s, ¶%d]",
				r.Key, citeQuote(r.Passage), res.Occurrences[0].Para+1))
			for _, p := range paragraphsOf(res.Occurrences) {
				end := r.PassageEnd
				fix(&d, end, end, fmt.Sprintf(", ¶%d", p+1), fmt.Sprintf("choose the passage in ¶%d", p+1))
			}
		}
		diags = append(diags, d)
	}
	ref.pid = passageID(src, ref.occ)
	// what pages and JSON show of the source, copied: a one-off build lets
	// the source's text go once its page is written
	ref.q = ref.quote()
	para := src.Paragraphs[ref.occ.Para]
	ref.before = surrounding(src.Text[para.Start:ref.occ.Span.Start], false)
	ref.after = surrounding(src.Text[ref.occ.Span.End:para.End], true)
	r.Href = m.url(page.Source.Dir(src.ID)) + "#" + ref.pid
	return diags
}

// paragraphsOf lists the paragraphs of occurrences, each once, in order.
func paragraphsOf(occs []cite.Occurrence) []int {
	var paras []int
	for _, o := range occs {
		if len(paras) == 0 || paras[len(paras)-1] != o.Para {
			paras = append(paras, o.Para)
		}
	}
	return paras
}

// wherever lists the paragraphs of occurrences, in order, each once, with
// how many times when more than once: "¶2 ×2, ¶5".
func wherever(occs []cite.Occurrence) string {
	var list []string
	for i := 0; i < len(occs); {
		j := i
		for j < len(occs) && occs[j].Para == occs[i].Para {
			j++
		}
		p := fmt.Sprintf("¶%d", occs[i].Para+1)
		if j-i > 1 {
			p += fmt.Sprintf(" ×%d", j-i)
		}
		list = append(list, p)
		i = j
	}
	return strings.Join(list, ", ")
}

// acrossNote says that a passage runs across the paragraphs of pieces,
// and, for a passage without an ellipsis, how to cite it piece by piece.
func acrossNote(src *source, r *mdext.Ref, pieces []cite.Piece) string {
	paras := make([]string, len(pieces))
	for i, p := range pieces {
		paras[i] = fmt.Sprintf("¶%d", p.Para+1)
	}
	list := strings.Join(paras[:len(paras)-1], ", ") + " and " + paras[len(paras)-1]
	note := fmt.Sprintf("it runs across %s, and a passage is quoted from one paragraph", list)
	if len(cite.Parts(r.Passage)) > 1 {
		return note + ": cite each paragraph's words in a citation of their own"
	}
	cites := make([]string, len(pieces))
	for i, p := range pieces {
		cites[i] = fmt.Sprintf("@%s, %s", r.Key, citeQuote(src.Text[p.Span.Start:p.Span.End]))
	}
	return note + ": cite each part, [" + strings.Join(cites, "; ") + "]"
}

// citeQuote writes a passage as a citation quotes it: in straight quotes, or
// in curly ones when it holds straight ones, or escaped.
func citeQuote(s string) string {
	switch {
	case !strings.Contains(s, `"`):
		return `"` + s + `"`
	case !strings.Contains(s, "”"):
		return "“" + s + "”"
	}
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// suggestIDs returns up to three ids of sources an unknown key may have
// meant: by edit distance, and by the words of their outlets and titles.
func (m *model) suggestIDs(key string) []string {
	m.ids.once.Do(func() {
		named := make([]cite.Named, len(m.sources))
		for i, s := range m.sources {
			named[i] = cite.Named{ID: s.ID, Title: s.Title, Outlet: s.Outlet, URL: s.URL}
		}
		m.ids.x = cite.NewIDs(named)
	})
	return m.ids.x.Suggest(key)
}

// orList writes ids as "@a", "@a or @b", "@a, @b or @c".
func orList(ids []string) string {
	s := "@" + ids[0]
	for i, id := range ids[1:] {
		if i == len(ids)-2 {
			s += " or @" + id
		} else {
			s += ", @" + id
		}
	}
	return s
}

// passageID names a passage by its text, so that the anchor survives edits
// elsewhere in the source.
func passageID(s *source, o cite.Occurrence) string {
	var buf [512]byte // most passages: no allocation
	b := buf[:0]
	for _, p := range o.Parts {
		b = append(b, s.Text[p.Start:p.End]...)
		b = append(b, 0)
	}
	sum := sha256.Sum256(b)
	id := [10]byte{'q', '-'}
	hex.Encode(id[2:], sum[:4])
	return string(id[:])
}

// link records, on each source, the passages cited and who cites them,
// from scratch.
func (m *model) link() {
	parallel.For(len(m.sources), func(i int) {
		s := m.sources[i]
		s.passages, s.claims, s.cited = map[string]*passage{}, map[*mdext.Claim]bool{}, nil
		s.citesVersion = nextVersion()
	})
	for _, b := range m.briefings {
		m.linkBriefing(b)
	}
	parallel.For(len(m.sources), func(i int) { sortCited(m.sources[i]) })
}

// relink takes the links of the removed briefings away and makes those of
// the added ones, leaving every other link as it was: the result equals
// link's.
func (m *model) relink(removed, added []*briefing) {
	passages, sources := map[*passage]bool{}, map[*source]bool{}
	for _, b := range removed {
		for _, s := range b.cited {
			sources[s] = true
		}
		m.unlink(b)
	}
	for _, b := range added {
		for _, p := range m.linkBriefing(b) {
			passages[p] = true
		}
		for _, s := range b.cited {
			sources[s] = true
		}
	}
	order := make(map[*briefing]int, len(m.briefings))
	for i, b := range m.briefings {
		order[b] = i
	}
	for p := range passages {
		slices.SortStableFunc(p.refs, func(x, y *reference) int {
			return cmp.Or(order[x.briefing]-order[y.briefing], x.claim.Number-y.claim.Number,
				slices.Index(x.claim.Refs, x.ref)-slices.Index(y.claim.Refs, y.ref))
		})
		slices.SortStableFunc(p.notes, func(x, y *mdext.Alert) int {
			bx, by := p.noteOf[x], p.noteOf[y]
			return cmp.Or(order[bx]-order[by], slices.Index(bx.md.Alerts, x)-slices.Index(by.md.Alerts, y))
		})
	}
	for s := range sources {
		sortCited(s)
		s.citesVersion = nextVersion()
	}
	// an annotation names the element that holds its passage only when no
	// other passage overlaps it: the annotations of every briefing citing a
	// source whose passages changed are made again
	for _, b := range m.briefings {
		for _, s := range b.cited {
			if sources[s] {
				b.annotations, b.annotationCount = nil, 0
				break
			}
		}
	}
}

func sortCited(s *source) {
	slices.SortFunc(s.cited, func(a, b *passage) int {
		return cmp.Or(a.Span.Start-b.Span.Start, a.Span.End-b.Span.End)
	})
}

// unlink takes a briefing's links away from the sources it cites.
func (m *model) unlink(b *briefing) {
	for _, ref := range b.refs {
		if ref.src == nil {
			continue
		}
		if ref.claim != nil {
			delete(ref.src.claims, ref.claim)
		}
		if p := ref.pass; p != nil {
			p.refs = slices.DeleteFunc(p.refs, func(x *reference) bool { return x == ref })
		}
	}
	for _, a := range b.md.Alerts {
		if ref := b.refs[a.Ref]; a.Ref != nil && ref != nil && ref.pass != nil {
			p := ref.pass
			p.notes = slices.DeleteFunc(p.notes, func(x *mdext.Alert) bool { return x == a })
			delete(p.noteOf, a)
		}
	}
	for _, ref := range b.refs {
		if p := ref.pass; p != nil && len(p.refs) == 0 && len(p.notes) == 0 && ref.src.passages[p.ID] == p {
			delete(ref.src.passages, p.ID)
			ref.src.cited = slices.DeleteFunc(ref.src.cited, func(x *passage) bool { return x == p })
		}
	}
}

// linkBriefing adds a briefing's links to the sources it cites, appending
// to what is there, and returns the passages it added to.
func (m *model) linkBriefing(b *briefing) []*passage {
	b.cited = nil
	var touched []*passage
	seen := map[*source]bool{}
	visit := func(r *mdext.Ref) *reference {
		ref := b.refs[r]
		if ref == nil || ref.src == nil {
			return nil
		}
		if !seen[ref.src] {
			seen[ref.src] = true
			b.cited = append(b.cited, ref.src)
		}
		if ref.claim != nil {
			ref.src.claims[ref.claim] = true
		}
		ref.pass = nil
		if ref.pid == "" {
			return ref
		}
		p := ref.src.passages[ref.pid]
		if p == nil {
			p = &passage{ID: ref.pid, Para: ref.occ.Para, Span: ref.occ.Span, Parts: ref.occ.Parts}
			ref.src.passages[ref.pid] = p
			ref.src.cited = append(ref.src.cited, p)
		}
		ref.pass = p
		if ref.claim != nil {
			p.refs = append(p.refs, ref)
		}
		touched = append(touched, p)
		return ref
	}
	for _, c := range b.md.Claims {
		for _, r := range c.Refs {
			visit(r)
		}
	}
	for _, a := range b.md.Alerts {
		if a.Ref == nil {
			continue
		}
		if ref := visit(a.Ref); ref != nil && ref.pass != nil {
			ref.pass.notes = append(ref.pass.notes, a)
			if ref.pass.noteOf == nil { // most passages have no note
				ref.pass.noteOf = map[*mdext.Alert]*briefing{}
			}
			ref.pass.noteOf[a] = b
		}
	}
	return touched
}

// renderBodies renders the Markdown of the briefings and the notes of the sources.
func renderBodies(ctx context.Context, bs []*briefing, ss []*source) error {
	errs := make([]error, len(bs)+len(ss))
	parallel.For(len(errs), func(i int) {
		if ctx.Err() != nil {
			errs[i] = ctx.Err()
			return
		}
		var buf bytes.Buffer
		if i < len(bs) {
			errs[i] = renderBlocks(&buf, bs[i])
			return
		}
		s := ss[i-len(bs)]
		s.note = ""
		if s.Note != "" {
			errs[i] = md.Convert([]byte(s.Note), &buf)
			s.note = template.HTML(buf.String())
		}
	})
	return errors.Join(errs...)
}

// renderBlocks renders b's Markdown into b.html, a top-level block at a
// time, and records in b.blocks where each ends and the claims it holds.
// The claims are numbered in the order of the tree, so each block holds
// the run of them that starts where the block before it stopped.
func renderBlocks(buf *bytes.Buffer, b *briefing) error {
	w := bufio.NewWriter(buf) // one writer for every block: the renderer keeps it
	r := md.Renderer()
	claims, next := b.md.Claims, 0
	b.blocks = b.blocks[:0]
	for n := b.doc.FirstChild(); n != nil; n = n.NextSibling() {
		if err := r.Render(w, b.Body, n); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		from := next
		for next < len(claims) && topOf(claims[next], b.doc) == n {
			next++
		}
		b.blocks = append(b.blocks, block{end: buf.Len(), from: from, to: next})
	}
	if next < len(claims) { // a claim outside the tree: its note still shows, at the end
		if len(b.blocks) == 0 {
			b.blocks = append(b.blocks, block{from: next})
		}
		b.blocks[len(b.blocks)-1].to = len(claims)
	}
	b.html = template.HTML(buf.String())
	return nil
}

// topOf is the child of doc that holds n.
func topOf(n, doc ast.Node) ast.Node {
	for n.Parent() != nil && n.Parent() != doc {
		n = n.Parent()
	}
	return n
}

// url returns the site path of p, a path relative to the site root.
func (m *model) url(p string) string { return m.basePath + p }
