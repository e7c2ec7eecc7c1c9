package webpage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Fetch limits, as docs/import.md and the README give them.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxBytes = 16 << 20 // the size limit of a source
	MaxRedirects    = 5
)

// FetchOptions bound a fetch. Zero values take the defaults.
type FetchOptions struct {
	Timeout   time.Duration // the whole fetch, body included; default DefaultTimeout
	MaxBytes  int64         // the largest page read; default DefaultMaxBytes
	UserAgent string        // default "dossier"
	// ETag and LastModified, when set, make the request conditional
	// (If-None-Match, If-Modified-Since): they are what the server said of
	// the page when it was fetched before.
	ETag, LastModified string
}

// Page is a fetched page.
type Page struct {
	Body        []byte
	ContentType string // the Content-Type header
	URL         string // where the page was found, after redirects
	// ETag and LastModified are the server's validators of the page, for
	// a conditional fetch of it later; "" when it gave none.
	ETag, LastModified string
	// NotModified says the server answered 304 Not Modified to a
	// conditional fetch: the page is as it was, and Body is empty.
	NotModified bool
	// Redirects are the redirects followed, in order.
	Redirects []Redirect
}

// Redirect is one redirect a fetch followed.
type Redirect struct {
	From, To string
	Status   int // 301, 302, 303, 307 or 308
}

// Permanent reports whether the redirect says the page has moved for good
// (301 Moved Permanently, 308 Permanent Redirect).
func (r Redirect) Permanent() bool {
	return r.Status == http.StatusMovedPermanently || r.Status == http.StatusPermanentRedirect
}

// StatusError is a server's answer that is not a page: its status code and
// line ("404 Not Found").
type StatusError struct {
	Code   int
	Status string
}

func (e *StatusError) Error() string { return "the server answered " + e.Status }

// Fetch gets the page at rawURL over http or https: at most MaxRedirects
// redirects, each to http or https, a timeout over the whole exchange, and
// at most MaxBytes of body. Any status but 200 (or 304 to a conditional
// fetch) is a *StatusError.
func Fetch(ctx context.Context, rawURL string, opts FetchOptions) (*Page, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "dossier"
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http or https URL", rawURL)
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	var redirects []Redirect
	client := &http.Client{
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if prev := via[len(via)-1]; req.Response != nil {
				redirects = append(redirects, Redirect{From: prev.URL.String(), To: req.URL.String(), Status: req.Response.StatusCode})
			}
			if len(via) > MaxRedirects {
				return fmt.Errorf("more than %d redirects", MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirected to %s, which is not http or https", req.URL.Redacted())
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	if opts.ETag != "" {
		req.Header.Set("If-None-Match", opts.ETag)
	}
	if opts.LastModified != "" {
		req.Header.Set("If-Modified-Since", opts.LastModified)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fetchError(ctx, err, opts.Timeout)
	}
	defer resp.Body.Close()
	page := &Page{ContentType: resp.Header.Get("Content-Type"), URL: resp.Request.URL.String(),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Redirects: redirects}
	if resp.StatusCode == http.StatusNotModified && (opts.ETag != "" || opts.LastModified != "") {
		page.NotModified = true
		return page, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{Code: resp.StatusCode, Status: resp.Status}
	}
	if resp.ContentLength > opts.MaxBytes {
		return nil, fmt.Errorf("the page is %d bytes; the limit is %d", resp.ContentLength, opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, opts.MaxBytes+1))
	if err != nil {
		return nil, fetchError(ctx, err, opts.Timeout)
	}
	if int64(len(body)) > opts.MaxBytes {
		return nil, fmt.Errorf("the page is larger than the limit of %d bytes", opts.MaxBytes)
	}
	page.Body = body
	return page, nil
}

// NoAnswerError is a fetch that got no complete answer: the connection
// could not be made, broke, or the time ran out. Its host may be down.
type NoAnswerError struct{ Err error }

func (e *NoAnswerError) Error() string { return e.Err.Error() }
func (e *NoAnswerError) Unwrap() error { return e.Err }

// fetchError says why a fetch failed in an editor's words.
func fetchError(ctx context.Context, err error, timeout time.Duration) error {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return &NoAnswerError{fmt.Errorf("no complete answer within %v", timeout)}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var op *net.OpError
	var dns *net.DNSError
	if errors.As(err, &op) || errors.As(err, &dns) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &NoAnswerError{err}
	}
	return err
}
