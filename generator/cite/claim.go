package cite

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end in a period that does not end a sentence.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "St": true, "Jr": true, "Sr": true,
	"Gen": true, "Col": true, "Lt": true, "Sgt": true, "Capt": true, "Cmdr": true, "Adm": true,
	"Gov": true, "Sen": true, "Rep": true, "Pres": true, "Rev": true, "Hon": true, "Mt": true, "Ft": true,
	"vs": true, "etc": true, "No": true, "Nos": true, "Inc": true, "Ltd": true, "Co": true, "Corp": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true, "Sep": true,
	"Sept": true, "Oct": true, "Nov": true, "Dec": true, "approx": true, "cf": true, "al": true,
}

// ClaimStart returns the offset in s at which a claim begins, where s is the
// text of a block from its start, or from the end of the previous citation,
// up to a citation. The claim is the last sentence of s; a citation that
// follows a sentence's final punctuation belongs to that sentence.
//
// A sentence ends at '.', '!' or '?' (and any closing quotes or brackets)
// followed by white space and a capital letter, a digit or an opening quote
// or bracket; a period after an abbreviation ("Dr.", "St."), an initial
// ("J.") or an initialism ("U.S.") does not end one.
func ClaimStart(s string) int {
	end := len(s)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		if !unicode.IsSpace(r) && !isTerminal(r) && !isCloser(r) && r != ',' && r != ';' && r != ':' {
			break
		}
		end -= size
	}
	start := 0
	for i := end - 1; i >= 0; i-- {
		if k := boundaryAfter(s[:end], i); k > 0 {
			start = k
			break
		}
	}
	// leftovers of the previous sentence or citation: ". ", "; ", ") ";
	// a straight quote may open the claim, so it stays
	for start < end {
		r, size := utf8.DecodeRuneInString(s[start:])
		if !unicode.IsSpace(r) && !isTerminal(r) && (!isCloser(r) || r == '"' || r == '\'') && r != ',' && r != ';' && r != ':' {
			break
		}
		start += size
	}
	if start >= end {
		return len(s) // nothing but space and punctuation: no claim
	}
	return start
}

// boundaryAfter reports where the next sentence starts if s[i] ends a
// sentence, or 0.
func boundaryAfter(s string, i int) int {
	c := s[i]
	if c != '.' && c != '!' && c != '?' {
		return 0
	}
	if c == '.' && isAbbreviation(s[:i]) {
		return 0
	}
	j := i + 1
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isCloser(r) {
			break
		}
		j += size
	}
	k := j
	for k < len(s) {
		r, size := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsSpace(r) {
			break
		}
		k += size
	}
	if k == j || k >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	if unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘([", r) {
		return k
	}
	return 0
}

// isAbbreviation reports whether the word that ends s is an abbreviation,
// an initial or an initialism, so that a period after it ends no sentence.
func isAbbreviation(s string) bool {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		i -= size
	}
	w := s[i:]
	switch {
	case w == "":
		return false
	case strings.Contains(w, "."): // U.S, e.g, i.e
		return true
	case utf8.RuneCountInString(w) == 1:
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[w]
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool {
	return r == '"' || r == '\'' || r == '”' || r == '’' || r == ')' || r == ']' || r == '»'
}

// ClaimID derives a claim's stable id from its briefing and its text, so
// that editing another sentence never changes it: "c-" and eight hex digits.
func ClaimID(briefing, text string) string {
	h := sha256.Sum256([]byte(briefing + "\x00" + NormalizeString(text)))
	return "c-" + hex.EncodeToString(h[:4])
}
