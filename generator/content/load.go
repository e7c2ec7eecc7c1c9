package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"dossier/generator/diag"
	"dossier/generator/page"
	"dossier/generator/parallel"
	"dossier/generator/sitefs"
)

// Load reads content/ from fsys, the site root. It returns what it could
// read and a diagnostic for everything it could not; an error is returned
// only when content/ itself cannot be read.
func Load(fsys fs.FS) (*Site, diag.List, error) {
	site := &Site{}
	var diags diag.List
	if _, err := fs.Stat(fsys, "content"); err != nil {
		return nil, nil, err
	}
	cfg, ds := loadConfig(fsys)
	site.Config, diags = cfg, append(diags, ds...)

	srcPaths, ds := list(fsys, SourcesDir, sourceExts()...)
	diags = append(diags, ds...)
	brPaths, ds := list(fsys, BriefingsDir, BriefingExt)
	diags = append(diags, ds...)

	site.Sources = make([]*Source, len(srcPaths))
	site.Briefings = make([]*Briefing, len(brPaths))
	results := make([]diag.List, len(srcPaths)+len(brPaths))
	parallel.ForIO(len(srcPaths)+len(brPaths), func(i int) {
		if i < len(srcPaths) {
			site.Sources[i], results[i] = LoadSource(fsys, srcPaths[i])
		} else {
			j := i - len(srcPaths)
			site.Briefings[j], results[i] = LoadBriefing(fsys, brPaths[j])
		}
	})
	for _, r := range results {
		diags = append(diags, r...)
	}
	site.Sources = slices.DeleteFunc(site.Sources, func(s *Source) bool { return s == nil })
	site.Briefings = slices.DeleteFunc(site.Briefings, func(b *Briefing) bool { return b == nil })
	return site, diags, nil
}

// list returns the files under dir with one of the extensions, in lexical
// order. Other files are reported as warnings; hidden files and editor
// backups are skipped silently.
func list(fsys fs.FS, dir string, exts ...string) ([]string, diag.List) {
	var out []string
	var diags diag.List
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipDir
			}
			diags = append(diags, diag.File(p, diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
			return nil
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// through an os.Root, a link may lead within the site but never out of it
			fi, err := fs.Stat(fsys, p)
			if err != nil {
				diags = append(diags, diag.File(p, diag.Error, "a link that leads outside the site, or nowhere: not read"))
				return nil
			}
			if !fi.Mode().IsRegular() {
				diags = append(diags, diag.File(p, diag.Error, "a link to something other than a file: not read"))
				return nil
			}
		} else if !d.Type().IsRegular() {
			diags = append(diags, diag.File(p, diag.Error, "not a regular file"))
			return nil
		}
		if slices.Contains(exts, path.Ext(name)) {
			out = append(out, p)
		} else {
			diags = append(diags, diag.File(p, diag.Warning, "ignored: not a %s file: %s", strings.Join(exts, " or "), strayHint(p, dir)))
		}
		return nil
	})
	if err != nil {
		diags = append(diags, diag.File(dir, diag.Error, "cannot read: %v", sitefs.Unwrap(err)))
	}
	return out, diags
}

// strayHint says what to do with the file at p, under dir, that is not
// content: how to import a web page, rename a file of another spelling of a
// known extension, or give a document's text.
func strayHint(p, dir string) string {
	ext := strings.ToLower(path.Ext(p))
	rel := strings.TrimPrefix(p, dir+"/")
	base := strings.TrimSuffix(rel, path.Ext(rel))
	if dir == BriefingsDir {
		return fmt.Sprintf("a briefing is Markdown: rename it %s/%s%s", dir, base, BriefingExt)
	}
	switch ext {
	case ".html", ".htm", ".xhtml", ".mhtml", ".mht":
		return fmt.Sprintf("import a saved web page: move it out of %s/ and run dossier new source --from %s "+
			"(writes %s/ID.txt, keeps the page under content/originals/)", dir, path.Base(p), dir)
	case ".text", ".markdown":
		f := Text
		if ext == ".markdown" {
			f = Markdown
		}
		return fmt.Sprintf("rename it %s/%s%s", dir, base, f.Ext)
	case ".pdf":
		return fmt.Sprintf("import a PDF: move it out of %s/ and run dossier new source --from %s "+
			"(writes %s/ID.txt with its pages, keeps the PDF under content/originals/)", dir, path.Base(p), dir)
	case ".doc", ".docx", ".odt", ".rtf", ".epub":
		return fmt.Sprintf("dossier reads text: save the document's text as %s/%s%s, one paragraph a line", dir, base, Text.Ext)
	}
	if f := FormatOf(strings.ToLower(p)); f != nil {
		return fmt.Sprintf("rename it %s/%s%s (extensions are lower case)", dir, base, f.Ext)
	}
	return fmt.Sprintf("a source is text (%s/ID%s) or Markdown (%s/ID%s); dossier new source ID starts one", dir, Text.Ext, dir, Markdown.Ext)
}

