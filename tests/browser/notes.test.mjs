// Notes beside their claims, measured in Chromium at a phone's width, a
// tablet's, a laptop's and a wide screen's, with JavaScript on and off:
// where each sidenote stands against its claim, that no link in a note is
// cut, that every claim's passages are a Tab away, and that a page without
// the script stays centred.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, serve } from "./chromium.mjs";
import AxeBuilder from "@axe-core/playwright";

const root = new URL("../..", import.meta.url).pathname;
let out, server, url, browser;

before(async () => {
	out = join(mkdtempSync(join(tmpdir(), "dossier-notes-")), "public");
	execFileSync(join(root, "bin", "dossier"), ["build", "--strict", "--source", root, "--out", out], { stdio: "inherit" });
	({ server, url } = await serve(out));
	browser = await launch();
});

after(async () => {
	await browser?.close();
	server?.close();
	rmSync(join(out, ".."), { recursive: true, force: true });
});

async function open(width, js) {
	const ctx = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: js });
	const p = await ctx.newPage();
	await p.goto(url + "briefings/paris-talks/");
	await p.evaluate(() => document.fonts.ready);
	if (js) await p.waitForTimeout(100); // the layout after load
	return p;
}

// what a reader sees of the notes: for each, its claim's top, its own box,
// whether it follows the block that holds its claim, and of every link in
// it whether it is cut or covered
function measure() {
	const side = document.body.classList.contains("with-sidenotes");
	const notes = [...document.querySelectorAll(".body .notes .claim-note")];
	const main = document.querySelector("main").getBoundingClientRect();
	return {
		side,
		folded: notes.filter((li) => !li.checkVisibility()).length,
		notes: notes.map((li) => {
			const ref = document.getElementById(li.id.replace(/^n-/, "r-"));
			const box = li.getBoundingClientRect();
			const details = li.closest("details");
			const links = [...li.querySelectorAll("a")].map((a) => {
				const r = a.getBoundingClientRect();
				const passage = !!a.closest(".passage");
				// a link is cut when its text overflows it (a passage's start may
				// end in an ellipsis: its whole box is the link) or it spills out
				// of its note
				const cut = (!passage && a.scrollWidth > a.clientWidth + 1) || r.right > box.right + 1 || r.left < box.left - 1;
				const hit = document.elementFromPoint(Math.min(r.left + 3, innerWidth - 1), r.top + r.height / 2);
				return { href: a.getAttribute("href"), passage, cut, shown: r.width > 0 && r.height > 0,
					covered: r.top >= 0 && r.bottom <= innerHeight && !(hit && (a === hit || a.contains(hit))) };
			});
			return { id: li.id, claimTop: ref.getBoundingClientRect().top, top: box.top, bottom: box.bottom, left: box.left, right: box.right,
				mainLeft: main.left, mainRight: main.right,
				follows: details.previousElementSibling.contains(ref), links };
		}),
	};
}

