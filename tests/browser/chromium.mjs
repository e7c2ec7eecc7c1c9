// Debian's Chromium, driven by Playwright (never a browser Playwright
// downloads), and a server for a built site.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, existsSync, rmSync } from "node:fs";
import { join, extname } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
// dossier is the binary make test builds; pagefind the Pagefind npm installs
export const dossier = join(root, "bin", "dossier");
export const pagefind = join(root, "node_modules/@pagefind/linux-x64/bin/pagefind_extended");

// buildAndServe builds the site in dir into out with dossier build's args,
// indexing with the project's Pagefind, serves it and starts Chromium;
// close stops both and removes dir.
export async function buildAndServe(dir, out, args) {
	execFileSync(dossier, ["build", ...args, "--source", dir, "--out", out], { stdio: "inherit", env: { ...process.env, DOSSIER_PAGEFIND: pagefind } });
	const { server, url } = await serve(out);
	const browser = await launch();
	const close = async () => {
		await browser.close();
		server.close();
		rmSync(dir, { recursive: true, force: true });
	};
	return { server, url, browser, close };
}

export function launch() {
	return chromium.launch({
		executablePath: "/usr/bin/chromium",
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
	});
}

// serve serves the built site in out on 127.0.0.1 and returns the server
// and its URL; a path it does not have gets 404, with the site's 404.html
// when the site has one.

export const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
	".jsonld": "application/ld+json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8" };

export async function serve(out) {
	const server = createServer((req, res) => {
		const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
		let file = join(out, p);
		if (p.endsWith("/")) file = join(file, "index.html");
		if (p.includes("..") || !existsSync(file) || statSync(file).isDirectory()) {
			const missing = join(out, "404.html");
			res.writeHead(404, { "Content-Type": types[".html"] });
			return res.end(existsSync(missing) ? readFileSync(missing) : "");
		}
		res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
		res.end(readFileSync(file));
	});
	await new Promise((r) => server.listen(0, "127.0.0.1", r));
	return { server, url: `http://127.0.0.1:${server.address().port}/` };
}
