#!/usr/bin/env bash
# Main job: set up, plan the bundled default site (the cheapest staffing meeting its service
# commitments, beside the rule-of-thumb plan, with both budgets), export the proposal chapters
# (out/plan/: plan.json, summary.txt, proposal_zh.docx/.xlsx/.pdf), then open the planner app on
# the default scenario at http://localhost:8501 (Ctrl-C stops it).
# Extra arguments go to `python -m planner plan` (for example --replications 4 or --lang en).
# APP=0 skips the app (plan and proposal only); PORT=N serves it on another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m planner plan scenarios/default.yaml --out out/plan --proposal docx,xlsx,pdf "$@"
if [ "${APP:-1}" != "0" ]; then
  # localhost only by default: one local workspace, no sign-in (docs/library.md); ADDRESS=0.0.0.0
  # serves other machines too, and then sign-in is required
  echo "The planner app: http://${ADDRESS:-localhost}:${PORT:-8501} (Ctrl-C to stop)"
  exec .venv/bin/streamlit run serve.py --server.headless true --server.port "${PORT:-8501}" --server.address "${ADDRESS:-localhost}"
fi
