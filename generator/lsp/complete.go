package lsp

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/generator/cite"
	"dossier/generator/content"
	"dossier/generator/mdext"
	"dossier/generator/site"
)

type completionParams struct {
	textDocumentPositionParams
}

// maxItems is how many completions one answer offers; the list says it
// is incomplete when there are more, and typing on narrows it.
const maxItems = 50

// alertDocs says what each of mdext.AlertKinds is for.
var alertDocs = map[string]string{
	"NOTE":      "A note for the reader.",
	"TIP":       "Advice.",
	"IMPORTANT": "What the reader must know.",
	"WARNING":   "A risk the reader should see.",
	"CAUTION":   "A consequence to avoid.",
}

func (s *Server) completion(p *completionParams) (any, error) {
	list := CompletionList{Items: []CompletionItem{}}
	d := s.doc(p.TextDocument.URI)
	if d == nil {
		return list, nil
	}
	off := offsetOf(d.text, p.Position, s.enc)
	t := typingAt(d.text, off)
	if t.kind == noContext {
		return list, nil
	}
	cat := s.catalog()
	if cat == nil {
		return list, nil
	}
	switch t.kind {
	case sourceContext:
		list = s.sourceItems(d.text, off, t, cat)
	case passageContext:
		if src := cat.byID[t.key]; src != nil {
			list = s.passageItems(d.text, off, t, src)
		}
	case alertContext:
		end := off
		for end < len(d.text) && isLetter(d.text[end]) {
			end++
		}
		closing := "]"
		if end < len(d.text) && d.text[end] == ']' {
			end++
		}
		r := Range{Start: positionOf(d.text, t.from, s.enc), End: positionOf(d.text, end, s.enc)}
		for i, k := range mdext.AlertKinds {
			if !strings.HasPrefix(k, strings.ToUpper(t.typed)) {
				continue
			}
			list.Items = append(list.Items, CompletionItem{
				Label: k, Kind: kindEnumMember, Detail: "> [!" + k + "]", SortText: fmt.Sprintf("%02d", i),
				Documentation: &MarkupContent{Kind: "markdown", Value: alertDocs[k] + " An editor note: cite one passage in its first line, and the note is shown beside that passage on the source's page."},
				FilterText:    k, TextEdit: &TextEdit{Range: r, NewText: k + closing},
			})
		}
	case tagContext:
		r := Range{Start: positionOf(d.text, t.from, s.enc), End: p.Position}
		have := tagsOn(d.text, off)
		for i, tag := range cat.tags {
			if have[strings.ToLower(tag)] || !strings.HasPrefix(strings.ToLower(tag), strings.ToLower(t.typed)) {
				continue
			}
			list.Items = append(list.Items, CompletionItem{
				Label: tag, Kind: kindValue, SortText: fmt.Sprintf("%05d", i),
				FilterText: tag, TextEdit: &TextEdit{Range: r, NewText: yamlTag(tag)},
			})
		}
	}
	return list, nil
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// tagsOn is the tags already written in the list at off, lowercased: on
// its line after tags:, or on the "- " lines above it.
func tagsOn(text []byte, off int) map[string]bool {
	have := map[string]bool{}
	add := func(tag string) { have[strings.ToLower(strings.Trim(strings.TrimSpace(tag), `"'`))] = true }
	start := lineStartAt(text, off)
	line := string(text[start:lineEnd(text, off)])
	if rest, ok := strings.CutPrefix(line, "tags:"); ok {
		for _, f := range strings.Split(strings.Trim(strings.TrimSpace(rest), "[]"), ",") {
			add(f)
		}
		return have
	}
	for p := start; p > 0; {
		prev := lineStartAt(text, p-1)
		item, ok := strings.CutPrefix(strings.TrimSpace(string(text[prev:p])), "- ")
		if !ok {
			break
		}
		add(item)
		p = prev
	}
	return have
}

// yamlTag writes a tag as a flow list item: quoted when YAML would read
// it otherwise, as a scalar or inside [ ].
func yamlTag(tag string) string {
	if strings.ContainsAny(tag, ",[]{}") || !content.PlainYAML(tag) {
		return content.QuoteYAML(tag)
	}
	return tag
}

// sourceItems offers the sources whose id starts with, or holds, what is
// typed, or whose title, outlet or id has words starting with each word
// typed.
func (s *Server) sourceItems(text []byte, off int, t typing, cat *catalog) CompletionList {
	end := off
	for end < len(text) && !cite.IsKeyEnd(text[end]) {
		end++
	}
	typed := strings.ToLower(t.typed)
	words := wordsOf(typed)
	type scored struct {
		src   *content.Source
		score int
	}
	var found []scored
	for _, src := range cat.sources {
		score := -1
		switch {
		case src.ID == typed:
			score = 0
		case strings.HasPrefix(src.ID, typed):
			score = 1
		case strings.Contains(src.ID, typed):
			score = 2
		case len(words) > 0 && allWordsStart(words, cat.words[src]):
			score = 3
		}
		if score >= 0 {
			found = append(found, scored{src, score})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return a.score - b.score })
	list := CompletionList{Items: []CompletionItem{}, Incomplete: len(found) > maxItems}
	r := Range{Start: positionOf(text, t.from, s.enc), End: positionOf(text, end, s.enc)}
	for i, f := range found[:min(len(found), maxItems)] {
		src := f.src
		var details *labelDetails
		if d := joinNonEmpty(", ", src.Outlet, site.Published(src)); d != "" {
			details = &labelDetails{Description: d}
		}
		list.Items = append(list.Items, CompletionItem{
			Label: src.ID, Kind: kindReference, Detail: joinNonEmpty(" · ", firstOf(src.Title, src.ID), src.Outlet, site.Published(src)),
			LabelDetails:  details,
			Documentation: &MarkupContent{Kind: "markdown", Value: sourceCard(src)},
			SortText:      fmt.Sprintf("%d%05d", f.score, i),
			// the client filters by what is typed: the title's words are
			// in the text it filters, so that "black" finds nyt/rolling-blackouts
			FilterText: t.typed + " " + src.ID + " " + src.Title + " " + src.Outlet,
			TextEdit:   &TextEdit{Range: r, NewText: src.ID},
		})
	}
	return list
}

// wordsOf is the words of s, lowercased.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// allWordsStart reports whether each word starts one of have.
func allWordsStart(words, have []string) bool {
	for _, w := range words {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.HasPrefix(h, w) }) {
			return false
		}
	}
	return true
}

