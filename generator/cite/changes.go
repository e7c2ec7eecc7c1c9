package cite

import "github.com/aymanbagabas/go-udiff/lcs"

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
