#!/usr/bin/env bash
# Main job: set up, then plan the bundled default site: the cheapest staffing meeting its service
# commitments, beside the rule-of-thumb plan, with both budgets (out/plan/plan.json, summary.txt).
# Extra arguments go to `python -m planner plan` (for example --replications 4).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m planner plan scenarios/default.yaml --out out/plan "$@"
