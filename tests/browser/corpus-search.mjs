// Search on a large built site, for make bench: types a query into the
// header's box, filters to claims, opens the first claim and checks it
// lands at the claim; prints how long the first results took and how
// much of the index the search fetched.
//
//	node tests/browser/corpus-search.mjs OUT QUERY
import assert from "node:assert/strict";
import { launch, serve } from "./chromium.mjs";

const [out, query] = process.argv.slice(2);
const { server, url } = await serve(out);
const browser = await launch();
try {
	const p = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	let bytes = 0, files = 0;
	p.on("response", async (r) => {
		if (new URL(r.url()).pathname.startsWith("/pagefind/")) {
			files++;
			bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
		}
	});
	await p.goto(url);
	await p.locator(".site-search input").fill(query);
	const start = Date.now();
	await p.keyboard.press("Enter");
	await p.locator("#search-results li").first().waitFor({ timeout: 60000 });
	const first = Date.now() - start;
	await p.locator('select[name="kind"]').selectOption("Claims");
	await p.waitForFunction(() => {
		const kinds = [...document.querySelectorAll("#search-results li .kind")];
		return kinds.length > 0 && kinds.every((k) => k.textContent === "Claim");
	}, null, { timeout: 60000 });
	const results = await p.locator("#search-results > p.meta").innerText();
	await p.locator("#search-results li a").first().click();
	await p.waitForURL(/\/briefings\/[^/]+\/#c-[0-9a-f]{8}$/);
	assert.equal(await p.evaluate(() => document.querySelector(":target")?.classList.contains("claim")), true, "the claim is not the target");
	console.log(`search "${query}": first results in ${first} ms, ${results} among claims; ${files} files, ${(bytes / 1024).toFixed(0)} KB of the index fetched; the first claim opens at its anchor`);
} finally {
	await browser.close();
	server.close();
}
