// The hostile site: every payload in every field an editor or a pasted
// page can fill (site.yaml, a source's front matter and text, a briefing's
// front matter, heading, claim, note and link), built with search, then
// every page opened in Chromium and the search run with each payload and
// each filter's every choice. Nothing may run, no markup may survive, no
// address may lead off the site but a source's own, no bidi control may
// reach a reader, and an excerpt shows the source's characters as they
// are (docs/security.md).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildAndServe } from "./chromium.mjs";

let dir, out, url, browser, close;

// each payload sets window.pwned to its number if it ever runs
const payloads = [
	"<script>window.pwned=1</script>",
	"<img src=x onerror=\"window.pwned=2\">",
	"\"><svg onload=window.pwned=3>",
	"'><iframe src=javascript:window.top.pwned=4>",
	"javascript:window.pwned=5",
	"</title><script>window.pwned=6</script>",
	"{{constructor.constructor('window.pwned=7')()}}",
	"${window.pwned=8}",
	"RLO \u202egnp.exe",
	"LRI \u2066x\u2069 PDI and LRE \u202ay\u202c",
	"&#x202E;gnp.exe",
	"&lt;b&gt;bold&lt;/b&gt;",
	"AT&amp;T & AT&T",
	"]]><script>window.pwned=14</script>",
	"<!-- a comment",
	"data:text/html,<script>window.pwned=16</script>",
	"\" onmouseover=\"window.pwned=17",
	"<a href=//evil.example/>evil</a>",
];
const yaml = (s) => JSON.stringify(s); // JSON's strings are YAML's double-quoted scalars

before(async () => {
	dir = mkdtempSync(join(tmpdir(), "dossier-hostile-"));
	out = join(dir, "public");
	const write = (p, s) => { mkdirSync(join(dir, p, ".."), { recursive: true }); writeFileSync(join(dir, p), s); };
	write("content/site.yaml", `title: ${yaml("Site " + payloads[8])}\ndescription: ${yaml(payloads[0] + payloads[9])}\neditors: [${yaml(payloads[2])}]\n`);
	payloads.forEach((p, i) => {
		write(`content/sources/s${i}.txt`, `---\ntitle: ${yaml("Source " + p)}\noutlet: ${yaml("Outlet " + p)}\nauthor: ${yaml(p)}\n` +
			`url: ${yaml(i % 2 ? p : "https://example.org/s" + i)}\nnote: ${yaml("A note " + p)}\npublished: 2025-04-${String(1 + i).padStart(2, "0")}\n---\n` +
			`Plain words alpha${i} then ${p} then omega${i} end.\nA second paragraph of source ${i}.\n`);
		write(`content/briefings/b${i}.md`, `---\ntitle: ${yaml("Briefing " + p)}\nsummary: ${yaml(p)}\neditors: [${yaml(p)}]\n` +
			`tags: [${yaml("Topic " + p)}]\ndate: 2025-05-${String(1 + i).padStart(2, "0")}\n---\n` +
			`## Heading ${p}\n\nClaim beta${i} ${p} [@s${i}, "alpha${i} then"].\n\n> [!NOTE]\n> A note ${p}\n\n` +
			`A [link ${p}](https://example.org/b${i}) and a second claim [@s${i}, "second paragraph of source ${i}"].\n`);
	});
	({ url, browser, close } = await buildAndServe(dir, out, ["--search"]));
});

after(async () => { await close?.(); });

// pages is every page of the built site, by its address
function pages() {
	const found = [];
	const walk = (d) => readdirSync(d).forEach((n) => {
		const p = join(d, n);
		if (statSync(p).isDirectory()) walk(p);
		else if (n === "index.html") found.push(relative(out, d) ? relative(out, d) + "/" : "");
	});
	walk(out);
	return found.sort();
}

