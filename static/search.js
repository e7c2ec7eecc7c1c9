// dossier's search page: a query against the site's Pagefind index, which
// the browser fetches in chunks as it is needed, with filters by kind,
// outlet and briefing. The query is in the address (?q=…&outlet=…), so a
// search from the header's box, a reload and a shared link all show it.
(function () {
	"use strict";
	var doc = document, box = doc.getElementById("search-results"), form = doc.querySelector(".search-form");
	if (!box || !form) return;
	var index = null, shown = 0, results = [], run = 0;
	var field = function (name) { return form.elements[name]; };

	function pagefind() {
		if (!index) {
			index = import(new URL(box.getAttribute("data-index") + "pagefind.js", location.href).href).then(function (pf) {
				return pf.options({ excerptLength: 24 }).then(function () { return pf; });
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

	// excerpt copies Pagefind's excerpt as text, keeping only its <mark>s:
	// parsed inert, nothing of the indexed text runs or links
	function excerpt(html) {
		var out = doc.createElement("p");
		var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
		Array.prototype.forEach.call(parsed ? parsed.childNodes : [], function (n) {
			if (n.nodeName === "MARK") {
				var m = doc.createElement("mark");
				m.textContent = n.textContent;
				out.appendChild(m);
			} else {
				out.appendChild(doc.createTextNode(n.textContent));
			}
		});
		return out;
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
				li.appendChild(excerpt(d.excerpt || ""));
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
