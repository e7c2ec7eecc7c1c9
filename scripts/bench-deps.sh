#!/usr/bin/env bash
# Installs what make bench compares dossier with, when it is missing: Debian's Hugo.
set -euo pipefail
"$(dirname "$0")/need-debian.sh" hugo hugo "the side-by-side benchmark"
