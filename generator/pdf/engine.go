package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	pdfium "github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// char is one character PDFium placed on a page, in PDF points with y
// going up. Its box is the loose one: the font's ascent to its descent,
// the same height for every character of a font and size, so lines line up.
type char struct {
	r              rune
	x0, y0, x1, y1 float32 // the loose box
	oy             float32 // the baseline
	size           float32 // the font size in points
	gen            bool    // a space or line end PDFium inferred, not drawn
	mapErr         bool    // the font maps it to no Unicode character
}

// page is what the engine reads of one page.
type page struct {
	w, h   float32
	chars  []char
	images int // image objects on a page of few characters
}

// raw is what the engine reads of a document.
type raw struct {
	meta   map[string]string // Title, Author, Subject, CreationDate, ModDate
	labels []string          // each page's label, "" where it has none
	pages  []page
}

// Engine limits. The engine runs in a WebAssembly sandbox: what a hostile
// PDF can make it do is bounded by these and by the caller's context.
const (
	memoryPages = 8192   // 512 MiB of WebAssembly memory, in 64 KiB pages
	maxObjects  = 100000 // objects on a page (a dense page of text has a few thousand)
)

var (
	cacheOnce sync.Once
	cache     wazero.CompilationCache
)

// compilationCache is where the engine's compiled code is kept between
// runs: compiling PDFium takes seconds, loading it again a tenth of one.
// It is the user's cache folder (as Go's build cache is), else memory.
func compilationCache() wazero.CompilationCache {
	cacheOnce.Do(func() {
		if dir, err := os.UserCacheDir(); err == nil {
			if c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "dossier", "pdfium")); err == nil {
				cache = c
				return
			}
		}
		cache = wazero.NewCompilationCache()
	})
	return cache
}

// read runs PDFium over data within ctx and returns every page's
// characters. The engine sees only data: no file system, no clock it can
// act on, a bounded memory; ctx's deadline stops it wherever it is.
func read(ctx context.Context, data []byte, opts Options) (*raw, error) {
	cfg := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCompilationCache(compilationCache()).
		WithMemoryLimitPages(memoryPages).
		WithCloseOnContextDone(true)
	pool, err := webassembly.Init(webassembly.Config{
		Context:       experimental.WithCompilationWorkers(ctx, runtime.GOMAXPROCS(0)),
		MaxTotal:      1,
		FSConfig:      wazero.NewFSConfig(), // nothing mounted
		RuntimeConfig: cfg,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		return nil, engineErr(ctx, err)
	}
	defer pool.Close()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, engineErr(ctx, err)
	}
	defer inst.Close()
	r, err := readDoc(inst, data, opts)
	if err != nil {
		return nil, engineErr(ctx, err)
	}
	return r, nil
}

// engineErr says why the engine stopped: the deadline, or what it said.
func engineErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &Error{Kind: TooSlow, Err: errors.New("reading it took longer than the time allowed (--timeout)")}
		}
		return ctx.Err()
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if strings.Contains(err.Error(), "wasm error") {
		// PDFium stopped: out of its memory, or at a check it failed
		return &Error{Kind: TooLarge, Err: fmt.Errorf("reading it needs more than the %d MiB a PDF may use, or it is damaged", memoryPages/16)}
	}
	return &Error{Kind: Damaged, Err: err}
}

