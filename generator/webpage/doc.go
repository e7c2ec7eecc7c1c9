// Package webpage turns a web page into what a source is made of: its
// article's text, one paragraph a string, and what the page says of itself.
// It is the reading half of `dossier new source --from FILE|URL`
// (docs/import.md); the command writes the files.
//
// Fetch gets a page over http or https only, within a timeout over the
// whole exchange (default 30 s), at most 5 redirects, each to http or
// https, and at most MaxBytes of body (default 16 MiB, the size limit of a
// source); any status but 200 is an error that names it.
//
// Extract reads a page: HTML in the character set that its bytes, its
// Content-Type or its <meta> declare (decoded as a browser decodes it), or
// a browser's single-file MHTML archive. The article is found by
// go-trafilatura with its Readability and DOM Distiller fallbacks; its
// paragraphs are written from the tree it extracts: each block (paragraph,
// heading, list item, block quote, table row, caption) and each run of text
// between two or more <br> is a paragraph, each line of a <pre> too; white
// space is folded as a browser folds it, so a paragraph is never split at
// the width of the page's source; every other character is kept as the
// page has it. A first paragraph that repeats the title is dropped: the
// title is the source's title. Comments under a post are not the article.
//
// What a page puts inside its article that is not the article (pull
// quotes, asides, promotions of other articles, "related" blocks, sign-ups,
// author bios) is left out by the page's structure (furniture.go): by
// element, by the names of its class, id, data-component or role, by links
// (a short paragraph, or a list, that is nearly all links), and by
// repetition: a paragraph that repeats part of a longer one, or one just
// before it, is dropped. A page of several items (a newsletter, a live
// blog) keeps every item with its heading (items.go), or says in a warning
// what of its text was left out. The title is the headline without the
// site's name after it; an author is a person, never the outlet.
//
// Metadata is read the way the web publishes it: schema.org JSON-LD of an
// Article (NewsArticle, BlogPosting, …) first, then Open Graph and <meta>
// names, then the document's own elements (<link rel=canonical>, <time
// pubdate>, <html lang>), then the extractor's reading. The URL is the
// canonical one, else the one fetched or recorded by the saving browser,
// with campaign-tracking parameters taken off.
//
// A page that holds no article is refused with ErrNoText and the reason:
// empty, not HTML, drawn by script, a paywall's or login wall's teaser,
// fewer than 20 words. A page too large to read in seconds is refused too:
// nested deeper than 512 elements, more than 400,000 elements, or
// paragraphs whose text the extractor would copy for minutes.
package webpage
