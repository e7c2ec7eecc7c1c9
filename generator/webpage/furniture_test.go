package webpage

import (
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Pages with furniture inside their article, each left with one copy of
// each sentence and nothing else; their metadata as a person would give it.
func TestFurniture(t *testing.T) {
	for _, c := range []struct {
		file           string
		title, authors string
		paragraphs     int
		once, never    []string
	}{
		{"pullquotes.html", "In Gaza’s Last Hospitals, Doctors Ration What Is Left", "Dana Haddad", 6,
			// four pull quotes: a blockquote, an aside, a figure and a paragraph that repeats
			[]string{"Today there are no medicines for treatment at all", "go first to children with infected burns",
				"was turned back", "have not been treated since October"},
			[]string{"correspondent for The Ledger", "All rights reserved"}},
		{"promos.html", "Coronavirus: What is the R number and how is it calculated?", "", 4,
			[]string{"33% of those hospitalised", "The R number is a way"},
			[]string{"A SIMPLE GUIDE", "Your coronavirus stories", "More on this story", "What is the R number and how"}},
		{"newsletter.html", "Morning Brief: five things to know today", "", 15,
			[]string{"1 big thing: The grid holds, barely", "2. Talks resume in Paris", "5. One fun thing: a library returns a book",
				"its spine repaired"},
			[]string{"Story number", "Sign up"}},
	} {
		t.Run(c.file, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(raw, Options{URL: "https://www.bbc.co.uk/news/health-52473523"})
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(a.Paragraphs, "\n")
			if a.Title != c.title || strings.Join(a.Authors, ", ") != c.authors || len(a.Paragraphs) != c.paragraphs {
				t.Errorf("title %q, authors %q, %d paragraphs; want %q, %q, %d\n%s", a.Title, a.Authors, len(a.Paragraphs), c.title, c.authors, c.paragraphs, text)
			}
			for _, s := range c.once {
				if n := strings.Count(text, s); n != 1 {
					t.Errorf("%q is in the text %d times, want once", s, n)
				}
			}
			for _, s := range c.never {
				if strings.Contains(text, s) {
					t.Errorf("%q is in the text", s)
				}
			}
		})
	}
}

