// Package export writes what other tools read (docs/site.md): claims.json,
// annotations.jsonld (W3C Web Annotations), the Atom feed, the sitemap and
// robots.txt. It knows their formats; the build (package site) gives it
// the values, a briefing's claims at a time.
//
// claims.json and annotations.jsonld are tens of megabytes for a large
// site, so they are appended by hand, byte for byte what encoding/json
// writes for the same values (TestClaimsEqualEncodingJSON, FuzzJSONString),
// and written a briefing's part at a time: the dev server keeps each
// briefing's part and makes the whole when it is asked for.
package export
