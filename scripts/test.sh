#!/usr/bin/env bash
# The whole test suite: set up, run every test on all cores (tests/conftest.py decides how they are
# shared out: by module, the browser tests one by one and first), then the regression scenarios
# (every scenarios/*.yaml against scenarios/baselines/). Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest -n auto -p no:cacheprovider "$@"
.venv/bin/python -m sim regress --workers 2
