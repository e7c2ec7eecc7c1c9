// dossier's reader enhancements. Every link and anchor works without this
// script; with it, claim numbers and highlighted passages preview what they
// point to, passages reached from a claim link back to it, and wide screens
// show each claim's note beside it. No framework, no request on hover.
(function () {
	"use strict";
	var doc = document;

	// ---- the popover: one for the page, a tooltip for what has focus or the pointer
	// it follows what it previews in the document, so that Tab goes from a
	// claim's number into its preview; it is placed over the page, never
	// over the number or the claim's own text
	var pop = doc.createElement("span");
	pop.id = "dossier-popover";
	pop.className = "popover";
	pop.setAttribute("role", "group");
	pop.hidden = true;
	doc.body.appendChild(pop);
	var owner = null, hideTimer = 0, lastPointer = "mouse";

	// box is the smallest rectangle around rects
	function box(rects) {
		var b = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
		Array.prototype.forEach.call(rects, function (r) {
			b.left = Math.min(b.left, r.left); b.top = Math.min(b.top, r.top);
			b.right = Math.max(b.right, r.right); b.bottom = Math.max(b.bottom, r.bottom);
		});
		return b;
	}

	// place puts the preview by anchor; still says not to scroll the page to
	// make room (the reader is scrolling it)
	function place(anchor, still) {
		var gap = 6, margin = 8, vw = doc.documentElement.clientWidth, vh = innerHeight;
		// what the preview must leave in view: the number and the claim it closes
		var claim = anchor.closest(".claim") || anchor;
		var keep = function () { return box([claim.getBoundingClientRect(), anchor.getBoundingClientRect()]); };
		var k = keep();
		pop.style.left = "0px";
		pop.style.top = "0px";
		pop.style.maxHeight = "";
		pop.style.maxWidth = "";
		var w = pop.offsetWidth, h = pop.offsetHeight;
		var below = vh - margin - (k.bottom + gap), above = k.top - gap - margin, right = vw - margin - (k.right + gap);
		var a = anchor.getBoundingClientRect();
		var left = Math.max(margin, Math.min(a.left - 16, vw - w - margin)), top;
		if (h <= below) top = k.bottom + gap;
		else if (h <= above) top = k.top - gap - h;
		else if (right >= 280) { // beside the claim, in the margin
			left = k.right + gap;
			pop.style.maxWidth = right + "px";
			pop.style.maxHeight = vh - 2 * margin + "px";
			h = Math.min(pop.offsetHeight, vh - 2 * margin);
			top = Math.max(margin, Math.min(a.top - 16, vh - margin - h));
		} else {
			// a small screen: bring the claim up, and fit the preview below it
			if (!still && below < 200 && k.top > margin + 48) {
				scrollBy(0, k.top - margin - 48);
				k = keep();
				below = vh - margin - (k.bottom + gap);
				above = k.top - gap - margin;
			}
			if (below >= above) {
				top = k.bottom + gap;
				pop.style.maxHeight = Math.max(below, 80) + "px";
			} else {
				pop.style.maxHeight = above + "px";
				top = k.top - gap - Math.min(h, above);
			}
		}
		pop.style.left = left + "px";
		pop.style.top = top + "px";
	}

	// a claim and its note, shown together while either is pointed at or previewed
	var paired = [];
	function pair(claimID) {
		paired.forEach(function (e) { e.classList.remove("paired"); });
		paired = claimID ? [doc.getElementById(claimID), doc.getElementById("n-" + claimID)].filter(Boolean) : [];
		paired.forEach(function (e) { e.classList.add("paired"); });
	}

	function show(anchor, fill) {
		clearTimeout(hideTimer);
		if (owner === anchor && !pop.hidden) return;
		if (owner) owner.removeAttribute("aria-describedby");
		pop.textContent = "";
		if (!fill(pop)) return hide();
		owner = anchor;
		if (anchor.matches("a")) anchor.setAttribute("aria-describedby", pop.id);
		pop.setAttribute("aria-label", anchor.matches("a") ? "Sources of claim " + anchor.textContent.trim() : "Claims citing this passage");
		if (anchor.matches("a")) anchor.parentNode.insertBefore(pop, anchor.nextSibling);
		else doc.body.appendChild(pop);
		pop.hidden = false;
		place(anchor);
		pair(anchor.matches("a") ? anchor.hash.slice(3) : "");
	}

	function hide() {
		clearTimeout(hideTimer);
		pop.hidden = true;
		pair("");
		if (owner) owner.removeAttribute("aria-describedby");
		owner = null;
	}

	function hideSoon() {
		clearTimeout(hideTimer);
		hideTimer = setTimeout(hide, 250);
	}

	// what a claim number previews: its note's citations, in context
	function claimPreview(ref) {
		var note = doc.getElementById(decodeURIComponent(ref.hash.slice(1)));
		var cites = note && note.querySelector(".citations");
		if (!cites) return null;
		return function (into) {
			var head = doc.createElement("p");
			head.className = "popover-head";
			head.textContent = "Claim " + ref.textContent.trim();
			var badges = note.querySelector(".note-head");
			if (badges) badges.querySelectorAll(".badge").forEach(function (b) { head.appendChild(doc.createTextNode(" ")); head.appendChild(b.cloneNode(true)); });
			into.appendChild(head);
			into.appendChild(cites.cloneNode(true));
			return true;
		};
	}

	// what a highlighted passage previews: the claims that cite it
	function passagePreview(mark) {
		var ids = (mark.getAttribute("data-passages") || "").split(" ");
		var parts = ids.map(function (id) { return doc.getElementById("cites-" + id); }).filter(Boolean);
		if (!parts.length) return null;
		return function (into) {
			parts.forEach(function (t) { into.appendChild(t.content.cloneNode(true)); });
			return into.childNodes.length > 0;
		};
	}

	function previewFor(el) {
		var ref = el.closest && el.closest('a[role="doc-noteref"]');
		if (ref) return [ref, claimPreview(ref)];
		var mark = el.closest && el.closest("mark.cited");
		if (mark) return [mark, passagePreview(mark)];
		return [null, null];
	}

	doc.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; }, true);
	doc.addEventListener("pointerover", function (e) {
		if (e.pointerType === "touch") return;
		if (pop.contains(e.target)) return clearTimeout(hideTimer);
		var note = e.target.closest && e.target.closest(".with-sidenotes .claim-note");
		if (note && !owner) return pair(decodeURIComponent(note.id.slice(2)));
		if (!note && !owner && paired.length) pair("");
		var p = previewFor(e.target);
		if (p[0] && p[1]) show(p[0], p[1]);
	});
	doc.addEventListener("pointerout", function (e) {
		if (e.pointerType === "touch" || !owner) return;
		var to = e.relatedTarget;
		if (to && (pop.contains(to) || owner.contains(to))) return;
		if (owner.contains(e.target) || pop.contains(e.target)) hideSoon();
	});
	doc.addEventListener("focusin", function (e) {
		if (pop.contains(e.target)) return clearTimeout(hideTimer);
		var ref = e.target.closest && e.target.closest('a[role="doc-noteref"]');
		// focus from the keyboard previews; a tap or a click has its own handling
		var fill = ref && ref.matches(":focus-visible") && claimPreview(ref);
		if (fill) show(ref, fill);
		else if (owner && owner !== ref) hide();
	});
	doc.addEventListener("focusout", function (e) {
		if (owner && !pop.contains(e.relatedTarget) && e.relatedTarget !== owner) hideSoon();
	});
	doc.addEventListener("keydown", function (e) {
		if (e.key !== "Escape" || pop.hidden) return;
		var o = owner;
		hide();
		if (o && o.focus && pop.contains(doc.activeElement)) o.focus();
	});
	// a tap opens the preview; a second tap on the same number follows it
	doc.addEventListener("click", function (e) {
		if (lastPointer !== "touch") return;
		var p = previewFor(e.target);
		if (!p[0] || !p[1]) {
			if (owner && !pop.contains(e.target)) hide();
			return;
		}
		if (owner === p[0] && !pop.hidden) {
			if (p[0].matches("mark")) hide();
			return;
		}
		e.preventDefault();
		show(p[0], p[1]);
	});
	addEventListener("resize", function () { if (owner) place(owner); });
	addEventListener("scroll", function () { if (owner && !pop.hidden) place(owner, true); }, { passive: true });

	// ---- from a claim to its passage and back
	var key = "dossier-back";
	doc.addEventListener("click", function (e) {
		var a = e.target.closest && e.target.closest('a[href*="#q-"]');
		var note = a && (a.closest(".claim-note") || (owner && pop.contains(a) && doc.getElementById(decodeURIComponent(owner.hash.slice(1)))));
		if (!note) return;
		var claim = note.id.replace(/^n-/, "");
		try {
			sessionStorage.setItem(key, JSON.stringify({ to: new URL(a.href, location.href).href, back: location.pathname + "#" + claim,
				label: "Back to claim " + (note.querySelector(".note-head a") || { textContent: "" }).textContent.replace(/\.$/, "") }));
		} catch (err) { /* storage may be off: the passage's own links lead back */ }
	}, true);

	function arrive() {
		var id = decodeURIComponent(location.hash.slice(1));
		// a claim's note on a phone is folded away: arriving at it opens it
		var at = id && doc.getElementById(id), fold = at && at.closest("details");
		if (fold && !fold.open) { fold.open = true; at.scrollIntoView(); }
		doc.querySelectorAll(".current").forEach(function (m) { m.classList.remove("current"); });
		if (!/^q-/.test(id)) return;
		var pieces = doc.querySelectorAll('mark[data-passages~="' + id + '"]');
		pieces.forEach(function (m) { m.classList.add("current"); });
		var last = pieces[pieces.length - 1];
		if (!last) return;
		var back;
		try { back = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (err) { back = null; }
		var old = doc.getElementById("dossier-back");
		if (old) old.remove();
		if (back && back.to === location.href) {
			var link = doc.createElement("a");
			link.id = "dossier-back";
			link.className = "back-to-claim";
			link.href = back.back;
			// drawn from data-label, as the page's numbers are: the paragraph's
			// text stays the source's, for annotation clients
			link.setAttribute("data-label", "↩ " + back.label);
			link.setAttribute("aria-label", back.label);
			var after = last.nextElementSibling && last.nextElementSibling.matches(".backrefs") ? last.nextElementSibling : last;
			after.insertAdjacentElement("afterend", link);
		}
	}
	addEventListener("hashchange", arrive);
	arrive();

	// ---- sidenotes: on a wide screen each claim's note stands beside its
	// claim. The notes stay where they are in the page, after the block that
	// holds their claims (the order a screen reader and Tab follow); the
	// stylesheet takes them out of the flow, this puts each at its height.
	var article = doc.querySelector("article.briefing");
	var notes = article ? Array.prototype.slice.call(article.querySelectorAll(".body .notes .claim-note")) : [];
	if (!notes.length) return;
	var wide = matchMedia("screen and (min-width: 76rem)"), queued = 0, printing = false;
	var refs = notes.map(function (li) { return doc.getElementById(li.id.replace(/^n-/, "r-")); });
	function layout() {
		queued = 0;
		if (!wide.matches || printing) { // print puts each note after its block
			notes.forEach(function (li) { li.style.top = ""; });
			article.style.minHeight = "";
			doc.body.classList.remove("with-sidenotes");
			return;
		}
		// read every position and height, then write: one layout, not one a note
		var top0 = article.getBoundingClientRect().top, floor = 0;
		var wants = refs.map(function (ref) { return ref ? ref.getBoundingClientRect().top - top0 - 4 : 0; });
		var heights = notes.map(function (li) { return li.offsetHeight; });
		// each note at its claim's line, unless the note above still takes that space
		notes.forEach(function (li, i) {
			var top = Math.max(wants[i], floor);
			li.style.top = top + "px";
			floor = top + heights[i] + 8;
		});
		// the page is as long as its notes: none beside or under the footer
		article.style.minHeight = floor + "px";
		doc.body.classList.add("with-sidenotes");
	}
	function relayout() { if (!queued) queued = requestAnimationFrame(layout); }
	addEventListener("resize", relayout);
	if (wide.addEventListener) wide.addEventListener("change", relayout);
	addEventListener("load", relayout);
	addEventListener("beforeprint", function () { printing = true; layout(); });
	addEventListener("afterprint", function () { printing = false; layout(); });
	layout();
})();
