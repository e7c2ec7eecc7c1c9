// The archive of a site larger than the example: listings cut into pages
// a reader walks with or without JavaScript, outlets and topics, each
// page kind checked with axe-core in light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAndServe, dossier, pagefind, serve } from "./chromium.mjs";
import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";

let dir, out, url, browser, close;

// a newsroom's archive in small: 120 sources from three outlets (one of
// them 80), 60
// briefings on two topics
before(async () => {
	dir = mkdtempSync(join(tmpdir(), "dossier-archive-"));
	out = join(dir, "public");
	const write = (p, s) => { mkdirSync(join(dir, p, ".."), { recursive: true }); writeFileSync(join(dir, p), s); };
	write("content/site.yaml", "title: The archive\ntags: [Sanctions, Minerals]\n");
	const outlets = ["Wire & Co", "Le Monde diplomatique", "日本経済新聞"];
	for (let i = 0; i < 120; i++) {
		write(`content/sources/s${i}.txt`, `---\ntitle: Report ${i} on the talks\noutlet: ${i < 80 ? outlets[0] : outlets[1 + (i % 2)]}\npublished: 2025-03-${String(1 + (i % 28)).padStart(2, "0")}\n---\nThe envoy said the talks went on for ${i} hours.\n`);
	}
	for (let i = 0; i < 60; i++) {
		write(`content/briefings/b${i}.md`, `---\ntitle: Briefing ${i}\ndate: 2025-04-${String(1 + (i % 28)).padStart(2, "0")}\ntags: [${i % 2 ? "Sanctions" : "Sanctions, Minerals"}]\n---\n` +
			`The talks lasted ${i} hours [@s${i}, "talks went on for ${i} hours"]. Again [@s${i + 60}, "talks went on for ${i + 60} hours"].\n`);
	}
	// a claim whose words are markup, as text
	write("content/briefings/hostile.md", "---\ntitle: Hostile <b>title</b>\ndate: 2025-01-01\n---\n" +
		"Hostile \\<img src=x onerror=\"window.pwned=1\"> words [@s0, \"talks went on for 0 hours\"].\n");
	// searched with the Pagefind the project's npm packages install
	({ url, browser, close } = await buildAndServe(dir, out, ["--strict", "--search"]));
});

after(async () => { await close?.(); });

