package export

import (
	"encoding/xml"
	"os"
	"strconv"
	"time"
)

// Nothing in the feed, the sitemap or robots.txt comes from the clock:
// dates are the briefings' own, and where a briefing has none,
// SOURCE_DATE_EPOCH's (or 1970-01-01): FallbackTime.

// Feed is an Atom feed (RFC 4287) of the briefings.
type Feed struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string   `xml:"title"`
	Subtitle string   `xml:"subtitle,omitempty"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Links    []Link   `xml:"link"`
	Author   Person   `xml:"author"`
	Entries  []Entry  `xml:"entry"`
}

// Link is an Atom link.
type Link struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// Person is an Atom author.
type Person struct {
	Name string `xml:"name"`
}

// Entry is a briefing in the feed.
type Entry struct {
	Title      string     `xml:"title"`
	ID         string     `xml:"id"`
	Updated    string     `xml:"updated"`
	Links      []Link     `xml:"link"`
	Authors    []Person   `xml:"author,omitempty"`
	Categories []Category `xml:"category,omitempty"`
	Summary    string     `xml:"summary,omitempty"`
}

// Category is an Atom category: a briefing's topic.
type Category struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// XML is the feed as feed.xml holds it.
func (f *Feed) XML() ([]byte, error) { return marshal(f) }

// Sitemap is a sitemaps.org URL set: every page, by absolute URL.
type Sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []SitemapURL `xml:"url"`
}

// SitemapURL is one page of the sitemap.
type SitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"` // YYYY-MM-DD
}

// XML is the sitemap as sitemap.xml holds it.
func (s *Sitemap) XML() ([]byte, error) { return marshal(s) }

func marshal(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// Robots is robots.txt: everything allowed, and the sitemap's URL when
// there is one.
func Robots(sitemap string) []byte {
	s := "User-agent: *\nAllow: /\n"
	if sitemap != "" {
		s += "Sitemap: " + sitemap + "\n"
	}
	return []byte(s)
}

// FallbackTime is the date of what has none: SOURCE_DATE_EPOCH, or the
// epoch.
func FallbackTime() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Unix(0, 0).UTC()
}