// tab goes from claim i's number until a link to one of its passages has
// the focus (opening a folded paragraph's notes with Enter on the way, as
// a keyboard user would), and says where it landed
async function tabToPassage(p, i) {
	const ref = p.locator('.body a[role="doc-noteref"]').nth(i);
	const want = await p.evaluate((id) => [...document.getElementById(id.replace(/^#/, "")).querySelectorAll('.passage a[href*="#q-"]')].map((a) => a.getAttribute("href")),
		await ref.getAttribute("href"));
	await ref.focus();
	for (let k = 0; k < 40; k++) {
		await p.keyboard.press("Tab");
		const at = await p.evaluate(() => {
			const a = document.activeElement;
			const s = getComputedStyle(a), r = a.getBoundingClientRect();
			return { tag: a.tagName, open: !!a.closest("details")?.open, href: a.getAttribute("href"), passage: !!a.closest(".passage"),
				ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, w: r.width, h: r.height,
				inView: r.top >= 0 && r.top < innerHeight - 8 && r.left >= 0 && r.right <= innerWidth };
		});
		if (at.tag === "SUMMARY" && !at.open) await p.keyboard.press("Enter");
		if (at.passage && want.includes(at.href)) return { ...at, presses: k + 1 };
	}
	return null;
}

for (const width of [390, 768, 1280, 1920]) {
	for (const js of [true, false]) {
		test(`at ${width} px, JavaScript ${js ? "on" : "off"}: notes beside (or after) their claims, no link cut, every passage a Tab away`, async () => {
			const p = await open(width, js);
			let m = await p.evaluate(measure);
			assert.equal(m.side, js && width >= 1216, "sidenotes on wide screens with the script, after each paragraph otherwise");
			assert.equal(m.notes.length, 35);
			// a phone folds the notes away; a wider screen shows them all
			assert.equal(m.folded, width < 768 ? 35 : 0, "folded notes");
			if (width < 768) {
				await p.evaluate(() => document.querySelectorAll("details.notes").forEach((d) => { d.open = true; }));
				m = await p.evaluate(measure);
			}
			let floor = -Infinity;
			for (const n of m.notes) {
				if (m.side) {
					// each note at its claim's line, unless the one above still takes it
					const want = Math.max(n.claimTop - 4, floor);
					assert.ok(Math.abs(n.top - want) <= 2, `${n.id}: at ${n.top.toFixed(0)}, its claim at ${n.claimTop.toFixed(0)}, room from ${floor.toFixed(0)}`);
					assert.ok(n.left >= n.mainRight, `${n.id} is not in the margin`);
					floor = n.bottom + 8 - 0.5;
				} else {
					assert.ok(n.follows && n.top > n.claimTop, `${n.id} does not follow the block of its claim`);
				}
				for (const l of n.links) {
					assert.ok(l.shown && !l.cut, `${n.id}: ${l.href} is cut or hidden`);
				}
				const anchored = n.links.filter((l) => l.passage && /#q-/.test(l.href));
				if (n.links.some((l) => /#p\d/.test(l.href))) assert.ok(anchored.length > 0, `${n.id}: no passage link`);
			}
			if (m.side) {
				// the spare width is used: text and notes stand centred, as wide as the notes may be
				const right = Math.max(...m.notes.map((n) => n.right)), left = m.notes[0].mainLeft;
				assert.ok(Math.abs(left - (width - right)) <= 40 || left <= 24, `text and notes off centre: ${left} px left, ${width - right} px right`);
				const footer = await p.evaluate(() => document.querySelector(".site-footer").getBoundingClientRect().top);
				assert.ok(m.notes.at(-1).bottom <= footer, `the last note runs past the footer: ${m.notes.at(-1).bottom} > ${footer}`);
			}
			if (!js && width >= 1216) {
				const box = await p.locator("main").boundingBox();
				assert.ok(Math.abs(box.x - (width - box.x - box.width)) <= 2, `main is not centred: ${box.x} from the left of ${width}`);
			}
			if (width < 768) { // folded again, as a reader finds them
				await p.reload();
				if (js) await p.waitForTimeout(100);
			}
			// from every claim's number, Tab reaches one of its passages, with a visible ring
			const far = [];
			for (let i = 0; i < 35; i++) {
				const at = await tabToPassage(p, i);
				if (!at || !at.ring || at.w < 20 || at.h < 8 || !at.inView) far.push(`claim ${i + 1}: ${JSON.stringify(at)}`);
			}
			assert.deepEqual(far, []);
			await p.context().close();
		});
	}
}

test("placing the sidenotes costs a layout or two, not one a note", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const p = await ctx.newPage();
	const cdp = await ctx.newCDPSession(p);
	await cdp.send("Performance.enable");
	await p.goto(url + "briefings/paris-talks/");
	await p.waitForFunction(() => document.body.classList.contains("with-sidenotes"));
	await p.waitForTimeout(200);
	const { metrics } = await cdp.send("Performance.getMetrics");
	const layouts = metrics.find((m) => m.name === "LayoutCount").value;
	assert.ok(layouts <= 4, `${layouts} layouts to load the page and place 35 notes`);
	await ctx.close();
});

// the preview's box, its trigger's and the claim's lines; whether any meet
function overlaps() {
	const pop = document.getElementById("dossier-popover");
	if (!pop || pop.hidden) return { open: false };
	const p = pop.getBoundingClientRect();
	const ref = document.activeElement?.matches?.('a[role="doc-noteref"]') ? document.activeElement : document.querySelector('a[aria-describedby="dossier-popover"]');
	const meet = (r) => r.width > 0 && r.height > 0 && r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom;
	const claim = ref.closest(".claim");
	return {
		open: true,
		trigger: meet(ref.getBoundingClientRect()),
		claim: [...claim.getClientRects()].some(meet),
		inView: p.top >= -1 && p.left >= -1 && p.bottom <= innerHeight + 1 && p.right <= innerWidth + 1,
	};
}

for (const [width, how] of [[390, "tap"], [768, "tap"], [1280, "hover"], [1920, "hover"]]) {
	test(`at ${width} px a preview (by ${how}) never covers its claim's number or text`, async () => {
		const ctx = await browser.newContext({ viewport: { width, height: width < 800 ? 800 : 900 }, hasTouch: how === "tap", isMobile: width < 800 });
		const p = await ctx.newPage();
		await p.goto(url + "briefings/paris-talks/");
		await p.waitForTimeout(100);
		const refs = p.locator('.body a[role="doc-noteref"]');
		const n = await refs.count();
		assert.equal(n, 35);
		const bad = [];
		for (let i = 0; i < n; i++) {
			const ref = refs.nth(i);
			await ref.scrollIntoViewIfNeeded();
			if (how === "tap") await ref.tap();
			else await ref.hover();
			await p.waitForFunction(() => !document.getElementById("dossier-popover").hidden);
			const o = await p.evaluate(overlaps);
			if (!o.open || o.trigger || o.claim || !o.inView) bad.push(`claim ${i + 1}: ${JSON.stringify(o)}`);
			await p.keyboard.press("Escape");
			if (how === "hover") await p.mouse.move(0, 0);
		}
		assert.deepEqual(bad, []);
		await ctx.close();
	});
}

test("Tab goes from a claim's number into its preview's links", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const p = await ctx.newPage();
	await p.goto(url + "briefings/paris-talks/");
	await p.locator("h1").click(); // then the keyboard
	let onNumber = false;
	for (let i = 0; i < 60 && !onNumber; i++) {
		await p.keyboard.press("Tab");
		onNumber = await p.evaluate(() => document.activeElement.matches('.body a[role="doc-noteref"]'));
	}
	assert.ok(onNumber, "Tab never reached a claim's number");
	await p.waitForFunction(() => !document.getElementById("dossier-popover").hidden);
	// through the preview's links, the source's then its passage's
	let inside = null;
	for (let i = 0; i < 4 && !inside; i++) {
		await p.keyboard.press("Tab");
		const where = await p.evaluate(() => {
			const a = document.activeElement;
			if (!document.getElementById("dossier-popover").contains(a)) return "out";
			return /#q-/.test(a.getAttribute("href") || "") ? a.getAttribute("href") : "in";
		});
		assert.notEqual(where, "out", "Tab left the preview before a passage");
		if (where !== "in") inside = where;
	}
	assert.ok(inside, "Tab from the number does not reach a passage in its preview");
	await ctx.close();
});

test("with a preview open, axe finds no WCAG 2.1 A or AA violation, light and dark, wide and narrow", async () => {
	for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]]) {
		const ctx = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme, hasTouch: width < 800 });
		const p = await ctx.newPage();
		await p.goto(url + "briefings/paris-talks/");
		const ref = p.locator('.body a[role="doc-noteref"]').nth(16); // a disputed claim
		if (width < 800) await ref.tap();
		else await ref.hover();
		await p.waitForFunction(() => !document.getElementById("dossier-popover").hidden);
		const results = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
		const found = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
		assert.deepEqual(found, [], `${width} px, ${scheme}`);
		await ctx.close();
	}
});