// problems lists what a page holds that it must not: a script that is not
// the theme's, an element that embeds or submits elsewhere, a handler, a
// code URL, an address off the site, a bidi control in its text or an
// attribute; on the search page, an element a result is not made of, or a
// bidi control in a filter's choice
function problems(search) {
	const out = [], here = location.origin;
	if (search) {
		for (const el of document.querySelectorAll("#search-results *")) {
			if (!["p", "ol", "li", "a", "span", "mark", "button"].includes(el.localName)) out.push("element " + el.localName + " in the results");
		}
		for (const o of document.querySelectorAll("option")) if (/[\u202a-\u202e\u2066-\u2069]/.test(o.textContent + o.value)) out.push("a bidi control in a filter's choice");
	}
	for (const el of document.querySelectorAll("*")) {
		const tag = el.localName;
		if (["iframe", "object", "embed", "base", "frame"].includes(tag)) out.push("element " + tag);
		if (tag === "script" && (!el.src || new URL(el.src).origin !== here || !el.integrity)) out.push("script " + el.outerHTML.slice(0, 120));
		for (const a of el.attributes) {
			if (/^on/i.test(a.name) || a.name === "srcdoc" || a.name === "formaction") out.push(`attribute ${a.name} on ${tag}`);
			if (/[\u202a-\u202e\u2066-\u2069]/.test(a.value)) out.push(`a bidi control in ${tag}[${a.name}]`);
		}
		for (const attr of ["href", "src", "action"]) {
			const v = el.getAttribute(attr);
			if (v === null || (tag === "form" && attr === "action" && v === "")) continue;
			const u = new URL(v, location.href);
			if (!["http:", "https:"].includes(u.protocol)) out.push(`${tag}[${attr}=${v}]`);
			// off the site: only a link to a source's own page, in its page's text
			else if (u.origin !== here && !(tag === "a" && /^https:\/\/example\.org\//.test(u.href))) out.push(`${tag}[${attr}=${v}] leaves the site`);
		}
	}
	if (/[\u202a-\u202e\u2066-\u2069]/.test(document.title + document.documentElement.innerText)) out.push("a bidi control in the text");
	if (window.pwned !== undefined) out.push("a payload ran: " + window.pwned);
	return out;
}

test("every page of the hostile site holds nothing that runs, leaves the site or reverses text", async () => {
	const all = pages();
	assert.ok(all.length >= payloads.length * 3, `only ${all.length} pages`);
	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	const dialogs = [];
	p.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
	for (const path of all) {
		await p.goto(url + path);
		// a reader's gestures: hover every link, open the notes
		await p.evaluate(() => document.querySelectorAll("a, mark, sup").forEach((el) =>
			el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }))));
		assert.deepEqual(await p.evaluate(problems, false), [], path);
	}
	assert.deepEqual(dialogs, []);
	await ctx.close();
});

test("search with every payload and every filter's every choice shows text only", async () => {
	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	const dialogs = [];
	p.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
	await p.goto(url + "search/");
	let searches = 0, shown = 0;
	const results = async (what) => {
		await p.waitForFunction(() => /results?$|^No/.test(document.querySelector("#search-results > p.meta")?.textContent || ""));
		await p.waitForFunction(() => !document.querySelector("#search-results ol") || document.querySelector("#search-results li") || /^0 /.test(document.querySelector("#search-results > p.meta").textContent));
		searches++;
		shown += await p.locator("#search-results li").count();
		assert.deepEqual(await p.evaluate(problems, true), [], what);
	};
	for (const [i, q] of payloads.entries()) {
		for (const query of [q, `alpha${i}`, `beta${i}`]) {
			await p.locator("#search-results").evaluate((b) => { b.textContent = ""; });
			await p.locator(".search-form input[name=q]").fill(query);
			await p.locator(".search-form input[name=q]").press("Enter");
			await results(`query ${JSON.stringify(query)}`);
		}
	}
	// each filter's every choice, with a query and without
	await p.locator(".search-form input[name=q]").fill("");
	for (const f of ["outlet", "briefing"]) {
		await p.locator(`select[name=${f}]`).focus();
		await p.waitForFunction((f) => document.querySelectorAll(`select[name=${f}] option`).length > 1, f);
		const values = await p.locator(`select[name=${f}] option`).evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
		assert.ok(values.length >= payloads.length, `${f}: ${values.length} choices`);
		for (const v of values) {
			for (const query of ["", "then"]) {
				await p.locator("#search-results").evaluate((b) => { b.textContent = ""; });
				await p.locator(".search-form input[name=q]").fill(query);
				await p.locator(`select[name=${f}]`).selectOption(v);
				await results(`${f} ${JSON.stringify(v)} with ${JSON.stringify(query)}`);
			}
		}
		await p.locator(`select[name=${f}]`).selectOption("");
	}
	assert.ok(searches > 100 && shown > 300, `${searches} searches showed ${shown} results`);
	assert.deepEqual(dialogs, []);
	assert.equal(await p.evaluate(() => window.pwned), undefined);
	await ctx.close();
});

test("an excerpt shows the source's characters as its page does: entities as written, bidi controls as U+FFFD", async () => {
	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	for (const [i, want] of [[10, "&#x202E;gnp.exe"], [11, "&lt;b&gt;bold&lt;/b&gt;"], [12, "AT&amp;T & AT&T"], [8, "RLO \ufffdgnp.exe"], [0, "<script>window.pwned=1</script>"]]) {
		await p.goto(url + `search/?q=omega${i}&kind=Sources`);
		const item = p.locator("#search-results li").first();
		await item.waitFor();
		const text = await item.locator("p").nth(1).innerText();
		assert.ok(text.includes(`alpha${i} then ${want} then omega${i}`), `source ${i}: the excerpt reads ${JSON.stringify(text)}`);
		assert.equal(await item.locator("mark").innerText(), `omega${i}`);
		// the same words on the source's page
		await item.locator("a").click();
		await p.waitForURL(/\/sources\//);
		assert.ok((await p.locator("main").innerText()).includes(`then ${want} then`), `source ${i}'s page`);
	}
	await ctx.close();
});