// readText reads a file as UTF-8 text with "\n" line endings and no byte
// order mark, within the limit of its kind.
func readText(fsys fs.FS, p string) ([]byte, *diag.Diagnostic) {
	b, err := sitefs.ReadFile(fsys, p)
	if err != nil {
		var d diag.Diagnostic
		var big *sitefs.TooLargeError
		if errors.As(err, &big) {
			d = diag.File(p, diag.Error, "%v: split it", big)
		} else {
			d = diag.File(p, diag.Error, "cannot read: %v", sitefs.Unwrap(err))
		}
		return nil, &d
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, size := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		d := diag.At(p, b, off, diag.Error, "not UTF-8 text: save the file as UTF-8")
		return nil, &d
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		d := diag.At(p, b, i, diag.Error, "the file holds a NUL byte: it is not a text file")
		return nil, &d
	}
	return b, nil
}

func loadConfig(fsys fs.FS) (Config, diag.List) {
	cfg := Config{Title: "dossier", Language: "en"}
	const p = "content/site.yaml"
	file, d := readText(fsys, p)
	if d != nil {
		if errors.Is(fsNotExist(fsys, p), fs.ErrNotExist) {
			return cfg, nil
		}
		return cfg, diag.List{*d}
	}
	fields, diags := parseFields(p, file, file, 1)
	dec := &fieldDecoder{path: p, file: file, firstLine: 1}
	for _, f := range fields {
		switch f.key {
		case "title":
			cfg.Title = dec.str(f)
		case "base_url":
			if cfg.BaseURL = dec.str(f); cfg.BaseURL != "" {
				if _, err := page.ParseBase(cfg.BaseURL); err != nil {
					dec.errorf(f.value, "base_url %q: %v", cfg.BaseURL, err)
					cfg.BaseURL = ""
				}
			}
		case "language":
			cfg.Language = dec.language(f)
		case "description":
			cfg.Description = dec.str(f)
		case "editors":
			cfg.Editors = dec.strings(f)
		case "tags":
			for _, t := range dec.tags(f) {
				cfg.Tags = append(cfg.Tags, t.Name)
			}
		default:
			dec.extra(&cfg.Extra, f)
		}
	}
	return cfg, append(diags, dec.diags...)
}

func fsNotExist(fsys fs.FS, p string) error {
	_, err := fs.Stat(fsys, p)
	return err
}

