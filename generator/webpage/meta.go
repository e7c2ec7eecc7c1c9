package webpage

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page says of itself, read the way the web publishes
// it: schema.org JSON-LD first, then Open Graph and <meta> names, then the
// document's own elements. Anything missing is "".
type pageMeta struct {
	title, siteName, author, published, canonical, language string
}

// articleTypes are the schema.org types whose JSON-LD describes the page's
// article.
var articleTypes = map[string]bool{
	"Article": true, "NewsArticle": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"OpinionNewsArticle": true, "BackgroundNewsArticle": true, "ReviewNewsArticle": true,
	"BlogPosting": true, "SocialMediaPosting": true, "Report": true, "ScholarlyArticle": true,
	"TechArticle": true, "LiveBlogPosting": true, "WebPage": true,
}

// dateNames are <meta> names and properties that give the publication date.
var dateNames = []string{
	"article:published_time", "og:published_time", "datepublished", "citation_publication_date",
	"dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date", "pubdate", "publishdate",
	"publish-date", "parsely-pub-date", "sailthru.date", "article.published", "published_time",
}

func readMeta(doc *html.Node, pageURL string) pageMeta {
	var m pageMeta
	metas := map[string]string{} // first content of each name or property, lowercased
	var ld []map[string]any
	var timePub, htmlLang, langHeader, canonicalHref string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				htmlLang = attr(n, "lang")
				if htmlLang == "" {
					htmlLang = attr(n, "xml:lang")
				}
			case atom.Meta:
				key := strings.ToLower(firstOf(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				if key != "" {
					if _, ok := metas[key]; !ok && strings.TrimSpace(attr(n, "content")) != "" {
						metas[key] = strings.TrimSpace(attr(n, "content"))
					}
				}
				if strings.EqualFold(attr(n, "http-equiv"), "content-language") {
					langHeader = attr(n, "content")
				}
			case atom.Link:
				if canonicalHref == "" && hasToken(attr(n, "rel"), "canonical") {
					canonicalHref = attr(n, "href")
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					ld = append(ld, jsonLD(n.FirstChild.Data)...)
				}
				return
			case atom.Time:
				if timePub == "" && (hasAttr(n, "pubdate") || attr(n, "itemprop") == "datePublished") {
					timePub = attr(n, "datetime")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	for _, obj := range ld {
		if !isArticle(obj["@type"]) {
			continue
		}
		if m.title == "" {
			m.title = str(obj["headline"])
			if m.title == "" && !isType(obj["@type"], "WebPage") {
				m.title = str(obj["name"])
			}
		}
		if m.author == "" {
			m.author = strings.Join(persons(obj["author"]), "; ")
		}
		if m.published == "" {
			m.published = dateText(str(obj["datePublished"]))
		}
		if m.siteName == "" {
			m.siteName = strings.Join(names(obj["publisher"]), "; ")
		}
		if m.language == "" {
			m.language = str(obj["inLanguage"])
		}
	}
	if m.title == "" {
		m.title = firstOf(metas["og:title"], metas["twitter:title"], metas["dc.title"], metas["citation_title"])
	}
	m.siteName = firstOf(metas["og:site_name"], m.siteName, metas["application-name"], metas["twitter:site"])
	if strings.HasPrefix(m.siteName, "@") { // a Twitter handle is not a name
		m.siteName = ""
	}
	if m.author == "" {
		for _, k := range []string{"author", "article:author", "dc.creator", "citation_author", "parsely-author", "sailthru.author", "byl"} {
			if v := metas[k]; v != "" && !strings.Contains(v, "://") {
				m.author = v
				break
			}
		}
	}
	if m.published == "" {
		for _, k := range dateNames {
			if d := dateText(metas[k]); d != "" {
				m.published = d
				break
			}
		}
	}
	if m.published == "" {
		m.published = dateText(timePub)
	}
	// a relative canonical link is resolved against the page's address,
	// or, for a saved page that does not know it, against og:url
	ogURL := absolute(metas["og:url"], pageURL)
	m.canonical = absolute(canonicalHref, firstOf(pageURL, ogURL))
	if m.canonical == "" {
		m.canonical = ogURL
	}
	m.canonical = untracked(m.canonical)
	if m.language == "" {
		m.language = firstOf(htmlLang, langHeader, strings.ReplaceAll(metas["og:locale"], "_", "-"))
	} else if htmlLang != "" {
		m.language = htmlLang // the document's own word on its language comes first
	}
	m.language = languageTag(m.language)
	return m
}

// jsonLD decodes a JSON-LD block into its objects, those of @graph too.
func jsonLD(s string) []map[string]any {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) != nil {
		return nil
	}
	var out []map[string]any
	var add func(any, int)
	add = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				add(e, depth+1)
			}
		case map[string]any:
			out = append(out, v)
			if g, ok := v["@graph"]; ok {
				add(g, depth+1)
			}
		}
	}
	add(v, 0)
	return out
}

