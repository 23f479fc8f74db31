#!/usr/bin/env bash
# The whole test suite: set up, then run every test on all cores. Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest -n auto -p no:cacheprovider "$@"
