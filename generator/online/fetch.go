package online

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/pdf"
	"dossier/generator/webpage"
)

// State is what became of a source's page since it was retrieved.
type State string

const (
	Unchanged   State = "unchanged"
	Changed     State = "changed"
	Moved       State = "moved"
	Gone        State = "gone"
	Unreachable State = "unreachable"
)

// States lists the states in the order a summary gives them.
var States = []State{Unchanged, Changed, Moved, Gone, Unreachable}

// Options bound a run. Zero values take the defaults.
type Options struct {
	Timeout   time.Duration // each fetch; default webpage.DefaultTimeout
	MaxBytes  int64         // the largest page read; default webpage.DefaultMaxBytes
	UserAgent string        // default "dossier"
	Requests  int           // at most this many fetches at once; default 8
	PerHost   int           // and this many to one host; default 2
	// Limit bounds the whole run (--timeout); 0 is no bound but ctx's
	Limit time.Duration
	// Read is the importer's reading of a fetched page: the text it
	// would write as the source's body, one paragraph a line (a PDF's
	// with its page markers), and a PDF's page count (0 for a web page).
	// Required.
	Read func(ctx context.Context, p *webpage.Page) (body []byte, pages int, err error)
}

// Report is what the live page of one source says.
type Report struct {
	Source *content.Source
	State  State
	// URL is where the live page was found: for Moved, its new address
	URL string
	// NotModified says the server answered 304 Not Modified
	NotModified bool
	// Status is the server's answer to a Gone page ("404 Not Found"), or
	// the permanent redirect of a Moved one ("301 Moved Permanently")
	Status string
	Reason string // why an Unreachable page could not be checked
	// NowPDF and NowWebPage say the live page is a PDF where the source
	// was imported from a web page, or the other way round
	NowPDF, NowWebPage bool
	// Live is the source's file with the live page's text in place of its
	// own, when they differ (Changed, or Moved to another text)
	Live []byte
	// Old and New are the paragraphs of the source and of the live page,
	// and Changes the runs that differ (Changed, Moved)
	Old, New []string
	Changes  []cite.Change
}

