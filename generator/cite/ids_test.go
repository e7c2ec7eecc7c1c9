package cite

import (
	"slices"
	"strings"
	"testing"
)

// Ids made for sources without one: short, readable, within MaxShortID.
func TestNameSource(t *testing.T) {
	tests := []struct {
		title, outlet, address string
		want                   string
	}{
		{"Rolling Blackouts in California Have Power Experts Stumped", "The New York Times", "https://www.nytimes.com/2020/08/19/x.html", "nyt/rolling-blackouts"},
		{"Two disasters are exponentially worse than one", "The Atlantic", "", "atlantic/two-disasters"},
		{"Coronavirus: What is the R number and how is it calculated?", "BBC News", "https://www.bbc.co.uk/news/x", "bbc-news/coronavirus-r-number"},
		{"Gaza’s hospitals run out of medicine", "", "https://theintercept.com/2024/01/x/", "theintercept/gazas-hospitals-run-out"},
		{"Axios AM", "Axios", "", "axios/axios-am"},
		{"Un été à Paris : la ville s'adapte", "Le Monde", "", "le-monde/un-ete-paris-la"},
		{"Rubio says", "", "", "rubio-says"},
		{"", "Reuters", "", "reuters/page-1a2b3c4d"},
		{"Supercalifragilisticexpialidocious-antidisestablishmentarianism", "The Wall Street Journal", "", "wsj/supercalifragilisticexpialidocious"},
		{"Ukraine and the US sign a minerals deal", "Ministry of Foreign Affairs of the Republic", "", "mfatr/ukraine-us-sign-minerals"},
	}
	for _, tt := range tests {
		got := NameSource(tt.title, tt.outlet, tt.address, "page-1a2b3c4d", func(string) bool { return false })
		if got != tt.want || len(got) > MaxShortID || !ValidID(got) {
			t.Errorf("NameSource(%q, %q, %q) = %q, want %q", tt.title, tt.outlet, tt.address, got, tt.want)
		}
	}
}

// A taken id gives way to a further word, then to -2, -3, …
func TestNameSourceUnique(t *testing.T) {
	taken := map[string]bool{}
	var got []string
	for range 4 {
		id := NameSource("Rolling Blackouts in California Have Power Experts Stumped", "The New York Times", "", "x", func(id string) bool { return taken[id] })
		taken[id] = true
		got = append(got, id)
	}
	want := []string{"nyt/rolling-blackouts", "nyt/rolling-blackouts-california", "nyt/rolling-blackouts-california-power", "nyt/rolling-blackouts-2"}
	if !slices.Equal(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
}

// An unknown id is offered the ids it may have meant: by edit distance, by
// the outlet's name, initials or host, and by title words; three at most.
func TestSuggestIDs(t *testing.T) {
	ids := NewIDs([]Named{
		{ID: "nyt/rolling-blackouts-california", Title: "Rolling Blackouts in California Have Power Experts Stumped", Outlet: "The New York Times", URL: "https://www.nytimes.com/2020/08/19/x.html"},
		{ID: "nyt/heat-wave-grid", Title: "Heat Wave Strains the Grid", Outlet: "The New York Times"},
		{ID: "atlantic/two-disasters-exponentially", Title: "Two disasters are exponentially worse than one", Outlet: "The Atlantic"},
		{ID: "bbc-news/coronavirus-r-number", Title: "Coronavirus: What is the R number?", Outlet: "BBC News", URL: "https://www.bbc.co.uk/news/x"},
		{ID: "paris", Title: "Paris talks"},
		{ID: "paris2", Title: "Paris talks, again"},
		{ID: "pars", Title: "Parsing"},
		{ID: "parish", Title: "Parish news"},
	})
	tests := []struct {
		key  string
		want string
	}{
		{"nytimes", "nyt/rolling-blackouts-california"},
		{"nyt", "nyt/heat-wave-grid nyt/rolling-blackouts-california"},
		{"nyt/blackouts", "nyt/rolling-blackouts-california nyt/heat-wave-grid"},
		{"atlantic", "atlantic/two-disasters-exponentially"},
		{"the-atlantic/disasters", "atlantic/two-disasters-exponentially"},
		{"bbc", "bbc-news/coronavirus-r-number"},
		{"pariss", "paris paris2 parish"},
		{"guardian", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(ids.Suggest(tt.key), " "); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

// Changes finds the paragraphs changed, added and removed.
func TestChanges(t *testing.T) {
	old := []string{"a", "b", "c", "d", "e"}
	new := []string{"a", "B", "c", "e", "f", "g"}
	var changed, added, removed int
	for _, c := range Changes(old, new) {
		changed, added, removed = changed+c.Changed(), added+c.Added(), removed+c.Removed()
	}
	if changed != 1 || added != 2 || removed != 1 {
		t.Errorf("changed %d added %d removed %d, want 1 2 1 (%v)", changed, added, removed, Changes(old, new))
	}
	if c := Changes(old, old); len(c) != 0 {
		t.Errorf("no change gave %v", c)
	}
}

// Whatever a page calls itself, the id made for it is a valid id within
// MaxShortID, and a taken one is never given again.
func FuzzNameSource(f *testing.F) {
	f.Add("Rolling Blackouts in California Have Power Experts Stumped", "The New York Times", "https://www.nytimes.com/x", 0)
	f.Add("", "", "", 3)
	f.Add("東京の会議", "Ａ　Ｂ　Ｃ", "http://[::1]:80/", 1)
	f.Fuzz(func(t *testing.T, title, outlet, address string, taken int) {
		seen := map[string]bool{}
		for range min(max(taken, 0), 5) + 1 {
			id := NameSource(title, outlet, address, "page-1a2b3c4d", func(id string) bool { return seen[id] })
			if !ValidID(id) || len(id) > MaxShortID || seen[id] {
				t.Fatalf("NameSource(%q, %q, %q) = %q (taken before: %v)", title, outlet, address, id, seen[id])
			}
			seen[id] = true
		}
	})
}
