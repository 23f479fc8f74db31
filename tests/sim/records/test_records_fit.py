"""`python -m sim fit` recovers the demand that made the records: the simulation writes the
trace of tests/data/fit_truth.yaml (known parameters), its exports are made from the trace under
a phone system's own column names, and every fitted number must hold the truth within its
interval. The intervals are at level 1 − 0.05/(number of estimates) (Bonferroni), so the whole
test has a 5% chance of a false alarm for a correct fit, and they must be tight enough to
exclude truths 50% away: a fit that returned anything with huge intervals would fail."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from sim import load_scenario, simulate
from sim.cli import main
from sim.records import exports_from_records, read_trace, work_orders_from_logs
from sim.records.check import check_fit, write_check
from sim.records.estimates import fit_duration
from sim.records.reading import RecordSet, parse_mapping, read_all
from sim.records.staffing import infer_staffing, roster_for, with_record_staffing

TRUTH = REPO / "tests" / "data" / "fit_truth.yaml"
LEVEL = 0.9997          # ≈ 1 − 0.05/170: Bonferroni over the fit's ~170 numbers
#: The export's own column names (a Chinese phone system), mapped back with --map.
CALL_COLUMNS = {"time": "来电时间", "type": "业务类型", "outcome": "结果", "wait_s": "排队秒数", "talk_s": "通话秒数",
                "queue": "队列"}


def _normalised(values):
    v = np.asarray(values, float)
    return v / v.mean()


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fit")
    truth = load_scenario(TRUTH)
    simulate(truth, trace_dir=tmp / "trace")
    exports = exports_from_records(read_trace(tmp / "trace"), truth.calendar.start_date)
    calls = exports["calls"].copy()
    calls["outcome"] = calls["outcome"].map({"answered": "接通", "abandoned": "放弃"})
    calls["queue"] = calls["queue"].map({"agent": "一线", "expert": "专家"})
    calls.rename(columns=CALL_COLUMNS).to_csv(tmp / "calls.csv", index=False, encoding="gb18030")
    exports["tickets"].to_csv(tmp / "tickets.csv", index=False)
    exports["gates"].to_excel(tmp / "gates.xlsx", index=False)
    out, report = tmp / "fitted.yaml", tmp / "fit.json"
    argv = [f"calls={tmp / 'calls.csv'}", f"tickets={tmp / 'tickets.csv'}", f"gates={tmp / 'gates.xlsx'}",
            "--site", "lakeside", "--base", str(TRUTH), "--out", str(out), "--report", str(report),
            "--level", str(LEVEL)]
    for field, column in CALL_COLUMNS.items():
        argv += ["--map", f"calls.{field}={column}"]
    assert main(["fit", *argv]) == 0
    estimates = {e["path"]: e for e in json.loads(report.read_text(encoding="utf-8"))["estimates"]}
    sets, _ = read_all(argv[:3], parse_mapping([a for a in argv if "=" in a and a.startswith("calls.")]))
    return truth, out, estimates, sets


def _truths(truth) -> dict[str, float]:
    """Every fitted path whose true value the truth scenario states."""
    d = truth.demand
    out: dict[str, float] = {}
    residential = d.profiles["residential"]
    for kind in ("calls", "tickets", "remote_ops"):
        for name, spec in getattr(d, kind).items():
            field, value = spec.rate_field
            out[f"demand.{kind}.{name}.{field}"] = value
            for part, dist in (("handle_time_s", spec.handle_time_s), ("patience_s", getattr(spec, "patience_s", None)),
                               ("expert_handle_time_s", getattr(spec, "expert_handle_time_s", None))):
                if dist is not None:
                    out[f"demand.{kind}.{name}.{part}.mean"] = dist.mean
                    if getattr(dist, "sd", None) is not None:
                        out[f"demand.{kind}.{name}.{part}.sd"] = dist.sd
            if kind == "calls":
                out[f"demand.calls.{name}.escalate_share"] = spec.escalate_share
            multiplier = 1.6 if kind in ("calls", "tickets") else 1.0
            out[f"demand.dated_multipliers.days_1001_1005_{kind}_{name}.multiplier"] = multiplier
    groups = {"fitted_calls": residential, "fitted_tickets": residential,
              "fitted_remote_ops": d.profiles["gate_traffic"]}
    for group, profile in groups.items():
        for h, v in enumerate(_normalised(profile.hour_of_day)):
            out[f"demand.profiles.{group}.hour_of_day[{h}]"] = v
        for j, v in enumerate(_normalised(profile.day_of_week)):
            out[f"demand.profiles.{group}.day_of_week[{j}]"] = v
    for h in range(24):
        out[f"demand.profiles.fitted_calls_emergency.hour_of_day[{h}]"] = 1.0
    for j, v in enumerate(_normalised(residential.day_of_week)):
        out[f"demand.profiles.fitted_calls_emergency.day_of_week[{j}]"] = v
    return out


def test_every_parameter_recovered_within_its_interval(fitted):
    truth, _, estimates, _ = fitted
    truths = _truths(truth)
    missing = sorted(set(truths) - set(estimates))
    assert not missing, f"not fitted: {missing}"
    outside = [f"{p}: truth {t:.4g} outside [{estimates[p]['low']:.4g}, {estimates[p]['high']:.4g}] "
               f"(fitted {estimates[p]['value']:.4g}, n={estimates[p]['n']})"
               for p, t in truths.items() if not estimates[p]["low"] <= t <= estimates[p]["high"]]
    assert not outside, "\n".join(outside)
    assert len(truths) >= 150


def test_intervals_are_informative(fitted):
    """Where the count is large (300 or more: a relative standard error under 6%) the interval
    excludes a truth 50% away (the recovery test could otherwise pass with any answer)."""
    truth, _, estimates, _ = fitted
    checked = [(p, t) for p, t in _truths(truth).items() if estimates[p]["n"] >= 300 and t > 0]
    vague = [p for p, t in checked if estimates[p]["low"] <= t / 1.5 or estimates[p]["high"] >= t * 1.5]
    assert not vague, vague
    assert len(checked) >= 50


def test_dated_multiplier_days_and_profiles_found(fitted):
    truth, out, _, _ = fitted
    scenario = load_scenario(out)
    days = {(m.start_date, m.end_date) for m in scenario.demand.dated_multipliers.values()}
    assert days == {(dt.date(2026, 10, 1), dt.date(2026, 10, 5))}
    calls = scenario.demand.calls
    assert calls["emergency"].profile == "fitted_calls_emergency"      # flat: unlike the others
    assert {calls[t].profile for t in ("repair_report", "enquiry", "complaint")} == {"fitted_calls"}
    assert scenario.calendar.start_date == truth.calendar.start_date and scenario.calendar.horizon_days == 35
    assert scenario.centre == truth.centre                              # extends the base


def test_handle_time_family_chosen_by_likelihood(fitted):
    """With thousands of observations the likelihood tells the true family from the others."""
    _, out, _, _ = fitted
    d = load_scenario(out).demand
    assert d.calls["repair_report"].handle_time_s.dist == "lognormal"
    assert d.calls["enquiry"].handle_time_s.dist == "gamma"
    assert d.tickets["app_ticket"].handle_time_s.dist == "lognormal"
    assert d.remote_ops["vehicle_gate"].handle_time_s.dist == "gamma"


def test_fitted_scenario_comments_carry_interval_and_count(fitted):
    _, out, estimates, _ = fitted
    text = out.read_text(encoding="utf-8")
    rate_line = next(line for line in text.splitlines() if line.strip().startswith("rate_per_household_per_month")
                     and "n=" in line)
    assert "99.97% [" in rate_line and "n=" in rate_line
    assert "KS D=" in text and "censored" in text


def test_censored_patience_beats_naive_mean():
    """Brown et al. (2005): the mean wait of abandoned calls underestimates patience; treating
    answered calls as censored recovers it (exponential patience 120 s, waits ~ exp(60 s))."""
    rng = np.random.default_rng(7)
    patience, wait = rng.exponential(120, 4000), rng.exponential(60, 4000)
    abandoned = patience < wait
    fit = fit_duration(patience[abandoned], wait[~abandoned], level=0.99, families=("exponential",))
    assert fit.mean_interval[0] <= 120 <= fit.mean_interval[1]
    assert patience[abandoned].mean() < fit.mean_interval[0]     # the naive estimate is far too low


def test_work_orders_work_times_and_rework(tmp_path):
    """Work orders with known lognormal work times by type and a known rework share."""
    rng = np.random.default_rng(11)
    n = 3000
    created = pd.Timestamp("2026-06-01") + pd.to_timedelta(rng.uniform(0, 27 * 86400, n), unit="s")
    typ = rng.choice(["repair_report", "emergency"], n, p=[0.8, 0.2])
    mean = np.where(typ == "repair_report", 30.0, 45.0)
    sd = np.where(typ == "repair_report", 20.0, 25.0)
    s2 = np.log1p((sd / mean) ** 2)
    work = rng.lognormal(np.log(mean) - s2 / 2, np.sqrt(s2))
    on_site = created + pd.to_timedelta(rng.uniform(5, 60, n), unit="min")
    rework = rng.random(n) < 0.05 / 1.05          # reworks ÷ originals = 0.05
    frame = pd.DataFrame({"created": created, "type": typ,
                          "priority": np.where(typ == "emergency", "emergency", "routine"),
                          "trade": rng.choice(["plumbing", "electrical"], n), "on_site": on_site,
                          "closed": on_site + pd.to_timedelta(work, unit="min"), "rework": np.where(rework, "yes", "no")})
    frame.to_csv(tmp_path / "work_orders.csv", index=False)
    report = tmp_path / "fit.json"
    assert main(["fit", str(tmp_path / "work_orders.csv"), "--site", "cuihu", "--base", str(REPO / "scenarios/default.yaml"),
                 "--out", str(tmp_path / "fitted.yaml"), "--report", str(report), "--level", "0.999"]) == 0
    est = {e["path"]: e for e in json.loads(report.read_text(encoding="utf-8"))["estimates"]}
    truths = {"field.work_orders.rework.share": 0.05,
              "field.work_orders.from_calls.repair_report.work_time_min.mean": 30,
              "field.work_orders.from_calls.repair_report.work_time_min.sd": 20,
              "field.work_orders.from_calls.emergency.work_time_min.mean": 45,
              "field.work_orders.from_calls.emergency.work_time_min.sd": 25}
    for path, t in truths.items():
        assert est[path]["low"] <= t <= est[path]["high"], (path, est[path])
        assert not est[path]["low"] <= t * 1.5 <= est[path]["high"]
    fitted = load_scenario(tmp_path / "fitted.yaml")
    assert fitted.field.work_orders.from_calls["emergency"].priority == "emergency"
    assert fitted.field.work_orders.from_calls["repair_report"].work_time_min.dist == "lognormal"


def test_check_sets_simulated_beside_observed_kpis(fitted, tmp_path):
    """The records are one period of the true model, so each observed KPI lies in the fitted
    model's interval for one period's value (99%: nine KPIs); a desk with half its agents
    does not produce the records' service level, and the check says so."""
    _, out, _, sets = fitted
    scenario = load_scenario(out)
    check = check_fit(scenario, sets, replications=4, level=0.99)
    rows = {(r.stream, r.metric): r for r in check.rows}
    assert {("calls", "service_level"), ("calls", "abandon_rate"), ("calls", "asa_s"),
            ("expert", "service_level"), ("remote_ops", "service_level")} <= set(rows)
    assert all(r.consistent for r in check.rows), check.text()
    assert rows[("calls", "service_level")].n == sum(len(rs.frame[rs.frame["queue"] == "agent"])
                                                      for rs in sets if rs.kind == "calls")
    paths = write_check(check, tmp_path / "check")
    assert [p.name for p in paths] == ["check.txt", "check.json", "check.png"] and all(p.stat().st_size for p in paths)
    lean = load_scenario(out, ["centre.pools.desk.roster.shifts.early.agents=1",
                               "centre.pools.desk.roster.shifts.late.agents=1"])
    wrong = {(r.stream, r.metric): r for r in check_fit(lean, sets, replications=4, level=0.99,
                                                         staffing_from_records=False).rows}
    assert not wrong[("calls", "service_level")].consistent
    # the check simulated the staffing the records show, and says which
    assert check.staffing.queues["agent"].pool == "desk" and check.staffing.queues["expert"].pool == "experts"
    assert not check.staffing.lower_bound
    text = (tmp_path / "check" / "check.txt").read_text(encoding="utf-8")
    assert "Staffing simulated for the agent queue (pool desk): distinct agents" in text
    assert "  Mon  1  1" in text and "lower bound" not in text
    saved = json.loads((tmp_path / "check" / "check.json").read_text(encoding="utf-8"))
    assert saved["staffing"]["queues"]["agent"]["agents"] == check.staffing.queues["agent"].agents.tolist()


