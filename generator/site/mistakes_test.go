package site

import (
	"strings"
	"testing"
)

// An editor's mistakes, each with the exact message and place a check
// gives it: none of them passes as "no problems". Each case is a site of
// the source paris (two paragraphs) and the files given; a briefing's body
// starts on line 4 of its file.
var mistakes = []struct {
	name  string
	files map[string]string
	want  string // the first diagnostic, as printed
	note  string // a note it carries, if any
}{
	// Pandoc's citation forms
	{"a prefix", brief(`Rubio set a deadline [see @paris, "in the very short term"].`), `content/briefings/b.md:4:23: error: a prefix ("see") is not part of a citation: write it in the sentence and cite [@paris, "…"]`, ""},
	{"a prefix on a later item", brief(`Rubio set a deadline [@paris, "in the very short term"; see also @paris, "I mean days"].`), `content/briefings/b.md:4:57: error: a prefix ("see also") is not part of a citation: write it in the sentence and cite [@paris, "…"]`, ""},
	{"Pandoc's suppressed author", brief(`Rubio set a deadline [-@paris, "in the very short term"].`), `content/briefings/b.md:4:23: error: -@paris hides the author in Pandoc; dossier shows no author, so cite [@paris, "…"]`, ""},
	{"an in-text citation with a locator", brief(`As @paris [p. 3] says, the deadline is days.`), `content/briefings/b.md:4:4: error: @paris [p. 3] is Pandoc's in-text citation, which dossier does not check: cite the passage after the claim, [@paris, "…"]`, ""},
	{"an in-text citation", brief(`As @paris says, the deadline is days.`), `content/briefings/b.md:4:4: error: @paris is not a citation, and nothing here is checked: cite a passage after the claim, [@paris, "…"], or write \@paris for the text`, ""},
	{"a page locator", brief(`Rubio set a deadline [@paris, p. 3].`), `content/briefings/b.md:4:31: error: a locator ("p. 3") is not a passage: dossier cites the words themselves, [@paris, "…"]`, ""},
	{"a locator without a comma", brief(`Rubio set a deadline [@paris p. 3].`), `content/briefings/b.md:4:30: error: a locator ("p. 3") is not a passage: dossier cites the words themselves, [@paris, "…"]`, ""},
	{"a locator after the passage", brief(`Rubio set a deadline [@paris, "in the very short term" p. 3].`), `content/briefings/b.md:4:56: error: a locator ("p. 3") after the passage is not read: end the citation with ]`, ""},
	{"a passage not in quotes", brief(`Rubio set a deadline [@paris, in the very short term].`), `content/briefings/b.md:4:31: error: the passage must be in quotes: [@paris, "…"]`, ""},
	{"a word after the id", brief(`Rubio set a deadline [@paris says].`), `content/briefings/b.md:4:30: error: expected , ; or ] after @paris`, ""},
	// quotes
	{"a closing quote missing mid-paragraph", brief("Rubio set a deadline [@paris, \"in the very short term]. The talks\nwere long [@paris, \"The talks were long\"]."), `content/briefings/b.md:4:54: error: unclosed quote: is the passage's closing quote missing before this ]?`, ""},
	{"a closing quote missing at the end", brief(`Rubio set a deadline [@paris, "in the very short term].`), `content/briefings/b.md:4:54: error: unclosed quote: is the passage's closing quote missing before this ]?`, ""},
	{"a closing quote missing, no bracket", brief(`Rubio set a deadline [@paris, "in the very short term`), `content/briefings/b.md:4:22: error: unclosed quote: the passage has no closing "`, ""},
	{"mismatched quotes", brief(`Rubio set a deadline [@paris, “in the very short term"].`), `content/briefings/b.md:4:54: error: mismatched quotes: the passage opens with “, so it closes with ”, not "`, ""},
	{"an empty passage", brief(`Rubio set a deadline [@paris, ""].`), `content/briefings/b.md:4:31: error: empty passage`, ""},
	{"an unclosed group", brief(`Rubio set a deadline [@paris, "in the very short term"`), `content/briefings/b.md:4:22: error: unclosed citation: expected ]`, ""},
	// ids
	{"an unknown source", brief(`Rubio set a deadline [@pariss, "in the very short term"].`), `content/briefings/b.md:4:22: error: unknown source @pariss`, `did you mean @paris?`},
	{"an outlet's host for an id", nytSite(`The grid failed [@nytimes].`), `content/briefings/b.md:4:17: error: unknown source @nytimes`, `did you mean @nyt/rolling-blackouts?`},
	{"an outlet's initials for an id", nytSite(`The grid failed [@nyt].`), `content/briefings/b.md:4:17: error: unknown source @nyt`, `did you mean @nyt/heat-wave or @nyt/rolling-blackouts?`},
	{"a title's word for an id", nytSite(`The grid failed [@the-atlantic/disasters].`), `content/briefings/b.md:4:17: error: unknown source @the-atlantic/disasters`, `did you mean @atlantic/two-disasters?`},
	{"a capitalised id", brief(`Rubio set a deadline [@Paris, "in the very short term"].`), `content/briefings/b.md:4:23: error: invalid source id "Paris": ids are lowercase; did you mean @paris?`, ""},
	{"an id with a bad character", brief(`Rubio set a deadline [@pa$ris].`), `content/briefings/b.md:4:23: error: invalid source id "pa$ris": ids are lowercase letters, digits and . _ / -`, ""},
	{"no id", brief(`Rubio set a deadline [@].`), `content/briefings/b.md:4:24: error: missing source id after @`, ""},
	{"contra without an id", brief(`Rubio set a deadline [contra paris].`), `content/briefings/b.md:4:30: error: expected @id after contra: did you mean contra @paris?`, ""},
	// passages
	{"a typo in the passage", brief(`Rubio set a deadline [@paris, "in the very shrt term"].`), `content/briefings/b.md:4:22: error: passage not found in @paris: "in the very shrt term"`, `did you mean "in the very short term" (¶1, 95% similar)?`},
	{"a passage that is not there", brief(`Rubio set a deadline [@paris, "within the next fortnight"].`), `content/briefings/b.md:4:22: error: passage not found in @paris: "within the next fortnight"`, ""},
	{"a passage found twice", brief(`The talks were described [@paris, "The talks were"].`), `content/briefings/b.md:4:26: error: passage found 2 times in @paris: "The talks were" (¶2 ×2): quote more words to choose one`, ""},
	{"a passage across two paragraphs", brief(`Rubio set a deadline [@paris, "I mean days. The talks were long"].`), `content/briefings/b.md:4:22: error: passage not found in @paris: "I mean days. The talks were long"`, `it runs across ¶1 and ¶2, and a passage is quoted from one paragraph: cite each part, [@paris, "I mean days."; @paris, "The talks were long"]`},
	{"elided parts out of order", brief(`Rubio set a deadline [@paris, "I mean days ... Rubio said"].`), `content/briefings/b.md:4:22: error: passage not found in @paris: "I mean days ... Rubio said"`, `every part is in the source, but not in this order within one paragraph`},
	{"a citation that closes no claim", brief(`[@paris, "in the very short term"] was said.`), `content/briefings/b.md:4:1: error: this citation closes no claim: write the sentence it supports before it`, ""},
	// editor notes
	{"an alert of an unknown kind", brief("> [!WARN] [@paris, \"in the very short term\"]\n> Only one source."), `content/briefings/b.md:4:3: error: unknown alert kind [!WARN]: the kinds are NOTE, TIP, IMPORTANT, WARNING and CAUTION; did you mean [!WARNING]?`, ""},
	{"an alert kind in the plural", brief("> [!Notes] [@paris, \"in the very short term\"]\n> Only one source."), `content/briefings/b.md:4:3: error: unknown alert kind [!Notes]: the kinds are NOTE, TIP, IMPORTANT, WARNING and CAUTION; did you mean [!NOTE]?`, ""},
	{"an alert on two sources", brief("> [!NOTE] [@paris, \"in the very short term\"; @paris, \"I mean days\"]\n> Only one source."), `content/briefings/b.md:4:11: error: an editor note anchors to one passage: cite one source in its first line`, ""},
	// front matter
	{"a colon in a title", map[string]string{"content/briefings/b.md": "---\ntitle: Flight 9: what failed\n---\nx\n"}, `content/briefings/b.md:2:1: error: front matter: mapping values are not allowed in this context`, `quote the value: title: "Flight 9: what failed"`},
	{"a title that starts with @", map[string]string{"content/briefings/b.md": "---\ntitle: @home\n---\nx\n"}, `content/briefings/b.md:2:1: error: front matter: found character that cannot start any token`, `quote the value: title: "@home"`},
	{"no title", map[string]string{"content/briefings/b.md": "---\ndate: 2025-04-20\n---\nx\n"}, `content/briefings/b.md:2:1: error: briefing has no title: add title: … to its front matter`, ""},
	{"a date in another form", map[string]string{"content/briefings/b.md": "---\ntitle: B\ndate: 20/04/2025\n---\nx\n"}, `content/briefings/b.md:3:7: error: front matter: date "20/04/2025" is not a date: write it as YYYY-MM-DD`, ""},
	{"front matter never closed", map[string]string{"content/briefings/b.md": "---\ntitle: B\nx\n"}, `content/briefings/b.md:1:1: error: front matter is not closed: add a line --- after it`, ""},
	{"a field given twice", map[string]string{"content/sources/a.txt": "---\ntitle: A\ntitle: B\n---\nText.\n"}, `content/sources/a.txt:3:1: error: front matter: title is given twice (lines 2 and 3): keep one`, ""},
	{"a source id without its @", brief(`Rubio set a deadline [paris, "in the very short term"].`), `content/briefings/b.md:4:23: error: a source id starts with @: did you mean @paris?`, ""},
	// files
	{"a saved page in sources", map[string]string{"content/sources/page.html": "<p>x</p>"}, `content/sources/page.html: error: ignored: not a .txt or .md file: import a saved web page: move it out of content/sources/ and run dossier new source --from page.html (writes content/sources/ID.txt, keeps the page under content/originals/)`, ""},
	{"a PDF in sources", map[string]string{"content/sources/report.pdf": "%PDF"}, `content/sources/report.pdf: error: ignored: not a .txt or .md file: import a PDF: move it out of content/sources/ and run dossier new source --from report.pdf (writes content/sources/ID.txt with its pages, keeps the PDF under content/originals/)`, ""},
	{"an upper-case extension", map[string]string{"content/sources/a.TXT": "Text.\n"}, `content/sources/a.TXT: error: ignored: not a .txt or .md file: rename it content/sources/a.txt (extensions are lower case)`, ""},
	{"a briefing in .txt", map[string]string{"content/briefings/b.txt": "x\n"}, `content/briefings/b.txt: error: ignored: not a .md file: a briefing is Markdown: rename it content/briefings/b.md`, ""},
	{"a briefing named with capitals", map[string]string{"content/briefings/Paris Talks.md": "---\ntitle: B\n---\nx\n"}, `content/briefings/Paris Talks.md: error: invalid briefing name "Paris Talks": use lowercase letters, digits and . _ - (rename the file)`, ""},
	{"a source named with capitals", map[string]string{"content/sources/Reuters.txt": "Text.\n"}, `content/sources/Reuters.txt: error: invalid source id "Reuters": ids are lowercase letters, digits and . _ / - (rename the file)`, ""},
	{"two sources of one id", map[string]string{"content/sources/paris.md": "Text.\n"}, `content/sources/paris.txt: error: two sources have the id "paris": content/sources/paris.md and content/sources/paris.txt`, ""},
	{"a hard-wrapped source", map[string]string{"content/sources/wrapped.txt": "The minister said that the talks\nwould go on for days, and not for\nweeks, and that the president was\nready to walk away from the talks\nif no progress was made in the next\nfew days, according to officials\nwho spoke on condition of anonymity.\n"}, `content/sources/wrapped.txt:1:33: error: this source looks hard-wrapped: 6 of its 7 lines end mid-sentence, and each line is a paragraph, so no passage can run from one line to the next; join each paragraph's lines into one line, or import the page again with dossier new source --from`, ""},
	{"a control character in a source", map[string]string{"content/sources/wrapped.txt": "---\ntitle: W\n---\nPage one.\fPage two.\n"}, `content/sources/wrapped.txt:4:10: error: the text holds the control character U+000C (a form feed, a page break): remove it; a PDF imports with its pages as dossier new source --from FILE.pdf`, ""},
	// links and the site
	{"a link to a page that is not there", brief(`See [the sources](/nope/).`), `content/briefings/b.md:4:5: error: broken link "/nope/" on /briefings/b/index.html: no page /nope/index.html`, ""},
	{"a base URL that is not absolute", map[string]string{"content/site.yaml": "base_url: example.org/briefings\n"}, `content/site.yaml:1:11: error: base_url "example.org/briefings": it is not an absolute http(s) URL: write it as https://example.org/briefings/`, ""},
	{"a language that is not a BCP 47 tag", map[string]string{"content/site.yaml": "title: T\nlanguage: english (US)\n"}, `content/site.yaml:2:11: error: front matter: language "english (US)" is not a BCP 47 language tag: write it as en, fr, pt-BR or zh-Hant`, ""},
	{"a base URL that leads to another host", map[string]string{"content/site.yaml": "title: T\nbase_url: \"https://example.org//evil.example/\"\n"}, `content/site.yaml:2:11: error: base_url "https://example.org//evil.example/": its path holds "//": a link starting "//" leads to another host`, ""},
}