// sourceCard is a source's title, outlet, date and address, in Markdown.
func sourceCard(src *content.Source) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", mdEscape(firstOf(src.Title, src.ID)))
	if meta := joinNonEmpty(" · ", src.Outlet, src.Author, site.Published(src)); meta != "" {
		fmt.Fprintf(&b, "  \n%s", mdEscape(meta))
	}
	fmt.Fprintf(&b, "  \n`@%s` · %d paragraphs", src.ID, len(src.Paragraphs))
	if src.Pages > 0 {
		fmt.Fprintf(&b, " · %d pages", src.Pages)
	}
	if src.URL != "" {
		fmt.Fprintf(&b, "  \n<%s>", src.URL)
	}
	return b.String()
}

// candidate is a passage offered: a span of a source's text.
type candidate struct {
	para       int
	start, end int // in the source's Text
	rank       int // lower first
}

// passageItems offers the sentences of the source that hold the words
// typed, the clause that holds them (between commas, semicolons, colons,
// dashes or brackets) and the span from the words typed to the sentence's
// end: ranked with the words as typed first (sentence, clause, span), then
// the words in any order, each in the source's order.
func (s *Server) passageItems(text []byte, off int, t typing, src *content.Source) CompletionList {
	// after an ellipsis, the part after it is completed ("..." and "…"
	// are both three bytes)
	from := t.from
	raw := string(text[from:off])
	if k := max(strings.LastIndex(raw, "..."), strings.LastIndex(raw, "…")); k >= 0 {
		from += k + 3
	}
	for from < off && isSpaceByte(text[from]) {
		from++
	}
	typed := string(text[from:off])
	if t.quote == '"' {
		typed = strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(typed)
	}
	want := strings.ToLower(cite.NormalizeString(typed))
	words := strings.Fields(want)
	var found []candidate
	for k, p := range src.Paragraphs {
		for _, sn := range sentences(src.Text, p.Start, p.End) {
			if want == "" {
				found = append(found, candidate{k, sn[0], sn[1], 0})
				continue
			}
			norm := cite.Normalize(src.Text[sn[0]:sn[1]], sn[0])
			low := strings.ToLower(norm.Norm)
			if i := strings.Index(low, want); i >= 0 {
				found = append(found, candidate{k, sn[0], sn[1], 0})
				if len(norm.Norm) != len(low) {
					continue // lowercasing moved the bytes: no map back
				}
				start, _ := norm.Orig(i, i+1)
				_, end := norm.Orig(i+len(want)-1, i+len(want))
				if a, b := clauseAround(src.Text, sn[0], sn[1], start, end); a > sn[0] || b < sn[1] {
					found = append(found, candidate{k, a, b, 1})
				}
				if i > 0 {
					for start > sn[0] { // with the quotation mark it is in
						r, size := utf8.DecodeLastRuneInString(src.Text[:start])
						if !strings.ContainsRune(`"'“‘`, r) {
							break
						}
						start -= size
					}
					found = append(found, candidate{k, start, sn[1], 2})
				}
				continue
			}
			if hasWords(low, words) {
				found = append(found, candidate{k, sn[0], sn[1], 3})
			}
		}
	}
	slices.SortStableFunc(found, func(a, b candidate) int { return a.rank - b.rank })
	list := CompletionList{Items: []CompletionItem{}, Incomplete: true}
	// the text replaced: what is typed, and after the cursor the rest of
	// the passage's word, a closing quote and a ']' already there
	end := off
	for end < len(text) && !isSpaceByte(text[end]) && text[end] != '"' && text[end] != ']' && !bytes.HasPrefix(text[end:], []byte("”")) {
		end++
	}
	closing := string(closingOf(t.quote))
	bracket := "]" // after the closing quote: none when another item follows
	switch rest := text[end:]; {
	case bytes.HasPrefix(rest, []byte(closing+"]")):
		end += len(closing) + 1
	case bytes.HasPrefix(rest, []byte(closing)):
		end += len(closing)
		if bytes.HasPrefix(bytes.TrimLeft(text[end:], " \t"), []byte(";")) {
			bracket = ""
		}
	case bytes.HasPrefix(rest, []byte("]")):
		end++
	}
	seen := map[string]bool{}
	var index *cite.Index
	for _, c := range found {
		if len(list.Items) == maxItems {
			break
		}
		quoted := strings.Join(strings.Fields(src.Text[c.start:c.end]), " ")
		key := fmt.Sprint(c.para, quoted)
		if seen[key] || t.quote == '“' && strings.Contains(quoted, "”") {
			continue
		}
		seen[key] = true
		insert := quoted
		if t.quote == '"' {
			insert = strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(quoted)
		}
		insert += closing
		if index == nil {
			index = site.IndexOf(src)
		}
		// a passage the source has more than once is chosen by its paragraph
		if res := index.Find(quoted); res.Status == cite.Ambiguous && slices.ContainsFunc(res.Occurrences, func(o cite.Occurrence) bool { return o.Para != c.para }) {
			insert += fmt.Sprintf(", ¶%d", c.para+1)
		}
		insert += bracket
		item := CompletionItem{
			Label:         clip(quoted, 60),
			Kind:          kindText,
			Detail:        where(src, c),
			Documentation: &MarkupContent{Kind: "markdown", Value: inParagraph(src, c)},
			SortText:      fmt.Sprintf("%05d", len(list.Items)),
			FilterText:    string(text[max(from, lineStartAt(text, off)):off]),
		}
		item.TextEdit, item.AdditionalTextEdits = s.replacement(text, from, off, end, insert)
		list.Items = append(list.Items, item)
	}
	return list
}

