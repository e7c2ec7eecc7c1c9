// The published example site in a real browser: previews, passages,
// sidenotes, pages without JavaScript, accessibility (axe-core, WCAG 2.1 A
// and AA), page weight, and screenshots a person can look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, serve } from "./chromium.mjs";
import AxeBuilder from "@axe-core/playwright";

const root = new URL("../..", import.meta.url).pathname;
const shots = join(root, "test-results", "screenshots");
let out, server, url, browser;
const consoleErrors = [];


before(async () => {
	out = join(mkdtempSync(join(tmpdir(), "dossier-reader-")), "public");
	execFileSync(join(root, "bin", "dossier"), ["build", "--strict", "--source", root, "--out", out], { stdio: "inherit" });
	mkdirSync(shots, { recursive: true });
	({ server, url } = await serve(out));
	browser = await launch();
});

after(async () => {
	await browser?.close();
	server?.close();
	rmSync(join(out, ".."), { recursive: true, force: true });
	assert.deepEqual(consoleErrors, [], "console errors on the way");
});

// page opens a page, failing the run on console errors or on any request
// that leaves the site.
async function page(path, options = {}) {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
	const p = await ctx.newPage();
	const missing = path.startsWith("no/such/"); // the 404 page is itself a 404, as it should be
	p.on("console", (m) => {
		if (m.type() === "error" && !(missing && /status of 404/.test(m.text()))) consoleErrors.push(`${path}: ${m.text()}`);
	});
	p.on("pageerror", (e) => consoleErrors.push(`${path}: ${e.message}`));
	await ctx.route("**/*", (route) => {
		if (!route.request().url().startsWith(url)) {
			consoleErrors.push(`${path}: a request left the site: ${route.request().url()}`);
			return route.abort();
		}
		return route.continue();
	});
	await p.goto(url + path);
	return p;
}

async function inViewport(p, locator) {
	const box = await locator.boundingBox();
	const vp = p.viewportSize();
	return box && box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width + 1 && box.y + box.height <= vp.height + 1;
}

test("hovering a claim number previews its passages, in the viewport; leaving closes it", async () => {
	const p = await page("briefings/paris-talks/");
	const ref = p.locator('a[role="doc-noteref"]').nth(2);
	await ref.hover();
	const pop = p.locator("#dossier-popover");
	await pop.waitFor({ state: "visible" });
	const text = await pop.innerText();
	assert.match(text, /Claim 3/);
	assert.match(text, /Supported by/);
	assert.match(text, /“in the very short term and I mean days”/);
	assert.match(text, /¶\d/);
	assert.ok(await inViewport(p, pop), "the popover leaves the viewport");
	assert.equal(await ref.getAttribute("aria-describedby"), "dossier-popover");
	await pop.screenshot({ path: join(shots, "popover.png") });
	await p.mouse.move(5, 5);
	await pop.waitFor({ state: "hidden" });
	await p.context().close();
});

test("focusing a claim number from the keyboard previews it; Escape closes", async () => {
	const p = await page("briefings/paris-talks/");
	const ref = p.locator('a[role="doc-noteref"]').first();
	await ref.focus();
	const pop = p.locator("#dossier-popover");
	await pop.waitFor({ state: "visible" });
	assert.match(await pop.innerText(), /Claim 1/);
	await p.keyboard.press("Escape");
	await pop.waitFor({ state: "hidden" });
	assert.equal(await ref.getAttribute("aria-describedby"), null);
	await p.context().close();
});

test("a disputed claim's preview says which source contradicts it", async () => {
	const p = await page("briefings/paris-talks/");
	const ref = p.locator(".claim.disputed a[role='doc-noteref']").first();
	await ref.hover();
	const pop = p.locator("#dossier-popover");
	await pop.waitFor({ state: "visible" });
	assert.match(await pop.innerText(), /Contradicted by/);
	// its links keep their own colours: a supporting source's is not the disputed number's
	const colours = await pop.evaluate((e) => ({
		supports: getComputedStyle(e.querySelector(".citation.supports cite a")).color,
		link: getComputedStyle(document.querySelector(".site-header nav a:not(.site-title)")).color,
	}));
	assert.equal(colours.supports, colours.link);
	await p.context().close();
});

