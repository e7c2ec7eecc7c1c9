// Lighthouse, with its desktop and mobile presets, on every kind of page of
// the example: each of its categories (performance, accessibility, best
// practices, SEO) scores at least 95.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse from "lighthouse";
import desktop from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { serve } from "./chromium.mjs";

const root = new URL("../..", import.meta.url).pathname;
let out, server, url, chrome;

before(async () => {
	out = join(mkdtempSync(join(tmpdir(), "dossier-lighthouse-")), "public");
	execFileSync(join(root, "bin", "dossier"), ["build", "--strict", "--source", root, "--out", out], { stdio: "inherit" });
	({ server, url } = await serve(out));
	chrome = await chromeLauncher.launch({ chromePath: "/usr/bin/chromium", chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
});

after(async () => {
	await chrome?.kill();
	server?.close();
	rmSync(join(out, ".."), { recursive: true, force: true });
});

const pages = { index: "", briefing: "briefings/paris-talks/", coverage: "briefings/paris-talks/sources/", sources: "sources/", source: "sources/impatience/", "404": "404.html" };

for (const preset of ["desktop", "mobile"]) {
	test(`Lighthouse (${preset}) scores every kind of page 95 or more in every category`, async () => {
		const low = [];
		for (const [kind, path] of Object.entries(pages)) {
			const r = await lighthouse(url + path, { port: chrome.port, output: "json", logLevel: "error" }, preset === "desktop" ? desktop : undefined);
			for (const [name, cat] of Object.entries(r.lhr.categories)) {
				if (cat.score < 0.95) {
					const failing = cat.auditRefs.filter((a) => a.weight > 0 && r.lhr.audits[a.id].score !== null && r.lhr.audits[a.id].score < 1).map((a) => a.id);
					low.push(`${kind} ${name} ${Math.round(cat.score * 100)} (${failing.join(", ")})`);
				}
			}
		}
		assert.deepEqual(low, []);
	});
}
