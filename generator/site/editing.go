package site

import (
	"slices"
	"strings"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/mdext"
)

// What an editor's tools ask of a Builder (dossier lsp, docs/editors.md):
// the text of files not yet saved, and what the last Update read and
// resolved. Like Update, none of these is safe for concurrent use.

// SetOverlay has the files of files read from memory instead of the site
// folder from now on (Config.Overlay): an editor's unsaved text. The next
// Update must name the files whose text changed, or came or went.
func (b *Builder) SetOverlay(files map[string][]byte) {
	b.cfg.Overlay = files
	if b.fsys != nil {
		b.fsys.Overlay(files)
	}
}

// Sources lists the sources the last Update read, by id; nil before one.
// They are not changed after: a later Update reads a changed file anew.
func (b *Builder) Sources() []*content.Source {
	if b.site == nil {
		return nil
	}
	return slices.Clone(b.site.Sources)
}

// Tags is the topics a briefing may name: site.yaml's tags when it lists
// them, else those the briefings have, in the order of their pages.
func (b *Builder) Tags() []string {
	if b.site == nil || b.m == nil {
		return nil
	}
	if len(b.site.Config.Tags) > 0 {
		return slices.Clone(b.site.Config.Tags)
	}
	tags := make([]string, len(b.m.topics))
	for i, t := range b.m.topics {
		tags[i] = t.name
	}
	return tags
}

// Citation is one item of a citation group as the last Update resolved it.
type Citation struct {
	Path       string // the briefing's
	File       []byte // the briefing's file as the Update read it, which the offsets index
	Off, End   int    // its bytes in the briefing's file: from the '@' to its end
	Group      int    // where its group's '[' is in the file: a diagnostic's place
	Key        string // the source id, as written
	Passage    string // as written, without its quotes
	HasPassage bool
	// PassageOff and PassageEnd are the passage's bytes in the file, its
	// quotes included
	PassageOff, PassageEnd int
	Contra                 bool
	Status                 string // as mdext.Ref's: "anchored", "not-found", …
	Claim                  string // the claim's text; "" for an editor note's citation
	// Source is the source cited; nil for an unknown id
	Source *content.Source
	// Para and Span are where the passage is in Source.Text, when it is
	// anchored (or, for an ambiguous one, its first occurrence)
	Para int // 0-based
	Span cite.Span
}

// Anchored reports whether the citation's passage was found, once or
// more: Para and Span say where (the first place, for an ambiguous one).
func (c Citation) Anchored() bool { return c.Status == "anchored" || c.Status == "ambiguous" }

// Citations lists the citations of the briefing at path (a slash path
// relative to the site root) in the order they are written; nil for a
// file the last Update did not read as a briefing.
func (b *Builder) Citations(path string) []Citation {
	if b.m == nil {
		return nil
	}
	for _, br := range b.m.briefings {
		if br.Path == path {
			return br.citations()
		}
	}
	return nil
}

// CitationsOf lists every citation of the source id, briefing by
// briefing, each in the order written.
func (b *Builder) CitationsOf(id string) []Citation {
	if b.m == nil {
		return nil
	}
	var list []Citation
	for _, br := range b.briefingsByPath() {
		for _, c := range br.citations() {
			if c.Key == id {
				list = append(list, c)
			}
		}
	}
	return list
}

// briefingsByPath is the model's briefings in the order of their paths.
func (b *Builder) briefingsByPath() []*briefing {
	bs := slices.Clone(b.m.briefings)
	slices.SortFunc(bs, func(x, y *briefing) int { return strings.Compare(x.Path, y.Path) })
	return bs
}

// citations lists the briefing's references in the order written.
func (br *briefing) citations() []Citation {
	list := make([]Citation, 0, len(br.refs))
	for r, ref := range br.refs {
		list = append(list, citationOf(br, r, ref))
	}
	slices.SortFunc(list, func(x, y Citation) int { return x.Off - y.Off })
	return list
}

func citationOf(br *briefing, r *mdext.Ref, ref *reference) Citation {
	c := Citation{
		Path: br.Path, File: br.File, Off: r.KeyOff, End: r.End, Group: r.Offset, Key: r.Key,
		Passage: r.Passage, HasPassage: r.HasPassage, PassageOff: r.PassageOff, PassageEnd: r.PassageEnd,
		Contra: r.Contra, Status: r.Status,
	}
	if ref.src != nil {
		c.Source = ref.src.Source
	}
	if ref.claim != nil {
		c.Claim = ref.claim.Plain
	}
	if ref.pid != "" {
		c.Para, c.Span = ref.occ.Para, ref.occ.Span
	}
	return c
}
