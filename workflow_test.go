package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dossier/generator/search"

	"go.yaml.in/yaml/v3"
)

// The workflow `dossier init` writes runs as written, step by step, in a
// fake GitHub Actions environment: dossier is cloned from this repository
// at this commit and installed, and the site is built strictly with search
// for a project site, a user site and a custom domain (the base URL that
// actions/configure-pages gives), and with a base_url of site.yaml, which
// wins. The actions a step uses are played by the test: checkout is the
// site's folder, setup-go the Go running the test, npm's Pagefind the
// project's own.
func TestInitWorkflowRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("clones and installs dossier")
	}
	pagefind := search.Find(".")
	if pagefind == "" {
		t.Skip("no Pagefind: npm ci installs it (make test does)")
	}
	pagefind, _ = filepath.Abs(pagefind)
	repo, err := filepath.Abs(".")
	must(t, err)
	head, err := exec.Command("git", "-C", repo, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git clone: %v", err)
	}
	defer func(g, c string) { sourceGit, commit = g, c }(sourceGit, commit)
	sourceGit, commit = repo, strings.TrimSpace(string(head)) // what make install records

	runner := t.TempDir() // $RUNNER_TEMP, and the bin folder go install fills
	installed := false
	for _, c := range []struct {
		name, pagesURL, siteYAML string
		want                     string // the base URL the pages are built with
	}{
		{"project site", "https://owner.github.io/briefings", "", "https://owner.github.io/briefings/"},
		{"user site", "https://owner.github.io", "", "https://owner.github.io/"},
		{"custom domain", "https://news.example.org", "", "https://news.example.org/"},
		{"base_url in site.yaml", "https://owner.github.io/briefings", "base_url: \"https://desk.example.net/briefings/\"\n", "https://desk.example.net/briefings/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := filepath.Join(t.TempDir(), "briefings")
			if code, _, stderr := runCmd("init", site); code != 0 {
				t.Fatalf("init: exit %d: %s", code, stderr)
			}
			if c.siteYAML != "" {
				f, err := os.OpenFile(filepath.Join(site, "content/site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
				must(t, err)
				f.WriteString(c.siteYAML)
				f.Close()
			}
			for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}, {"-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "site"}} {
				if out, err := exec.Command("git", append([]string{"-C", site}, args...)...).CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			raw, err := os.ReadFile(filepath.Join(site, ".github/workflows/pages.yml"))
			must(t, err)
			var wf struct {
				Env  map[string]string
				Jobs map[string]struct {
					Steps []struct {
						ID, Name, Uses, Run string
						Env, With           map[string]string
					}
				}
			}
			must(t, yaml.Unmarshal(raw, &wf))
			outputs := map[string]string{}
			expr := regexp.MustCompile(`\$\{\{ *([a-z_.]+) *\}\}`)
			env := func(extra map[string]string) []string {
				e := append(os.Environ(), "RUNNER_TEMP="+runner, "GOBIN="+filepath.Join(runner, "bin"),
					"PATH="+filepath.Join(runner, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
					"GITHUB_ACTIONS=true", "GITHUB_REPOSITORY=owner/briefings", "GITHUB_WORKSPACE="+site, "DOSSIER_PAGEFIND="+pagefind)
				for _, m := range []map[string]string{wf.Env, extra} {
					for k, v := range m {
						e = append(e, k+"="+expr.ReplaceAllStringFunc(v, func(s string) string {
							key := expr.FindStringSubmatch(s)[1]
							v, ok := outputs[key]
							if !ok {
								t.Fatalf("the workflow reads ${{ %s }}, which nothing here sets", key)
							}
							return v
						}))
					}
				}
				return e
			}
			steps := wf.Jobs["build"].Steps
			if len(steps) == 0 {
				t.Fatalf("no build job:\n%s", raw)
			}
			for _, st := range steps {
				switch {
				case strings.HasPrefix(st.Uses, "actions/checkout@"), strings.HasPrefix(st.Uses, "actions/setup-go@"):
					// the site's folder is the checkout; the Go running this test is set up
				case strings.HasPrefix(st.Uses, "actions/configure-pages@"):
					outputs["steps."+st.ID+".outputs.base_url"] = c.pagesURL
				case strings.HasPrefix(st.Uses, "actions/cache@"):
					// the previous build, kept for the search index's shards: a miss here
					if st.With["path"] != "public" {
						t.Errorf("the cache keeps %q, not the previous output", st.With["path"])
					}
				case strings.HasPrefix(st.Uses, "actions/upload-pages-artifact@"):
					if js, _ := filepath.Glob(filepath.Join(site, "public/pagefind/*/pagefind.js")); len(js) != 1 {
						t.Errorf("nothing to upload, or no search: %q", js)
					}
				case st.Uses != "":
					t.Fatalf("the workflow uses %s, which this test does not play", st.Uses)
				case strings.Contains(st.Run, "npm install") && strings.Contains(st.Run, "pagefind"):
					// npm's registry is not reached from tests: DOSSIER_PAGEFIND is the project's Pagefind
				case strings.Contains(st.Run, "go -C") && installed:
					// dossier is installed once for every case
				default:
					cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", st.Run)
					cmd.Dir, cmd.Env = site, env(st.Env)
					out, err := cmd.CombinedOutput()
					if err != nil {
						t.Fatalf("step %q: %v\n%s", st.Name, err, out)
					}
					installed = installed || strings.Contains(st.Run, "go -C")
				}
			}
			page, err := os.ReadFile(filepath.Join(site, "public/briefings/welcome/index.html"))
			must(t, err)
			if want := `<link rel="canonical" href="` + c.want + `briefings/welcome/">`; !strings.Contains(string(page), want) {
				t.Errorf("the briefing page lacks %s", want)
			}
		})
	}
	if !installed {
		t.Error("no step installed dossier")
	}

	// The weekly job: the source's live page (here on 127.0.0.1) has lost
	// a cited sentence. The job says so on the citation and the source,
	// fails, and writes nothing.
	t.Run("weekly sources job", func(t *testing.T) {
		site := filepath.Join(t.TempDir(), "briefings")
		if code, _, stderr := runCmd("init", site); code != 0 {
			t.Fatalf("init: exit %d: %s", code, stderr)
		}
		decl := filepath.Join(site, "content/sources/declaration.txt")
		src, err := os.ReadFile(decl)
		must(t, err)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			page := strings.Replace(strings.SplitN(string(src), "---\n", 3)[2], "let Facts be submitted to a candid world", "let the facts speak", 1)
			fmt.Fprint(w, onlinePage("The Declaration", strings.Split(strings.TrimSpace(page), "\n")...))
		}))
		defer srv.Close()
		src = regexp.MustCompile(`(?m)^url: .*$`).ReplaceAll(src, []byte("url: "+srv.URL+"/declaration"))
		must(t, os.WriteFile(decl, src, 0o644))
		raw, err := os.ReadFile(filepath.Join(site, ".github/workflows/pages.yml"))
		must(t, err)
		var wf struct {
			On   map[string]any
			Env  map[string]string
			Jobs map[string]struct {
				If    string
				Steps []struct{ Name, Uses, Run string }
			}
		}
		must(t, yaml.Unmarshal(raw, &wf))
		job := wf.Jobs["sources"]
		if wf.On["schedule"] == nil || job.If != "github.event_name == 'schedule'" || wf.Jobs["build"].If != "github.event_name != 'schedule'" {
			t.Fatalf("not a weekly job apart from the build: on %v, if %q", wf.On, job.If)
		}
		before := snapshot(t, site)
		var out []byte
		var runErr error
		for _, st := range job.Steps {
			if st.Uses != "" || strings.Contains(st.Run, "go -C") {
				continue // checkout, setup-go; dossier is installed above
			}
			cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", st.Run)
			cmd.Dir = site
			cmd.Env = append(os.Environ(), "PATH="+filepath.Join(runner, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
			out, runErr = cmd.CombinedOutput()
		}
		if runErr == nil {
			t.Errorf("the job passed with a cited passage gone:\n%s", out)
		}
		for _, want := range []string{
			"::notice file=content/sources/declaration.txt,line=5,col=6::the live page has changed since it was imported",
			"::error file=content/briefings/welcome.md,line=27,col=11::\"let Facts be submitted to a candid world\" of @declaration is no longer on the live page",
		} {
			if !strings.Contains(string(out), want) {
				t.Errorf("no %q in\n%s", want, out)
			}
		}
		if snapshot(t, site) != before {
			t.Error("the job changed the site")
		}
	})
}
