package site

import (
	"strconv"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// headingIDs gives headings ids that start with "h-", so that no heading
// can take an id dossier gives to a claim (c-…), a note (n-…, r-…,
// note-…), a passage (q-…) or a paragraph (p3).
type headingIDs struct {
	seen map[string]bool
	next map[string]int // by an id made from text, the least suffix that may be free
}

func newHeadingIDs() *headingIDs { return &headingIDs{seen: map[string]bool{}, next: map[string]int{}} }

// Generate makes an id from a heading's text: "What was discussed?" becomes
// "h-what-was-discussed"; a repeat gets "-1", "-2" ….
func (ids *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	b := []byte("h-")
	dash := false
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && len(b) > 2 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, string(unicode.ToLower(r))...)
		default:
			dash = true
		}
	}
	if len(b) == 2 {
		b = append(b, "section"...)
	}
	id := string(b)
	// the suffixes below next are taken: a heading repeated 100,000 times
	// takes each once, not each of the ones before it again
	i := max(1, ids.next[string(b)])
	for ; ids.seen[id]; i++ {
		id = string(b) + "-" + strconv.Itoa(i)
	}
	ids.next[string(b)] = i
	ids.seen[id] = true
	return []byte(id)
}

// Put reserves an id given explicitly.
func (ids *headingIDs) Put(value []byte) { ids.seen[string(value)] = true }
