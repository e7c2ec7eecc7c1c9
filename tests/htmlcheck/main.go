// Command htmlcheck writes, for the HTML checker of the browser tests, the
// pages of a site whose briefings are the CommonMark spec's examples (as
// goldmark's module carries them), one briefing an example, each page as
// dossier renders it. Their links go nowhere, so the site is built as the
// dev server builds it, which renders every page before it checks links.
//
// Usage, from the repository's root: go run ./tests/htmlcheck OUT
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"dossier/generator/site"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./tests/htmlcheck OUT")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "htmlcheck:", err)
		os.Exit(1)
	}
}

// example is one of the CommonMark spec's examples.
type example struct {
	Markdown string `json:"markdown"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

func run(out string) error {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		return fmt.Errorf("finding goldmark's module: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), "_test", "spec.json"))
	if err != nil {
		return err
	}
	var examples []example
	if err := json.Unmarshal(b, &examples); err != nil {
		return err
	}
	src, err := os.MkdirTemp("", "htmlcheck")
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	files := map[string]string{
		"content/site.yaml":         "title: CommonMark examples\n",
		"content/sources/paris.txt": "---\ntitle: Paris\noutlet: Wire\n---\nRubio said the decision would come in the very short term and I mean days.\n",
	}
	for _, e := range examples {
		files[fmt.Sprintf("content/briefings/example-%03d.md", e.Example)] = fmt.Sprintf(
			"---\ntitle: %q\n---\nA claim of example %d [@paris, \"in the very short term\"].\n\n%s",
			fmt.Sprintf("Example %d: %s", e.Example, e.Section), e.Example, e.Markdown)
	}
	for p, data := range files {
		full := filepath.Join(src, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			return err
		}
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	res, err := site.Build(context.Background(), site.Config{Dir: src, Memory: true, Lazy: true, Theme: os.DirFS(root)})
	if err != nil {
		return err
	}
	if res.Failed() {
		return fmt.Errorf("the examples do not build:\n%v", res.Diagnostics)
	}
	n := 0
	for rel, page := range res.Lazy {
		if !strings.HasSuffix(rel, ".html") {
			continue
		}
		full := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, page(), 0o644); err != nil {
			return err
		}
		n++
	}
	fmt.Printf("%d pages of %d CommonMark examples in %s\n", n, len(examples), out)
	return nil
}
