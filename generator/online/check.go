package online

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/render"
	"dossier/generator/site"
	"dossier/generator/sitefs"
	"dossier/internal/shell"
)

// Codes of the diagnostics Check makes, for tools (docs/commands.md).
const (
	CodeChanged     = "online/changed"
	CodeMoved       = "online/moved"
	CodeGone        = "online/gone"
	CodeUnreachable = "online/unreachable"
	CodePassage     = "online/passage" // a cited passage no longer on the live page
)

// Summary is what a run found.
type Summary struct {
	Reports  []*Report // one for each source with a url, in the order of ids
	Passages int       // citations whose passage is no longer on the live page
}

// Check fetches the live page of every source with an http(s) url that
// b's last Update read (Fetch), and makes
// diagnostics of what it finds: a note at the url of each source whose page
// is not as it was, and, for each citation of a changed, moved or gone
// source whose passage is anchored in the source but not on the live page,
// a warning (an error when strict). The live text is checked as the
// source's would be: b is updated with it in place of the source's text,
// nothing written. b must keep its sources' text (a Memory builder), and
// is of no further use. dir is the site root, whose sources' url lines the
// notes point at.
func Check(ctx context.Context, b *site.Builder, dir string, opts Options, strict bool) (diag.List, *Summary, error) {
	var sources []*content.Source
	for _, s := range b.Sources() {
		if content.WebURL(s.URL) {
			sources = append(sources, s)
		}
	}
	sum := &Summary{Reports: Fetch(ctx, sources, opts)}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	fsys := sitefs.New(root) // the site's files, read as a build reads them
	defer fsys.Close()
	var diags diag.List
	overlay := map[string][]byte{}
	var changed []string
	var affected []*Report // changed, moved or gone: their citations are checked
	for _, r := range sum.Reports {
		if r.State != Unchanged {
			diags = append(diags, sourceNote(fsys, r))
		}
		if r.Live != nil {
			overlay[r.Source.Path] = r.Live
			changed = append(changed, r.Source.Path)
		}
		if r.State == Changed || r.State == Moved || r.State == Gone {
			affected = append(affected, r)
		}
	}
	before := make([][]site.Citation, len(affected))
	for i, r := range affected {
		before[i] = b.CitationsOf(r.Source.ID)
	}
	if len(changed) > 0 {
		b.SetOverlay(overlay)
		if _, err := b.Update(ctx, changed); err != nil {
			return nil, nil, err
		}
	}
	sev := diag.Warning
	if strict {
		sev = diag.Error
	}
	// a citation after the update is the one at the same place: the
	// briefings are as they were
	type place struct {
		path string
		off  int
	}
	for i, r := range affected {
		var after map[place]site.Citation
		var live *content.Source
		if r.Live != nil {
			after = map[place]site.Citation{}
			for _, c := range b.CitationsOf(r.Source.ID) {
				after[place{c.Path, c.Off}] = c
			}
			live, _ = content.ParseSource(r.Source.Path, r.Live)
		}
		for _, c := range before[i] {
			if !c.HasPassage || !c.Anchored() {
				continue // a problem of the content, which check reports
			}
			if r.State != Gone && (r.Live == nil || after[place{c.Path, c.Off}].Anchored()) {
				continue
			}
			diags = append(diags, passageGone(c, r, live, sev))
			sum.Passages++
		}
	}
	diags.Sort()
	return diags, sum, nil
}

// sourceNote is the note on a source whose page is not as it was, at its
// url field.
func sourceNote(fsys fs.FS, r *Report) diag.Diagnostic {
	s := r.Source
	when := retrieved(s)
	var d diag.Diagnostic
	note := func(code, format string, args ...any) {
		d = urlLine(fsys, s.Path, diag.Note, format, args...)
		d.Code = code
	}
	reimport := fmt.Sprintf("to take the page as it is now: dossier new source %s --from %s --force", s.ID, shell.Quote(r.URL))
	switch r.State {
	case Changed:
		note(CodeChanged, "the live page has changed since it was %s: %s", when, r.differ())
		d.Notes = append(d.Notes, r.firstChange(), reimport)
	case Moved:
		note(CodeMoved, "the page has moved to %s (%s) since it was %s", r.URL, r.Status, when)
		if len(r.Changes) > 0 {
			d.Notes = append(d.Notes, "its text there has changed: "+r.differ(), r.firstChange())
		} else {
			d.Notes = append(d.Notes, "its text there is the same")
		}
		d.Notes = append(d.Notes, "set url: to the new address, or import it again: dossier new source "+s.ID+" --from "+shell.Quote(r.URL)+" --force")
	case Gone:
		note(CodeGone, "the page is gone: the server answered %s (it was %s)", r.Status, when)
		if len(s.Archive) > 0 {
			d.Notes = append(d.Notes, "readers have the archived copy: "+s.Archive[0])
		} else {
			d.Notes = append(d.Notes, "name an archived copy of it under archive: if one was made (docs/publishing.md)")
		}
	case Unreachable:
		note(CodeUnreachable, "the page could not be checked: %s", r.Reason)
	}
	return d
}