test("arriving at an elided passage marks every piece of it, with the script and without", async () => {
	for (const js of [false, true]) {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
		const p = await ctx.newPage();
		await p.goto(url + "sources/paris-april-18/");
		const id = await p.evaluate(() => [...document.querySelectorAll(".cited-span")].find((s) => s.querySelectorAll(`mark[data-passages~="${s.id}"]`).length > 1)?.id);
		assert.ok(id, "the example has an elided passage on this page");
		await p.goto(url + "sources/paris-april-18/#" + id);
		const colours = await p.evaluate((id) => {
			const bg = (e) => getComputedStyle(e).backgroundColor;
			const pieces = [...document.querySelectorAll(`mark[data-passages~="${id}"]`)].map(bg);
			const other = [...document.querySelectorAll("mark.cited")].find((m) => !m.matches(`[data-passages~="${id}"]`));
			return { pieces, other: other && bg(other) };
		}, id);
		assert.ok(colours.pieces.length > 1);
		for (const c of colours.pieces) {
			assert.equal(c, colours.pieces[0], `JS ${js ? "on" : "off"}: the pieces are marked alike`);
			assert.notEqual(c, colours.other, `JS ${js ? "on" : "off"}: a piece looks like any other passage`);
		}
		await ctx.close();
	}
});

