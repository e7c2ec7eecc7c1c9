// Package online re-checks a site's sources against their live pages:
// what `dossier check --online` does (docs/publishing.md, "Live pages").
//
// Every source whose front matter names a url is fetched again with the
// importer's client (its timeout and size limit, redirects followed and
// recorded, a User-Agent naming dossier), at most eight requests at once
// and two to one host, each conditional on the ETag and Last-Modified its
// import recorded. The page is read with the importer (a web page's
// article, or a PDF's text with its pages) and its paragraphs compared
// with the source's. Each source is then
//
//   - unchanged: the same paragraphs, or 304 Not Modified;
//   - changed: how many paragraphs differ, and the first difference as a
//     word diff;
//   - moved: a permanent redirect (301, 308) to another URL, whose page is
//     compared in turn;
//   - gone: 404 Not Found or 410 Gone;
//   - unreachable: any other answer, or none, with the reason.
//
// Each is a note at the source's url line; nothing is an error. Every
// citation of a changed, moved or gone source whose passage is anchored in
// the source and not on the live page (the site checked again with the
// live text in place of the source's, nothing written) is a warning at
// the citation — an error when strict — "no longer on the live page since
// it was retrieved on 18 April 2025", with what the live page says
// instead when it says something close.
//
// A host that does not answer, or refuses the connection, is not asked
// again in the same run: its other sources are unreachable for the same
// reason. The whole run ends by its context's deadline, a source not yet
// checked then being unreachable too.
package online
