package site

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/generator/publish"
	"dossier/generator/search"

	"golang.org/x/text/language"
)

// The search index (docs/site.md, /pagefind/): a record for each briefing, each
// claim and each source, made from the model, so that a claim is a result
// of its own that opens at the claim, and every result can be filtered by
// kind, outlet and briefing (and a briefing by its topics).

// searchDir is where the index is published.
const searchDir = "pagefind/"

// indexing is an index being made beside the pages.
type indexing struct {
	ix       *search.Index
	done     chan error // the records are all added
	language string     // the records'
}

// startIndex starts Pagefind and hands it every record in the order of the
// site (briefings newest first, each followed by its claims; then the
// sources), in the background, while the pages are written.
func (m *model) startIndex(ctx context.Context) (*indexing, error) {
	ix, err := search.Start(ctx, m.search)
	if err != nil {
		return nil, err
	}
	// made now: a one-off build lets go of each source's text once its page is written
	records := m.searchRecords()
	in := &indexing{ix: ix, done: make(chan error, 1), language: searchLanguage(m.site.Config.Language)}
	go func() {
		for _, r := range records {
			if err := ix.Add(r); err != nil {
				in.done <- err
				return
			}
		}
		in.done <- nil
	}()
	return in, nil
}

// write writes the index's files that pagefind.js reads (not Pagefind's
// own search interfaces, which the search page does without).
func (in *indexing) write(w publish.Output) error {
	if err := <-in.done; err != nil {
		return err
	}
	files, err := in.ix.Files()
	if err != nil {
		return fmt.Errorf("search index (Pagefind %s, language %q from content/site.yaml): %w", search.Version, in.language, err)
	}
	for _, f := range files {
		if strings.Contains(f.Path, "-ui.") || f.Path == "pagefind-highlight.js" {
			continue
		}
		if err := w.File(searchDir+f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

func (in *indexing) close() { in.ix.Close() }

// searchRecords is every record of the index, in the order of the site.
func (m *model) searchRecords() []search.Record {
	lang := searchLanguage(m.site.Config.Language)
	citing := m.citingClaims()
	var out []search.Record
	for _, b := range m.briefings {
		var text strings.Builder
		text.WriteString(b.Title + ". " + b.Summary)
		filters := map[string][]string{"kind": {"Briefings"}, "briefing": {b.Title}}
		for _, t := range b.Tags {
			text.WriteString(" " + t.Name + ".")
			if tp := m.topicOf[strings.ToLower(t.Name)]; tp != nil { // one name a topic, whatever the case
				filters["topic"] = append(filters["topic"], tp.name)
			}
		}
		for _, c := range b.md.Claims {
			text.WriteString(" " + c.Plain + ".")
		}
		out = append(out, search.Record{URL: b.href, Content: text.String(), Language: lang,
			Meta: map[string]string{"title": b.Title, "kind": "Briefing"}, Filters: filters})
		for _, c := range b.md.Claims {
			// a claim is found by its words and by the words it quotes
			content, outlets := c.Plain, []string{}
			for _, r := range c.Refs {
				ref := b.refs[r]
				if r.Passage != "" {
					content += " “" + r.Passage + "”"
				}
				if ref == nil || ref.src == nil {
					continue
				}
				if o := m.outletOfSource(ref.src); o != nil && !slices.Contains(outlets, o.name) {
					outlets = append(outlets, o.name)
				}
			}
			f := map[string][]string{"kind": {"Claims"}, "briefing": {b.Title}}
			if len(outlets) > 0 {
				f["outlet"] = outlets
			}
			out = append(out, search.Record{URL: b.href + "#" + c.ID, Content: content, Language: lang,
				Meta: map[string]string{"title": "Claim " + strconv.Itoa(c.Number) + " · " + b.Title, "kind": "Claim"}, Filters: f})
		}
	}
	for _, s := range m.sources {
		// a source is found by its names, its opening words and the
		// passages cited from it, not its whole text: that would make the
		// index as large as the sources
		content := strings.Join(slices.DeleteFunc([]string{firstOf(s.Title, s.ID), s.Outlet, s.Author, lede(s)},
			func(x string) bool { return strings.TrimSpace(x) == "" }), ". ")
		for _, p := range s.cited {
			content += " “" + s.Text[p.Span.Start:p.Span.End] + "”"
		}
		f := map[string][]string{"kind": {"Sources"}}
		if o := m.outletOfSource(s); o != nil {
			f["outlet"] = []string{o.name}
		}
		for _, c := range citing[s] {
			if !slices.Contains(f["briefing"], c.b.Title) {
				f["briefing"] = append(f["briefing"], c.b.Title)
			}
		}
		out = append(out, search.Record{URL: s.link.URL, Content: content, Language: lang,
			Meta: map[string]string{"title": firstOf(s.Title, s.ID), "kind": "Source"}, Filters: f})
	}
	// what a result, an excerpt or a filter's choice shows, as a page shows it
	for i := range out {
		r := &out[i]
		r.Content = neutralBidi(r.Content)
		for k, v := range r.Meta {
			r.Meta[k] = neutralBidi(v)
		}
		for _, vs := range r.Filters {
			for j, v := range vs {
				vs[j] = neutralBidi(v)
			}
		}
	}
	return out
}

// searchLanguage is the part of the site's language tag Pagefind indexes
// by (its stemmer, the index's file names): language, script and region,
// without variants or extensions ("de-CH-1996" is "de-CH"). Pagefind 1.6
// panics on a tag of more than about 30 characters.
func searchLanguage(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "en"
	}
	base, _ := t.Base()
	parts := []any{base}
	if script, c := t.Script(); c == language.Exact {
		parts = append(parts, script)
	}
	if region, c := t.Region(); c == language.Exact {
		parts = append(parts, region)
	}
	if short, err := language.Compose(parts...); err == nil {
		return short.String()
	}
	return base.String()
}

// lede is the opening of a source's text: up to about 300 bytes, at a word.
// A PDF's page markers are not text: its paragraphs are taken one a line.
func lede(s *source) string {
	t := s.Text
	if s.Pages > 0 {
		var b strings.Builder
		for _, p := range s.Paragraphs {
			if b.Len() > 300 {
				break
			}
			b.WriteString(s.Text[p.Start:p.End])
			b.WriteByte('\n')
		}
		t = b.String()
	}
	if len(t) <= 300 {
		return t
	}
	cut := strings.LastIndexByte(t[:300], ' ')
	if cut < 200 {
		cut = 300
		for !utf8.RuneStart(t[cut]) {
			cut--
		}
	}
	return t[:cut] + "…"
}
