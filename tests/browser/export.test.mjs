// What other tools read of a site: annotations.jsonld against the W3C Web
// Annotation test suite's MUST schemas and anchored on its source pages by
// a W3C client (Apache Annotator) in Chromium; claims.json's offsets on
// every shape of source; and every page of the example, of the test sites
// and of a briefing per CommonMark spec example through the W3C Nu HTML
// checker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, statSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import * as esbuild from "esbuild";
import { launch, serve } from "./chromium.mjs";

const root = new URL("../..", import.meta.url).pathname;
const dossier = join(root, "bin", "dossier");
const base = "https://example.org/briefings/";
let tmp, browser;
const sites = {}; // name → { out, url, server }


// shapes is a site whose sources have what text can have: curly quotes,
// CRLF line ends, emoji and other characters outside the BMP, a byte-order
// mark, and passages at the start and end of paragraphs.
const shapes = {
	"content/sources/bom.txt": "\uFEFF---\ntitle: With a BOM\nurl: https://example.org/bom\nretrieved: 2025-04-18\narchive: https://web.archive.org/web/20250418093000/https://example.org/bom\n---\nA first line, cited at its start.\nAnd a second one, cited to its end.\n",
	"content/sources/crlf.txt": "---\r\ntitle: CRLF\r\n---\r\nOne line\r\n\r\nThe “quoted” words, said she, are ‘curly’.\r\nLast line here.\r\n",
	"content/sources/emoji.txt": "---\ntitle: Emoji\n---\n🎉 Party time 🎉 was the word 👋🏽 from them.\nMath 𝔸𝔹ℂ and a family 👨‍👩‍👧 end the line 😀\n",
	"content/sources/plain.md": "---\ntitle: Markdown\n---\n# A heading\n\nA paragraph with *emphasis* and a [link](https://example.org/).\n\n- an item\n- another item\n",
	"content/briefings/shapes.md": [
		"---", "title: Shapes", "date: 2025-04-20", "---",
		"The first line starts so [@bom, \"A first line\"].",
		"The second ends so [@bom, \"cited to its end.\"].",
		"CRLF is read [@crlf, \"One line\"].",
		"Curly quotes are kept [@crlf, \"The “quoted” words\"; @crlf, \"are ‘curly’\"].",
		"The last line [@crlf, \"Last line here.\"].",
		"Emoji count as one [@emoji, \"🎉 Party time 🎉\"; @emoji, \"word 👋🏽 from\"].",
		"So do others [@emoji, \"Math 𝔸𝔹ℂ\"; @emoji, \"end the line 😀\"].",
		"Markdown too [@plain, \"A paragraph with emphasis\"; @plain, \"another item\"].",
		"An elided one [@crlf, \"The “quoted” words ... ‘curly’\"].",
		"",
	].join("\n"),
};


async function buildSite(name, source) {
	const out = join(tmp, name);
	execFileSync(dossier, ["build", "--strict", "--source", source, "--out", out, "--base-url", base], { stdio: "inherit" });
	sites[name] = { out, ...(await serve(out)) };
}

before(async () => {
	tmp = mkdtempSync(join(tmpdir(), "dossier-export-"));
	const src = join(tmp, "shapes-src");
	for (const [p, data] of Object.entries(shapes)) {
		mkdirSync(dirname(join(src, p)), { recursive: true });
		writeFileSync(join(src, p), data);
	}
	await buildSite("example", root);
	await buildSite("shapes", src);
	await buildSite("basic", join(root, "generator/site/testdata/basic"));
	browser = await launch();
});

after(async () => {
	await browser?.close();
	for (const s of Object.values(sites)) s.server.close();
	rmSync(tmp, { recursive: true, force: true });
});

// annotations are the items of a site's annotations.jsonld, each as a
// document of its own: with the collection's @context, which it shares.
function annotations(name) {
	const doc = JSON.parse(readFileSync(join(sites[name].out, "annotations.jsonld"), "utf8"));
	return doc.first.items.map((a) => ({ "@context": doc["@context"], ...a }));
}

test("every annotation is valid against the W3C Web Annotation MUST schemas", () => {
	const dir = join(root, "tests/browser/w3c-annotation");
	const ajv = new Ajv({ allErrors: true, strict: false });
	addFormats(ajv);
	const files = [];
	const walk = (d) => {
		for (const f of readdirSync(d)) {
			const p = join(d, f);
			if (statSync(p).isDirectory()) walk(p);
			else if (f.endsWith(".json")) files.push(p);
		}
	};
	walk(join(dir, "definitions"));
	for (const f of files) ajv.addSchema(JSON.parse(readFileSync(f, "utf8")));
	const musts = JSON.parse(readFileSync(join(dir, "annotationMusts.test"), "utf8")).assertions;
	const checks = musts.map((a) => [a, ajv.compile(JSON.parse(readFileSync(join(dir, a), "utf8")))]);
	assert.ok(checks.length >= 50, `${checks.length} MUST assertions`);
	for (const name of ["example", "shapes", "basic"]) {
		const items = annotations(name);
		let clean = 0;
		const failures = [];
		for (const a of items) {
			const failed = checks.filter(([, v]) => !v(a)).map(([f, v]) => `${f}: ${ajv.errorsText(v.errors)}`);
			if (failed.length === 0) clean++;
			else failures.push(`${a.id}: ${failed.join("; ")}`);
		}
		assert.deepEqual(failures.slice(0, 5), [], `${name}: ${clean}/${items.length} W3C-clean`);
		if (name === "example") assert.equal(items.length, 65, "the example's anchored citations");
		// a TimeState on the targets of a source retrieved on a day: with
		// its one archived copy, or one for each of several
		const states = items.filter((a) => a.target.state).map((a) => a.target.state);
		if (name === "shapes") assert.deepEqual(states[0], { type: "TimeState", sourceDate: "2025-04-18T00:00:00Z", cached: "https://web.archive.org/web/20250418093000/https://example.org/bom" });
		if (name === "basic") assert.deepEqual(states[0]?.map((s) => s.cached), ["https://web.archive.org/web/20250418093000/https://example.org/paris", "https://archive.ph/AbCdE"]);
		if (name !== "example") assert.ok(states.length >= 2, `${name}: ${states.length} targets with a state`);
	}
});