// LoadSource reads the source at p, a path under content/sources/. It
// returns nil, with a diagnostic, when the file cannot be read.
func LoadSource(fsys fs.FS, p string) (*Source, diag.List) {
	f := FormatOf(p)
	if f == nil {
		return nil, diag.List{diag.File(p, diag.Error, "not a source: a source is a %s file", strings.Join(sourceExts(), " or "))}
	}
	file, d := readText(fsys, p)
	if d != nil {
		return nil, diag.List{*d}
	}
	if int64(len(file)) > f.Limit {
		return nil, diag.List{diag.File(p, diag.Error, "%v: split it", &sitefs.TooLargeError{Size: int64(len(file)), Limit: f.Limit, Kind: f.Kind})}
	}
	s := &Source{
		ID:     strings.TrimSuffix(strings.TrimPrefix(p, SourcesDir+"/"), f.Ext),
		Path:   p,
		Format: f,
	}
	fm, bodyOff, ok, derr := splitFrontMatter(p, file)
	if derr != nil {
		return nil, diag.List{*derr}
	}
	diags := controlsIn(p, file, bodyOff)
	if ok {
		var originalField, shaField field
		s.BodyOff = bodyOff
		fields, ds := parseFields(p, file, fm, 2)
		diags = append(diags, ds...)
		dec := &fieldDecoder{path: p, file: file, firstLine: 2}
		for _, f := range fields {
			switch f.key {
			case "title":
				s.Title = dec.str(f)
			case "outlet":
				s.Outlet = dec.str(f)
			case "author":
				s.Author = dec.str(f)
			case "published":
				s.Published = dec.str(f)
				s.Date = dec.date(f, false)
			case "url":
				s.URL = dec.str(f)
				if s.URL != "" && !WebURL(s.URL) {
					dec.warnf(f.value, "front matter: url %q is not an http or https URL: the source's page does not link it", s.URL)
				}
			case "archive":
				s.Archive = dec.webURLs(f)
			case "retrieved":
				s.Retrieved = dec.str(f)
			case "note":
				s.Note, s.NoteLine = dec.str(f), f.value.Line+1 // the YAML starts on line 2
			case "language":
				s.Language = dec.str(f)
			case "original":
				s.Original = dec.str(f)
				originalField = f
			case "sha256":
				s.SHA256 = dec.str(f)
				shaField = f
			case "pages":
				s.Pages = dec.count(f)
			default:
				dec.extra(&s.Extra, f)
			}
		}
		if originalField.value != nil || shaField.value != nil {
			checkOriginal(fsys, s, dec, originalField, shaField)
		}
		diags = append(diags, dec.diags...)
	}
	return s, append(diags, f.read(s, file)...)
}

// plainText makes each non-blank line of body a paragraph, trimmed of the
// white space at its ends.
func plainText(body []byte, firstLine int) (string, []Paragraph) {
	// The text is the file's own bytes, not a copy: a large site's sources
	// are most of a build's memory. Nothing writes to a file's bytes once it
	// is read (readText's callers only read them), so the string stays
	// immutable as strings must.
	text := unsafe.String(unsafe.SliceData(body), len(body))
	var paras []Paragraph
	runes := 0
	count, asc := utf8.RuneCountInString, ascii(text)
	if asc { // most sources: their code points are their bytes
		count = func(s string) int { return len(s) }
	}
	line := firstLine
	for start := 0; start < len(text); line++ {
		end := strings.IndexByte(text[start:], '\n')
		next := len(text)
		if end < 0 {
			end = len(text)
		} else {
			end += start
			next = end + 1
		}
		s, e := start, end
		for s < e && isBlank(text[s]) {
			s++
		}
		for e > s && isBlank(text[e-1]) {
			e--
		}
		if s < e {
			runes += count(text[start:s])
			paras = append(paras, Paragraph{Start: s, End: e, RuneStart: runes, Line: line, Kind: "p", ASCII: asc})
			runes += count(text[s:next])
		} else {
			runes += count(text[start:next])
		}
		start = next
	}
	return text, paras
}