func isArticle(t any) bool {
	switch t := t.(type) {
	case string:
		return articleTypes[strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/")]
	case []any:
		for _, e := range t {
			if isArticle(e) {
				return true
			}
		}
	}
	return false
}

func isType(t any, name string) bool {
	switch t := t.(type) {
	case string:
		return t == name
	case []any:
		for _, e := range t {
			if isType(e, name) {
				return true
			}
		}
	}
	return false
}

// names reads a JSON-LD author or publisher: a name, a Person or
// Organization, or a list of them.
func names(v any) []string {
	switch v := v.(type) {
	case string:
		if strings.Contains(v, "://") {
			return nil
		}
		return []string{clean(v)}
	case map[string]any:
		if n := clean(str(v["name"])); n != "" {
			return []string{n}
		}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, names(e)...)
		}
		return out
	}
	return nil
}

// persons reads a JSON-LD author as names, leaving out an Organization
// (or any kind of one: a NewsMediaOrganization, a Corporation): an author
// is a person, never the outlet.
func persons(v any) []string {
	switch v := v.(type) {
	case map[string]any:
		for _, t := range []string{"Organization", "NewsMediaOrganization", "Corporation", "GovernmentOrganization", "NGO", "EducationalOrganization"} {
			if isType(v["@type"], t) {
				return nil
			}
		}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, persons(e)...)
		}
		return out
	}
	return names(v)
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case []any:
		if len(v) > 0 {
			return str(v[0])
		}
	}
	return ""
}

var leadingDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})`)

// dateLayouts are the other ways pages write a date in metadata.
var dateLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, "2006/01/02", "20060102", "January 2, 2006",
	"Jan 2, 2006", "2 January 2006", "02.01.2006",
}

// dateText reads a metadata date as YYYY-MM-DD, or returns "".
func dateText(s string) string {
	s = strings.TrimSpace(s)
	if m := leadingDate.FindString(s); m != "" {
		if _, err := time.Parse("2006-01-02", m); err == nil {
			return m
		}
		return ""
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// languageTag cleans a declared language into a BCP 47 tag ("en-US"), or "".
var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

func languageTag(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ",; "); i >= 0 {
		s = s[:i]
	}
	if !langTag.MatchString(s) {
		return ""
	}
	return s
}

// absolute resolves href against base and returns it when it is an http or
// https URL, else "".
func absolute(href, base string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if b, err := url.Parse(base); err == nil && base != "" {
		u = b.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}

// untracked takes the campaign-tracking parameters (utm_source and the
// like) out of a URL: they say how a reader arrived, not what the page is.
func untracked(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.RawQuery == "" {
		return u
	}
	q := p.Query()
	changed := false
	for k := range q {
		if strings.HasPrefix(k, "utm_") || k == "fbclid" || k == "gclid" || k == "mc_cid" || k == "mc_eid" {
			q.Del(k)
			changed = true
		}
	}
	if !changed {
		return u
	}
	p.RawQuery = q.Encode()
	return p.String()
}

// savedRe finds the address a saving browser wrote into the page:
// SingleFile's "url:" comment and the "saved from url=(NNNN)" mark.
var savedRe = []*regexp.Regexp{
	regexp.MustCompile(`<!--\s*Page saved with SingleFile\s*\n?\s*url:\s*(\S+)`),
	regexp.MustCompile(`<!--\s*saved from url=\(\d+\)(\S+?)\s*-->`),
}

func savedFrom(page []byte) string {
	head := page[:min(len(page), 4096)]
	for _, re := range savedRe {
		if m := re.FindSubmatch(head); m != nil {
			if u := absolute(string(m[1]), ""); u != "" {
				return u
			}
		}
	}
	// SingleFile writes its comment after </html> in newer versions
	tail := page[max(0, len(page)-4096):]
	if m := savedRe[0].FindSubmatch(tail); m != nil {
		return absolute(string(m[1]), "")
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
