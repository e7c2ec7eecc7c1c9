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
}

// Page is a fetched page.
type Page struct {
	Body        []byte
	ContentType string // the Content-Type header
	URL         string // where the page was found, after redirects
}

// Fetch gets the page at rawURL over http or https: at most MaxRedirects
// redirects, each to http or https, a timeout over the whole exchange, and
// at most MaxBytes of body. Any status but 200 is an error that says it.
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
	client := &http.Client{
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
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
	resp, err := client.Do(req)
	if err != nil {
		return nil, fetchError(ctx, err, opts.Timeout)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the server answered %s", resp.Status)
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
	return &Page{Body: body, ContentType: resp.Header.Get("Content-Type"), URL: resp.Request.URL.String()}, nil
}

// fetchError says why a fetch failed in an editor's words.
func fetchError(ctx context.Context, err error, timeout time.Duration) error {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("no complete answer within %v", timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