test("the coverage table on a phone keeps its claim column in view, colours cells by relation, and prints whole", async () => {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true });
	const p = await ctx.newPage();
	await p.goto(url + "briefings/paris-talks/sources/");
	const scroller = p.locator(".table-scroll");
	await scroller.evaluate((e) => { e.scrollLeft = e.scrollWidth; });
	const [claim, box] = await Promise.all([p.locator(".coverage tbody th").first().boundingBox(), scroller.boundingBox()]);
	assert.ok(Math.abs(claim.x - box.x) <= 2, `the claim column scrolled away: at ${claim.x}, the table at ${box.x}`);
	const colours = await p.evaluate(() => {
		const c = (sel) => { const a = document.querySelector(sel); return a && getComputedStyle(a).color; };
		return { supports: c(".cell.supports a"), contradicts: c(".cell.contradicts a") };
	});
	assert.ok(colours.supports && colours.contradicts && colours.supports !== colours.contradicts, JSON.stringify(colours));
	await p.emulateMedia({ media: "print" });
	const rows = await p.evaluate(() => {
		const s = document.querySelector(".table-scroll"), last = document.querySelector(".coverage tbody tr:last-child");
		return { clipped: s.scrollHeight > s.clientHeight + 1, last: !!last && last.getBoundingClientRect().height > 0 };
	});
	assert.ok(!rows.clipped && rows.last, `printed, the table is cut: ${JSON.stringify(rows)}`);
	await ctx.close();
});

test("a disputed claim is marked in the text and named so; each endnote restates its claim", async () => {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 800 } });
	const p = await ctx.newPage();
	await p.goto(url + "briefings/paris-talks/");
	const ref = p.locator('.body a[role="doc-noteref"]').nth(16);
	assert.match(await ref.getAttribute("aria-label"), /^Claim 17, disputed, \d sources$/);
	const look = await ref.evaluate((a) => {
		const claim = a.closest(".claim");
		return { line: getComputedStyle(claim).textDecorationLine, number: getComputedStyle(a).color, plain: getComputedStyle(document.querySelector('.claim:not(.disputed) a[role="doc-noteref"]')).color };
	});
	assert.equal(look.line, "underline");
	assert.notEqual(look.number, look.plain);
	const restated = await p.evaluate(() => [...document.querySelectorAll(".notes .claim-note")].every((li) => {
		const claim = document.getElementById(li.id.replace(/^n-/, ""));
		const text = li.querySelector(".note-claim")?.textContent;
		return text && claim.textContent.replace(/\s+/g, " ").trim().startsWith(text);
	}));
	assert.ok(restated, "an endnote does not restate its claim");
	await ctx.close();
});

test("every landmark has a label of its own (axe landmark-unique), on the briefing and a source with notes", async () => {
	for (const path of ["briefings/paris-talks/", "sources/standoff/", "sources/economic-times/"]) {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const p = await ctx.newPage();
		await p.goto(url + path);
		const results = await new AxeBuilder({ page: p }).withRules(["landmark-unique"]).analyze();
		assert.deepEqual(results.violations.map((v) => v.nodes.map((n) => n.target.join(" ")).join(" | ")), [], path);
		await ctx.close();
	}
});