def _roster_grid(roster) -> np.ndarray:
    """People on duty in each hour of the week (weekday × hour) of a roster of whole-hour shifts."""
    grid = np.zeros((7, 24), int)
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for shift in roster.shifts.values():
        first = int(shift.start[:2])
        for day in shift.days:
            for k in range(int(shift.length_h)):
                h = days.index(day) * 24 + first + k
                grid[(h // 24) % 7, h % 24] += shift.agents
    return grid


def test_staffing_the_records_show(fitted):
    """With the agent column, the distinct agents answering in each hour of the week are the true
    roster's people in every hour with calls; without it, the calls in talk at once never exceed
    the roster and reach it in most hours (a bound of 0 would tell nothing)."""
    truth, _, _, sets = fitted
    start = truth.calendar.start_date
    staffing = infer_staffing(sets, start)
    for queue, pool in (("agent", "desk"), ("expert", "experts")):
        q = staffing.queues[queue]
        true_grid = _roster_grid(truth.centre.pools[pool].roster)
        seen = ~q.filled
        assert seen.sum() >= (160 if queue == "agent" else 100), (queue, int(seen.sum()))
        assert not q.lower_bound
        assert np.array_equal(q.agents[seen], true_grid[seen]), (queue, q.table())
    bare = [RecordSet(rs.kind, rs.path, rs.frame.drop(columns=["agent"], errors="ignore"), rs.rows_read, rs.skipped)
            for rs in sets]
    bound = infer_staffing(bare, start)
    for queue, pool in (("agent", "desk"), ("expert", "experts")):
        q = bound.queues[queue]
        true_grid = _roster_grid(truth.centre.pools[pool].roster)
        seen = ~q.filled
        assert q.lower_bound and "lower bound" in q.basis()
        assert (q.agents[seen] <= true_grid[seen]).all(), (queue, q.table())
        assert (q.agents[seen] >= 1).all()
        assert (q.agents[seen] == true_grid[seen]).mean() >= 0.8, (queue, q.table())
    assert "lower bound" in bound.text().lower()


def test_roster_for_gives_each_hours_staffing():
    rng = np.random.default_rng(5)
    agents = rng.integers(0, 4, (7, 24))
    agents[0, :] = 2                          # a day of one run
    from sim.scenario.roster import Roster
    roster = Roster.model_validate(roster_for(agents))
    assert np.array_equal(_roster_grid(roster), agents)


FIELD_TRUTH = REPO / "tests" / "data" / "fit_truth_field.yaml"


@pytest.fixture(scope="module")
def field_fitted(tmp_path_factory):
    """The site of fit_truth.yaml with technicians (tests/data/fit_truth_field.yaml): its call log
    and its work-order list, both made by one simulated replication, fitted back."""
    tmp = tmp_path_factory.mktemp("fit_field")
    truth = load_scenario(FIELD_TRUTH)
    run = simulate(truth, replications=1, keep_logs=True)
    start = truth.calendar.start_date
    exports_from_records(run.records(), start)["calls"].to_csv(tmp / "calls.csv", index=False)
    orders = work_orders_from_logs(run.results[0].log.field, start)
    orders.to_csv(tmp / "work_orders.csv", index=False)
    out, report = tmp / "fitted.yaml", tmp / "fit.json"
    assert main(["fit", f"calls={tmp / 'calls.csv'}", f"work_orders={tmp / 'work_orders.csv'}", "--site", "lakeside",
                 "--base", str(FIELD_TRUTH), "--out", str(out), "--report", str(report), "--level", "0.999"]) == 0
    estimates = {e["path"]: e for e in json.loads(report.read_text(encoding="utf-8"))["estimates"]}
    sets, _ = read_all([f"calls={tmp / 'calls.csv'}", f"work_orders={tmp / 'work_orders.csv'}"])
    return truth, run, out, estimates, sets


def test_work_times_by_trade_and_priority(field_fitted):
    """Each trade × priority of the truth comes from one call type, so its true work time is that
    type's; every one is recovered within its interval, which excludes a truth 50% away, and the
    fitted scenario carries them as comments with interval and count."""
    truth, _, out, est, _ = field_fitted
    wo = truth.field.work_orders.from_calls
    truths = {("plumbing", "routine"): wo["repair_report"].work_time_min,
              ("electrical", "routine"): wo["repair_report"].work_time_min,
              ("general", "emergency"): wo["emergency"].work_time_min}
    for (trade, priority), dist in truths.items():
        for stat in ("mean", "sd"):
            e = est[f"report.work_time_min.{trade}.{priority}.{stat}"]
            value = getattr(dist, stat)
            assert e["low"] <= value <= e["high"], (trade, priority, stat, e)
            assert not e["low"] <= value * 1.5 <= e["high"] and not e["low"] <= value / 1.5 <= e["high"], e
            assert e["n"] >= 250
    assert not any(p.startswith("report.work_time_min.general.routine") for p in est)
    text = out.read_text(encoding="utf-8")
    block = text[text.index("# work times by trade and priority"):]
    lines = {tuple(line.split()[1:3]): line for line in block.splitlines()[2:6]}
    for (trade, priority) in truths:
        e = est[f"report.work_time_min.{trade}.{priority}.mean"]
        assert f"{e['n']}" in lines[(trade, priority)] and f"[{e['low']:.1f}, {e['high']:.1f}]" in lines[(trade, priority)]
    load_scenario(out)                                 # the comments leave the scenario valid


def test_response_by_priority_observed_beside_simulated(field_fitted, tmp_path):
    """The records' response percentiles by priority are the replication's own (the KPIs the
    simulation reported from the same orders, up to the export's rounding to the second); the
    check sets them beside the fitted scenario's, with intervals that hold them, and shows the
    work times by trade × priority."""
    truth, run, out, est, sets = field_fitted
    kpis = {(r.stream, r.metric): r.value for r in run.replication_table().itertuples()}
    for priority in ("routine", "emergency"):
        for q in (50, 90):
            e = est[f"report.response_min.{priority}.p{q}"]
            assert e["value"] == pytest.approx(kpis[(f"work_orders.{priority}", f"response_p{q}_min")], abs=0.05)
            assert e["low"] < e["value"] < e["high"]
        assert e["n"] >= 300
    check = check_fit(load_scenario(out), sets, replications=4, level=0.99)
    rows = {(r.stream, r.metric): r for r in check.rows}
    for priority in ("routine", "emergency"):
        for metric in ("response_p50_min", "response_p90_min"):
            r = rows[(f"work_orders.{priority}", metric)]
            assert r.observed_low <= r.observed <= r.observed_high and r.consistent, check.text()
    assert set(zip(check.work_times["trade"], check.work_times["priority"])) == {
        ("plumbing", "routine"), ("electrical", "routine"), ("general", "emergency")}
    paths = write_check(check, tmp_path / "check")
    text = paths[0].read_text(encoding="utf-8")
    assert "work_orders.emergency" in text and "response_p90_min" in text and "work times by trade and priority" in text
    from ui import records as page                      # the app's table of them, in Chinese
    zh = page.work_times_frame(check, "zh")
    assert len(zh) == 3 and set(zh["工种"]) == {"水工", "电工", "综合维修"}
    assert not re.search(r"[A-Za-z]{2,}", zh.to_string()), zh   # times in 分钟, not min
    response = page.check_frame(check, "zh")
    assert response["记录实际"].str.contains(" 分钟").sum() == 4


def test_staffing_is_not_imposed_where_the_records_cannot_show_it(fitted):
    """A centre serving several sites keeps its rosters (one site's records do not show a shared
    desk's staffing); an agent column filled for most calls is used for the calls that have it."""
    truth, _, _, sets = fitted
    start = truth.calendar.start_date
    shared = load_scenario(TRUTH, ["+sites.hillside={households: 2000, buildings: 10, vehicle_gates: 1, "
                                   "pedestrian_gates: 1, cameras: 10, floor_area_m2: 200000, land_area_m2: 80000}"])
    staffing = infer_staffing(sets, start)
    assert with_record_staffing(shared, staffing) is shared
    assert not staffing.simulated and "serves 2 sites" in staffing.text() and "not simulated" in staffing.text()
    calls = next(rs for rs in sets if rs.kind == "calls")
    frame = calls.frame.copy()
    answered = np.flatnonzero((frame["outcome"] == "answered").to_numpy())
    frame.loc[answered[::20], "agent"] = ""                       # 5% without an agent id
    partial = infer_staffing([RecordSet("calls", calls.path, frame, calls.rows_read)], start)
    q = partial.queues["agent"]
    assert not q.lower_bound and "without an agent id" in partial.text()
    assert np.array_equal(q.agents[~q.filled], _roster_grid(truth.centre.pools["desk"].roster)[~q.filled])


def test_check_says_what_it_could_not_simulate(tmp_path):
    """Work orders beside a scenario without field operations: their response is observed, not
    simulated, and the check says so."""
    lines = ["created,type,priority,on_site,closed"] + [
        f"2026-09-{7 + d:02d} {h:02d}:00:00,repair_report,routine,2026-09-{7 + d:02d} {h:02d}:20:00,"
        f"2026-09-{7 + d:02d} {h:02d}:50:00" for d in range(7) for h in range(8, 18)]
    path = tmp_path / "work_orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sets, _ = read_all([f"work_orders={path}"])
    scenario = load_scenario(TRUTH, ["calendar.horizon_days=7"])
    check = check_fit(scenario, sets, replications=2, level=0.95)
    assert "work_orders.routine response_p50_min" in check.not_simulated
    assert "not simulated by the scenario" in check.text() and "Staffing simulated: the scenario's rosters" in check.text()
