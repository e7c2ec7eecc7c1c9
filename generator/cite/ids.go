package cite

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxShortID is the longest id NameSource makes: short enough to type into
// every citation.
const MaxShortID = 40

// NameSource makes an id for a source that was given none: its outlet,
// short, then two to four words of its title, "nyt/rolling-blackouts-california"
// (docs/import.md). The outlet is its name's words without a leading "The",
// or their initials when there are three or more ("The New York Times" is
// "nyt"), else the name of the site's host; the title's words leave out
// short function words. taken reports an id already used by another
// document: the next candidate is tried (a fourth word, then -2, -3, …).
// fallback names a title with no Latin letters or digits.
func NameSource(title, outlet, address, fallback string, taken func(id string) bool) string {
	prefix := outletSlug(outlet, address)
	if prefix != "" {
		prefix += "/"
	}
	words := titleWords(title)
	budget := MaxShortID - len(prefix)
	// two words, then more while they fit in a short title part
	n := min(2, len(words))
	for n < 4 && n < len(words) && len(strings.Join(words[:n+1], "-")) <= titlePart {
		n++
	}
	var cands []string
	for ; n <= min(4, len(words)); n++ {
		if t := joinWithin(words, n, budget); t != "" && (len(cands) == 0 || t != cands[len(cands)-1]) {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		cands = append(cands, fallback)
	}
	for _, c := range cands {
		if !taken(prefix + c) {
			return prefix + c
		}
	}
	for i := 2; ; i++ {
		suffix := "-" + strconv.Itoa(i)
		if c := cut(cands[0], budget-len(suffix)) + suffix; !taken(prefix + c) {
			return prefix + c
		}
	}
}

// titlePart is how long the title's words in an id grow, from two words to
// four, when the first two are shorter.
const titlePart = 24

// joinWithin joins up to n of words with "-" within max bytes, at least two
// when there are two; "" when there are none.
func joinWithin(words []string, n, max int) string {
	n = min(n, len(words))
	for ; n > 0; n-- {
		if s := strings.Join(words[:n], "-"); len(s) <= max || n == 1 {
			return cut(s, max)
		}
	}
	return ""
}

// cut shortens a slug to max bytes, at a "-" when it has one in reach.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	s = s[:max]
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}

// functionWords are left out of the title words of an id: what a reader
// would not type to find the source.
var functionWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "of": true, "in": true,
	"on": true, "at": true, "to": true, "for": true, "from": true, "by": true, "with": true, "as": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "has": true, "have": true,
	"had": true, "it": true, "its": true, "this": true, "that": true, "these": true, "those": true,
	"will": true, "would": true, "can": true, "could": true, "into": true, "over": true, "after": true,
	"about": true, "what": true, "how": true, "why": true, "who": true, "s": true,
}

// titleWords returns the words of a title for an id: lowercase ASCII,
// accents taken off, function words left out (all kept when fewer than
// two would be left).
func titleWords(title string) []string {
	all := idWords(title)
	var out []string
	for _, w := range all {
		if !functionWords[w] {
			out = append(out, w)
		}
	}
	if len(out) < 2 {
		return all
	}
	return out
}

// outletSlug names an outlet for an id: its words without a leading "the",
// joined by "-", or their initials when there are three or more or the
// words are long; else the host's name.
func outletSlug(outlet, address string) string {
	words := idWords(outlet)
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	switch s := strings.Join(words, "-"); {
	case len(words) >= 3 || len(s) > 16 && len(words) > 1:
		return cut(initials(words), 16)
	case s != "":
		return cut(s, 16)
	}
	return hostName(address)
}

func initials(words []string) string {
	var b strings.Builder
	for _, w := range words {
		if w != "and" && w != "of" {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

// hostName is the name a host goes by: "nytimes" for www.nytimes.com,
// "bbc" for bbc.co.uk; "" for an address with none.
func hostName(address string) string {
	u, err := url.Parse(address)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	labels := strings.Split(strings.ToLower(u.Hostname()), ".")
	if len(labels) == 1 {
		return cut(strings.Join(idWords(labels[0]), "-"), 16)
	}
	labels = labels[:len(labels)-1] // the top-level domain
	if n := len(labels); n > 1 {
		switch labels[n-1] {
		case "co", "com", "org", "net", "gov", "ac", "edu", "gob", "gouv", "ne", "or":
			labels = labels[:n-1]
		}
	}
	return cut(strings.Join(idWords(labels[len(labels)-1]), "-"), 16)
}

// idWords splits s into lowercase ASCII words: accents taken off, an
// apostrophe inside a word dropped ("Trump's" is "trumps"), any other
// character a break. A character outside ASCII is a break too.
func idWords(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0:
		default:
			flush()
		}
	}
	flush()
	return out
}

// Named is what an id suggestion looks at of a source.
type Named struct {
	ID, Title, Outlet, URL string
}

// IDs is the sources of a site, ready for suggestions of an unknown id.
type IDs struct {
	ids   []string
	names [][]string // of each source: see names
}

// NewIDs reads what suggestions look at of each source, once.
func NewIDs(sources []Named) *IDs {
	x := &IDs{ids: make([]string, len(sources)), names: make([][]string, len(sources))}
	for i, s := range sources {
		x.ids[i], x.names[i] = s.ID, names(s)
	}
	return x
}

// maxSuggestIDs is how many ids a suggestion lists.
const maxSuggestIDs = 3

// Suggest returns the ids of up to three sources an unknown key may have
// meant, best first: those whose id is a few edits from the key, and those
// whose outlet (its name, initials or host) or title has the key's words
// ("nytimes" finds the source whose address is nytimes.com, "nyt" the one
// from The New York Times, "nyt-blackouts" its title too).
func (x *IDs) Suggest(key string) []string {
	keyWords := titleWords(key)
	limit := len(key)/3 + 2
	type cand struct {
		id    string
		score float64
	}
	var cands []cand
	for i, id := range x.ids {
		score := 0.0
		if d := Distance(key, id); d < limit {
			score = 2 - float64(d)/float64(limit) // (1, 2]: an id a few edits away comes first
		}
		if matched := wordsMatched(keyWords, x.names[i]); matched > 0 && 2*matched >= len(keyWords) {
			score = max(score, float64(matched)/float64(len(keyWords)))
		}
		if score > 0 {
			cands = append(cands, cand{id, score})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].id < cands[j].id
	})
	var out []string
	for _, c := range cands[:min(len(cands), maxSuggestIDs)] {
		out = append(out, c.id)
	}
	return out
}

// names are the words that name s: those of its id, title and outlet, its
// outlet's initials and its words run together, and its host's name.
func names(s Named) []string {
	var out []string
	out = append(out, idWords(s.ID)...)
	out = append(out, idWords(s.Title)...)
	ow := idWords(s.Outlet)
	out = append(out, ow...)
	if len(ow) > 1 {
		if ow[0] == "the" {
			ow = ow[1:]
		}
		out = append(out, initials(ow), strings.Join(ow, ""))
	}
	if h := hostName(s.URL); h != "" {
		out = append(out, strings.ReplaceAll(h, "-", ""))
	}
	return out
}

// wordsMatched counts the key's words that are among names: equal or, for
// four letters or more, the start of one.
func wordsMatched(keyWords, names []string) int {
	n := 0
	for _, k := range keyWords {
		for _, w := range names {
			if k == w || len(k) >= 4 && strings.HasPrefix(w, k) || len(w) >= 4 && strings.HasPrefix(k, w) {
				n++
				break
			}
		}
	}
	return n
}
