package cite

import (
	"fmt"
	"strings"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// Change is a run of a text's paragraphs replaced by a run of another
// text's: Old and New are [start, end) paragraph indices, 0-based. A run
// with nothing on one side is paragraphs added or removed.
type Change struct {
	Old, New [2]int
}

// Changed is how many paragraphs of the run were changed in place: as
// many as both sides have; the rest were added or removed.
func (c Change) Changed() int { return min(c.Old[1]-c.Old[0], c.New[1]-c.New[0]) }

// Added is how many paragraphs the run adds beyond those changed.
func (c Change) Added() int { return c.New[1] - c.New[0] - c.Changed() }

// Removed is how many paragraphs the run removes beyond those changed.
func (c Change) Removed() int { return c.Old[1] - c.Old[0] - c.Changed() }

// Changes compares two texts paragraph by paragraph (the gopls diff of
// github.com/aymanbagabas/go-udiff, linear in the texts' length for a few
// changes) and returns the runs that differ, in order.
func Changes(old, new []string) []Change {
	diffs := lcs.DiffLines(old, new)
	out := make([]Change, len(diffs))
	for i, d := range diffs {
		out[i] = Change{Old: [2]int{d.Start, d.End}, New: [2]int{d.ReplStart, d.ReplEnd}}
	}
	return out
}

// Describe says what the run changes, a line a paragraph: "¶3: " and the
// word changes of a paragraph changed, "¶4 removed: " or "¶5 added
// (numbered so in the new text): " and the start of one removed or added.
// old and new are the texts' paragraphs the run indexes.
func (c Change) Describe(old, new []string) []string {
	var lines []string
	n := c.Changed()
	for k := range n {
		lines = append(lines, fmt.Sprintf("¶%d: %s", c.Old[0]+k+1, WordChanges(old[c.Old[0]+k], new[c.New[0]+k])))
	}
	for k := c.Old[0] + n; k < c.Old[1]; k++ {
		lines = append(lines, fmt.Sprintf("¶%d removed: %s", k+1, excerpt(old[k])))
	}
	for k := c.New[0] + n; k < c.New[1]; k++ {
		lines = append(lines, fmt.Sprintf("¶%d added (numbered so in the new text): %s", k+1, excerpt(new[k])))
	}
	return lines
}

// WordChanges writes what changed from one paragraph to another, word by
// word, [-removed-]{+added+}, with five words of context around each change
// and … for the rest.
func WordChanges(from, to string) string {
	a, b := strings.Fields(from), strings.Fields(to)
	const context = 5
	var out []string
	at := 0 // next word of a not yet written
	for _, d := range lcs.DiffLines(a, b) {
		if gap := d.Start - at; gap > 2*context || at == 0 && gap > context {
			if at > 0 {
				out = append(out, a[at:at+context]...)
			}
			out = append(out, "…")
			out = append(out, a[d.Start-context:d.Start]...)
		} else {
			out = append(out, a[at:d.Start]...)
		}
		var change string
		if d.End > d.Start {
			change = "[-" + strings.Join(a[d.Start:d.End], " ") + "-]"
		}
		if d.ReplEnd > d.ReplStart {
			change += "{+" + strings.Join(b[d.ReplStart:d.ReplEnd], " ") + "+}"
		}
		out = append(out, change)
		at = d.End
	}
	if len(a)-at > context {
		out = append(out, a[at:at+context]...)
		out = append(out, "…")
	} else {
		out = append(out, a[at:]...)
	}
	return strings.Join(out, " ")
}

// excerpt is the start of a paragraph, within 80 characters.
func excerpt(p string) string {
	if r := []rune(p); len(r) > 80 {
		return fmt.Sprintf("%q", string(r[:77])+"…")
	}
	return fmt.Sprintf("%q", p)
}
