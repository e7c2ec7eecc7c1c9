#!/usr/bin/env bash
# Prints this clone's origin URL for `make install` to record in the binary
# (the workflow `dossier init` writes clones dossier from it), without a
# user name or password: a clone made with https://user:TOKEN@host/… must
# not put its token into the binary or into any site's repository. An ssh
# URL keeps its user name, which is not a secret. Prints nothing when there
# is no origin.
set -euo pipefail
cd "$(dirname "$0")/.."
url=$(git remote get-url origin 2>/dev/null) || exit 0
case "$url" in
	http://* | https://* | git://*) printf '%s\n' "$url" | sed -E 's#^([A-Za-z]+://)[^/@]*@#\1#' ;;
	ssh://* | git+ssh://*) printf '%s\n' "$url" | sed -E 's#^([A-Za-z+]+://)([^/:@]*)(:[^/@]*)?@#\1\2@#' ;;
	*) printf '%s\n' "$url" ;;
esac
