package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dossier/generator/cite"
)

// cmdNew writes a new briefing or source with its front matter. It never
// overwrites a file.
func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := flagSet("new", stderr)
	dir := fs.String("source", ".", "the site root")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 2 || (pos[0] != "briefing" && pos[0] != "source") {
		fmt.Fprint(stderr, "usage: dossier new briefing SLUG | dossier new source ID  [--source DIR]\n")
		return 2
	}
	kind, name := pos[0], pos[1]
	var rel, body string
	switch kind {
	case "briefing":
		if !cite.ValidID(name) || strings.Contains(name, "/") {
			fmt.Fprintf(stderr, "dossier new: invalid slug %q: use lowercase letters, digits and . _ -\n", name)
			return 2
		}
		rel = filepath.Join("content", "briefings", name+".md")
		body = fmt.Sprintf("---\ntitle: %s\ndate: %s\nsummary: \ndraft: true\n---\n\nWrite each claim as a sentence and close it with its sources [@source-id, \"the exact passage\"].\n",
			strconv.Quote(titleOf(name)), today().Format("2006-01-02"))
	case "source":
		if !cite.ValidID(name) {
			fmt.Fprintf(stderr, "dossier new: invalid source id %q: use lowercase letters, digits and . _ / -\n", name)
			return 2
		}
		rel = filepath.Join("content", "sources", filepath.FromSlash(name)+".txt")
		body = fmt.Sprintf("---\ntitle: %s\noutlet: \nauthor: \npublished: \nurl: \nretrieved: %s\n---\nPaste the text here, one paragraph a line.\n",
			strconv.Quote(titleOf(name)), today().Format("2006-01-02"))
	}
	p := filepath.Join(*dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fmt.Fprintln(stderr, "dossier new:", err)
		return 1
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "dossier new: %s already exists\n", p)
		} else {
			fmt.Fprintln(stderr, "dossier new:", err)
		}
		return 1
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		fmt.Fprintln(stderr, "dossier new:", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(stderr, "dossier new:", err)
		return 1
	}
	fmt.Fprintln(stdout, p)
	return 0
}

// titleOf makes "paris-talks" into "Paris talks".
func titleOf(name string) string {
	name = name[strings.LastIndex(name, "/")+1:]
	t := strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(name)
	if t == "" {
		return name
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// today is the date of SOURCE_DATE_EPOCH when it is set, else of the clock.
func today() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}
