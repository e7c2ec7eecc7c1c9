#!/usr/bin/env bash
# Installs what make bench compares dossier with, when it is missing: Debian's Hugo.
set -euo pipefail
if ! command -v hugo >/dev/null 2>&1; then
	echo "installing Debian's hugo for the side-by-side benchmark" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null
fi
