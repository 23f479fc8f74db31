# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · From a site's records to a fitted scenario to a plan
#
# A property company bidding for a site it already runs has the site's records: the call log of
# its phone system, the ticket list of its app, the gate events of its parking system. This
# notebook goes from such exports to the demand of a scenario (`sim.records`, the same code as
# `python -m sim fit`), checks the fit by simulating it beside the records, and plans the
# staffing of the fitted scenario (`planner.plan.make_plan`).
#
# Here the "site" is `tests/data/fit_truth.yaml` run by the simulation, so that we know the
# numbers the fit must find: its exports are made from the simulation's records
# (`sim.records.exports_from_records`). To use real exports instead, set `NOTEBOOK_RECORDS` to a
# directory with `calls.csv`, `tickets.csv`, `gates.csv` (or `.xlsx`) and `NOTEBOOK_BASE` and
# `NOTEBOOK_SITE` to the base scenario and its site; the comparisons with the truth are then
# skipped. Column names that differ are mapped as on the command line (`calls.time=来电时间`).
#
# Environment: `NOTEBOOK_DAYS` (days of records, default 35), `NOTEBOOK_REPLICATIONS` (of the
# check and the plan, default 10).

# %%
from nbsetup import REPLICATIONS, ROOT, days, save

import datetime as dt  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from planner.plan import make_plan, summary_text  # noqa: E402
from sim import load_scenario, simulate  # noqa: E402
from sim.records import exports_from_records, fit_demand, read_all  # noqa: E402
from sim.records.check import check_fit  # noqa: E402
from sim.records.render import render_scenario  # noqa: E402

DAYS = int(days(35))
OWN = os.environ.get("NOTEBOOK_RECORDS")
BASE = Path(os.environ.get("NOTEBOOK_BASE", ROOT / "tests" / "data" / "fit_truth.yaml"))
SITE = os.environ.get("NOTEBOOK_SITE", "lakeside")
WORK = Path(tempfile.mkdtemp(prefix="records_"))
print(f"{DAYS} days of records, {REPLICATIONS} replications; files in {WORK}")

# %% [markdown]
# ## The records
#
# One replication of the known site over the period, written as a phone system would export it:
# one row per call with its arrival time, type, wait, outcome and talk time (`queue` says
# whether an expert took it after the first agent).

# %%
truth = load_scenario(BASE, [f"calendar.horizon_days={DAYS}"])
if OWN:
    sources = [str(p) for p in sorted(Path(OWN).iterdir()) if p.suffix in (".csv", ".xlsx")]
else:
    records = simulate(truth, replications=1, keep_logs=True).records()
    exports = exports_from_records(records, truth.calendar.start_date)
    sources = []
    for kind, table in exports.items():
        table.to_csv(WORK / f"{kind}.csv", index=False)
        sources.append(f"{kind}={WORK / f'{kind}.csv'}")
    print(exports["calls"].head())

# %% [markdown]
# ## Reading and fitting
#
# Every row that cannot be used is counted with its reason (none here). The fit gives each
# number an interval and the count it rests on; the scenario file carries them as comments.

# %%
record_sets, period = read_all(sources)
for rs in record_sets:
    print(rs.summary())
LEVEL = 0.95
fit = fit_demand(record_sets, period, truth, SITE, level=LEVEL)
out = WORK / "fitted.yaml"
out.write_text(render_scenario(fit, SITE, str(BASE), out, sources), encoding="utf-8")
fitted = load_scenario(out)
print("\n".join(out.read_text(encoding="utf-8").splitlines()[:40]))

# %% [markdown]
# ## Fitted against the truth
#
# For the known site each number the scenario states can be compared with its fitted value. With
# about forty such numbers, each interval is widened to 1 − 0.05/40 (Bonferroni) before asking
# that it holds the truth, so a correct fit passes all at once 95% of the time.

