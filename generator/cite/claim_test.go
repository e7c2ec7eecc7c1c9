package cite

import (
	"regexp"
	"testing"
)

// docs/citations.md: the claim is the sentence the citation closes.
func TestClaimStart(t *testing.T) {
	tests := []struct {
		name, before, claim string
	}{
		{"whole block", "Rubio said days ", "Rubio said days "},
		{"last sentence", "First point. Rubio said days ", "Rubio said days "},
		{"after final punctuation", "First point. Rubio said days. ", "Rubio said days. "},
		{"after a question", "Why? Because it was late ", "Because it was late "},
		{"after a previous citation", ". Next sentence here ", "Next sentence here "},
		{"semicolon after a citation", "; and more ", "and more "},
		{"comma after a citation", ", and said so ", "and said so "},
		{"abbreviation Dr.", "He quoted Dr. Greene ", "He quoted Dr. Greene "},
		{"abbreviation St.", "They met in St. Petersburg ", "They met in St. Petersburg "},
		{"initialism U.S.", "The U.S. Secretary spoke ", "The U.S. Secretary spoke "},
		{"initial", "Donald J. Trump spoke ", "Donald J. Trump spoke "},
		{"lowercase after period", "It cost 3.5 billion. and rose ", "It cost 3.5 billion. and rose "},
		{"closing quote then capital", "He said “no.” Then he left ", "Then he left "},
		{"opening quote starts the claim", `Old. "We have leverage," he said `, `"We have leverage," he said `},
		{"digit starts the claim", "Old. 35 died ", "35 died "},
		{"exclamation", "Stop! Go now ", "Go now "},
		{"ellipsis is not an end", "He paused… and went on ", "He paused… and went on "},
		{"nothing", "", ""},
		{"only punctuation", ". ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := ClaimStart(tt.before)
			if got := tt.before[k:]; got != tt.claim {
				t.Errorf("ClaimStart(%q) → %q, want %q", tt.before, got, tt.claim)
			}
		})
	}
}

var idShape = regexp.MustCompile(`^c-[0-9a-f]{8}$`)

func TestClaimID(t *testing.T) {
	a := ClaimID("paris-talks", "Rubio said days")
	if !idShape.MatchString(a) {
		t.Fatalf("ClaimID = %q, not c- and 8 hex digits", a)
	}
	tests := []struct {
		name       string
		slug, text string
		same       bool
	}{
		{"same text", "paris-talks", "Rubio said days", true},
		{"typography does not matter", "paris-talks", "Rubio  said\u00a0days", true},
		{"other text", "paris-talks", "Rubio said weeks", false},
		{"other briefing", "london-talks", "Rubio said days", false},
	}
	for _, tt := range tests {
		if got := ClaimID(tt.slug, tt.text); (got == a) != tt.same {
			t.Errorf("%s: ClaimID = %q vs %q, same = %v, want %v", tt.name, got, a, got == a, tt.same)
		}
	}
}