test("without JavaScript a reader walks a listing's pages and back, and finds an outlet's claims", async () => {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
	const p = await ctx.newPage();
	await p.goto(url + "sources/");
	assert.equal(await p.locator(".source-list > li").count(), 50);
	await p.locator('.pager a[rel="next"]').click();
	await p.waitForURL(/\/sources\/page\/2\/$/);
	assert.match(await p.title(), /page 2 of 3/);
	await p.locator('.pager a[aria-label="Page 3"]').click();
	await p.waitForURL(/\/sources\/page\/3\/$/);
	assert.equal(await p.locator(".source-list > li").count(), 20);
	assert.equal(await p.locator('.pager a[rel="next"]').count(), 0);
	// from a source to its outlet, to a claim that cites it
	await p.locator(".source-list > li > a").nth(1).click();
	await p.locator(".meta.items a").first().click();
	await p.waitForURL(/\/outlets\//);
	await p.locator(".cited-by a").first().click();
	await p.waitForURL(/\/briefings\/b\d+\/#c-/);
	await ctx.close();
});

test("a topic lists its briefings, and a briefing links its topics", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const p = await ctx.newPage();
	await p.goto(url + "topics/");
	assert.deepEqual(await p.locator(".source-list a").allInnerTexts(), ["Minerals", "Sanctions"]);
	await p.locator(".source-list a", { hasText: "Sanctions" }).click();
	assert.equal(await p.locator(".briefing-list > li").count(), 50);
	await p.locator(".briefing-list h2 a").first().click();
	assert.ok(await p.locator('.topics a[rel="tag"]', { hasText: "Sanctions" }).isVisible());
	await ctx.close();
});

test("a search from the header's box finds a claim, filtered by outlet, and opens at it", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const p = await ctx.newPage();
	await p.goto(url + "topics/");
	await p.locator(".site-search input").fill("41 hours");
	await p.keyboard.press("Enter");
	await p.waitForURL(/\/search\/\?q=41\+hours$/);
	const first = p.locator("#search-results li").first();
	await first.waitFor();
	assert.match(await p.locator("#search-results > p.meta").innerText(), /^\d+ results?$/);
	// only claims, from one outlet
	await p.locator('select[name="kind"]').selectOption("Claims");
	await p.locator('select[name="outlet"]').selectOption("Wire & Co");
	await p.waitForFunction(() => new URLSearchParams(location.search).get("outlet") === "Wire & Co");
	await p.waitForFunction(() => [...document.querySelectorAll("#search-results li .kind")].every((k) => k.textContent === "Claim"));
	const item = p.locator("#search-results li").filter({ has: p.locator("a", { hasText: "Claim 1 · Briefing 41" }) });
	await item.waitFor();
	assert.match(await item.locator("mark").first().innerText(), /41|hours/i);
	const hit = item.locator("a");
	await hit.click();
	await p.waitForURL(/\/briefings\/b41\/#c-[0-9a-f]{8}$/);
	assert.equal(await p.evaluate(() => document.querySelector(":target")?.classList.contains("claim")), true);
	await ctx.close();
});

test("the search page's first view fetches nothing of the index and weighs under 100 KB; a search fetches it in chunks", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const p = await ctx.newPage();
	const fetched = [];
	p.on("response", async (r) => { fetched.push({ url: new URL(r.url()).pathname, bytes: (await r.body().catch(() => Buffer.alloc(0))).length }); });
	await p.goto(url + "search/");
	await p.waitForLoadState("networkidle");
	assert.deepEqual(fetched.filter((f) => f.url.startsWith("/pagefind/")), [], "the index is fetched before a search");
	const total = fetched.reduce((a, f) => a + f.bytes, 0);
	assert.ok(total < 100 * 1024, `the search page weighs ${total} bytes: ${JSON.stringify(fetched)}`);
	await p.locator("#q").fill("envoy");
	await p.locator("#search-results li").first().waitFor();
	const index = fetched.filter((f) => f.url.startsWith("/pagefind/"));
	assert.ok(index.some((f) => f.url.endsWith("/pagefind.js")) && index.some((f) => /\.pf_(index|fragment)$/.test(f.url)), JSON.stringify(index));
	const indexBytes = index.reduce((a, f) => a + f.bytes, 0);
	const all = await p.evaluate(() => fetch(document.getElementById("search-results").dataset.index + "pagefind-entry.json").then((r) => r.ok ? r.text() : ""));
	assert.ok(all.length > 0 && indexBytes < 400 * 1024, `a search fetched ${indexBytes} bytes of the index`);
	await ctx.close();
});

test("a result shows markup in the indexed text as text", async () => {
	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	await p.goto(url + "search/?q=hostile&kind=Claims");
	const item = p.locator("#search-results li").first();
	await item.waitFor();
	assert.match(await item.innerText(), /Hostile <img src=x onerror="window\.pwned=1"> words/);
	assert.match(await item.locator("a").innerText(), /Hostile <b>title<\/b>/);
	assert.equal(await p.locator("#search-results img, #search-results b").count(), 0);
	assert.equal(await p.evaluate(() => window.pwned), undefined);
	await ctx.close();
});

test("a result's excerpt shows the words Pagefind's own excerpt shows, the found ones marked", async () => {
	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	await p.goto(url + "search/?q=talks+hours");
	await p.locator("#search-results li").nth(10).waitFor();
	const ours = await p.locator("#search-results li").evaluateAll((lis) => lis.map((li) => ({
		text: li.querySelector("p + p").textContent.replace(/^… | …$/g, ""),
		marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
	})));
	const theirs = await p.evaluate(async () => {
		const box = document.getElementById("search-results");
		const pf = await import(box.dataset.index + "pagefind.js");
		await pf.options({ excerptLength: 24 });
		for (const m of (box.dataset.merge || "").split(" ").filter(Boolean)) await pf.mergeIndex(m, { excerptLength: 24 });
		const r = await pf.search("talks hours");
		const shown = (e) => ({ text: e.plain_excerpt, marks: [...e.excerpt.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]) });
		// a page's excerpt, and each claim's under its anchor
		return (await Promise.all(r.results.slice(0, 20).map((x) => x.data()))).flatMap((d) =>
			[shown(d), ...d.sub_results.filter((s) => s.anchor).map(shown)]);
	});
	assert.ok(ours.length >= 20, `${ours.length} items for 20 results`);
	const plain = theirs.filter((t) => !/[&<>]/.test(t.text));
	assert.ok(plain.length >= 15, `${plain.length} excerpts without markup characters`);
	for (const t of plain) assert.ok(ours.some((o) => o.text === t.text && o.marks.join("|") === t.marks.join("|")), `no result shows ${JSON.stringify(t)}`);
	await ctx.close();
});