// replacement is the edit of a completion that replaces text[from:end]
// with insert, cursor at off: one edit on the cursor's line, as the
// protocol asks, and one more that removes what is typed on lines before.
func (s *Server) replacement(text []byte, from, off, end int, insert string) (*TextEdit, []TextEdit) {
	line := lineStartAt(text, off)
	if from >= line {
		return &TextEdit{Range: Range{Start: positionOf(text, from, s.enc), End: positionOf(text, end, s.enc)}, NewText: insert}, nil
	}
	return &TextEdit{Range: Range{Start: positionOf(text, line, s.enc), End: positionOf(text, end, s.enc)}, NewText: insert},
		[]TextEdit{{Range: Range{Start: positionOf(text, from, s.enc), End: positionOf(text, line, s.enc)}}}
}

func closingOf(open rune) rune {
	if open == '“' {
		return '”'
	}
	return '"'
}

// hasWords reports whether s holds every word, the last as a word's start.
func hasWords(s string, words []string) bool {
	for i, w := range words {
		if !containsWord(s, w, i == len(words)-1) {
			return false
		}
	}
	return len(words) > 0
}

// containsWord reports whether s holds w as a word, or as the start of one
// when prefix is set.
func containsWord(s, w string, prefix bool) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		a, b := i+k, i+k+len(w)
		if (a == 0 || !isWordByte(s[a-1])) && (prefix || b == len(s) || !isWordByte(s[b])) {
			return true
		}
		i = a + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// sentences splits text[start:end], a paragraph, into sentences: each ends
