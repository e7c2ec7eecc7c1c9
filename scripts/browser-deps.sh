#!/usr/bin/env bash
# Installs what the browser tests need, when it is missing: Debian's Chromium
# (Playwright drives it; it never downloads a browser of its own), a Java
# runtime for the W3C HTML checker, Neovim for the editor test of dossier
# lsp, and the npm packages pinned in
# package-lock.json — Pagefind among them, which the Go tests of search and
# the build of the example use. make test runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/need-debian.sh chromium chromium "the browser tests"
./scripts/need-debian.sh java default-jre-headless "the W3C HTML checker (vnu.jar)"
./scripts/need-debian.sh nvim neovim "the editor test of dossier lsp (Neovim's own client)"
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