func readDoc(inst pdfium.Pdfium, data []byte, opts Options) (*raw, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		switch {
		case errors.Is(err, pdferrors.ErrPassword):
			return nil, &Error{Kind: Locked, Err: errors.New("it is locked with a password")}
		case errors.Is(err, pdferrors.ErrFormat), errors.Is(err, pdferrors.ErrFile):
			return nil, &Error{Kind: Damaged, Err: errors.New("it is not a PDF, or a damaged one")}
		}
		return nil, &Error{Kind: Damaged, Err: err}
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	r := &raw{meta: map[string]string{}}
	for _, tag := range []string{"Title", "Author", "Subject", "CreationDate", "ModDate"} {
		if m, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc.Document, Tag: tag}); err == nil {
			r.meta[tag] = m.Value
		}
	}
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, &Error{Kind: Damaged, Err: err}
	}
	if n.PageCount == 0 {
		return nil, &Error{Kind: NoText, Err: errors.New("it has no pages")}
	}
	if n.PageCount > opts.maxPages() {
		return nil, &Error{Kind: TooLarge, Err: fmt.Errorf("it has %d pages; at most %d can be imported", n.PageCount, opts.maxPages())}
	}
	total := 0
	for i := range n.PageCount {
		label := ""
		if l, err := inst.FPDF_GetPageLabel(&requests.FPDF_GetPageLabel{Document: doc.Document, Page: i}); err == nil {
			label = l.Label
		}
		r.labels = append(r.labels, label)
		p, err := readPage(inst, doc.Document, i)
		if err != nil {
			return nil, err
		}
		total += len(p.chars)
		if total > opts.maxChars() {
			return nil, &Error{Kind: TooLarge, Err: fmt.Errorf("it holds more than %d characters of text, more than a source may hold", opts.maxChars())}
		}
		r.pages = append(r.pages, p)
	}
	return r, nil
}

func readPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (page, error) {
	var p page
	pg, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return p, engineFailure(fmt.Sprintf("page %d", i+1), err)
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	ref := requests.Page{ByReference: &pg.Page}
	if n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref}); err == nil && n.Count > maxObjects {
		return p, &Error{Kind: TooLarge, Err: fmt.Errorf("page %d draws %d objects; at most %d can be read", i+1, n.Count, maxObjects)}
	}
	if sz, err := inst.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: i}); err == nil {
		p.w, p.h = float32(sz.Width), float32(sz.Height)
	}
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return p, engineFailure(fmt.Sprintf("page %d", i+1), err)
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cc, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return p, engineFailure(fmt.Sprintf("page %d", i+1), err)
	}
	p.chars = make([]char, 0, cc.Count)
	for j := range cc.Count {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: j})
		if err != nil {
			return p, &Error{Kind: Damaged, Err: err}
		}
		c := char{r: rune(u.Unicode)}
		if g, err := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp.TextPage, Index: j}); err == nil {
			c.gen = g.IsGenerated
		}
		if c.gen && c.r != ' ' {
			continue // a line end PDFium inferred: the layout is read from the boxes
		}
		if b, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: j}); err == nil {
			c.x0, c.y0, c.x1, c.y1 = b.Rect.Left, b.Rect.Bottom, b.Rect.Right, b.Rect.Top
		}
		if o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: j}); err == nil {
			c.oy = float32(o.Y)
		}
		if f, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: j}); err == nil {
			c.size = float32(f.FontSize)
		}
		if !c.gen {
			if m, err := inst.FPDFText_HasUnicodeMapError(&requests.FPDFText_HasUnicodeMapError{TextPage: tp.TextPage, Index: j}); err == nil {
				c.mapErr = m.HasUnicodeMapError
			}
		}
		p.chars = append(p.chars, c)
	}
	if len(p.chars) < 500 { // a page of few characters: a scan with, at most, a running head?
		p.images = countImages(inst, pg.Page)
	}
	return p, nil
}

// countImages counts the image objects of a page.
func countImages(inst pdfium.Pdfium, pg references.FPDF_PAGE) int {
	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: requests.Page{ByReference: &pg}})
	if err != nil {
		return 0
	}
	images := 0
	for i := range min(n.Count, 10000) {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: requests.Page{ByReference: &pg}, Index: i})
		if err != nil {
			continue
		}
		if t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject}); err == nil && t.Type == enums.FPDF_PAGEOBJ_IMAGE {
			images++
		}
	}
	return images
}

// engineFailure is what PDFium said of a part of the document that it
// could not read.
func engineFailure(what string, err error) error {
	if strings.Contains(err.Error(), "wasm error") {
		return err // engineErr says what it means
	}
	msg := err.Error()
	if _, m, ok := strings.Cut(msg, ": "); ok && len(msg) < 40 {
		msg = m // "6: incorrect page": PDFium's code, then its words
	}
	return &Error{Kind: Damaged, Err: fmt.Errorf("it is damaged: %s cannot be read (%s)", what, msg)}
}

// timeout is the default time a read may take.
const timeout = 60 * time.Second