// after . ! ? or … (and any closing quotes or brackets) that white space
// and a capital, a digit or an opening quote follow.
func sentences(text string, start, end int) [][2]int {
	var out [][2]int
	from := start
	for i := start; i < end; {
		r, n := utf8.DecodeRuneInString(text[i:end])
		i += n
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		j := i
		for j < end {
			c, m := utf8.DecodeRuneInString(text[j:end])
			if !strings.ContainsRune(`"'”’)]`, c) {
				break
			}
			j += m
		}
		k := j
		for k < end && isSpaceByte(text[k]) {
			k++
		}
		if k == j || k >= end {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[k:end])
		if unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`"'“‘(`, next) {
			out = append(out, [2]int{from, j})
			from, i = k, k
		}
	}
	if s := strings.TrimSpace(text[from:end]); s != "" {
		out = append(out, [2]int{from, from + len(strings.TrimRight(text[from:end], " \t\r\n"))})
	}
	return out
}

// clauseAround returns the clause of text[from:to], a sentence, that holds
// text[start:end]: from just after the last clause mark before it to just
// before the first after it, white space left out.
func clauseAround(text string, from, to, start, end int) (int, int) {
	a := start
	for a > from {
		r, size := utf8.DecodeLastRuneInString(text[from:a])
		if isClauseMark(r) {
			break
		}
		a -= size
	}
	b := end
	for b < to {
		r, size := utf8.DecodeRuneInString(text[b:to])
		if isClauseMark(r) {
			break
		}
		b += size
	}
	for a < b && isSpaceByte(text[a]) {
		a++
	}
	for b > a && isSpaceByte(text[b-1]) {
		b--
	}
	if b == to && a > from && b > a && text[b-1] == '.' { // quoted as a clause, without the sentence's stop
		b--
	}
	return a, b
}

// isClauseMark reports whether r ends a clause within a sentence.
func isClauseMark(r rune) bool {
	return strings.ContainsRune(",;:—–()[]", r)
}

// where is a passage's paragraph and page: "¶3 · p. 4".
func where(src *content.Source, c candidate) string {
	w := fmt.Sprintf("¶%d", c.para+1)
	if _, name := src.PageAt(c.start); name != "" {
		w += " · p. " + name
	}
	return w
}

// inParagraph is a passage in its paragraph, under its source's title and
// its place.
func inParagraph(src *content.Source, c candidate) string {
	return fmt.Sprintf("%s · %s\n\n%s", mdEscape(firstOf(src.Title, src.ID)), where(src, c), inContext(src, c))
}

// inContext is a passage in bold in its paragraph, shortened around it.
func inContext(src *content.Source, c candidate) string {
	p := src.Paragraphs[c.para]
	before := clipLeft(src.Text[p.Start:c.start], 200)
	after := clip(src.Text[c.end:p.End], 200)
	return mdEscape(before) + "**" + mdEscape(strings.Join(strings.Fields(src.Text[c.start:c.end]), " ")) + "**" + mdEscape(after)
}

// clip shortens s to at most n code points, with an ellipsis.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// clipLeft keeps the last n code points of s, with an ellipsis before.
func clipLeft(s string, n int) string {
	space := len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n')
	s = strings.Join(strings.Fields(s), " ")
	if space {
		s += " "
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + strings.TrimLeft(string(r[len(r)-n+1:]), " ")
}

// mdEscape escapes the characters Markdown would read as markup.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>()#+-!|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func firstOf(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func joinNonEmpty(sep string, s ...string) string {
	var kept []string
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			kept = append(kept, v)
		}
	}
	return strings.Join(kept, sep)
}
