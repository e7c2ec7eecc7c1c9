// A real `dossier serve` on a copy of the example site, a real browser, real
// saves: the page reloads by itself, keeps its scroll position, and shows a
// build's problems in the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, pagefind } from "./chromium.mjs";

const root = new URL("../..", import.meta.url).pathname;
const dossier = join(root, "bin", "dossier");
let site, server, url, browser;
let out = "", lastOutput = 0; // what the server printed, and when it last did

function listen(proc) {
	return new Promise((resolve, reject) => {
		const take = (d) => { out += d; lastOutput = Date.now(); };
		proc.stderr.on("data", take);
		proc.stdout.on("data", (d) => {
			take(d);
			const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
			if (m) resolve(m[1]);
		});
		proc.on("exit", (code) => reject(new Error(`dossier serve exited with ${code}: ${out}`)));
	});
}

// settled waits until the server has made the search index of its last
// build and printed nothing for a while (longer than it waits after a build
// to plan the index), so that no reload is on its way to an open page.
async function settled(timeout = 20000) {
	const end = Date.now() + timeout;
	for (;;) {
		const lines = out.trimEnd().split("\n");
		if (/search index: /.test(lines.at(-1)) && Date.now() - lastOutput > 600) return;
		if (Date.now() > end) throw new Error(`dossier serve did not settle: ${out}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

before(async () => {
	site = mkdtempSync(join(tmpdir(), "dossier-serve-"));
	cpSync(join(root, "content"), join(site, "content"), { recursive: true });
	server = spawn(dossier, ["serve", "--source", site, "--addr", "127.0.0.1:0"],
		{ stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOSSIER_PAGEFIND: pagefind } });
	url = await listen(server);
	browser = await launch();
});

after(async () => {
	await browser?.close();
	server?.kill();
	rmSync(site, { recursive: true, force: true });
});

const briefing = () => join(site, "content", "briefings", "paris-talks.md");

test("a save reloads the page by itself and keeps its scroll position", async () => {
	const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
	const errors = [];
	page.on("pageerror", (e) => errors.push(e.message));
	await page.goto(url + "briefings/paris-talks/");
	await page.evaluate(() => { window.__before = true; window.scrollTo(0, 900); });
	await page.waitForFunction(() => window.scrollY >= 800);
	const text = readFileSync(briefing(), "utf8");
	const saved = Date.now();
	writeFileSync(briefing(), text.replace("Participants called the talks constructive", "Participants called the Paris talks constructive"));
	await page.waitForFunction(() => !window.__before && document.body.innerText.includes("called the Paris talks constructive"), null, { timeout: 10000 });
	const ms = Date.now() - saved;
	await page.waitForFunction(() => window.scrollY >= 800, null, { timeout: 5000 });
	assert.ok(ms < 5000, `reloaded after ${ms} ms`);
	assert.deepEqual(errors, []);
	writeFileSync(briefing(), text);
	await page.waitForFunction(() => !document.body.innerText.includes("called the Paris talks constructive"), null, { timeout: 10000 });
	await page.close();
});

test("a build's problems show in the page, and a good save clears them", async () => {
	const page = await browser.newPage();
	await page.goto(url + "sources/");
	const text = readFileSync(briefing(), "utf8");
	writeFileSync(briefing(), text.replace("[@impatience, \"the parties outlined", "[@impatiense, \"the parties outlined"));
	const box = page.locator("#dossier-problems");
	await box.waitFor({ timeout: 10000 });
	const shown = await box.innerText();
	assert.match(shown, /content\/briefings\/paris-talks\.md:\d+:\d+: error: unknown source @impatiense/);
	assert.match(shown, /did you mean @impatience\?/);
	assert.match(shown, /\n\s+\^\n/);
	writeFileSync(briefing(), text);
	await box.waitFor({ state: "detached", timeout: 10000 });
	await page.close();
});

test("two tabs on one page both reload", async () => {
	const a = await browser.newPage(), b = await browser.newPage();
	await a.goto(url);
	await b.goto(url);
	await a.evaluate(() => { window.__before = true; });
	await b.evaluate(() => { window.__before = true; });
	const text = readFileSync(briefing(), "utf8");
	writeFileSync(briefing(), text.replace('title: The "move on" warning from Paris', 'title: The "move on" warning from Paris (updated)'));
	for (const p of [a, b]) {
		await p.waitForFunction(() => !window.__before && document.body.innerText.includes("(updated)"), null, { timeout: 10000 });
	}
	writeFileSync(briefing(), text);
	await a.close();
	await b.close();
});

test("the dev server searches, and its search page shows a source saved after it started", async () => {
	// the saves of the tests before have been built and indexed: the
	// reloads they send would cut short a navigation below
	await settled();
	const page = await browser.newPage();
	const errors = [];
	page.on("pageerror", (e) => errors.push(e.message));
	await page.goto(url + "search/?q=constructive");
	await page.locator("#search-results li a").first().waitFor({ timeout: 15000 });
	await page.goto(url + "search/?q=Zanzibar");
	await page.waitForFunction(() => /\b0 results\b/.test(document.getElementById("search-results").innerText), null, { timeout: 15000 });
	assert.equal(await page.locator("#search-results li").count(), 0);
	const added = join(site, "content", "sources", "zanzibar.txt");
	writeFileSync(added, "---\ntitle: The Zanzibar ferry\noutlet: Wire\n---\nThe Zanzibar ferry sailed on time.\n");
	try {
		// the page reloads by itself when the index is made again
		const found = page.locator('#search-results li a[href="/sources/zanzibar/"]');
		await found.waitFor({ timeout: 20000 });
		assert.match(await found.innerText(), /Zanzibar ferry/);
		assert.deepEqual(errors, []);
	} finally {
		rmSync(added);
		await page.close();
	}
});