// Fetch fetches the live page of each source (each must have a url) and
// reports on it, in the order of sources. A source not checked by the
// time ctx is done is Unreachable.
func Fetch(ctx context.Context, sources []*content.Source, opts Options) []*Report {
	if opts.Timeout <= 0 {
		opts.Timeout = webpage.DefaultTimeout
	}
	if opts.Requests <= 0 {
		opts.Requests = 8
	}
	if opts.PerHost <= 0 {
		opts.PerHost = 2
	}
	if opts.Limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Limit)
		defer cancel()
	}
	notChecked := "not checked within the run's time limit"
	cutShort := "no answer within the run's time limit"
	if opts.Limit > 0 {
		notChecked += fmt.Sprintf(" (--timeout %v)", opts.Limit)
		cutShort += fmt.Sprintf(" (--timeout %v)", opts.Limit)
	}
	reports := make([]*Report, len(sources))
	global := make(chan struct{}, opts.Requests)
	hosts := map[string]chan struct{}{}
	var mu sync.Mutex
	down := map[string]string{} // a host that gave no answer: why
	var wg sync.WaitGroup
	for i, s := range sources {
		r := &Report{Source: s, URL: s.URL}
		reports[i] = r
		host := hostOf(s.URL)
		sem := hosts[host]
		if sem == nil {
			sem = make(chan struct{}, opts.PerHost)
			hosts[host] = sem
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// the host's turn first, then one of all: a source waiting for
			// a slow host holds no turn another host could use
			if !acquire(ctx, sem) {
				r.State, r.Reason = Unreachable, notChecked
				return
			}
			defer func() { <-sem }()
			if !acquire(ctx, global) {
				r.State, r.Reason = Unreachable, notChecked
				return
			}
			defer func() { <-global }()
			mu.Lock()
			why := down[host]
			mu.Unlock()
			if why != "" {
				r.State, r.Reason = Unreachable, why
				return
			}
			if why := check(ctx, r, opts, cutShort); why != "" {
				mu.Lock()
				down[host] = why
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return reports
}

func acquire(ctx context.Context, sem chan struct{}) bool {
	select {
	case sem <- struct{}{}:
		return ctx.Err() == nil
	case <-ctx.Done():
		return false
	}
}

// hostOf is the host (and port) of an http(s) URL, in lower case: one
// server, which gets at most Options.PerHost requests at once.
func hostOf(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return u
	}
	return strings.ToLower(p.Host)
}

// check fetches r's page and fills in the report. When the host gave no
// answer, it returns why, which stands for its other sources too.
// cutShort is why a check the run's deadline ended is Unreachable.
func check(ctx context.Context, r *Report, opts Options, cutShort string) (down string) {
	s := r.Source
	fo := webpage.FetchOptions{Timeout: opts.Timeout, MaxBytes: opts.MaxBytes, UserAgent: opts.UserAgent}
	if s.Original != "" {
		// an imported source is the page as the server gave it: ask for it
		// only if it has changed since. One written by hand is compared
		// whatever the server says of its page.
		fo.ETag, fo.LastModified = extra(s, "etag"), extra(s, "last_modified")
		if fo.ETag == "" && fo.LastModified == "" {
			fo.LastModified = since(s.Retrieved)
		}
	}
	page, err := webpage.Fetch(ctx, s.URL, fo)
	if err != nil {
		r.State, r.Reason = Unreachable, err.Error()
		var se *webpage.StatusError
		var na *webpage.NoAnswerError
		switch {
		case ctx.Err() != nil:
			r.Reason = cutShort
		case errors.As(err, &se) && (se.Code == 404 || se.Code == 410):
			r.State, r.Reason, r.Status = Gone, "", se.Status
		case errors.As(err, &na):
			r.Reason = hostOf(s.URL) + " did not answer: " + err.Error()
			return r.Reason
		}
		return ""
	}
	r.URL = page.URL
	for _, rd := range page.Redirects {
		if rd.Permanent() && page.URL != s.URL {
			r.State, r.Status = Moved, fmt.Sprintf("%d %s", rd.Status, http.StatusText(rd.Status))
			break
		}
	}
	if page.NotModified {
		r.NotModified = true
		if r.State == "" {
			r.State = Unchanged
		}
		return ""
	}
	body, pages, err := opts.Read(ctx, page)
	if err != nil {
		if ctx.Err() != nil {
			r.State, r.Reason = Unreachable, cutShort
			return ""
		}
		r.State, r.Reason = Unreachable, "its page cannot be read as a source: "+err.Error()
		return ""
	}
	r.Old = s.ParagraphTexts()
	r.Live = liveFile(s, body, pages)
	live, _ := content.ParseSource(s.Path, r.Live)
	if live != nil {
		r.New = live.ParagraphTexts()
	}
	r.Changes = cite.Changes(r.Old, r.New)
	if orig := strings.ToLower(path.Ext(s.Original)); orig != "" {
		livePDF := pdf.IsPDF(page.Body) || strings.HasPrefix(strings.ToLower(page.ContentType), "application/pdf")
		r.NowPDF, r.NowWebPage = livePDF && orig != ".pdf", !livePDF && orig == ".pdf"
	}
	switch {
	case r.State == Moved:
	case len(r.Changes) > 0 || r.NowPDF || r.NowWebPage:
		r.State = Changed
	default:
		r.State = Unchanged
	}
	if len(r.Changes) == 0 && !r.NowPDF && !r.NowWebPage {
		r.Live = nil
	}
	return ""
}

// liveFile is the file of source s with body, the live page's text, one
// paragraph a line, as its text: a PDF's with its page count, which makes
// its page markers read as such; for a Markdown source, each paragraph a
// block of its own.
func liveFile(s *content.Source, body []byte, pages int) []byte {
	if s.Format != content.Markdown {
		if pages > 0 {
			return append(content.FrontMatter([]content.Field{{Key: "pages", Value: strconv.Itoa(pages)}}), body...)
		}
		return body
	}
	var b strings.Builder
	if t, _ := content.ParseSource(content.SourcesDir+"/live"+content.Text.Ext, body); t != nil {
		for _, p := range t.ParagraphTexts() {
			b.WriteString(p)
			b.WriteString("\n\n")
		}
	}
	return []byte(b.String())
}

// extra is the text of a front matter field dossier does not read itself.
func extra(s *content.Source, key string) string {
	v, _ := s.Extra[key].(string)
	return v
}

// since is an If-Modified-Since for a page retrieved on the day retrieved
// (2006-01-02, in whatever zone the import ran): the start of the day
// before, in GMT, which is before the retrieval wherever it ran. "" for no
// date.
func since(retrieved string) string {
	t, err := time.Parse("2006-01-02", retrieved)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, -1).UTC().Format(httpTime)
}

const httpTime = "Mon, 02 Jan 2006 15:04:05 GMT"
