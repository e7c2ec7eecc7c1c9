package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/site"
	"dossier/generator/sitefs"
)

// importReport is what importing a source again would change: its
// paragraphs, and the citations of it that would no longer hold.
type importReport struct {
	old, new []string // the paragraphs before and after
	changes  []cite.Change
	broken   diag.List // problems of citations of the source that the new text makes
}

// compareImport reads the site twice, as it is and with the source at rel
// and its original (by its name under content/originals/, "" for none)
// replaced by src and orig (nothing is written), and reports what the new
// text changes: its paragraphs, and each citation of the source that holds
// now and would not then.
func compareImport(ctx context.Context, dir, id, rel string, src []byte, origName string, orig []byte) (*importReport, error) {
	overlay := map[string][]byte{rel: src}
	if origName != "" {
		overlay[content.OriginalsDir+"/"+origName] = orig
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	fsys := sitefs.New(root)
	defer fsys.Close()
	rep := &importReport{}
	if s, _ := content.LoadSource(fsys, rel); s != nil {
		rep.old = s.ParagraphTexts()
	}
	fsys.Overlay(overlay)
	if s, _ := content.LoadSource(fsys, rel); s != nil {
		rep.new = s.ParagraphTexts()
	}
	rep.changes = cite.Changes(rep.old, rep.new)

	check := func(overlay map[string][]byte) (diag.List, error) {
		res, err := site.Build(ctx, site.Config{Dir: dir, Theme: theme, Check: true, Drafts: true, Overlay: overlay})
		if err != nil {
			return nil, err
		}
		var mine diag.List
		for _, d := range res.Diagnostics {
			if strings.HasPrefix(d.Path, content.BriefingsDir+"/") && mentions(d.Message, id) {
				mine = append(mine, d)
			}
		}
		return mine, nil
	}
	before, err := check(nil)
	if err != nil {
		return nil, err
	}
	after, err := check(overlay)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, d := range before {
		known[d.Error()] = true
	}
	for _, d := range after {
		if !known[d.Error()] {
			rep.broken = append(rep.broken, d)
		}
	}
	return rep, nil
}

// mentions reports whether msg names the source @id (and not one whose id
// merely starts with id).
func mentions(msg, id string) bool {
	for rest := msg; ; {
		i := strings.Index(rest, "@"+id)
		if i < 0 {
			return false
		}
		rest = rest[i+1+len(id):]
		if rest == "" || !strings.ContainsRune("abcdefghijklmnopqrstuvwxyz0123456789._/-", rune(rest[0])) ||
			strings.HasPrefix(rest, ". ") || strings.HasPrefix(rest, ".\n") {
			return true
		}
	}
}

// maxChangesShown is how many runs of changed paragraphs a report shows.
const maxChangesShown = 10

// print writes the report's paragraphs to w: how many changed, were added
// and were removed, and each run, a changed paragraph as a word diff.
func (r *importReport) print(w io.Writer, srcPath string) {
	var changed, added, removed int
	for _, c := range r.changes {
		changed, added, removed = changed+c.Changed(), added+c.Added(), removed+c.Removed()
	}
	if len(r.changes) == 0 {
		fmt.Fprintf(w, "%s: the new text is the same, %s\n", srcPath, diag.Plural(len(r.new), "paragraph"))
		return
	}
	fmt.Fprintf(w, "%s: the new text has %s changed, %d added, %d removed (of %d before, %d after):\n",
		srcPath, diag.Plural(changed, "paragraph"), added, removed, len(r.old), len(r.new))
	for i, c := range r.changes {
		if i == maxChangesShown {
			fmt.Fprintf(w, "    … and %d more runs of paragraphs\n", len(r.changes)-i)
			break
		}
		for _, line := range c.Describe(r.old, r.new) {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
}
