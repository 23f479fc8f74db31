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
# # 04 · Economies of scale of a group call centre
#
# A group (集团) call centre answers the calls and remote operations of N identical sites
# from one pool of seats. Start from `scenarios/default_centralised.yaml` (data via
# `sim.scenario.loader.load_raw`), drop the field model (`field: null`, the centre alone), copy the site
# N = 1, 2, 4, 8, 16 times and give the service desk one 24-hour shift of S seats.
#
# For each N: first answer from Erlang C (`planner.search.analytic_start.pool_requirements`: hourly
# `required_agents` on the pooled load for the strictest target, remote operations 95% in
# 20 s, with the occupancy cap); a flat 24-h desk needs the busiest hour's requirement. Then a
# short simulation confirms it: the smallest S whose simulated calls (80% in 15 s) and
# remote-operation (95% in 20 s) service levels both reach their targets (replication means).
#
# Environment: `NOTEBOOK_REPLICATIONS` (default 10), `NOTEBOOK_DAYS` (default 7),
# `NOTEBOOK_SAVE_FIGURES`.

# %%
import copy
from nbsetup import REPLICATIONS, ROOT, days, save

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from planner.search.analytic_start import pool_requirements  # noqa: E402
from sim import load_scenario, simulate  # noqa: E402
from sim.scenario.loader import load_raw, replace_sites  # noqa: E402

DAYS = days(7)
SIZES = [1, 2, 4, 8, 16]
print(f"{REPLICATIONS} replications × {DAYS:g} days")


BASE, _ = load_raw(ROOT / "scenarios/default_centralised.yaml")
BASE.pop("extends", None)


def group_scenario(n_sites, seats):
    data = copy.deepcopy(BASE)
    data["field"] = None
    site = data["sites"].pop(next(iter(data["sites"])))
    replace_sites(data, {f"site{i + 1:02d}": copy.deepcopy(site) for i in range(n_sites)})
    data["name"] = f"group_{n_sites}"
    data["calendar"]["horizon_days"] = DAYS
    data["centre"]["pools"]["service_desk"]["roster"] = {
        "shifts": {"all_day": {"start": "00:00", "length_h": 24, "agents": seats}}}
    return load_scenario(data)


TARGETS = group_scenario(1, 1).targets


def meets(n_sites, seats):
    kpi = simulate(group_scenario(n_sites, seats), replications=REPLICATIONS).kpi_table()
    sl = {s: float(kpi[(kpi["stream"] == s) & (kpi["metric"] == "service_level")]["mean"].iloc[0])
          for s in ("calls", "remote_ops")}
    ok = sl["calls"] >= TARGETS.calls.service_level and sl["remote_ops"] >= TARGETS.remote_ops.service_level
    return ok, sl


# %% [markdown]
# ## Erlang C first, then the simulation

# %%
rows = []
for n in SIZES:
    analytic = int(pool_requirements(group_scenario(n, 1))["service_desk"].max())
    seats = analytic
    ok, sl = meets(n, seats)
    tried = {seats: (ok, sl)}
    if ok:  # fewer while still met
        while seats > 1:
            ok_less, sl_less = meets(n, seats - 1)
            tried[seats - 1] = (ok_less, sl_less)
            if not ok_less:
                break
            seats -= 1
    else:  # more until met
        while not ok:
            seats += 1
            ok, sl = meets(n, seats)
            tried[seats] = (ok, sl)
    sl = tried[seats][1]
    rows.append({"sites": n, "erlang_c_seats": analytic, "sim_seats": seats,
                 "erlang_c_per_site": analytic / n, "sim_per_site": seats / n,
                 "calls_sl": sl["calls"], "remote_ops_sl": sl["remote_ops"],
                 "seats_tried": sorted(tried)})
scale = pd.DataFrame(rows)
print(scale.to_string(index=False))

# %% [markdown]
# The square-root law: with offered load a = N·a₁, the seats needed are about a + β√a, so
# seats per site ≈ a₁ + β√(a₁/N) fall towards the per-site load a₁ as N grows.

# %%
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(scale["sites"], scale["erlang_c_per_site"], "o--", label="Erlang C (busiest hour)")
ax.plot(scale["sites"], scale["sim_per_site"], "s-", label="simulation: smallest meeting targets")
ax.set_xscale("log", base=2)
ax.set_xlabel("sites sharing the group call centre")
ax.set_ylabel("24-h seats per site")
ax.legend()
save(fig, "04_seats_per_site.png")

# %% [markdown]
# ## Conclusions (asserted)
#
# 1. Seats per site never rise with N and fall substantially from 1 to 16 sites, by Erlang C
#    and by the simulation.
# 2. Every confirmed staffing meets both targets in the simulation, one seat fewer does not.
# 3. Erlang C's first answer is conservative (it staffs the busiest hour around the clock): never
#    below the simulation's, and at most 35% + 1 seat above it.

# %%
for column in ("erlang_c_per_site", "sim_per_site"):
    per_site = scale[column].to_numpy()
    assert np.all(np.diff(per_site) <= 1e-12), f"{column} rises with N: {per_site}"
    assert per_site[-1] < 0.6 * per_site[0], f"{column}: no economy of scale: {per_site}"
assert (scale["calls_sl"] >= TARGETS.calls.service_level).all()
assert (scale["remote_ops_sl"] >= TARGETS.remote_ops.service_level).all()
assert (scale["erlang_c_seats"] >= scale["sim_seats"]).all()
assert (scale["erlang_c_seats"] <= 1.35 * scale["sim_seats"] + 1).all()
print("all conclusions hold")