// annotator is Apache Annotator's DOM matchers, bundled for the page.
async function annotator() {
	const r = await esbuild.build({
		stdin: { contents: `export { createTextQuoteSelectorMatcher, createTextPositionSelectorMatcher } from "@apache-annotator/dom";`, resolveDir: root },
		bundle: true, format: "iife", globalName: "Annotator", write: false, logLevel: "silent",
	});
	return r.outputFiles[0].text;
}

test("every annotation anchors on its source page with Apache Annotator: quote, position and element", async () => {
	const code = await annotator();
	for (const name of ["example", "shapes", "basic"]) {
		const byPage = {};
		for (const a of annotations(name)) (byPage[a.target.source] ??= []).push(a);
		let quote = 0, position = 0, element = 0, total = 0;
		const misses = [];
		for (const [source, items] of Object.entries(byPage)) {
			assert.ok(source.startsWith(base), source);
			const ctx = await browser.newContext();
			const p = await ctx.newPage();
			await p.goto(sites[name].url + source.slice(base.length));
			await p.addScriptTag({ content: code });
			const results = await p.evaluate(async (items) => {
				const out = [];
				for (const a of items) {
					const [q, para, mark] = a.target.selector;
					const r = { id: a.id, exact: q.exact };
					const scope = document.getElementById(para.value);
					// the quote over the whole page: its first match, which a
					// client takes, must be the passage in its paragraph
					const first = (await Annotator.createTextQuoteSelectorMatcher(q)(document.body).next()).value;
					r.quote = !!first && first.toString() === q.exact && !!scope && scope.contains(first.commonAncestorContainer);
					const pos = scope && (await Annotator.createTextPositionSelectorMatcher(para.refinedBy)(scope).next()).value;
					r.position = !!pos && pos.toString() === q.exact;
					r.element = mark ? document.getElementById(mark.value)?.textContent === q.exact : null;
					out.push(r);
				}
				return out;
			}, items);
			await ctx.close();
			for (const r of results) {
				total++;
				if (r.quote) quote++;
				if (r.position) position++;
				if (r.element !== false) element++;
				if (!r.quote || !r.position || r.element === false) misses.push(r);
			}
		}
		assert.deepEqual(misses.slice(0, 5), [], `${name}: ${quote}/${total} by quote, ${position}/${total} by position, ${element}/${total} by element`);
		if (name === "example") assert.equal(total, 65);
	}
});

test("claims.json's offsets give each passage in every shape of text source", () => {
	const claims = JSON.parse(readFileSync(join(sites.shapes.out, "claims.json"), "utf8")).claims;
	let checked = 0;
	for (const c of claims) {
		for (const cit of c.citations) {
			const file = join(tmp, "shapes-src", "content/sources", cit.source + ".txt");
			if (!existsSync(file)) continue;
			// the text offsets count in: the body after the front matter,
			// without a byte-order mark, line endings as \n
			let text = readFileSync(file, "utf8").replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
			text = text.replace(/^---\n[\s\S]*?\n---\n/, "");
			const cps = [...text];
			assert.equal(cps.slice(cit.start, cit.end).join(""), cit.selector.exact, `${cit.source} ${cit.start}–${cit.end}`);
			assert.ok(cps.slice(0, cit.start).join("").endsWith(cit.selector.prefix), `prefix of ${cit.selector.exact}`);
			assert.ok(cps.slice(cit.end).join("").startsWith(cit.selector.suffix), `suffix of ${cit.selector.exact}`);
			checked++;
		}
	}
	assert.ok(checked >= 10, `${checked} citations checked`);
});

test("the W3C Nu HTML checker finds no error on any page: the example, the test sites, every CommonMark example", () => {
	const cm = join(tmp, "commonmark");
	execFileSync("go", ["run", "./tests/htmlcheck", cm], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
	const jar = join(root, "node_modules/vnu-jar/build/dist/vnu.jar");
	const dirs = [sites.example.out, sites.shapes.out, sites.basic.out, cm];
	let report = "";
	try {
		execFileSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", "--format", "text", ...dirs], { stdio: ["ignore", "pipe", "pipe"] });
	} catch (e) {
		report = String(e.stderr || "") + String(e.stdout || "");
	}
	assert.equal(report.split("\n").slice(0, 20).join("\n"), "", "the Nu checker's errors");
	const pages = readdirSync(join(cm, "briefings")).length;
	assert.ok(pages >= 650, `${pages} CommonMark example briefings checked`);
});