func TestDropRepeats(t *testing.T) {
	body := "Dr. Salem said the pharmacy emptied. “Today there are no medicines for treatment at all,” he said."
	far := []string{"one two three four five six", "a", "b", "c", "d", "e", "f", "g", "one two three four five six"}
	for _, c := range []struct {
		name     string
		in, want []string
	}{
		{"a pull quote after its sentence", []string{body, "“Today there are no medicines for treatment at all.”", "Next."}, []string{body, "Next."}},
		{"a pull quote before it", []string{"Intro.", "TODAY THERE ARE NO MEDICINES for treatment at all", body}, []string{"Intro.", body}},
		{"cut with an ellipsis", []string{body, "“Today there are no medicines … at all”"}, []string{body}},
		{"a paragraph repeated nearby", []string{"The talks went on into the night.", "x", "The talks went on into the night."}, []string{"The talks went on into the night.", "x"}},
		{"a refrain far apart is the text's own", far, far},
		{"short lines may recur", []string{"Read the report", "Read the report in full, with its annexes."}, []string{"Read the report", "Read the report in full, with its annexes."}},
		{"words of another paragraph, not in order", []string{"at all there are no medicines today", body}, []string{"at all there are no medicines today", body}},
	} {
		if got := dropRepeats(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// A page of several items, of which the extractor kept the first, gives
// them all, each with its heading; rows of a layout and comments do not.
func TestAllItems(t *testing.T) {
	raw, _ := os.ReadFile("testdata/newsletter.html")
	doc, err := html.Parse(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	kept := []string{"1 big thing: The grid holds, barely",
		"California’s grid operator ordered rolling blackouts for the first time in nearly two decades on Friday, cutting power to hundreds of thousands of homes for up to an hour as a heat wave pushed demand past supply.",
		"Why it matters: the outages came after weeks of warnings that the state’s shift to solar power leaves it short in the early evening, when the sun sets but air conditioners keep running."}
	items := allItems(doc, foldKept(kept))
	if len(items) != 5 {
		t.Fatalf("%d items, want 5", len(items))
	}
	text := strings.Join(paragraphs(itemsPage(items)), "\n")
	for _, s := range []string{"1 big thing", "4. A record summer for trains", "its spine repaired"} {
		if !strings.Contains(text, s) {
			t.Errorf("the items lack %q", s)
		}
	}
	if allItems(doc, foldKept(append(kept, strings.Split(text, "\n")...))) != nil {
		t.Error("items found where the text has them all")
	}
	para := strings.Repeat("The talks went on late into the night and the delegates spoke at length. ", 5)
	for name, page := range map[string]string{
		"layout rows without headings": `<div class="row"><p>` + para + `</p></div><div class="row"><p>A` + para + `</p></div><div class="row"><p>B` + para + `</p></div>`,
		"comments":                     `<div class="comment"><h3>Ann</h3><p>` + para + `</p></div><div class="comment"><h3>Bo</h3><p>A` + para + `</p></div><div class="comment"><h3>Cy</h3><p>B` + para + `</p></div>`,
	} {
		doc, _ := html.Parse(strings.NewReader("<body>" + page + "</body>"))
		if items := allItems(doc, foldKept([]string{strings.TrimSpace(para)})); items != nil {
			t.Errorf("%s: %d items", name, len(items))
		}
	}
}

// What the text leaves out of the page's paragraphs is named when it is
// much, and only then.
func TestLeftOut(t *testing.T) {
	para := func(s string) string { return "<p>" + strings.Repeat(s+" ", 12) + "</p>" }
	page := "<body><header><p>" + strings.Repeat("Menu item ", 40) + "</p></header><div>" + para("The first story is kept in full.") +
		"</div><div>" + para("The second story is left out entirely.") + para("And so is its second paragraph here.") + "</div><footer>" + para("Copyright and terms of use apply.") + "</footer></body>"
	doc, _ := html.Parse(strings.NewReader(page))
	kept := []string{strings.TrimSpace(strings.Repeat("The first story is kept in full. ", 12))}
	w := leftOut(doc, foldKept(kept))
	if !strings.HasPrefix(w, `2 paragraphs of the page (168 words) are not in the text, the first "The second story is left out entirely. The second story is l…"`) {
		t.Errorf("warning %q", w)
	}
	if w := leftOut(doc, foldKept(append(kept, strings.Repeat("The second story is left out entirely. ", 12), strings.Repeat("And so is its second paragraph here. ", 12)))); w != "" {
		t.Errorf("a text with every paragraph warns %q", w)
	}
}

// The title is the page's headline, without the site's name after it; an
// author is a person, never the outlet.
func TestTitleAndAuthor(t *testing.T) {
	const bbc = "https://www.bbc.co.uk/news/health-52473523"
	for _, c := range []struct{ given, h1, outlet, url, want string }{
		{"Coronavirus: What is the R number? - BBC News", "Coronavirus: What is the R number?", "BBC News", bbc, "Coronavirus: What is the R number?"},
		{"Coronavirus: What is the R number? - BBC News", "", "BBC News", bbc, "Coronavirus: What is the R number?"},
		{"Two disasters are worse than one | The Atlantic", "", "The Atlantic", "https://www.theatlantic.com/x", "Two disasters are worse than one"},
		{"Rubio says talks - what comes next", "", "Wire", "https://wire.example/x", "Rubio says talks - what comes next"},
		{"Deal or no deal - Rubio's question", "Deal or no deal", "", "", "Deal or no deal"},
		{"", "A headline only", "", "", "A headline only"},
	} {
		if got := pageTitle(c.given, c.h1, c.outlet, c.url); got != c.want {
			t.Errorf("pageTitle(%q, %q) = %q, want %q", c.given, c.h1, got, c.want)
		}
	}
	for _, c := range []struct {
		name, outlet, url string
		want              bool
	}{
		{"BBC News", "BBC News", bbc, true},
		{"BBC", "BBC News", bbc, true},
		{"The New York Times", "", "https://www.nytimes.com/x", false},
		{"New York Times", "The New York Times", "", true},
		{"Nytimes", "", "https://www.nytimes.com/x", true},
		{"Atlantic", "", "https://www.theatlantic.com/x", true},
		{"Laura Smith", "BBC News", bbc, false},
		{"Bob", "Bobs Weekly", "", false},
	} {
		if got := isOutlet(c.name, c.outlet, c.url); got != c.want {
			t.Errorf("isOutlet(%q, %q, %q) = %v, want %v", c.name, c.outlet, c.url, got, c.want)
		}
	}
}

func TestNameWords(t *testing.T) {
	for in, want := range map[string]string{
		"ArticleRelatedContentLink_root__x1": "article related content link root x1",
		"wp-block-pullquote":                 "wp block pullquote",
		"c-author-bio  js-bio":               "c author bio js bio",
	} {
		if got := strings.Join(nameWords(in), " "); got != want {
			t.Errorf("nameWords(%q) = %q, want %q", in, got, want)
		}
	}
}
