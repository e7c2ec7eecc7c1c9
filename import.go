package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/diag"
	"dossier/generator/pdf"
	"dossier/generator/sitefs"
	"dossier/generator/webpage"
)

// importSource is `dossier new source [ID] --from FILE|URL`: it reads or
// fetches the page, extracts its article, and writes the source and the
// kept original. Nothing is written unless the whole import succeeds.
func importSource(ctx context.Context, id string, nf newFlags, stdout, stderr io.Writer) int {
	from := nf.from
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "%s: error: %s\n", from, fmt.Sprintf(format, args...))
		return 1
	}
	var raw []byte
	opts := webpage.Options{Retrieved: today()}
	var etag, lastModified string // the server's validators of a fetched page
	if isURL(from) {
		page, err := webpage.Fetch(ctx, from, webpage.FetchOptions{
			Timeout: nf.timeout, MaxBytes: int64(nf.maxSize), UserAgent: userAgent(),
		})
		if err != nil {
			return fail("cannot fetch: %v; nothing written", err)
		}
		raw, opts.URL, opts.ContentType = page.Body, page.URL, page.ContentType
		etag, lastModified = page.ETag, page.LastModified
	} else {
		if strings.Contains(from, "://") {
			return fail("only http and https URLs can be fetched; nothing written")
		}
		b, err := readPage(from, int64(nf.maxSize))
		if err != nil {
			return fail("%v; nothing written", err)
		}
		raw = b
	}
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])
	var doc *imported
	if f := textFormat(from); f != nil && !isURL(from) && !pdf.IsPDF(raw) {
		d, err := fromText(raw, from, f)
		if err != nil {
			return fail("%v; nothing written", err)
		}
		doc = d
	} else {
		d, err := extract(ctx, raw, opts, nf.timeout)
		if err != nil {
			return fail("%v; nothing written", err)
		}
		doc = d
	}
	// the source and original already there are read as a build reads them
	root, err := os.OpenRoot(nf.dir)
	if err != nil {
		return fail("%v; nothing written", err)
	}
	defer root.Close()
	fsys := sitefs.New(root)
	defer fsys.Close()
	if id == "" {
		id = cite.NameSource(doc.title, doc.outlet, doc.url, "page-"+hash[:8], func(id string) bool {
			return takenByAnother(fsys, id, doc)
		})
	}
	if !cite.ValidID(id) {
		fmt.Fprintf(stderr, "dossier new: invalid source id %q: use lowercase letters, digits and . _ / -\n", id)
		return 2
	}
	if err := idFits(id); err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return 2
	}
	format := content.Text
	if doc.format != nil {
		format = doc.format
	}
	rel := filepath.Join(filepath.FromSlash(content.SourcesDir), filepath.FromSlash(id)+format.Ext)
	srcPath := filepath.Join(nf.dir, rel)
	if other := sibling(nf.dir, rel); other != "" {
		return fail("%s already has the id %s: remove it first, or import under another id; nothing written", other, id)
	}
	_, err = sitefs.ReadFile(fsys, filepath.ToSlash(rel))
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail("%s: %v; nothing written", srcPath, sitefs.Unwrap(err))
	}
	if exists && !nf.force && !nf.dryRun {
		return fail("%s already exists: add --force to import it over the source (--dry-run shows what would change), or give another id; nothing written", srcPath)
	}
	origName := ""
	if doc.ext != "" {
		origName = id + doc.ext
	}
	fields := []content.Field{
		{Key: "title", Value: doc.title},
		{Key: "outlet", Value: doc.outlet},
		{Key: "author", Value: doc.author},
		{Key: "published", Value: doc.published},
		{Key: "url", Value: doc.url},
		{Key: "language", Value: doc.language},
		{Key: "retrieved", Value: opts.Retrieved.Format("2006-01-02")},
		{Key: "etag", Value: etag},
		{Key: "last_modified", Value: lastModified},
	}
	if doc.pages > 0 {
		fields = append(fields, content.Field{Key: "pages", Value: strconv.Itoa(doc.pages)})
	}
	if origName != "" {
		fields = append(fields, content.Field{Key: "original", Value: origName}, content.Field{Key: "sha256", Value: hash})
	}
	var stale string // the original an earlier import kept under another name
	archive := nf.archive
	if exists {
		if s, _ := content.LoadSource(fsys, filepath.ToSlash(rel)); s != nil {
			// the editor's note on the source, and the archived copies
			// named, outlive a new import of its text
			archive = append(slices.Clone(s.Archive), archive...)
			if s.Note != "" {
				fields = append(fields, content.Field{Key: "note", Value: s.Note})
			}
			if s.Original != "" && s.Original != origName && !strings.Contains(s.Original, "..") {
				stale = filepath.Join(nf.dir, filepath.FromSlash(content.OriginalsDir), filepath.FromSlash(s.Original))
			}
		}
	}
	if archive = uniq(archive); len(archive) == 1 {
		fields = append(fields, content.Field{Key: "archive", Value: archive[0]})
	} else if len(archive) > 1 {
		fields = append(fields, content.Field{Key: "archive", List: archive})
	}
	var body bytes.Buffer
	if doc.whole != nil {
		body.Write(doc.whole)
	} else {
		body.Write(content.FrontMatter(fields))
		body.Write(doc.body)
	}
	if int64(body.Len()) > format.Limit {
		return fail("the article's text is %s; a source may be %s; nothing written", sitefs.Size(int64(body.Len())), sitefs.LimitSize(format.Limit))
	}
	origPath := filepath.Join(nf.dir, filepath.FromSlash(content.OriginalsDir), filepath.FromSlash(origName))
	shown := from
	if opts.URL != "" {
		shown = opts.URL // where the fetch ended, after redirects
	}
	for _, w := range doc.warnings {
		fmt.Fprintf(stderr, "%s: warning: %s\n", from, w)
	}
	var broken diag.List
	if exists {
		rep, err := compareImport(ctx, nf.dir, id, filepath.ToSlash(rel), body.Bytes(), origName, raw)
		if err != nil {
			return fail("the citations of @%s could not be checked: %v; nothing written", id, err)
		}
		rep.print(stdout, srcPath)
		broken = rep.broken
		if len(broken) > 0 {
			if err := diag.Print(stderr, "text", broken); err != nil {
				return 1
			}
		}
		if len(broken) > 0 && !nf.breakCitations {
			fmt.Fprintf(stderr, "dossier new: %s of @%s would no longer hold with its new text: nothing written; "+
				"mend the briefings first, or add --break-citations to import it anyway\n", diag.Plural(len(broken), "citation"), id)
			return 1
		}
	}
	if nf.dryRun {
		fmt.Fprintf(stdout, "%s: %s%s from %s (--dry-run: nothing written)\n", srcPath, diag.Plural(doc.paragraphs, "paragraph"), doc.onPages(), shown)
		return 0
	}
	if origName == "" {
		if err := writeOne(srcPath, body.Bytes()); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "%s: %s from %s\n", srcPath, diag.Plural(doc.paragraphs, "paragraph"), shown)
		return 0
	}
	prev, prevErr := sitefs.ReadFile(fsys, content.OriginalsDir+"/"+origName)
	if prevErr != nil {
		prev = nil // nothing to put back
	}
	if err := writeBoth(origPath, raw, prev, srcPath, body.Bytes()); err != nil {
		return fail("%v", err)
	}
	if stale != "" {
		os.Remove(stale)
	}
	fmt.Fprintf(stdout, "%s: %s%s from %s\n", srcPath, diag.Plural(doc.paragraphs, "paragraph"), doc.onPages(), shown)
	fmt.Fprintf(stdout, "%s: the original, sha256 %s\n", origPath, hash[:12])
	if len(broken) > 0 {
		verb := "no longer holds"
		if len(broken) > 1 {
			verb = "no longer hold"
		}
		fmt.Fprintf(stderr, "dossier new: %s of @%s %s with its new text (--break-citations)\n", diag.Plural(len(broken), "citation"), id, verb)
	}
	return 0
}

