package mdext

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// safeLinks keeps links and images whose destination a reader can safely
// follow: relative URLs and the http, https, mailto and tel schemes, and for
// images also data:image/png, gif, jpeg and webp. Any other link becomes
// its text; any other image, its description. Browsers drop tabs and
// newlines from URLs and ignore case in schemes, so the check does too.
type safeLinks struct{}

// SafeURL reports whether dest may be a link's (or, with image, an image's) destination.
func SafeURL(dest string, image bool) bool {
	d := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimFunc(dest, func(r rune) bool { return r <= ' ' }))
	if image && strings.HasPrefix(strings.ToLower(d), "data:image/") {
		rest := strings.ToLower(d[len("data:image/"):])
		for _, kind := range []string{"png", "gif", "jpeg", "webp"} {
			if strings.HasPrefix(rest, kind+";") || strings.HasPrefix(rest, kind+",") {
				return true
			}
		}
		return false
	}
	u, err := url.Parse(d)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		// no scheme that url.Parse accepts; a colon before any / ? or # would
		// still make one for a browser
		colon, end := strings.IndexByte(d, ':'), strings.IndexAny(d, "/?#")
		return colon < 0 || (end >= 0 && end < colon)
	case "http", "https":
		return validHost(u.Hostname())
	case "mailto", "tel":
		return true
	}
	return false
}

// validHost reports whether h is a host a browser can look up: an IPv6
// address, or labels none of which is empty but the last ("https://../"
// is no link).
func validHost(h string) bool {
	if strings.Contains(h, ":") {
		return true
	}
	labels := strings.Split(strings.TrimSuffix(h, "."), ".")
	for _, l := range labels {
		if l == "" {
			return false
		}
	}
	return true
}

// resolved is a destination as the renderer will write it: entities and
// backslash escapes resolved.
func resolved(dest []byte) string {
	return string(util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(dest))))
}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var unsafe []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(resolved(n.Destination), false) {
				unsafe = append(unsafe, n)
			}
		case *ast.Image:
			if !SafeURL(resolved(n.Destination), true) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if !SafeURL(string(n.URL(reader.Source())), false) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		parent := n.Parent()
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(reader.Source())))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}
