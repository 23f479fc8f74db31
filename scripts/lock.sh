#!/usr/bin/env bash
# Resolves requirements/dev.in in a clean environment and rewrites requirements/lock.txt.
# By default the versions already locked are kept (new packages get the newest that fit), so
# simulation baselines, which are byte-exact only for the same numpy/scipy, do not move.
# `bash scripts/lock.sh --upgrade` re-resolves everything from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
keep=()
if [ "${1:-}" != "--upgrade" ]; then
  grep -v '^#' requirements/lock.txt > "$tmp/constraints.txt"
  keep=(-c "$tmp/constraints.txt")
fi
"$tmp/venv/bin/pip" install -q -r requirements/dev.in "${keep[@]}"
{ echo "# Exact versions CI tested. Regenerate with: bash scripts/lock.sh"; "$tmp/venv/bin/pip" freeze --all | grep -v "^pip==" | sort -f; } > requirements/lock.txt
rm -rf "$tmp"