// The top results of a set of queries, as the search page lists them,
// pinned (testdata/search-top.json, written by the index of one record a
// result that dossier made until its briefings became pages with their
// claims as sections; UPDATE=1 writes it anew): a change in how the site
// is indexed changes no reader's results unnoticed. The first result is
// the pinned one, and the first n the n pinned, in whatever order: a
// briefing's claims are now listed after it. For a query whose later
// results are words that only begin with its last (Pagefind finds "7" in
// "79") or tie, the first alone is pinned.
test("the top results of a set of queries are the pinned ones", async () => {
	const queries = ["41 hours", "envoy 12", "hostile", "talks 13 hours", "Briefing 7", "Report 99", "lasted 30"];
	const firstOnly = ["Briefing 7"];
	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	const got = {};
	for (const q of queries) {
		await p.goto(url + "search/?q=" + encodeURIComponent(q));
		await p.locator("#search-results li").first().waitFor();
		got[q] = (await p.locator("#search-results li a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash))).slice(0, 5);
	}
	await ctx.close();
	const file = new URL("testdata/search-top.json", import.meta.url);
	if (process.env.UPDATE) writeFileSync(file, JSON.stringify(got, null, "\t") + "\n");
	const pinned = JSON.parse(readFileSync(file, "utf8"));
	assert.deepEqual(Object.keys(got), Object.keys(pinned));
	for (const [q, want] of Object.entries(pinned)) {
		assert.equal(got[q][0], want[0], `the first result for ${q}`);
		if (firstOnly.includes(q)) continue;
		assert.deepEqual(got[q].slice(0, want.length).sort(), [...want].sort(), `the first ${want.length} results for ${q}`);
	}
});

// The index in shards (4 here, as a site of 4,000 pages has them) finds
// every result one index finds, and the same first. It may find more:
// Pagefind ranks each shard by its own counts of words and finds a page
// for a number in a small shard that one index does not (docs/site.md).
test("an index in shards finds what one index finds, ranked alike", async () => {
	const sharded = join(dir, "sharded");
	execFileSync(dossier, ["build", "--strict", "--search", "--source", dir, "--out", sharded], { env: { ...process.env, DOSSIER_PAGEFIND: pagefind, DOSSIER_SEARCH_SHARD_PAGES: "64" } });
	const other = await serve(sharded);
	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	const list = async (base, q) => {
		await p.goto(base + "search/?q=" + encodeURIComponent(q));
		await p.locator("#search-results li").first().waitFor();
		// every page of results
		while (await p.locator("#search-results .more").count()) {
			const n = await p.locator("#search-results li").count();
			await p.locator("#search-results .more").click();
			await p.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, n);
		}
		return p.locator("#search-results li a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
	};
	try {
		assert.equal((await list(other.url, "envoy")).length > 100, true);
		for (const q of ["41 hours", "envoy 12", "hostile", "talks 13 hours", "Report 99", "lasted 30", "Minerals sanctions", "Wire"]) {
			const one = await list(url, q), many = await list(other.url, q);
			for (const r of one) assert.ok(many.includes(r), `${q}: the shards do not find ${r}`);
			// (a query that ties many pages, as a topic does, has no one first)
			if (!["Minerals sanctions", "Wire"].includes(q)) assert.equal(many[0], one[0], `the first result for ${q}`);
		}
		const shards = await p.evaluate(() => document.getElementById("search-results").dataset.merge.split(" ").length + 1);
		assert.equal(shards, 4);
	} finally {
		await ctx.close();
		other.server.close();
	}
});

test("without JavaScript the search page says so and leads to the listings", async () => {
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const p = await ctx.newPage();
	await p.goto(url + "search/?q=talks");
	assert.match(await p.locator("main").innerText(), /needs JavaScript/);
	assert.equal(await p.locator('main a[href="/outlets/"]').count(), 1);
	await ctx.close();
});

test("every archive page kind, and a listing's second page, has no WCAG 2.1 A or AA violation", async () => {
	for (const path of ["", "page/2/", "sources/page/2/", "outlets/", "outlets/wire-co/", "outlets/wire-co/page/2/", "topics/", "topics/sanctions/page/2/", "search/?q=talks"]) {
		for (const scheme of ["light", "dark"]) {
			const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
			const p = await ctx.newPage();
			const res = await p.goto(url + path);
			assert.equal(res.status(), 200, path);
			const results = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
			assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`), [], `${path} ${scheme}`);
			await ctx.close();
		}
	}
});
