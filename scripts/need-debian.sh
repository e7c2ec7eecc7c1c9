#!/usr/bin/env bash
# need-debian.sh COMMAND PACKAGE WHAT-FOR: installs Debian's PACKAGE when
# COMMAND is missing (with sudo unless root).
set -euo pipefail
if ! command -v "$1" >/dev/null 2>&1; then
	echo "installing Debian's $2 for $3" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
fi
