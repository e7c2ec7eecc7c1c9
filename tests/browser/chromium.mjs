// Debian's Chromium, driven by Playwright: never a browser Playwright downloads.
import { chromium } from "playwright-core";

export function launch() {
	return chromium.launch({
		executablePath: "/usr/bin/chromium",
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
	});
}