// ascii reports whether s has no byte of 0x80 or more, eight at a time.
func ascii(s string) bool {
	const highs = 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&highs != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' }

// controlsIn finds the control characters a text may not hold — C0 but
// tab and newline, DEL, C1, as in front matter — in file from offset
// from on: invisible, and some of them not allowed in HTML or XML, they
// would reach a reader unseen. It gives an error at the first, counting
// the rest. Sixteen bytes are tested at once, then each eight with a mask
// where one is not printable ASCII: a text is mostly letters.
func controlsIn(p string, file []byte, from int) diag.List {
	first, n := -1, 0
	found := func(j int) {
		if file[j] != 0xc2 || j+1 < len(file) && file[j+1] < 0xa0 { // 0xC2 is C1 only before 0xA0
			if first < 0 {
				first = j
			}
			n++
		}
	}
	i := from
	for rest := file[from:]; len(rest) >= 16; rest, i = rest[16:], i+16 {
		x, y := binary.LittleEndian.Uint64(rest[:8]), binary.LittleEndian.Uint64(rest[8:16])
		if ((x-0x20*ones)|x|(x+ones)|(y-0x20*ones)|y|(y+ones))&(0x80*ones) == 0 {
			continue // sixteen bytes of printable ASCII, as most are
		}
		for m := controlBytes(x); m != 0; m &= m - 1 {
			found(i + bits.TrailingZeros64(m)/8)
		}
		for m := controlBytes(y); m != 0; m &= m - 1 {
			found(i + 8 + bits.TrailingZeros64(m)/8)
		}
	}
	for ; i < len(file); i++ {
		if c := file[i]; c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || c == 0xc2 {
			found(i)
		}
	}
	if first < 0 {
		return nil
	}
	r, _ := utf8.DecodeRune(file[first:])
	msg := fmt.Sprintf("the text holds the control character %U%s: remove it", r, controlName(r))
	if n > 1 {
		msg += fmt.Sprintf(" (and %d more in the file)", n-1)
	}
	if r == '\f' {
		msg += "; a PDF imports with its pages as dossier new source --from FILE.pdf"
	}
	return diag.List{diag.At(p, file, first, diag.Error, "%s", msg)}
}

// ones is 0x01 in every byte of a word.
const ones = 0x0101010101010101

// controlBytes has the high bit of each byte of x that is under 0x20 but
// not a tab or a newline, a DEL, or 0xC2 (the lead byte of U+0080–U+00BF,
// which may be a C1 control), and no other.
func controlBytes(x uint64) uint64 {
	return zeroBytes(x&(0xe0*ones))&^zeroBytes(x^('\n'*ones))&^zeroBytes(x^('\t'*ones)) |
		zeroBytes(x^(0x7f*ones)) | zeroBytes(x^(0xc2*ones))
}

// zeroBytes has the high bit of each byte of x that is zero, and no other.
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}

// controlName is how a control character is known, if it has a name
// people know.
func controlName(r rune) string {
	switch r {
	case '\a':
		return " (a bell)"
	case '\b':
		return " (a backspace)"
	case '\v':
		return " (a vertical tab)"
	case '\f':
		return " (a form feed, a page break)"
	case 0x1b:
		return " (an escape)"
	case 0x7f:
		return " (a delete)"
	case 0x85:
		return " (a next line)"
	}
	return ""
}

// lineOf returns the 1-based line of offset off in file.
func lineOf(file []byte, off int) int { return bytes.Count(file[:off], []byte("\n")) + 1 }

// LoadBriefing reads the briefing at p, a path under content/briefings/.
// It returns nil, with a diagnostic, when the file cannot be read.
func LoadBriefing(fsys fs.FS, p string) (*Briefing, diag.List) {
	file, d := readText(fsys, p)
	if d != nil {
		return nil, diag.List{*d}
	}
	b := &Briefing{
		Slug: strings.TrimSuffix(strings.TrimPrefix(p, BriefingsDir+"/"), BriefingExt),
		Path: p,
		File: file,
		Body: file,
	}
	fm, bodyOff, ok, derr := splitFrontMatter(p, file)
	if derr != nil {
		return nil, diag.List{*derr}
	}
	if !ok {
		return b, diag.List{diag.At(p, file, 0, diag.Error, "briefing has no front matter: start it with ---, title: …, ---")}
	}
	body := bytes.Clone(file)
	for i := range bodyOff {
		if body[i] != '\n' {
			body[i] = ' '
		}
	}
	b.Body = body
	fields, diags := parseFields(p, file, fm, 2)
	diags = append(diags, controlsIn(p, file, bodyOff)...)
	dec := &fieldDecoder{path: p, file: file, firstLine: 2}
	for _, f := range fields {
		switch f.key {
		case "title":
			b.Title = dec.str(f)
		case "date":
			b.Date = dec.date(f, true)
		case "summary":
			b.Summary = dec.str(f)
		case "editors":
			b.Editors = dec.strings(f)
		case "draft":
			b.Draft = dec.boolean(f)
		case "tags":
			b.Tags = dec.tags(f)
		default:
			dec.extra(&b.Extra, f)
		}
	}
	diags = append(diags, dec.diags...)
	if strings.TrimSpace(b.Title) == "" && len(diags) == 0 {
		diags = append(diags, diag.At(p, file, 4, diag.Error, "briefing has no title: add title: … to its front matter"))
	}
	return b, diags
}

// ParseSource reads a source from its bytes, as LoadSource reads the file
// at p (a kept original it names is looked for in vain: a text not yet
// written has none).
func ParseSource(p string, file []byte) (*Source, diag.List) {
	return LoadSource(sitefs.File(p, file), p)
}