// passageGone is the diagnostic of a citation whose passage is anchored
// in its source and not on the live page, live's text when there is one.
func passageGone(c site.Citation, r *Report, live *content.Source, sev diag.Severity) diag.Diagnostic {
	loc := diag.NewLocator(c.Path, c.File)
	d := loc.At(c.Group, sev, "%q of @%s is no longer on the live page since it was %s", c.Passage, c.Key, retrieved(r.Source))
	loc.Span(&d, c.End)
	d.Code = CodePassage
	switch {
	case r.State == Gone:
		d.Notes = append(d.Notes, fmt.Sprintf("%s: the server answered %s", r.Source.URL, r.Status))
	case live != nil:
		where := "the live page, " + r.URL
		if s, ok := site.IndexOf(live).Closest(c.Passage); ok {
			d.Notes = append(d.Notes, fmt.Sprintf("%s, has %q (¶%d, %.0f%% similar)", where, s.Text, s.Para+1, s.Similarity*100),
				"difference: "+s.Diff)
		} else if para := r.paragraphNow(c.Para); para != "" {
			d.Notes = append(d.Notes, where+": "+para)
		} else {
			d.Notes = append(d.Notes, where+", has nothing like it")
		}
	}
	if len(r.Source.Archive) > 0 {
		d.Notes = append(d.Notes, "the archived copy readers are given: "+r.Source.Archive[0])
	}
	return d
}

// paragraphNow says what became of the source's paragraph k (0-based) on
// the live page: "its ¶3 now reads: … [-days-]{+weeks+} …", or that it is
// gone; "" when it is as it was.
func (r *Report) paragraphNow(k int) string {
	for _, c := range r.Changes {
		if k < c.Old[0] || k >= c.Old[1] {
			continue
		}
		if i := k - c.Old[0]; i < c.Changed() {
			return fmt.Sprintf("its ¶%d now reads: %s", k+1, cite.WordChanges(r.Old[k], r.New[c.New[0]+i]))
		}
		return fmt.Sprintf("its ¶%d is no longer there", k+1)
	}
	return ""
}

// differ says how many paragraphs differ: "1 paragraph changed, 2
// added, 0 removed (of 14 before, 16 now)".
func (r *Report) differ() string {
	var changed, added, removed int
	for _, c := range r.Changes {
		changed, added, removed = changed+c.Changed(), added+c.Added(), removed+c.Removed()
	}
	out := fmt.Sprintf("%s changed, %d added, %d removed (of %d before, %d now)",
		diag.Plural(changed, "paragraph"), added, removed, len(r.Old), len(r.New))
	if len(r.Changes) == 0 {
		out = "its paragraphs are the same"
	}
	switch {
	case r.NowPDF:
		out = "it is now a PDF; " + out
	case r.NowWebPage:
		out = "it is now a web page, no longer a PDF; " + out
	}
	return out
}

// firstChange is the first paragraph that differs, as a word diff.
func (r *Report) firstChange() string {
	if len(r.Changes) == 0 {
		return "the text is the same"
	}
	lines := r.Changes[0].Describe(r.Old, r.New)
	return "first: " + lines[0]
}

// retrieved is "retrieved on 18 April 2025", or "imported" without a date.
func retrieved(s *content.Source) string {
	if t, err := time.Parse("2006-01-02", s.Retrieved); err == nil {
		return "retrieved on " + render.Date(t)
	}
	return "imported"
}

// urlLine is a diagnostic at the value of the url field of the source at
// p, or of the whole file when it cannot be found.
func urlLine(fsys fs.FS, p string, sev diag.Severity, format string, args ...any) diag.Diagnostic {
	file, err := sitefs.ReadFile(fsys, p)
	if err == nil {
		off := 0
		for line := range bytes.Lines(file) {
			if off > 0 && bytes.HasPrefix(bytes.TrimRight(line, "\r\n"), []byte("---")) {
				break // the end of the front matter
			}
			if v, ok := bytes.CutPrefix(line, []byte("url:")); ok {
				at := off + 4 + len(v) - len(bytes.TrimLeft(v, " \t"))
				return diag.At(p, file, at, sev, format, args...)
			}
			off += len(line)
		}
	}
	return diag.File(p, sev, format, args...)
}

// String says what the run found: "12 sources with a url: 8 unchanged (3
// not modified), 1 changed, 1 moved, 1 gone, 1 unreachable; 2 cited
// passages are no longer on the live page".
func (s *Summary) String() string {
	count := map[State]int{}
	notModified := 0
	for _, r := range s.Reports {
		count[r.State]++
		if r.NotModified {
			notModified++
		}
	}
	var parts []string
	for _, st := range States {
		p := fmt.Sprintf("%d %s", count[st], st)
		if st == Unchanged && notModified > 0 {
			p += fmt.Sprintf(" (%d not modified)", notModified)
		}
		parts = append(parts, p)
	}
	out := fmt.Sprintf("%s with a url: %s", diag.Plural(len(s.Reports), "source"), strings.Join(parts, ", "))
	switch s.Passages {
	case 0:
		out += "; every cited passage checked is on its live page"
	case 1:
		out += "; 1 cited passage is no longer on its live page"
	default:
		out += fmt.Sprintf("; %d cited passages are no longer on their live pages", s.Passages)
	}
	return out
}
