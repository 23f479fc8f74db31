#!/usr/bin/env bash
# Re-resolves requirements/dev.in in a clean environment and rewrites requirements/lock.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
"$tmp/venv/bin/pip" install -q -r requirements/dev.in
{ echo "# Exact versions CI tested. Regenerate with: bash scripts/lock.sh"; "$tmp/venv/bin/pip" freeze --all | grep -v "^pip=="; } > requirements/lock.txt
rm -rf "$tmp"