test("a tap opens the preview; a second tap follows the link", async () => {
	const p = await page("briefings/paris-talks/", { viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
	const ref = p.locator('a[role="doc-noteref"]').nth(4);
	await ref.tap();
	const pop = p.locator("#dossier-popover");
	await pop.waitFor({ state: "visible" });
	assert.ok(!p.url().includes("#n-"), "the first tap navigated");
	assert.ok(await inViewport(p, pop), "the popover leaves a phone's viewport");
	await p.screenshot({ path: join(shots, "popover-phone.png") });
	await ref.tap();
	await p.waitForURL(/#n-c-/);
	await p.context().close();
});

test("a note leads to its passage, marked and in view, and back to the claim", async () => {
	const p = await page("briefings/paris-talks/", { viewport: { width: 1000, height: 800 } });
	const note = p.locator(".claim-note").nth(16); // claim 17: the minerals dispute
	const link = note.locator('a[href*="#q-"]').last();
	const href = await link.getAttribute("href");
	await link.click();
	await p.waitForURL(new RegExp(href.replace(/[.?*+^$[\]\\(){}|-]/g, "\\$&") + "$"));
	const id = href.split("#")[1];
	const mark = p.locator(`mark[data-passages~="${id}"]`).first();
	await p.waitForFunction((id) => document.querySelector(`mark[data-passages~="${id}"].current`), id);
	assert.ok(await inViewport(p, mark), "the passage is not in view");
	assert.equal(await p.evaluate(() => decodeURIComponent(location.hash.slice(1))), id);
	await p.screenshot({ path: join(shots, "source-at-passage.png") });
	const back = p.locator("#dossier-back");
	assert.match(await back.getAttribute("aria-label"), /Back to claim 17/);
	// its label is drawn, not text: the paragraph still reads as the source
	assert.equal(await back.textContent(), "");
	assert.match(await back.evaluate((e) => getComputedStyle(e, "::before").content), /Back to claim 17/);
	await back.click();
	await p.waitForURL(/briefings\/paris-talks\/#c-/);
	assert.ok(await inViewport(p, p.locator(".claim:target")), "the claim is not in view");
	await p.context().close();
});

test("hovering a passage lists the claims that cite it", async () => {
	const p = await page("sources/standoff/");
	const mark = p.locator("mark.cited", { hasText: "Russia is open to continued dialogue" });
	await mark.hover();
	const pop = p.locator("#dossier-popover");
	await pop.waitFor({ state: "visible" });
	const text = await pop.innerText();
	assert.match(text, /Cited by/);
	assert.match(text, /Claim \d+ of The "move on" warning from Paris: The Kremlin said it remained open to talks/);
	const link = pop.locator("a").first();
	assert.match(await link.getAttribute("href"), /\/briefings\/paris-talks\/#c-[0-9a-f]{8}/);
	await p.context().close();
});

test("wide screens show each note beside its claim; narrower ones after its paragraph, folded on a phone", async () => {
	const wide = await page("briefings/paris-talks/", { viewport: { width: 1440, height: 900 } });
	await wide.waitForFunction(() => document.body.classList.contains("with-sidenotes"));
	const claim = await wide.locator(".claim").first().boundingBox();
	const first = wide.locator(".body .claim-note").first();
	const side = await first.boundingBox();
	assert.ok(side.x > claim.x + claim.width - 5, "the first note is not to the right of its claim");
	assert.ok(Math.abs(side.y - claim.y) < 40, `the first note is ${side.y - claim.y}px from its claim`);
	// pointing at a note shows its claim with it
	await first.hover();
	assert.equal(await wide.locator(".claim.paired").getAttribute("id"), (await first.getAttribute("id")).slice(2));
	await wide.screenshot({ path: join(shots, "briefing-wide.png") });
	// printed, each note follows its paragraph, with its source's URL when it has one
	await wide.emulateMedia({ media: "print" });
	await wide.evaluate(() => dispatchEvent(new Event("beforeprint")));
	const printed = await wide.evaluate(() => {
		const li = document.querySelector(".body .claim-note"), block = li.closest("details").previousElementSibling;
		return { position: getComputedStyle(li).position, after: li.getBoundingClientRect().top >= block.getBoundingClientRect().bottom, shown: li.getBoundingClientRect().height > 0 };
	});
	assert.deepEqual(printed, { position: "static", after: true, shown: true });
	await wide.evaluate(() => dispatchEvent(new Event("afterprint")));
	await wide.emulateMedia({ media: "screen" });
	await wide.waitForFunction(() => document.body.classList.contains("with-sidenotes"));
	await wide.context().close();
	// a phone folds each paragraph's notes under a line that opens them
	const narrow = await page("briefings/paris-talks/", { viewport: { width: 390, height: 844 } });
	const fold = narrow.locator("details.notes").first();
	assert.equal(await fold.locator("summary").innerText(), "Sources of claims 1–2");
	assert.equal(await fold.locator(".claim-note").first().isVisible(), false);
	await fold.locator("summary").click();
	assert.ok(await fold.locator(".claim-note").first().isVisible());
	await narrow.screenshot({ path: join(shots, "briefing-narrow.png") });
	await narrow.context().close();
});

test("without JavaScript every link and anchor still works", async () => {
	const p = await page("briefings/paris-talks/", { javaScriptEnabled: false });
	await p.locator('a[role="doc-noteref"]').nth(2).click();
	await p.waitForURL(/#n-c-/);
	const note = p.locator(".claim-note:target");
	assert.ok(await inViewport(p, note), "the note is not in view");
	await note.locator('a[href*="#q-"]').first().click();
	await p.waitForURL(/\/sources\/.+#q-/);
	assert.ok(await inViewport(p, p.locator(".cited-span:target > mark.cited, mark.cited:target, mark.cited:has(:target)").first()));
	await p.locator("sup.backrefs a").first().click();
	await p.waitForURL(/\/briefings\/paris-talks\/#c-/);
	await p.context().close();
});

test("every kind of page has no WCAG 2.1 A or AA violation (axe-core)", async () => {
	for (const [kind, path] of [["index", ""], ["briefing", "briefings/paris-talks/"], ["coverage", "briefings/paris-talks/sources/"],
		["sources", "sources/"], ["source", "sources/standoff/"], ["outlets", "outlets/"], ["outlet", "outlets/the-economic-times/"],
		["topics", "topics/"], ["topic", "topics/peace-talks/"], ["search", "search/?q=minerals"], ["404", "no/such/page/"]]) {
		for (const scheme of ["light", "dark"]) {
			const p = await page(path, { colorScheme: scheme });
			const results = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
			const found = results.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
			assert.deepEqual(found, [], `${kind} page, ${scheme}`);
			await p.context().close();
		}
	}
});

test("the example briefing weighs under 100 KB with its CSS and JS; JS under 15 KB; no framework", async () => {
	const p = await page("briefings/paris-talks/");
	const sizes = await p.evaluate(async () => {
		const urls = [location.href, ...[...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href),
			...[...document.scripts].map((s) => s.src)];
		const out = {};
		for (const u of urls) out[u] = (await (await fetch(u)).arrayBuffer()).byteLength;
		return out;
	});
	const total = Object.values(sizes).reduce((a, b) => a + b, 0);
	const js = Object.entries(sizes).filter(([u]) => u.endsWith(".js"));
	assert.ok(total < 100 * 1024, `the page with its CSS and JS is ${total} bytes: ${JSON.stringify(sizes)}`);
	assert.ok(js.reduce((a, [, n]) => a + n, 0) < 15 * 1024, `JS is ${JSON.stringify(js)}`);
	assert.equal(js.length, 1);
	assert.match(new URL(js[0][0]).pathname, /^\/dossier\.[0-9a-f]{8}\.js$/);
	await p.context().close();
});