// extract reads a fetched or saved page as the importer does: a PDF (by
// its bytes or its Content-Type) with its pages, else a web page's
// article. dossier check --online reads a live page with it too.
func extract(ctx context.Context, raw []byte, opts webpage.Options, timeout time.Duration) (*imported, error) {
	if pdf.IsPDF(raw) || mediaType(opts.ContentType) == "application/pdf" {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		d, err := pdf.Read(rctx, raw, pdf.Options{MaxChars: int(content.Text.Limit)})
		if err != nil {
			return nil, err
		}
		return fromPDF(d, opts.URL), nil
	}
	a, err := webpage.Extract(raw, opts)
	if err != nil {
		return nil, err
	}
	return fromPage(a, raw), nil
}

// userAgent is what dossier's fetches say they are: "dossier/VERSION".
func userAgent() string { return "dossier/" + strings.Fields(versionName())[0] }

// uniq is list without its repeats, in the order first given.
func uniq(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func isURL(s string) bool {
	s = strings.ToLower(s)
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// readPage reads a saved page: a regular file of at most limit bytes.
func readPage(name string, limit int64) ([]byte, error) {
	fi, err := os.Stat(name) // before opening: opening a named pipe waits for a writer
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("the file is %d bytes; the limit is %d (--max-size)", fi.Size(), limit)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("the file is larger than the limit of %d bytes (--max-size)", limit)
	}
	return b, nil
}

// writeBoth writes the original and then the source, each through a
// temporary file renamed over its place, so that neither is ever half
// written; if the source cannot be written, the original is put back: prev,
// or none when prev is nil.
func writeBoth(origPath string, orig, prev []byte, srcPath string, src []byte) error {
	tmpOrig, err := writeTemp(origPath, orig)
	if err != nil {
		return err
	}
	tmpSrc, err := writeTemp(srcPath, src)
	if err != nil {
		os.Remove(tmpOrig)
		return err
	}
	if err := os.Rename(tmpOrig, origPath); err != nil {
		os.Remove(tmpOrig)
		os.Remove(tmpSrc)
		return err
	}
	if err := os.Rename(tmpSrc, srcPath); err != nil {
		os.Remove(tmpSrc)
		if prev != nil {
			os.WriteFile(origPath, prev, 0o644)
		} else {
			os.Remove(origPath)
		}
		return err
	}
	return nil
}

// writeOne writes a source through a temporary file renamed over its place.
func writeOne(p string, b []byte) error {
	tmp, err := writeTemp(p, b)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// textFormat is the source format of a Markdown or plain text file to
// import as it is, by its name's extension; nil for any other.
func textFormat(name string) *content.Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return content.Markdown
	case ".txt", ".text":
		return content.Text
	}
	return nil
}

// writeTemp writes b to a new temporary file beside p and returns its name.
func writeTemp(p string, b []byte) (string, error) {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".import-*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// takenByAnother reports whether id is the id of a source that is not doc
// imported again: one of another URL (or, without URLs, another title).
func takenByAnother(fsys fs.FS, id string, doc *imported) bool {
	for _, f := range content.Formats {
		rel := content.SourcesDir + "/" + id + f.Ext
		if _, err := fs.Stat(fsys, rel); err != nil {
			continue
		}
		s, _ := content.LoadSource(fsys, rel)
		if s == nil {
			return true
		}
		same := s.URL != "" && s.URL == doc.url || s.URL == "" && doc.url == "" && s.Title == doc.title
		return !same
	}
	return false
}
