package site

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"flag"
	"html"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/generator/diag"
	"dossier/internal/cputime"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/*/want")

// theme is the built-in theme, read from the repository root.
var theme = os.DirFS("../..")

func build(t *testing.T, cfg Config) *Result {
	t.Helper()
	if cfg.Theme == nil {
		cfg.Theme = theme
	}
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// tree reads every file under dir into a map by slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// hash is one digest of a whole tree.
func hash(t *testing.T, dir string) string {
	files := tree(t, dir)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n + "\x00" + files[n] + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// The whole small site, page by page, against testdata/basic/want. The
// golden files hold what the site's code and templates make: a stylesheet
// or script is its static file, and its name's hash and integrity value
// are placeholders (assetName, integrityValue), so that editing the CSS
// rewrites no golden file; each asset is checked against its source, its
// name and its integrity here instead.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res := build(t, Config{Dir: "testdata/basic", Out: out})
	if len(res.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	built := tree(t, out)
	got := map[string]string{}
	assets := map[string]string{}
	for name, data := range built {
		if assetName.MatchString(name) && !strings.Contains(name, "/") {
			assets[name] = data
			continue
		}
		got[goldenForm(name)] = goldenForm(data)
	}
	want := "testdata/basic/want"
	if *update {
		os.RemoveAll(want)
		writeFiles(t, want, got)
	}
	exp := tree(t, want)
	for name, w := range exp {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s: not written", name)
			continue
		}
		if g != w {
			t.Errorf("%s differs from the golden file; run go test ./generator/site -update and review the diff\n%s", name, firstDiff(g, w))
		}
	}
	for name := range got {
		if _, ok := exp[name]; !ok {
			t.Errorf("%s: written but not in the golden files", name)
		}
	}
	// each asset: its static file as it is, named by its hash, and the
	// integrity value the pages give it
	var pages strings.Builder
	for name, data := range built {
		if strings.HasSuffix(name, ".html") {
			pages.WriteString(strings.ReplaceAll(data, "&#43;", "+")) // as attributes escape it
		}
	}
	for name, data := range assets {
		m := assetName.FindStringSubmatch(name)
		if src, err := os.ReadFile("../../static/" + m[1] + "." + m[2]); err == nil && string(src) != data {
			t.Errorf("%s is not static/%s.%s", name, m[1], m[2])
		}
		sum, sri := sha256.Sum256([]byte(data)), sha512.Sum384([]byte(data))
		if name != m[1]+"."+hex.EncodeToString(sum[:4])+"."+m[2] {
			t.Errorf("%s: not named by its hash", name)
		}
		if ref := "/" + name + `" integrity="sha384-` + base64.StdEncoding.EncodeToString(sri[:]) + `"`; !strings.Contains(pages.String(), ref) {
			t.Errorf("no page loads %s with its integrity", name)
		}
	}
	if len(assets) < 2 {
		t.Errorf("assets: %v", slices.Collect(maps.Keys(assets)))
	}
	if res.Briefings != 2 || res.Sources != 3 || res.Claims != 6 {
		t.Errorf("counts: %d briefings, %d sources, %d claims", res.Briefings, res.Sources, res.Claims)
	}
}

var (
	assetName      = regexp.MustCompile(`\b([a-z]+)\.[0-9a-f]{8}\.(css|js)\b`)
	integrityValue = regexp.MustCompile(`integrity="sha384-[A-Za-z0-9+/=]+"`)
)

// goldenForm is text of the build as the golden files hold it: assets'
// hashes and integrity values as placeholders.
func goldenForm(s string) string {
	s = assetName.ReplaceAllString(s, "$1.HASH.$2")
	return integrityValue.ReplaceAllString(s, `integrity="sha384-HASH"`)
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + al[i] + "\nwant: " + bl[i]
		}
	}
	return "lengths differ"
}

func TestDrafts(t *testing.T) {
	res := build(t, Config{Dir: "testdata/basic", Out: filepath.Join(t.TempDir(), "o"), Drafts: true})
	if res.Briefings != 3 {
		t.Errorf("with --drafts: %d briefings, want 3", res.Briefings)
	}
}

// Two builds of the same input are byte-identical, however many cores.
func TestDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	build(t, Config{Dir: "../..", Out: a})
	build(t, Config{Dir: "../..", Out: b})
	if hash(t, a) != hash(t, b) {
		t.Error("two builds of the example site differ")
	}
}

// claims.json: the shape docs/site.md gives, and text[start:end] is the passage.
func TestClaimsJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o")
	build(t, Config{Dir: "testdata/basic", Out: out})
	b, err := os.ReadFile(filepath.Join(out, "claims.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Claims []struct {
			ID, Briefing, Text, Path string
			Number, Line             int
			Citations                []struct {
				Source, Relation, Passage, Status string
				Paragraph                         int
				Start, End                        *int
				Selector                          *struct{ Type, Exact, Prefix, Suffix string }
			}
		}
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Claims) != 6 {
		t.Fatalf("%d claims", len(f.Claims))
	}
	texts := map[string][]rune{} // the body of each .txt source, after its front matter
	for _, id := range []string{"wire/paris"} {
		src, err := os.ReadFile("testdata/basic/content/sources/" + id + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(strings.TrimPrefix(string(src), "---\n"), "\n---\n")
		texts[id] = []rune(body)
	}
	c := f.Claims[0]
	if c.Briefing != "talks" || c.Number != 1 || c.Text != "Rubio set a deadline of days" || c.Path != "content/briefings/talks.md" || c.Line != 8 {
		t.Errorf("claim 1 = %+v", c)
	}
	for _, c := range f.Claims {
		for _, cit := range c.Citations {
			if cit.Status != "anchored" {
				if cit.Start != nil {
					t.Errorf("%s: offsets for a %s citation", c.ID, cit.Status)
				}
				continue
			}
			text, ok := texts[cit.Source]
			if !ok {
				continue
			}
			got := string(text[*cit.Start:*cit.End])
			if got != cit.Selector.Exact {
				t.Errorf("%s: text[%d:%d] = %q, selector says %q", c.ID, *cit.Start, *cit.End, got, cit.Selector.Exact)
			}
			if !strings.HasSuffix(string(text[:*cit.Start]), cit.Selector.Prefix) || !strings.HasPrefix(string(text[*cit.End:]), cit.Selector.Suffix) {
				t.Errorf("%s: prefix/suffix do not surround the passage", c.ID)
			}
		}
	}
	checked := 0
	for _, c := range f.Claims {
		for _, cit := range c.Citations {
			if cit.Start != nil && texts[cit.Source] != nil {
				checked++
			}
		}
	}
	if checked < 4 {
		t.Errorf("only %d citations had their offsets checked", checked)
	}
	var sawElided bool
	for _, cit := range f.Claims[1].Citations {
		sawElided = cit.Selector != nil && strings.HasPrefix(cit.Selector.Exact, "We’re not going") && strings.HasSuffix(cit.Selector.Exact, "ready to walk away")
	}
	if !sawElided {
		t.Error("the elided passage does not run from its first part to its last")
	}
}

// writeSite makes a site in a temporary folder from a map of paths to contents.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// writeFiles writes files (slash paths to contents) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const paris = "---\ntitle: Paris\n---\nRubio said the decision would come in the very short term and I mean days.\nThe talks were long. The talks were constructive.\n"

// docs/citations.md's table, through a whole build: each case, its severity in a
// plain and a strict build, its position (the citation's '[') and its message.
func TestAnchoringDiagnostics(t *testing.T) {
	tests := []struct {
		name     string
		cite     string
		plain    diag.Severity
		anchored bool
		msg      string
		notes    string
	}{
		{"found once", `[@paris, "in the very short term"]`, -1, true, "", ""},
		{"unknown source", `[@pariss, "in the very short term"]`, diag.Error, false, "unknown source @pariss", "did you mean @paris?"},
		{"not found, with a suggestion", `[@paris, "in the very shrt term"]`, diag.Warning, false, `passage not found in @paris: "in the very shrt term"`,
			"did you mean \"in the very short term\" (¶1, 95% similar)?\ndifference: in the very [-shrt-]{+short+} term"},
		{"not found, nothing close", `[@paris, "budget"]`, diag.Warning, false, `passage not found in @paris: "budget"`, ""},
		{"found more than once", `[@paris, "The talks were"]`, diag.Warning, false, `passage found 2 times in @paris: "The talks were" (¶2 ×2): quote more words to choose one`,
			`or name its paragraph after the passage: [@paris, "The talks were", ¶2]`},
		{"chosen by its paragraph", `[@paris, "in the very short term", ¶1]`, -1, true, "", ""},
		{"not in the paragraph named", `[@paris, "in the very short term", ¶2]`, diag.Warning, false, `passage not in ¶2 of @paris: "in the very short term" is in ¶1`, ""},
		{"a paragraph the source lacks", `[@paris, "in the very short term", ¶9]`, diag.Error, false, `@paris has 2 paragraphs: there is no ¶9`, ""},
		{"twice in the paragraph named", `[@paris, "The talks were", ¶2]`, diag.Warning, false, `passage found 2 times in ¶2 of @paris: "The talks were": quote more words to choose one`, ""},
		{"empty", `[@paris, "   "]`, diag.Error, false, "empty passage", ""},
		{"elided out of order", `[@paris, "I mean days … Rubio said"]`, diag.Warning, false, "passage not found", "every part is in the source, but not in this order within one paragraph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			brief := "---\ntitle: T\n---\n\nIntro line.\nRubio spoke " + tt.cite + ".\n"
			dir := writeSite(t, map[string]string{"content/sources/paris.txt": paris, "content/briefings/t.md": brief})
			for _, strict := range []bool{false, true} {
				res := build(t, Config{Dir: dir, Strict: strict, Out: filepath.Join(t.TempDir(), "o")})
				if tt.plain < 0 {
					if len(res.Diagnostics) != 0 {
						t.Fatalf("diagnostics: %v", res.Diagnostics)
					}
					continue
				}
				if len(res.Diagnostics) != 1 {
					t.Fatalf("strict=%v: diagnostics %v, want one", strict, res.Diagnostics)
				}
				d := res.Diagnostics[0]
				want := tt.plain
				if strict {
					want = diag.Error
				}
				if d.Severity != want || d.Path != "content/briefings/t.md" || d.Line != 6 || d.Col != 13 ||
					!strings.HasPrefix(d.Message, tt.msg) || (tt.notes != "" && strings.Join(d.Notes, "\n") != tt.notes) {
					t.Errorf("strict=%v: got %s %q, want %s at t.md:6:13 %q %q", strict, d.Error(), d.Notes, want, tt.msg, tt.notes)
				}
				if d.Excerpt != "Rubio spoke "+tt.cite+"." {
					t.Errorf("excerpt = %q", d.Excerpt)
				}
				if wrote := res.Out != ""; wrote != (want == diag.Warning) {
					t.Errorf("strict=%v: output written = %v with a %s", strict, wrote, want)
				}
			}
		})
	}
}

// A passage that is not found renders as a broken citation, linked nowhere.
func TestBrokenCitationRenders(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/sources/paris.txt": paris,
		"content/briefings/t.md":    "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very shrt term\"].\n",
	})
	out := filepath.Join(t.TempDir(), "o")
	res := build(t, Config{Dir: dir, Out: out})
	if res.Out == "" {
		t.Fatalf("not written: %v", res.Diagnostics)
	}
	page, _ := os.ReadFile(filepath.Join(out, "briefings/t/index.html"))
	for _, want := range []string{`class="noteref broken"`, `<span class="broken">“in the very shrt term”</span>`, "was not found in the source"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %s", want)
		}
	}
	src, _ := os.ReadFile(filepath.Join(out, "sources/paris/index.html"))
	if strings.Contains(string(src), "<mark") {
		t.Error("a passage that was not found is highlighted on its source's page")
	}
}

// A build that fails leaves the previous output exactly as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/sources/paris.txt": paris,
		"content/briefings/t.md":    "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	if res := build(t, Config{Dir: dir, Out: out}); res.Out == "" {
		t.Fatal(res.Diagnostics)
	}
	before := hash(t, out)
	os.WriteFile(filepath.Join(dir, "content/briefings/t.md"), []byte("---\ntitle: T\n---\nRubio spoke [@nope, \"x\"].\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/briefings/u.md"), []byte("---\ntitle: U\n---\nNew [@paris].\n"), 0o644)
	res := build(t, Config{Dir: dir, Out: out})
	if !res.Failed() {
		t.Fatal("the build did not fail")
	}
	if hash(t, out) != before {
		t.Error("a failed build changed the output")
	}
	// beside the output: at most the spare, the folders the failed build
	// had begun (see TestWriterRewritesTheBuildBeforeLast), never a build
	// under way
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != ".public.prev" {
			t.Errorf("the failed build left %s beside the output", e.Name())
		}
	}
	// a good build replaces it whole: deleted pages do not linger
	os.Remove(filepath.Join(dir, "content/briefings/t.md"))
	if res := build(t, Config{Dir: dir, Out: out}); res.Out == "" {
		t.Fatal(res.Diagnostics)
	}
	if _, err := os.Stat(filepath.Join(out, "briefings/t")); err == nil {
		t.Error("the deleted briefing's page lingers")
	}
	if _, err := os.Stat(filepath.Join(out, "briefings/u/index.html")); err != nil {
		t.Error("the new briefing was not written")
	}
}

// Build after build into one output, each is byte for byte what a build
// into a new folder makes, though from the third on it is written over the
// build before last, kept beside the output; a build that fails once its
// pages are written (a broken link) leaves the output as it was.
func TestRebuildsMatchFreshBuilds(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/sources/paris.txt":  paris,
		"content/sources/other.txt":  "---\ntitle: Other\n---\nAnother account of the talks.\n",
		"content/briefings/t.md":     "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n",
		"content/briefings/gone.md":  "---\ntitle: Gone\n---\nSoon gone [@other, \"Another account\"].\n",
		"content/briefings/later.md": "---\ntitle: Later\n---\nThe talks [@paris, \"The talks were long\"].\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	steps := []struct {
		write  map[string]string // "" removes the file
		broken bool
	}{
		{},
		{write: map[string]string{"content/briefings/t.md": "---\ntitle: T, edited\n---\nRubio spoke [@paris, \"and I mean days\"].\n"}},
		{write: map[string]string{"content/briefings/gone.md": "", "content/sources/other.txt": ""}},
		{write: map[string]string{"content/briefings/later.md": "---\ntitle: Later\n---\nSee [nowhere](/nowhere/) [@paris, \"constructive\"].\n"}, broken: true},
		{write: map[string]string{"content/briefings/later.md": "", "content/sources/new.txt": "---\ntitle: New\n---\nA new source.\n",
			"content/briefings/n.md": "---\ntitle: N\n---\nNew [@new, \"A new source\"].\n"}},
		{write: map[string]string{"content/briefings/t.md": "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n"}},
	}
	for i, step := range steps {
		for name, text := range step.write {
			if text == "" {
				os.Remove(filepath.Join(dir, name))
			} else if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		before := ""
		if i > 0 {
			before = hash(t, out)
		}
		res := build(t, Config{Dir: dir, Out: out})
		if step.broken {
			if !res.Failed() {
				t.Fatalf("step %d: the build with a broken link did not fail", i)
			}
			if hash(t, out) != before {
				t.Errorf("step %d: the failed build changed the output", i)
			}
			// what it wrote is kept as the spare, for the next build to rewrite
			page, _ := os.ReadFile(filepath.Join(filepath.Dir(out), ".public.prev", "briefings", "later", "index.html"))
			if !strings.Contains(string(page), `href="/nowhere/"`) {
				t.Errorf("step %d: the failed build's pages were not kept as the spare", i)
			}
			continue
		}
		if res.Out == "" {
			t.Fatalf("step %d: %v", i, res.Diagnostics)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		build(t, Config{Dir: dir, Out: fresh})
		if got, want := tree(t, out), tree(t, fresh); !maps.Equal(got, want) {
			for name := range want {
				if got[name] != want[name] {
					t.Errorf("step %d: %s differs from a fresh build's", i, name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("step %d: %s lingers", i, name)
				}
			}
		}
		pages := 0
		for name := range tree(t, fresh) {
			if strings.HasSuffix(name, ".html") {
				pages++
			}
		}
		if res.Pages != pages {
			t.Errorf("step %d: %d pages counted", i, res.Pages)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 2 || entries[0].Name() != ".public.prev" || entries[1].Name() != "public" {
		t.Errorf("beside the output: %v", entries)
	}
}

// The output folder is replaced whole, so it must be a previous build.
func TestRefusesForeignOutput(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/sources/paris.txt": paris})
	out := writeSite(t, map[string]string{"notes.txt": "mine"})
	cfg := Config{Dir: dir, Out: out, Theme: theme}
	if _, err := Build(context.Background(), cfg); err == nil {
		t.Error("a folder of other files was accepted as the output")
	}
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil {
		t.Error("the folder was touched")
	}
	cfg.Out = dir
	if _, err := Build(context.Background(), cfg); err == nil {
		t.Error("the site itself was accepted as the output")
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/sources/paris.txt": paris,
		"content/briefings/t.md": "---\ntitle: T\n---\nRubio spoke [@paris, \"The talks were\"].\n"})
	res := build(t, Config{Dir: dir, Check: true})
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != diag.Error {
		t.Errorf("check: %v, want the ambiguity as an error", res.Diagnostics)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("check wrote public/")
	}
}

// Hostile text in sources and briefings comes out as inert text.
func TestHostileContent(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/site.yaml": "title: <script>alert('t')</script>\ndescription: '\"><script>alert(1)</script>'\n",
		"content/sources/evil.txt": "---\ntitle: <img src=x onerror=alert(1)>\noutlet: \"</title><script>alert(2)</script>\"\nurl: javascript:alert(3)\narchive: [\"javascript:alert(16)\", \"data:text/html,<script>alert(17)</script>\"]\nnote: '[click](javascript:alert(4)) <script>alert(5)</script>'\n---\n" +
			"He wrote <script>alert(6)</script> and <img src=x onerror=alert(7)> here.\n" +
			"A line with \"quotes\" & ampersands & </mark><script>x</script>.\n",
		"content/briefings/b.md": "---\ntitle: \"<script>alert(8)</script>\"\nsummary: <b onmouseover=alert(9)>hi</b>\n---\n" +
			"He wrote <script>alert(10)</script> it [@evil, \"<script>alert(6)</script>\"].\n" +
			"Links [x](javascript:alert(11)) and [y](JaVaScRiPt:alert(12)) and ![i](javascript:alert(13)) [@evil, \"</mark><script>x</script>\"].\n\n" +
			"<div onclick=alert(14)>raw</div>\n\n" +
			"> [!WARNING] [@evil, \"<img src=x onerror=alert(7)>\"]\n> <script>alert(15)</script> note\n",
	})
	out := filepath.Join(t.TempDir(), "o")
	res := build(t, Config{Dir: dir, Out: out})
	if res.Out == "" {
		t.Fatalf("not built: %v", res.Diagnostics)
	}
	// a url or archive that is not http(s) is said, and left out
	var said []string
	for _, d := range res.Diagnostics {
		said = append(said, d.Error())
	}
	for _, want := range []string{
		`content/sources/evil.txt:4:6: warning: front matter: url "javascript:alert(3)" is not an http or https URL: the source's page does not link it`,
		`content/sources/evil.txt:5:11: warning: front matter: archive "javascript:alert(16)" is not an http or https URL: it is left out`,
		`content/sources/evil.txt:5:35: warning: front matter: archive "data:text/html,<script>alert(17)</script>" is not an http or https URL: it is left out`,
	} {
		if !slices.Contains(said, want) {
			t.Errorf("no %s in %q", want, said)
		}
	}
	if len(said) != 3 {
		t.Errorf("%d diagnostics: %q", len(said), said)
	}
	for name, page := range tree(t, out) {
		if strings.HasSuffix(name, ".html") {
			for _, v := range activeVectors(page) {
				t.Errorf("%s: %s", name, v)
			}
		}
	}
	src, _ := os.ReadFile(filepath.Join(out, "sources/evil/index.html"))
	if !strings.Contains(string(src), "&lt;script&gt;alert(6)&lt;/script&gt;") {
		t.Error("the source's text is not shown escaped")
	}
	if strings.Contains(string(src), "the original") {
		t.Error("a javascript: url is linked as the original")
	}
}

var (
	tagPattern  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>`)
	themeScript = regexp.MustCompile(`^<script src="/[a-z]+\.[0-9a-f]{8}\.js" integrity="sha384-[A-Za-z0-9+/=&#;]+" defer>$`)
	attrPattern = regexp.MustCompile(`\s([^\s=/>]+)(?:=("[^"]*"|'[^']*'|[^\s>]+))?`)
)

// activeVectors lists what in page could run script: script-like elements,
// event handler attributes, and URLs with a scheme that runs code. Text is
// escaped in dossier's output, so every '<' in page opens a real tag.
func activeVectors(page string) []string {
	var found []string
	for _, i := range tagPattern.FindAllStringSubmatchIndex(page, -1) {
		m := []string{page[i[0]:i[1]], page[i[2]:i[3]], page[i[4]:i[5]]}
		switch strings.ToLower(m[1]) {
		case "script":
			// the theme's own script, and nothing else: no inline code, no other origin
			if !themeScript.MatchString(m[0]) || !strings.HasPrefix(page[i[1]:], "</script>") {
				found = append(found, "element "+m[0])
			}
		case "iframe", "object", "embed", "form", "base", "style":
			found = append(found, "element "+m[0])
		}
		for _, a := range attrPattern.FindAllStringSubmatch(m[2], -1) {
			name := strings.ToLower(a[1])
			val := strings.ToLower(strings.Trim(a[2], `"'`))
			val = strings.Join(strings.Fields(html.UnescapeString(val)), "")
			if strings.HasPrefix(name, "on") || name == "style" || name == "srcdoc" || name == "formaction" {
				found = append(found, "attribute "+a[0]+" in "+m[0])
			}
			if (name == "href" || name == "src" || name == "action" || name == "xlink:href") &&
				(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:")) {
				found = append(found, "url "+a[0]+" in "+m[0])
			}
		}
	}
	return found
}

// The checker itself finds what it looks for.
func TestActiveVectors(t *testing.T) {
	bad := []string{
		`<script>x</script>`, `<script src="/dossier.0123abcd.js" integrity="sha384-AAAA" defer>x</script>`, `<script src="https://evil.example/x.js" defer></script>`, `<img src=x onerror=alert(1)>`, `<a href="javascript:x">`, `<a href="JavaScript:x">`,
		`<a href="java&#10;script:x">`, `<a href='vbscript:x'>`, `<iframe src=x>`, `<p style="x">`, `<a href=data:text/html,x>`,
	}
	for _, b := range bad {
		if len(activeVectors("<p>"+b+"</p>")) == 0 {
			t.Errorf("missed %s", b)
		}
	}
	good := `<p>&lt;script&gt; onerror=x <a href="/x" class="y">javascript:</a></p>`
	if v := activeVectors(good); len(v) != 0 {
		t.Errorf("flagged inert text: %v", v)
	}
}

// Every problem in a briefing is reported at its line and column, wherever
// the citation stands: a list item, a quote, a table, a group over lines.
func TestBriefingErrorPositions(t *testing.T) {
	brief := "---\ntitle: T\n---\n" + // lines 1-3
		"- Item [@paris, p. 3].\n" + // 4
		"> Quoted [@Paris].\n" + // 5
		"\n| a | b |\n| - | - |\n| cell [@nope] | x |\n" + // 9
		"\nOver lines [@paris,\n  \"in the very short term\"; @x y].\n" + // 11-12
		"\n> [!NOTE] [@paris, \"days\"; @paris, \"The talks\"]\n> Two.\n" + // 14
		"\nNot closed [@paris, \"in the very\n" // 17
	dir := writeSite(t, map[string]string{"content/sources/paris.txt": paris, "content/briefings/t.md": brief})
	res := build(t, Config{Dir: dir, Check: true})
	want := []string{
		`content/briefings/t.md:4:17: error: a locator ("p. 3") is not a passage`,
		"content/briefings/t.md:5:11: error: invalid source id \"Paris\": ids are lowercase; did you mean @paris?",
		"content/briefings/t.md:9:8: error: unknown source @nope",
		"content/briefings/t.md:12:32: error: expected , ; or ] after @x",
		"content/briefings/t.md:14:11: error: an editor note anchors to one passage",
		"content/briefings/t.md:17:12: error: unclosed quote",
	}
	if len(res.Diagnostics) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%v", len(res.Diagnostics), len(want), res.Diagnostics)
	}
	for i, d := range res.Diagnostics {
		if !strings.HasPrefix(d.Error(), want[i]) {
			t.Errorf("got  %s\nwant %s…", d.Error(), want[i])
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	ids := newHeadingIDs()
	for _, tt := range []struct{ in, want string }{
		{"What was discussed?", "h-what-was-discussed"},
		{"What was discussed?", "h-what-was-discussed-1"},
		{"Note 1", "h-note-1"},
		{"C 1f3a9b20", "h-c-1f3a9b20"},
		{"Moscow’s answer — in full", "h-moscow-s-answer-in-full"},
		{"?!", "h-section"},
	} {
		if got := string(ids.Generate([]byte(tt.in), 0)); got != tt.want {
			t.Errorf("Generate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// With a base URL every link starts with its path, and pages name their canonical URL.
func TestBaseURL(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o")
	res := build(t, Config{Dir: "testdata/basic", Out: out, BaseURL: "https://example.org/sub"})
	if res.Out == "" {
		t.Fatal(res.Diagnostics)
	}
	page, _ := os.ReadFile(filepath.Join(out, "briefings/talks/index.html"))
	for _, want := range []string{
		`<link rel="canonical" href="https://example.org/sub/briefings/talks/">`,
		`<link rel="stylesheet" href="/sub/style.`,
		`href="/sub/sources/wire/paris/#q-`,
		`<a class="site-title" href="/sub/">`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(string(page), `href="/sources/`) {
		t.Error("a link misses the base path")
	}
	bad := build(t, Config{Dir: "testdata/basic", Out: out, BaseURL: "example.org"})
	if !bad.Failed() || !strings.Contains(bad.Diagnostics[0].Message, "not an absolute http(s) URL") {
		t.Errorf("a relative base URL: %v", bad.Diagnostics)
	}
}

// A build in memory holds exactly what a build on disk writes.
func TestMemoryBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o")
	disk := build(t, Config{Dir: "testdata/basic", Out: out})
	mem := allFiles(build(t, Config{Dir: "testdata/basic", Memory: true}))
	files := tree(t, out)
	if len(mem) != len(files) {
		t.Fatalf("memory has %d files, disk %d (%d pages)", len(mem), len(files), disk.Pages)
	}
	for name, data := range files {
		if mem[name] != data {
			t.Errorf("%s differs", name)
		}
	}
}

// allFiles is every file of a build in memory, those made when asked for included.
func allFiles(res *Result) map[string]string {
	out := map[string]string{}
	for name, data := range res.Site {
		out[name] = string(data)
	}
	for name, gen := range res.Lazy {
		out[name] = string(gen())
	}
	return out
}

// The link check catches a broken fragment where the editor wrote it, a
// template's broken link on the template, and an id given twice.
func TestLinkCheck(t *testing.T) {
	files := map[string]string{
		"content/sources/paris.txt": paris,
		"content/briefings/t.md":    "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\nSee [the second paragraph](/sources/paris/#p2) and [a ninth](/sources/paris/#p99).\n",
	}
	dir := writeSite(t, files)
	res := build(t, Config{Dir: dir, Out: filepath.Join(t.TempDir(), "o")})
	if len(res.Diagnostics) != 1 || res.Out != "" {
		t.Fatalf("diagnostics %v, written to %q", res.Diagnostics, res.Out)
	}
	if d := res.Diagnostics[0]; d.Error() != `content/briefings/t.md:5:52: error: broken link "/sources/paris/#p99" on /briefings/t/index.html: /sources/paris/index.html has no element with id "p99"` {
		t.Errorf("got %s", d.Error())
	}
	if c := build(t, Config{Dir: dir, Check: true}); len(c.Diagnostics) != 1 {
		t.Errorf("check: %v", c.Diagnostics)
	}

	files["content/briefings/t.md"] = "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n"
	files["templates/404.html"] = `{{define "main"}}<p id="x">Lost.</p><p id="x"><a href="{{.Site.Home}}nowhere/">Home</a></p>{{end}}`
	dir = writeSite(t, files)
	res = build(t, Config{Dir: dir, Out: filepath.Join(t.TempDir(), "o")})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	want := []string{
		`templates/404.html: error: broken link "/nowhere/" on /404.html: no page /nowhere/index.html`,
		`templates/404.html: error: the id "x" is given to two elements of /404.html`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// within the page, relative, and above the base path; the same link
	// on two pages is reported on each
	delete(files, "templates/404.html")
	files["content/briefings/t.md"] = "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\n" +
		"[Self](#nope), [self again](#nope), [up](../../x/) and [out](/elsewhere/) and [fine](#h-part).\n\n## Part\n"
	files["content/briefings/u.md"] = "---\ntitle: U\n---\nRubio spoke [@paris, \"in the very short term\"] [out](/elsewhere/).\n"
	dir = writeSite(t, files)
	res = build(t, Config{Dir: dir, Out: filepath.Join(t.TempDir(), "o"), BaseURL: "https://example.org/site/"})
	got = nil
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	want = []string{
		`content/briefings/t.md:5:1: error: broken link "#nope" on /briefings/t/index.html: /briefings/t/index.html has no element with id "nope"`,
		`content/briefings/t.md:5:37: error: broken link "../../x/" on /briefings/t/index.html: no page /x/index.html`,
		`content/briefings/t.md:5:56: error: the link "/elsewhere/" on /briefings/t/index.html leads outside the site (base path /site/)`,
		`content/briefings/u.md:4:48: error: the link "/elsewhere/" on /briefings/u/index.html leads outside the site (base path /site/)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFeedSitemapRobots(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o")
	t.Setenv("SOURCE_DATE_EPOCH", "1745000000")
	if res := build(t, Config{Dir: "testdata/basic", Out: out, BaseURL: "https://example.org/sub/"}); res.Out == "" {
		t.Fatal(res.Diagnostics)
	}
	var feed struct {
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err := xml.Unmarshal(b, &feed); err != nil {
		t.Fatal(err)
	}
	if feed.ID != "https://example.org/sub/" || feed.Updated != "2025-04-20T00:00:00Z" || len(feed.Entries) != 2 {
		t.Fatalf("feed = %+v", feed)
	}
	e := feed.Entries[0]
	if e.Title != "The talks" || e.Link.Href != "https://example.org/sub/briefings/talks/" || e.Summary != "What was said in Paris." || e.Updated != "2025-04-20T00:00:00Z" {
		t.Errorf("first entry = %+v", e)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	b, _ = os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err := xml.Unmarshal(b, &sm); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, strings.TrimPrefix(u.Loc, "https://example.org/sub/"))
	}
	var pages []string
	for name := range tree(t, out) {
		if strings.HasSuffix(name, "index.html") {
			pages = append(pages, strings.TrimSuffix(name, "index.html"))
		}
	}
	slices.Sort(locs)
	slices.Sort(pages)
	if !slices.Equal(locs, pages) {
		t.Errorf("sitemap lists %v, the pages are %v", locs, pages)
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://example.org/sub/sitemap.xml") {
		t.Errorf("robots.txt = %q", robots)
	}
	// without a base URL there is no sitemap (its URLs must be absolute), and the feed's ids are URNs
	out2 := filepath.Join(t.TempDir(), "o")
	build(t, Config{Dir: "testdata/basic", Out: out2})
	if _, err := os.Stat(filepath.Join(out2, "sitemap.xml")); err == nil {
		t.Error("a sitemap without a base URL")
	}
	b, _ = os.ReadFile(filepath.Join(out2, "feed.xml"))
	if err := xml.Unmarshal(b, &feed); err != nil || !strings.HasPrefix(feed.ID, "urn:uuid:") {
		t.Errorf("feed id %q (%v)", feed.ID, err)
	}
}

// annotations.jsonld, written with a base URL, is a W3C Web Annotation
// collection whose selectors find the passage in the source's paragraph:
// the quote with its context cut at the paragraph, the paragraph's element
// refined by code points into its text, and the passage's element. Without
// a base URL, which absolute IRIs need, it is not written.
func TestAnnotations(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o")
	build(t, Config{Dir: "testdata/basic", Out: out})
	if _, err := os.Stat(filepath.Join(out, "annotations.jsonld")); err == nil {
		t.Error("annotations.jsonld written without a base URL")
	}
	build(t, Config{Dir: "testdata/basic", Out: out, BaseURL: "https://example.org/b/"})
	b, _ := os.ReadFile(filepath.Join(out, "annotations.jsonld"))
	type selector struct {
		Type, ConformsTo, Value string
		Exact, Prefix, Suffix   string
		Start, End              int
		RefinedBy               *selector
	}
	var doc struct {
		Context string `json:"@context"`
		Type    string
		Total   int
		First   struct {
			Items []struct {
				ID, Type, Motivation string
				Body                 []struct{ Type, Value, Source, Purpose string }
				Target               struct {
					Source   string
					Selector []selector
				}
			}
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context != "http://www.w3.org/ns/anno.jsonld" || doc.Type != "AnnotationCollection" || doc.Total != len(doc.First.Items) || doc.Total != 6 {
		t.Fatalf("collection: %s %s %d (%d items)", doc.Context, doc.Type, doc.Total, len(doc.First.Items))
	}
	src, _ := os.ReadFile("testdata/basic/content/sources/wire/paris.txt")
	_, body, _ := strings.Cut(strings.TrimPrefix(string(src), "---\n"), "\n---\n")
	paras := strings.Split(strings.TrimSpace(body), "\n")
	checked, marks := 0, 0
	for _, a := range doc.First.Items {
		if a.Type != "Annotation" || !strings.HasPrefix(a.ID, "https://example.org/b/briefings/") || len(a.Body) != 3 ||
			a.Body[0].Purpose != "assessing" || a.Body[2].Type != "SpecificResource" || !strings.HasPrefix(a.Body[2].Source, "https://") {
			t.Errorf("annotation %+v", a)
		}
		if a.Target.Source != "https://example.org/b/sources/wire/paris/" {
			continue
		}
		q, f := a.Target.Selector[0], a.Target.Selector[1]
		n, _ := strconv.Atoi(strings.TrimPrefix(f.Value, "p"))
		if q.Type != "TextQuoteSelector" || f.Type != "FragmentSelector" || f.RefinedBy == nil || n < 1 || n > len(paras) {
			t.Fatalf("selectors %+v %+v", q, f)
		}
		para := []rune(paras[n-1])
		p := f.RefinedBy
		if string(para[p.Start:p.End]) != q.Exact || !strings.HasSuffix(string(para[:p.Start]), q.Prefix) || !strings.HasPrefix(string(para[p.End:]), q.Suffix) {
			t.Errorf("¶%d: %q at %d–%d, with %q before and %q after", n, q.Exact, p.Start, p.End, q.Prefix, q.Suffix)
		}
		if len(a.Target.Selector) == 3 {
			if m := a.Target.Selector[2]; m.Type != "FragmentSelector" || !strings.HasPrefix(m.Value, "q-") {
				t.Errorf("the passage's element: %+v", m)
			}
			marks++
		}
		checked++
	}
	if checked < 3 || marks < 1 {
		t.Errorf("only %d annotations checked, %d with the passage's element", checked, marks)
	}
}

// No path and no link leads a read outside the site.
func TestNoReadOutsideTheSite(t *testing.T) {
	outside := writeSite(t, map[string]string{"secret.txt": "---\ntitle: Secret\n---\nTOP SECRET words here.\n"})
	dir := writeSite(t, map[string]string{
		"content/sources/paris.txt": paris,
		"content/briefings/t.md":    "---\ntitle: T\n---\nRubio spoke [@paris, \"in the very short term\"].\nSecret [@leak, \"TOP SECRET\"]. Up [@../secret].\n",
	})
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "content/sources/leak.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("paris.txt", filepath.Join(dir, "content/sources/alias.txt")); err != nil {
		t.Fatal(err)
	}
	res := build(t, Config{Dir: dir, Check: true})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"content/sources/leak.txt: error: a link that leads outside the site, or nowhere: not read",
		`content/briefings/t.md:5:35: error: invalid source id "../secret"`,
		"content/briefings/t.md:5:8: error: unknown source @leak",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "alias") {
		t.Errorf("a link within the site was refused:\n%s", all)
	}
	// the rest of the site builds, and nothing of the secret is in it
	os.WriteFile(filepath.Join(dir, "content/briefings/t.md"), []byte("---\ntitle: T\n---\nRubio spoke [@alias, \"in the very short term\"].\n"), 0o644)
	os.Remove(filepath.Join(dir, "content/sources/leak.txt"))
	mem := build(t, Config{Dir: dir, Memory: true})
	if mem.Failed() {
		t.Fatal(mem.Diagnostics)
	}
	for name, data := range allFiles(mem) {
		if strings.Contains(data, "TOP SECRET") {
			t.Errorf("%s holds the secret", name)
		}
	}
}

// Pathological input finishes in bounded time with a clear error or a page.
func TestPathological(t *testing.T) {
	brief := func(body string) string { return "---\ntitle: T\n---\n" + body + "\n" }
	big := func(n int, s string) string { return strings.Repeat(s, n) }
	tests := []struct {
		name, briefing, source string
		msg                    string // a message expected among the diagnostics; "" for a clean build
	}{
		{"50,000 [ in a row", brief(big(50000, "[")), paris, ""},
		{"50,000 [@ in a row", brief(big(50000, "[@")), paris, "missing source id"},
		{"50,000 unclosed groups on one line", brief(big(50000, `[@paris, "x `)), paris, "more problems with citations in this file"},
		{"50,000 unclosed groups on lines", brief(big(50000, "[@paris, \"x\n")), paris, "more problems with citations in this file"},
		{"one unclosed group", brief(`Claim [@paris, "x`), paris, "unclosed quote"},
		{"150 citations of no source", brief(big(150, "A claim [@nowhere].\n\n")), paris, "t.md:204:9: error: and 50 more problems with citations in this file"},
		{"lists nested 10,000 deep", brief(big(10000, "- ") + "deep [@paris]."), paris, "error: blocks nested more than 32 deep"},
		{"quotes nested 10,000 deep", brief(big(10000, "> ") + "deep [@paris]."), paris, "error: blocks nested more than 32 deep"},
		{"a 1 MB passage", brief(`Long [@paris, "` + big(100000, "abcdefghi ") + `"].`), paris, "the passage is 1000000 characters long"},
		{"a 9,000-character passage longer than its source", brief(`Long [@paris, "` + big(900, "days days ") + `"].`), paris, "passage not found"},
		{"a 10 MB briefing line", brief(big(10<<20, "a")), paris, "the file is 10.5 MB; the limit for a briefing is 1 MiB"},
		{"a 10 MB source line", brief("A claim [@paris, \"zz\"]."), "---\ntitle: P\n---\n" + big(1<<20, "zz aaaaaaa ") + "\n", "passage found"},
		{"a source over the limit", brief("x"), big(17<<20, "a"), "the limit for a source is 16 MiB"},
		{"too many claims", brief(big(5001, "A claim [@paris].\n\n")), paris, "this is claim 5001 of 5001; a briefing holds at most 5000"},
		{"NUL bytes", "---\ntitle: T\n---\nA\x00B\n", paris, "NUL byte"},
		{"invalid UTF-8", "---\ntitle: T\n---\nA \xff\xfe B\n", paris, "not UTF-8"},
		{"a byte order mark, CRLF and lone CR", "\ufeff---\r\ntitle: T\r\n---\r\nRubio spoke [@paris, \"in the very\rshort term\"].\r\n", paris, ""},
		{"code that a lexer must chew", brief("```go\n" + big(20000, "func(){\"\\\n") + "\n```\n\nA claim [@paris]."), paris, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"content/sources/paris.txt": tt.source, "content/briefings/t.md": tt.briefing})
			start := cputime.Used()
			res := build(t, Config{Dir: dir, Memory: true})
			if d := cputime.Since(start); d > 40*time.Second { // 20 s on two cores
				t.Errorf("took %s of CPU", d)
			}
			var all []string
			for _, d := range res.Diagnostics {
				all = append(all, d.Error())
			}
			joined := strings.Join(all, "\n")
			short := joined[:min(len(joined), 2000)]
			switch {
			case tt.msg == "" && res.Failed():
				t.Errorf("failed: %s", short)
			case tt.msg != "" && !strings.Contains(joined, tt.msg):
				t.Errorf("diagnostics lack %q: %s", tt.msg, short)
			}
			if len(all) > 2*maxProblems+5 {
				t.Errorf("%d diagnostics: one file reports at most %d a kind", len(all), maxProblems)
			}
			for _, d := range res.Diagnostics {
				if d.Path == "" {
					t.Errorf("a diagnostic names no file: %s", d.Error())
				}
			}
		})
	}
}

// A text fragment escapes everything a URL or the fragment syntax could
// misread, and nothing in it can end the attribute it stands in.
func TestFragmentEscape(t *testing.T) {
	for in, want := range map[string]string{
		"in the very short term":       "in%20the%20very%20short%20term",
		"a-b, c&d":                     "a%2Db%2C%20c%26d",
		`"><script>x</script>`:         "%22%3E%3Cscript%3Ex%3C%2Fscript%3E",
		"it’s \u2028 \u202e":           "it%E2%80%99s%20%E2%80%A8%20%E2%80%AE",
		"javascript:alert(1)#:~:text=": "javascript%3Aalert%281%29%23%3A~%3Atext%3D",
	} {
		if got := fragmentEscape(in); got != want {
			t.Errorf("fragmentEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNeutralizeBidi(t *testing.T) {
	for in, want := range map[string]string{
		"plain “quoted” text…":      "plain “quoted” text…",
		"a\u202eb\u2066c\u2069d":    "a\uFFFDb\uFFFDc\uFFFDd",
		"\u202a\u202b\u202c\u202d":  "\uFFFD\uFFFD\uFFFD\uFFFD",
		"end\u202e":                 "end\uFFFD",
		"lrm\u200e and \u2070 stay": "lrm\u200e and \u2070 stay",
		"":                          "",
	} {
		if got := string(neutralizeBidi([]byte(in))); got != want {
			t.Errorf("neutralizeBidi(%q) = %q, want %q", in, got, want)
		}
	}
}

// outputs lists exactly the files a build makes: the writer makes the
// folders of what it lists before the pages come.
func TestOutputsListsEveryFile(t *testing.T) {
	for _, cfg := range []Config{{Dir: "../.."}, {Dir: "testdata/basic", BaseURL: "https://example.org/a+b/dossier/"}} {
		cfg.Memory, cfg.Theme = true, theme
		b := NewBuilder(cfg)
		res, err := b.Update(context.Background(), nil)
		if err != nil || res.Failed() {
			t.Fatal(err, res.Diagnostics)
		}
		want := b.m.outputs(b.theme)
		got := allFiles(res)
		for name := range got {
			if !want[name] {
				t.Errorf("%s: %s is made but not listed", cfg.Dir, name)
			}
		}
		for name := range want {
			if _, ok := got[name]; !ok {
				t.Errorf("%s: %s is listed but not made", cfg.Dir, name)
			}
		}
		b.Close()
	}
}

// A note shows a passage as its source has it: the source's curly quotes
// and dashes, not the straight ones typed; an elided one as typed.
func TestNoteShowsTheSourcesText(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/sources/s.txt":  "---\ntitle: S\n---\nHe said “we’re not going” — and left, they’re sure.\n",
		"content/briefings/b.md": "---\ntitle: B\n---\nHe refused [@s, \"\\\"we're not going\\\" - and left\"].\nHe left [@s, \"we're not ... sure\"].\n",
	})
	out := filepath.Join(t.TempDir(), "o")
	res := build(t, Config{Dir: dir, Out: out})
	if res.Failed() {
		t.Fatal(res.Diagnostics)
	}
	page, err := os.ReadFile(filepath.Join(out, "briefings/b/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"“we’re not going” — and left”", "“we&#39;re not ... sure”"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the note lacks %s", want)
		}
	}
}

func TestShortLabel(t *testing.T) {
	for _, tt := range []struct{ in, short string }{
		{"The Economic Times", "The Economic Times"},
		{"Reuters", "Reuters"},
		{"A Diplomatic Standoff with Global Stakes", "A Diplomatic Standoff"},
		{"US Signals Impatience with Ukraine Peace Talks", "US Signals Impatience"},
		{"Rubio warns the US may pull out of peace talks within days", "Rubio warns the US"},
		{"How the US ‘Move On’ Warning Could Reshape the Ukraine Peace Talks", "How the US ‘Move On’"},
		{"Flight 9: what failed, and why it matters to everyone", "Flight 9: what failed"},
		{"Überschallflugzeugentwicklungsgesellschaft und ihre Folgen", "Überschallflugzeugen"},
		{"日本の首相が新しい経済政策を発表し市場は大きく反応した二〇二五年の春", "日本の首相が新しい経済政策を発表し市場は"},
	} {
		short, rest := shortLabel(tt.in)
		if short != tt.short || short+rest != tt.in {
			t.Errorf("shortLabel(%q) = %q + %q, want %q + the rest", tt.in, short, rest, tt.short)
		}
	}
}

// Each claim's note follows the top-level block that holds the claim —
// a paragraph, a list, a quotation, a table, the footnotes — once, and the blocks read
// as the whole body did.
func TestNotesFollowTheirBlock(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/sources/s.txt": "---\ntitle: S\n---\nOne. Two. Three. Four. Five. Six.\n",
		"content/briefings/b.md": "---\ntitle: B\n---\nIntro without a claim.\n\nA [@s, \"One\"]. B [@s, \"Two\"].\n\n" +
			"- C [@s, \"Three\"]\n- D [@s, \"Four\"]\n\n> E [@s, \"Five\"]\n\n| x |\n|---|\n| F [@s, \"Six\"] |\n\nThe end.[^1]\n\n[^1]: G [@s, \"One\"].\n",
	})
	out := filepath.Join(t.TempDir(), "o")
	if res := build(t, Config{Dir: dir, Out: out}); res.Failed() {
		t.Fatal(res.Diagnostics)
	}
	page, err := os.ReadFile(filepath.Join(out, "briefings/b/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	body := string(page)
	body = body[strings.Index(body, `<div class="body">`):strings.Index(body, "</article>")]
	folds := regexp.MustCompile(`(?s)<details class="notes">\n<summary>Sources of (claims? [0-9–]+)</summary>(.*?)</details>`)
	var got []string
	rest, start := "", 0
	for _, m := range folds.FindAllStringSubmatchIndex(body, -1) {
		before, notes := body[start:m[0]], body[m[4]:m[5]]
		rest += before
		refs := regexp.MustCompile(`id="r-(c-[0-9a-f]+)"`).FindAllStringSubmatch(before, -1)
		lis := regexp.MustCompile(`<li id="n-(c-[0-9a-f]+)"`).FindAllStringSubmatch(notes, -1)
		if len(refs) != len(lis) {
			t.Errorf("%s: %d claims before it, %d notes in it", body[m[2]:m[3]], len(refs), len(lis))
		}
		for i := range min(len(refs), len(lis)) {
			if refs[i][1] != lis[i][1] {
				t.Errorf("%s: note %s where claim %s is", body[m[2]:m[3]], lis[i][1], refs[i][1])
			}
		}
		got = append(got, body[m[2]:m[3]])
		start = m[1]
	}
	rest += body[start:]
	if want := []string{"claims 1–2", "claims 3–4", "claim 5", "claim 6", "claim 7"}; !slices.Equal(got, want) {
		t.Errorf("notes after blocks: %q, want %q", got, want)
	}
	for _, want := range []string{"<p>Intro without a claim.</p>\n<p>", "</ul>\n", "</blockquote>\n", "</table>\n", "<p>The end.<sup", "<div class=\"footnotes\""} {
		if !strings.Contains(rest, want) {
			t.Errorf("the body without its notes lacks %q", want)
		}
	}
}

// A passage that is a quotation of its own is shown in its own marks, never
// in a second pair: in the claim's note and in an editor's note.
func TestQuotationMarksNeverDoubled(t *testing.T) {
	src := "---\ntitle: Q\n---\nHe said: “I think the talks will go on.” Then he left.\n"
	brief := "---\ntitle: T\n---\n\nHe expects more talks [@q, \"“I think the talks will go on.”\"].\n\n" +
		"> [!NOTE] [@q, \"“I think the talks will go on.”\"]\n> Said twice.\n\nHe left [@q, \"Then he left\"].\n"
	dir := writeSite(t, map[string]string{"content/sources/q.txt": src, "content/briefings/t.md": brief})
	out := filepath.Join(t.TempDir(), "o")
	res := build(t, Config{Dir: dir, Out: out, Strict: true})
	if len(res.Diagnostics) != 0 {
		t.Fatal(res.Diagnostics)
	}
	page, err := os.ReadFile(filepath.Join(out, "briefings/t/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), ">“I think the talks will go on.”</a>"); n != 2 || strings.Contains(string(page), "““") || strings.Contains(string(page), "””") {
		t.Errorf("%d passages shown in their own marks; doubled marks: %v", n, strings.Contains(string(page), "““"))
	}
	if !strings.Contains(string(page), ">“Then he left”</a>") {
		t.Error("a passage without marks of its own is not shown in the page's marks")
	}
}
