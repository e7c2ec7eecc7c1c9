// dossier's search page: a query against the site's Pagefind index, which
// the browser fetches in chunks as it is needed, with filters by kind,
// outlet and briefing. The query is in the address (?q=…&outlet=…), so a
// search from the header's box, a reload and a shared link all show it.
// The index is in shards (data-index the first, data-merge the others),
// merged as one; a briefing is a page of it whose claims are sections,
// each listed after its briefing as a result of its own.
(function () {
	"use strict";
	var doc = document, box = doc.getElementById("search-results"), form = doc.querySelector(".search-form");
	if (!box || !form) return;
	var index = null, shown = 0, results = [], run = 0, LENGTH = 24;
	var merge = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
	var field = function (name) { return form.elements[name]; };

	// find searches the shards as one index would be searched. Pagefind
	// leaves out a word its index does not hold, so that a shard without
	// one of the words would find pages with the others alone: each word
	// is looked for first, and only the shards that hold every word some
	// shard holds are searched.
	function find(pf, q, filters) {
		var words = q ? q.split(/\s+/).filter(Boolean) : [];
		if (!merge.length || words.length < 2) return pf.search(q || null, { filters: filters });
		return Promise.all(words.map(function (w) { return pf.search(w); })).then(function (each) {
			var shards = [];
			for (var k = 0; k <= merge.length; k++) {
				if (each.every(function (r) { return !r.results.length || ((r.filters && r.filters.shard) || {})[k] > 0; })) shards.push(String(k));
			}
			if (!shards.length) return { results: [] };
			return pf.search(q, { filters: Object.assign({ shard: { any: shards } }, filters) });
		});
	}

	function pagefind() {
		if (!index) {
			// each shard's pages carry its number as a filter, "shard"
			var first = merge.length ? { excerptLength: LENGTH, mergeFilter: { shard: "0" } } : { excerptLength: LENGTH };
			index = import(new URL(box.getAttribute("data-index") + "pagefind.js", location.href).href).then(function (pf) {
				return pf.options(first).then(function () {
					return Promise.all(merge.map(function (m, i) { return pf.mergeIndex(m, { excerptLength: LENGTH, mergeFilter: { shard: String(i + 1) } }); }));
				}).then(function () { return pf; });
			});
		}
		return index;
	}

	function say(text) {
		box.textContent = "";
		var p = doc.createElement("p");
		p.className = "meta";
		p.textContent = text;
		box.appendChild(p);
	}

	// excerpt is the words of a result around those its query found, each
	// found word in a <mark>, all of it text: the record's characters as
	// its page shows them. Pagefind's own excerpt is HTML in which it
	// escapes < and > but not &, so that "&lt;b&gt;" or "&#x202E;" in a
	// source would read as "<b>" or a bidi control: it is not used. Its
	// content is the text without the zero-width spaces that divide the
	// words of some scripts; its raw_content keeps them, with < and >
	// escaped: the text is one read alongside the other.
	function excerpt(d, part) {
		var raw = d.raw_content || "", plain = d.content || "", text = "";
		for (var i = 0, j = 0; i < raw.length;) {
			if (raw[i] === "\u200B") { text += raw[i++]; continue; }
			if (plain[j] === "<" && raw.startsWith("&lt;", i)) { text += "<"; i += 4; j++; continue; }
			if (plain[j] === ">" && raw.startsWith("&gt;", i)) { text += ">"; i += 4; j++; continue; }
			text += raw[i++];
			j++;
		}
		var zws = text.indexOf("\u200B") >= 0, joiner = zws ? "" : " ";
		var words = zws ? text.split("\u200B") : text.split(/[^\S\uFEFF]+/g);
		// a section's words are its page's from its anchor to the next
		var from = part ? part.from : 0;
		words = words.slice(from, part ? part.to : words.length);
		var weighted = ((part || d).weighted_locations || []).map(function (l) {
			return { location: l.location - from, balanced_score: l.balanced_score };
		});
		var start = region(weighted, words.length, LENGTH);
		var found = {};
		((part || d).locations || []).forEach(function (l) { found[l - from] = true; });
		var out = doc.createElement("p"), run = start > 0 ? "… " : "";
		for (var w = start; w < Math.min(words.length, start + LENGTH); w++) {
			var sep = w > start ? joiner : "";
			if (found[w]) {
				out.appendChild(doc.createTextNode(run + sep));
				var m = doc.createElement("mark");
				m.textContent = words[w];
				out.appendChild(m);
				run = "";
			} else {
				run += sep + words[w];
			}
		}
		out.appendChild(doc.createTextNode(run + (start + LENGTH < words.length ? " …" : "")));
		return out;
	}

	// region is the first word of the excerpt: where the window of length
	// words holds the most weight of found words, chosen as Pagefind 1.6
	// chooses it (calculate_excerpt_region), so that it shows what
	// Pagefind's excerpt would
	function region(found, count, length) {
		if (!found.length) return 0;
		var weight = [];
		found.forEach(function (f) { weight[f.location] = (weight[f.location] || 0) + f.balanced_score; });
		if (weight.length <= length) return 0;
		var sum = 0;
		for (var i = 0; i < length; i++) sum += weight[i] || 0;
		var best = sum, at = [0];
		for (i = 0; i < weight.length; i++) {
			sum += (weight[i + length] || 0) - (weight[i] || 0);
			if (sum > best) { best = sum; at = [i]; }
			else if (sum === best && at[at.length - 1] === i - 1) at.push(i);
		}
		return Math.max(0, Math.min(at[Math.floor(at.length / 2)], count - length));
	}

	// items are what a result lists: a source; a briefing, then each of
	// its claims the query found (only the claims when the reader asks for
	// claims or an outlet, whose claims they are; only the briefing when
	// for briefings)
	function items(d, filters) {
		var kind = d.meta && d.meta.kind, out = [];
		if (kind !== "Briefing") return [{ kind: kind, title: d.meta.title, url: d.url, d: d }];
		if (filters.kind !== "Claims" && !filters.outlet) out.push({ kind: "Briefing", title: d.meta.title, url: d.url, d: d });
		if (filters.kind === "Briefings") return out;
		var under = out.length > 0;
		var anchors = (d.anchors || []).filter(function (a) { return a.title; }).map(function (a) { return a.location; }).sort(function (a, b) { return a - b; });
		(d.sub_results || []).forEach(function (s) {
			if (!s.anchor || !/^c-/.test(s.anchor.id)) return;
			// a claim's title, then the outlets it cites (claimOutletsMark)
			var title = s.title.split("\u2063"), outlets = [];
			try { outlets = JSON.parse(title[1] || "[]"); } catch (e) { /* none */ }
			if (filters.outlet && outlets.indexOf(filters.outlet) < 0) return;
			var next = anchors.filter(function (l) { return l > s.anchor.location; })[0];
			s.from = s.anchor.location;
			s.to = next === undefined ? undefined : next;
			out.push({ kind: "Claim", title: title[0], url: s.url, d: d, part: s, sub: under });
		});
		return out;
	}

	function more(filters) {
		var list = box.querySelector("ol");
		var next = results.slice(shown, shown + 20);
		shown += next.length;
		return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
			data.forEach(function (d) {
				items(d, filters).forEach(function (it) {
					var li = doc.createElement("li"), a = doc.createElement("a"), kind = doc.createElement("span");
					if (it.sub) li.className = "sub";
					kind.className = "kind";
					kind.textContent = it.kind || "";
					a.href = it.url;
					a.textContent = it.title || it.url;
					var head = doc.createElement("p");
					head.appendChild(kind);
					head.appendChild(doc.createTextNode(" "));
					head.appendChild(a);
					li.appendChild(head);
					li.appendChild(excerpt(it.d, it.part));
					list.appendChild(li);
				});
			});
			var old = box.querySelector(".more");
			if (old) old.remove();
			if (shown < results.length) {
				var b = doc.createElement("button");
				b.type = "button";
				b.className = "more";
				b.textContent = "More results";
				b.addEventListener("click", function () { b.disabled = true; more(filters); });
				box.appendChild(b);
			}
		});
	}

	function search() {
		var q = field("q").value.trim(), filters = {};
		["kind", "outlet", "briefing"].forEach(function (f) { if (field(f).value) filters[f] = field(f).value; });
		var params = new URLSearchParams();
		if (q) params.set("q", q);
		Object.keys(filters).forEach(function (f) { params.set(f, filters[f]); });
		history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
		if (!q && !Object.keys(filters).length) return say("");
		var mine = ++run;
		say("Searching…");
		return pagefind().then(function (pf) { return find(pf, q, filters); }).then(function (r) {
			if (mine !== run) return;
			results = r.results;
			shown = 0;
			say(results.length === 1 ? "1 result" : results.length + " results");
			box.appendChild(doc.createElement("ol"));
			return more(filters);
		}).catch(function () { say("The search index could not be loaded."); });
	}

	// the filters' choices are the index's own
	function fill() {
		return pagefind().then(function (pf) { return pf.filters(); }).then(function (all) {
			["outlet", "briefing"].forEach(function (f) {
				var sel = field(f), want = new URLSearchParams(location.search).get(f);
				Object.keys(all[f] || {}).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (v) {
					var o = doc.createElement("option");
					o.value = o.textContent = v;
					if (v === want) o.selected = true;
					sel.appendChild(o);
				});
			});
		}).catch(function () { /* search says so */ });
	}

	// nothing is fetched until the reader searches or opens a filter
	var filled = null;
	function ready() { return filled || (filled = fill()); }
	form.addEventListener("submit", function (e) { e.preventDefault(); ready(); search(); });
	form.addEventListener("change", function (e) { if (e.target.matches("select")) search(); });
	form.addEventListener("focusin", function (e) { if (e.target.matches("select")) ready(); });
	var timer = 0;
	field("q").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { ready(); search(); }, 250); });
	var params = new URLSearchParams(location.search);
	field("q").value = params.get("q") || "";
	if (params.get("kind")) field("kind").value = params.get("kind");
	if (params.toString()) ready().then(search);
})();
