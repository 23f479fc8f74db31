#!/usr/bin/env bash
# Main job: set up, then run the simulation on the bundled default scenario and print its KPI table.
# Extra arguments go to `python -m sim run` (for example --days 7 --replications 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m sim run scenarios/default.yaml "$@"
