package page

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// ParseBase reads the base URL a site is served from (site.yaml's
// base_url, or --base-url): an absolute http or https URL with a host and
// a clean absolute path, and nothing else. Every page's URL is its path
// below the base's, so a base that could make a link leave the site's
// origin — a path starting "//" is a link to another host — is refused,
// with what is wrong said in the error: a user name or password, a query,
// a fragment, "//", a backslash, a "." or ".." segment, a space or a
// control character. The URL returned has a path ending in "/".
func ParseBase(s string) (*url.URL, error) {
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return nil, fmt.Errorf("it holds the control character %U", r)
		case unicode.IsSpace(r):
			return nil, fmt.Errorf("it holds a space (write it as %%20)")
		case r == '\\':
			return nil, fmt.Errorf(`it holds a backslash: paths are written with "/"`)
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return nil, fmt.Errorf("it is not a URL: %v", err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("it is not an absolute http(s) URL: write it as https://example.org/briefings/")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("it has no host: write it as %s://example.org/briefings/", u.Scheme)
	case u.User != nil:
		return nil, fmt.Errorf("it holds a user name or password: a site's address has none, and a published page must not show one")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("it has a query (?…): a site is served from a path")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return nil, fmt.Errorf("it has a fragment (#…): a site is served from a path")
	}
	raw := u.EscapedPath()
	if low := strings.ToLower(raw); strings.Contains(low, "%2f") || strings.Contains(low, "%5c") {
		return nil, fmt.Errorf("its path holds an encoded slash or backslash")
	}
	if strings.Contains(u.Path, "//") {
		return nil, fmt.Errorf(`its path holds "//": a link starting "//" leads to another host`)
	}
	for seg := range strings.SplitSeq(u.Path, "/") {
		if seg == "." || seg == ".." {
			return nil, fmt.Errorf("its path holds a %q segment: write the path it leads to", seg)
		}
	}
	base := &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host), Path: u.Path, RawPath: u.RawPath}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
		if base.RawPath != "" {
			base.RawPath += "/"
		}
	}
	return base, nil
}
