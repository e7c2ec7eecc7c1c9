// dossier's search page: a query against the site's Pagefind index, which
// the browser fetches in chunks as it is needed, with filters by kind,
// outlet and briefing. The query is in the address (?q=…&outlet=…), so a
// search from the header's box, a reload and a shared link all show it.
(function () {
	"use strict";
	var doc = document, box = doc.getElementById("search-results"), form = doc.querySelector(".search-form");
	if (!box || !form) return;
	var index = null, shown = 0, results = [], run = 0, LENGTH = 24;
	var field = function (name) { return form.elements[name]; };

	function pagefind() {
		if (!index) {
			index = import(new URL(box.getAttribute("data-index") + "pagefind.js", location.href).href).then(function (pf) {
				return pf.options({ excerptLength: LENGTH }).then(function () { return pf; });
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
	function excerpt(d) {
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
		var start = region(d.weighted_locations || [], words.length, LENGTH);
		var found = {};
		(d.locations || []).forEach(function (l) { found[l] = true; });
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

	function more() {
		var list = box.querySelector("ol");
		var next = results.slice(shown, shown + 20);
		shown += next.length;
		return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
			data.forEach(function (d) {
				var li = doc.createElement("li"), a = doc.createElement("a"), kind = doc.createElement("span");
				kind.className = "kind";
				kind.textContent = (d.meta && d.meta.kind) || "";
				a.href = d.url;
				a.textContent = (d.meta && d.meta.title) || d.url;
				var head = doc.createElement("p");
				head.appendChild(kind);
				head.appendChild(doc.createTextNode(" "));
				head.appendChild(a);
				li.appendChild(head);
				li.appendChild(excerpt(d));
				list.appendChild(li);
			});
			var old = box.querySelector(".more");
			if (old) old.remove();
			if (shown < results.length) {
				var b = doc.createElement("button");
				b.type = "button";
				b.className = "more";
				b.textContent = "More results";
				b.addEventListener("click", function () { b.disabled = true; more(); });
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
		return pagefind().then(function (pf) { return pf.search(q || null, { filters: filters }); }).then(function (r) {
			if (mine !== run) return;
			results = r.results;
			shown = 0;
			say(results.length === 1 ? "1 result" : results.length + " results");
			box.appendChild(doc.createElement("ol"));
			return more();
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
