// A briefing that cites a report imported from a PDF: the page of each
// passage in the note beside its claim, in the preview, and in the notes
// after the block on a phone; the source page's page anchors, which a
// link can target; axe-core on both pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAndServe, dossier } from "./chromium.mjs";
import AxeBuilder from "@axe-core/playwright";

const root = new URL("../..", import.meta.url).pathname;
let dir, out, url, browser, close, later;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), "dossier-pdf-"));
	out = join(dir, "public");
	mkdirSync(join(dir, "content", "briefings"), { recursive: true });
	execFileSync(dossier, ["new", "source", "report", "--source", dir, "--from", join(root, "testdata/pdfcorpus/report.pdf")], { stdio: "inherit" });
	// a page that begins within a paragraph: cite words on each side of it
	const text = readFileSync(join(dir, "content/sources/report.txt"), "utf8");
	const m = text.match(/\n\[page (\d+), label "([^"]+)", from "([^"]+)"\]\n(.*)\n/);
	assert.ok(m, "no page begins within a paragraph");
	const [, page, label, from, para] = m;
	later = { page, label };
	const before = para.slice(0, para.indexOf(from)).trim().split(/\s+/).slice(-3).join(" ");
	writeFileSync(join(dir, "content/briefings/report.md"), "---\ntitle: What the report says\ndate: 2025-04-20\n---\n" +
		`The report is the desk's [@report, "Prepared by the Briefings Desk"].\n\n` +
		`One passage runs over a page [@report, "${before} ${from}"].\n\n` +
		`Another starts on the later page [@report, "${from}"].\n`);
	({ url, browser, close } = await buildAndServe(dir, out, ["--strict", "--search=false"]));
});

after(async () => { await close?.(); });

test("the note beside each claim, and its preview, name the passage's page", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const p = await ctx.newPage();
	await p.goto(url + "briefings/report/");
	const notes = p.locator(".claim-note");
	assert.equal(await notes.count(), 3);
	await notes.nth(2).waitFor({ state: "visible" }); // placed beside its claim
	assert.match(await notes.nth(0).locator(".citation").textContent(), /, p\. i, ¶\d+/);
	assert.match(await notes.nth(2).locator(".citation").textContent(), new RegExp(`, p\\. ${later.label}, ¶\\d+`));
	await p.locator('a[role="doc-noteref"]').nth(2).hover();
	const pop = p.locator("#dossier-popover");
	await pop.waitFor({ state: "visible" });
	assert.match(await pop.innerText(), new RegExp(`p\\. ${later.label}`));
	const axe = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
	assert.deepEqual(axe.violations.map((v) => v.id), []);
	await ctx.close();
});

test("on a phone the notes after each block name the page", async () => {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 800 } });
	const p = await ctx.newPage();
	await p.goto(url + "briefings/report/");
	const fold = p.locator("details.notes").first();
	await fold.locator("summary").click();
	assert.match(await fold.innerText(), /p\. i, ¶\d+/);
	await ctx.close();
});

test("the source page marks where each page begins, and a link leads there", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const p = await ctx.newPage();
	await p.goto(url + "sources/report/");
	// each of the 34 pages that has text is anchored, labelled as the PDF labels it
	assert.equal(await p.locator(".page-start, .page-in").count(), 34);
	assert.equal(await p.locator("#page-1").getAttribute("data-label"), "p. i");
	const within = p.locator(`#page-${later.page}`);
	assert.equal(await within.getAttribute("class"), "page-in");
	// the label is drawn, not written: the paragraph's text is the source's
	assert.equal(await within.innerText(), "");
	assert.equal(await within.evaluate((a) => getComputedStyle(a, "::before").content), `"p. ${later.label}"`);
	await p.goto(url + `sources/report/#page-${later.page}`);
	const box = await within.boundingBox();
	assert.ok(box && box.y >= 0 && box.y < 900, "the page's anchor is not in view after following a link to it");
	assert.ok(await within.evaluate((a) => a.matches(":target")));
	const axe = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
	assert.deepEqual(axe.violations.map((v) => v.id), []);
	await ctx.close();
});