# %%
def truths(scenario):
    out = {}
    for kind in ("calls", "tickets", "remote_ops"):
        for name, spec in getattr(scenario.demand, kind).items():
            field, value = spec.rate_field
            out[f"demand.{kind}.{name}.{field}"] = value
            out[f"demand.{kind}.{name}.handle_time_s.mean"] = spec.handle_time_s.mean_value
            if getattr(spec, "patience_s", None) is not None:
                out[f"demand.{kind}.{name}.patience_s.mean"] = spec.patience_s.mean_value
            if kind == "calls":
                out[f"demand.calls.{name}.escalate_share"] = spec.escalate_share
    return out


if not OWN:
    known = truths(truth)
    strict = fit_demand(record_sets, period, truth, SITE, level=1 - 0.05 / len(known))
    rows = []
    for path, value in known.items():
        e = fit.estimate(path)
        s = strict.estimate(path)
        rows.append({"parameter": path.removeprefix("demand."), "truth": value, "fitted": e.value,
                     "low": e.low, "high": e.high, "n": e.n, "within (Bonferroni)": s.low <= value <= s.high})
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    assert table["within (Bonferroni)"].all(), table[~table["within (Bonferroni)"]]
    if DAYS >= 30:   # the records then include the national-day holiday
        found = {(m.start_date, m.end_date) for m in fitted.demand.dated_multipliers.values()}
        assert found == {(dt.date(2026, 10, 1), dt.date(2026, 10, 5))}, found

# %% [markdown]
# The hour-of-day profile of calls, with its intervals, against the profile that made them.

# %%
profile = fitted.demand.calls["repair_report"].profile
hours = [fit.estimate(f"demand.profiles.{profile}.hour_of_day[{h}]") for h in range(24)]
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.errorbar(range(24), [e.value for e in hours], yerr=[[e.value - e.low for e in hours], [e.high - e.value for e in hours]],
            fmt="o", label=f"fitted ({100 * LEVEL:g}% intervals)")
if not OWN:
    made = np.asarray(truth.demand.profiles["residential"].hour_of_day)
    ax.step(range(24), made / made.mean(), where="mid", color="black", label="the profile that made the records")
ax.set_xlabel("hour of day")
ax.set_ylabel("weight (mean 1)")
ax.legend()
save(fig, "05_hour_profile.png")

# %% [markdown]
# ## The check: simulated beside observed
#
# The fitted scenario is simulated with the staffing the records show (the distinct agents
# answering calls in each hour of the week: the exports carry who answered) and its KPIs set
# beside the records'; the report ends with that staffing, hour by hour.
# The records are one period, so the verdict asks whether the observed value lies where one
# simulated period falls (99% here: nine KPIs).

# %%
check = check_fit(fitted, record_sets, replications=max(REPLICATIONS, 3), level=0.99)
print(check.text())
calls_sl = next(r for r in check.rows if (r.stream, r.metric) == ("calls", "service_level"))
assert calls_sl.consistent, check.text()

assert check.staffing.queues["agent"].pool is not None and not check.staffing.lower_bound

shares = [r for r in check.rows if r.metric in ("service_level", "abandon_rate")]
fig, ax = plt.subplots(figsize=(7, 3.5))
y = np.arange(len(shares))
ax.errorbar([r.observed for r in shares], y + 0.15, xerr=[[r.observed - r.observed_low for r in shares],
            [r.observed_high - r.observed for r in shares]], fmt="o", color="black", label="records")
ax.errorbar([r.simulated for r in shares], y - 0.15, xerr=[[r.simulated - r.predicted_low for r in shares],
            [r.predicted_high - r.simulated for r in shares]], fmt="s", label="simulated, one period")
ax.set_yticks(y, [f"{r.stream} {r.metric}" for r in shares])
ax.legend()
save(fig, "05_check.png")

# %% [markdown]
# ## A plan for the fitted demand
#
# The planner starts from the Erlang requirements of the fitted demand and searches for the
# cheapest rosters that meet the targets (docs/planner.md); small sizes here.

# %%
plan = make_plan(fitted, replications=3, search_days=min(DAYS, 7), verify_replications=max(REPLICATIONS, 3))
text = summary_text(plan)
print("\n".join(text.splitlines()[:25]))
met = [line for line in text.splitlines() if "commitments met" in line]
print(met)

# %%
print("all conclusions hold")