// brief is a site whose briefing b.md has body.
// nytSite is a briefing and three sources of two outlets.
func nytSite(body string) map[string]string {
	files := brief(body)
	files["content/sources/nyt/rolling-blackouts.txt"] = "---\ntitle: Rolling Blackouts in California Have Power Experts Stumped\noutlet: The New York Times\nurl: https://www.nytimes.com/2020/08/19/us/x.html\n---\nThe grid failed.\n"
	files["content/sources/nyt/heat-wave.txt"] = "---\ntitle: Heat wave\noutlet: The New York Times\n---\nIt was hot.\n"
	files["content/sources/atlantic/two-disasters.txt"] = "---\ntitle: Two disasters\noutlet: The Atlantic\n---\nTwo disasters.\n"
	return files
}

func brief(body string) map[string]string {
	return map[string]string{"content/briefings/b.md": "---\ntitle: B\n---\n" + body + "\n"}
}

func TestEditorMistakes(t *testing.T) {
	if len(mistakes) < 40 {
		t.Fatalf("%d mistakes; the table keeps at least 40", len(mistakes))
	}
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			files := map[string]string{"content/sources/paris.txt": paris}
			for p, data := range m.files {
				files[p] = data
			}
			res := build(t, Config{Dir: writeSite(t, files), Check: true})
			if len(res.Diagnostics) == 0 {
				t.Fatalf("no problems; want %s", m.want)
			}
			d := res.Diagnostics[0]
			if got := d.Error(); got != m.want {
				t.Errorf("got  %s\nwant %s", got, m.want)
			}
			if m.note != "" && !strings.Contains(strings.Join(d.Notes, "\n"), m.note) {
				t.Errorf("notes %q lack %q", d.Notes, m.note)
			}
		})
	}
}
