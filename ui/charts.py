"""Charts of the app (Vega-Lite through Altair: the browser draws the text, so Chinese labels use
the browser's CJK fonts). Every label comes from the translation table."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from sim.results.verdicts import Verdict
from ui import i18n

HEIGHT = 260
#: A colour per verdict (sim.results.verdicts), by its stored word.
STATUS_COLOURS = {Verdict.MET.value: "#2d6a4f", Verdict.MISSED.value: "#c1121f", Verdict.NOT_SHOWN.value: "#e09f3e",
                  Verdict.NOT_MEASURED.value: "#adb5bd"}
#: One colour per contact kind, the same in every chart and language.
KIND_COLOURS = {"calls": "#1d3557", "remote_ops": "#e63946", "expert": "#8ecae6", "return_visits": "#2a9d8f",
                "tickets": "#f4a261"}


def _kind_scale(kinds, lg: str) -> alt.Scale:
    present = [k for k in KIND_COLOURS if k in set(kinds)]
    return alt.Scale(domain=[i18n.kind_label(k, lg) for k in present], range=[KIND_COLOURS[k] for k in present])


#: Colours of a field team's time budget: work in strong colours, breaks and idle time grey.
ACTIVITY_COLOURS = {
    "hours_work_order": "#1d3557", "hours_patrol": "#457b9d", "hours_incident": "#e63946",
    "hours_inspection": "#2a9d8f", "hours_visit": "#8ab17d", "hours_walk_in": "#e9c46a",
    "hours_follow_up": "#f4a261", "hours_return_visit": "#9d4edd", "hours_break": "#adb5bd", "hours_idle": "#dee2e6",
}


def _sized(build):
    """Heights are of the plotting area; width fits the container (axes, titles and legends are
    added around it, so a long legend never squeezes the plot)."""
    import functools

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        chart = build(*args, **kwargs)
        if chart is None:
            return None
        return chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding")).configure_legend(
            labelLimit=360, titleLimit=360).configure_axis(labelLimit=260)
    return wrapper


def _t(key: str, lg: str, **values) -> str:
    return i18n.t(key, lg, **values)


def _hour_axis(lg: str) -> alt.X:
    return alt.X("hour:O", title=_t("chart.hour", lg), axis=alt.Axis(labelAngle=0, values=list(range(0, 24, 2))))


# --------------------------------------------------------------------------- scenario


@_sized
def daily_volume_chart(volumes: pd.DataFrame, lg: str) -> alt.Chart:
    frame = volumes.copy()
    frame["stream"] = [i18n.type_label(n, lg) for n in frame["name"]]
    frame["kind_label"] = [i18n.kind_label(k, lg) for k in frame["kind"]]
    return alt.Chart(frame, title=_t("chart.daily_volume", lg), height=24 * max(len(frame), 4)).mark_bar().encode(
        y=alt.Y("stream:N", sort="-x", title=None),
        x=alt.X("per_day:Q", title=_t("chart.per_day", lg)),
        color=alt.Color("kind_label:N", title=_t("chart.kind", lg), legend=alt.Legend(orient="bottom"),
                        scale=_kind_scale(frame["kind"], lg)),
        tooltip=[alt.Tooltip("stream:N", title=_t("demand.col.stream", lg)),
                 alt.Tooltip("per_day:Q", title=_t("chart.per_day", lg), format=".1f")],
    )


@_sized
def profile_chart(hours: pd.DataFrame, lg: str) -> alt.Chart:
    frame = hours.rename(columns={"slot": "hour"}).melt("hour", var_name="profile", value_name="weight")
    frame["profile"] = [i18n.names.key_name(p, lg) for p in frame["profile"]]
    means = frame.groupby("profile")["weight"].transform("mean")
    frame["share"] = frame["weight"] / means.where(means > 0)
    return alt.Chart(frame, title=_t("chart.profile", lg), height=200).mark_line(point=True).encode(
        x=_hour_axis(lg),
        y=alt.Y("share:Q", title=_t("chart.relative", lg)),
        color=alt.Color("profile:N", title=_t("demand.col.profile", lg), legend=alt.Legend(orient="bottom")),
        tooltip=["profile:N", "hour:O", alt.Tooltip("share:Q", format=".2f")],
    )


@_sized
def hourly_volume_chart(volumes: pd.DataFrame, lg: str) -> alt.Chart:
    frame = volumes.copy()
    frame["kind_label"] = [i18n.kind_label(k, lg) for k in frame["kind"]]
    return alt.Chart(frame, title=_t("chart.hourly_volume", lg), height=200).mark_area(opacity=0.8).encode(
        x=_hour_axis(lg),
        y=alt.Y("per_hour:Q", stack=True, title=_t("chart.per_hour", lg)),
        color=alt.Color("kind_label:N", title=_t("chart.kind", lg), legend=alt.Legend(orient="bottom"),
                        scale=_kind_scale(frame["kind"], lg)),
        tooltip=[alt.Tooltip("kind_label:N", title=_t("chart.kind", lg)), "hour:O",
                 alt.Tooltip("per_hour:Q", format=".1f", title=_t("chart.per_hour", lg))],
    )


@_sized
def staffed_chart(staffed: pd.DataFrame, lg: str) -> alt.Chart:
    frame = staffed.copy()
    frame["label"] = [f"{i18n.t('group.' + k, lg)} · {i18n.names.key_name(g, lg)}" for k, g in zip(frame["kind"], frame["group"])]
    return alt.Chart(frame, title=_t("chart.staffed", lg), height=HEIGHT + 40).mark_area(opacity=0.85).encode(
        x=_hour_axis(lg),
        y=alt.Y("people:Q", stack=True, title=_t("chart.people_on_duty", lg)),
        color=alt.Color("label:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("label:N", title=_t("staffing.col.group", lg)), "hour:O",
                 alt.Tooltip("people:Q", format="d", title=_t("chart.people_on_duty", lg))],
    )


# --------------------------------------------------------------------------- results


@_sized
def service_by_hour_chart(by_hour: pd.DataFrame, kpi: pd.DataFrame, lg: str) -> alt.LayerChart | alt.Chart:
    frame = by_hour[(by_hour["metric"] == "service_level") & by_hour["series"].isin(["calls", "remote_ops", "expert"])].copy()
    frame["kind_label"] = [i18n.kind_label(s, lg) for s in frame["series"]]
    frame = frame.dropna(subset=["mean"])
    lines = alt.Chart(frame, title=_t("chart.service_by_hour", lg), height=HEIGHT).mark_line(point=True).encode(
        x=_hour_axis(lg),
        y=alt.Y("mean:Q", title=_t("chart.service_level", lg), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("kind_label:N", title=_t("chart.kind", lg), legend=alt.Legend(orient="bottom"),
                        scale=_kind_scale(frame["series"], lg)),
        tooltip=[alt.Tooltip("kind_label:N", title=_t("chart.kind", lg)), "hour:O",
                 alt.Tooltip("mean:Q", format=".1%", title=_t("chart.service_level", lg))],
    )
    targeted = kpi["direction"].map(lambda d: isinstance(d, str)) & kpi["stream"].isin(frame["series"].unique())
    # kinds' targets (a type has no hourly line): the daily level dashed, the hourly floor dotted
    layers = [lines]
    for metric, dash in (("service_level", [6, 4]), ("service_level_hour", [2, 3])):
        targets = kpi[targeted & (kpi["metric"] == metric)].drop_duplicates("stream").copy()
        if targets.empty:
            continue
        targets["kind_label"] = [i18n.kind_label(s, lg) for s in targets["stream"]]
        title = _t("kpi.col.target", lg) if metric == "service_level" else _t("chart.hourly_floor", lg)
        layers.append(alt.Chart(targets).mark_rule(strokeDash=dash).encode(
            y="target:Q", color=alt.Color("kind_label:N", legend=None, scale=_kind_scale(frame["series"], lg)),
            tooltip=[alt.Tooltip("kind_label:N", title=_t("chart.kind", lg)),
                     alt.Tooltip("target:Q", format=".0%", title=title)]))
    return alt.layer(*layers) if len(layers) > 1 else lines


@_sized
def offered_by_hour_chart(by_hour: pd.DataFrame, lg: str) -> alt.Chart:
    frame = by_hour[by_hour["metric"] == "offered_per_day"].copy()
    frame["kind_label"] = [i18n.kind_label(s, lg) for s in frame["series"]]
    return alt.Chart(frame, title=_t("chart.offered_by_hour", lg), height=HEIGHT - 40).mark_bar().encode(
        x=_hour_axis(lg),
        y=alt.Y("mean:Q", stack=True, title=_t("chart.per_day_in_hour", lg)),
        color=alt.Color("kind_label:N", title=_t("chart.kind", lg), legend=alt.Legend(orient="bottom"),
                        scale=_kind_scale(frame["series"], lg)),
        tooltip=[alt.Tooltip("kind_label:N", title=_t("chart.kind", lg)), "hour:O",
                 alt.Tooltip("mean:Q", format=".2f", title=_t("chart.per_day_in_hour", lg))],
    )


@_sized
def capacity_chart(by_hour: pd.DataFrame, lg: str) -> alt.Chart | None:
    frame = by_hour[by_hour["series"].str.startswith("staff.") & by_hour["metric"].isin(["agents_present", "agents_busy"])].copy()
    if frame.empty:
        return None
    frame["pool"] = [i18n.names.key_name(p, lg) for p in frame["series"].str.removeprefix("staff.")]
    frame["measure"] = [_t(f"chart.{m}", lg) for m in frame["metric"]]
    return alt.Chart(frame, title=_t("chart.capacity", lg), height=HEIGHT + 40).mark_line(point=False).encode(
        x=_hour_axis(lg),
        y=alt.Y("mean:Q", title=_t("chart.agents", lg)),
        color=alt.Color("pool:N", title=_t("staffing.col.group", lg), legend=alt.Legend(orient="bottom", columns=3)),
        strokeDash=alt.StrokeDash("measure:N", title=None, legend=alt.Legend(orient="bottom"),
                                  scale=alt.Scale(domain=[_t("chart.agents_present", lg), _t("chart.agents_busy", lg)],
                                                  range=[[1, 0], [5, 4]])),
        tooltip=[alt.Tooltip("pool:N", title=_t("staffing.col.group", lg)), alt.Tooltip("measure:N", title=""),
                 "hour:O", alt.Tooltip("mean:Q", format=".2f", title=_t("chart.agents", lg))],
    )


@_sized
def utilisation_chart(kpi: pd.DataFrame, lg: str) -> alt.LayerChart | None:
    rows = kpi[((kpi["stream"] == "staff") & (kpi["metric"] == "occupancy")) |
               ((kpi["stream"] == "field_staff") & (kpi["metric"] == "utilisation"))].copy()
    rows = rows.dropna(subset=["mean"])
    if rows.empty:
        return None
    rows["who"] = [f"{i18n.t('chart.centre' if s == 'staff' else 'chart.field', lg)} · {i18n.names.key_name(g, lg)}"
                   for s, g in zip(rows["stream"], rows["group"])]
    rows["status_label"] = [i18n.status_text(s, lg) if isinstance(s, str) else _t("chart.no_target", lg) for s in rows["status"]]
    base = alt.Chart(rows, title=_t("chart.utilisation", lg), height=max(160, 28 * len(rows)))
    domain = [i18n.status_text(s, lg) for s in STATUS_COLOURS] + [_t("chart.no_target", lg)]
    bars = base.mark_bar().encode(
        y=alt.Y("who:N", title=None, sort=None),
        x=alt.X("mean:Q", title=_t("chart.busy_share", lg), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("status_label:N", title=_t("kpi.col.status", lg), legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=domain, range=[*STATUS_COLOURS.values(), "#8d99ae"])),
        tooltip=[alt.Tooltip("who:N", title=""), alt.Tooltip("mean:Q", format=".1%", title=_t("kpi.col.mean", lg)),
                 alt.Tooltip("ci_low:Q", format=".1%", title="95% ↓"), alt.Tooltip("ci_high:Q", format=".1%", title="95% ↑"),
                 alt.Tooltip("status_label:N", title=_t("kpi.col.status", lg))],
    )
    errors = base.mark_errorbar(ticks=True, color="#343a40").encode(y=alt.Y("who:N", sort=None),
                                                   x=alt.X("ci_low:Q", title=_t("chart.busy_share", lg)), x2="ci_high:Q")
    limits = base.transform_filter("isValid(datum.target)").mark_tick(color="#222", thickness=2, size=22).encode(
        y=alt.Y("who:N", sort=None), x=alt.X("target:Q", title=_t("chart.busy_share", lg)))
    return alt.layer(bars, errors, limits)


@_sized
def time_budget_chart(kpi: pd.DataFrame, lg: str) -> alt.Chart | None:
    rows = kpi[(kpi["stream"] == "field_staff") & kpi["metric"].str.startswith("hours_")].copy()
    rows = rows.dropna(subset=["mean"])
    if rows.empty:
        return None
    order = [m for m in ACTIVITY_COLOURS if m in set(rows["metric"])]
    rows["activity"] = [i18n.metric_label(m, lg) for m in rows["metric"]]
    rows["group"] = [i18n.names.key_name(g, lg) for g in rows["group"]]
    rows["order"] = [order.index(m) if m in order else len(order) for m in rows["metric"]]
    return alt.Chart(rows, title=_t("chart.time_budget", lg), height=max(120, 40 * rows["group"].nunique())).mark_bar().encode(
        y=alt.Y("group:N", title=None),
        x=alt.X("mean:Q", stack=True, title=_t("chart.hours_per_8h", lg)),
        order=alt.Order("order:Q"),
        color=alt.Color("activity:N", title=None, legend=alt.Legend(orient="bottom", columns=4),
                        sort=[i18n.metric_label(m, lg) for m in order],
                        scale=alt.Scale(domain=[i18n.metric_label(m, lg) for m in order],
                                        range=[ACTIVITY_COLOURS[m] for m in order])),
        tooltip=[alt.Tooltip("group:N", title=""), alt.Tooltip("activity:N", title=""),
                 alt.Tooltip("mean:Q", format=".2f", title=_t("chart.hours_per_8h", lg))],
    )


@_sized
def patrol_chart(kpi: pd.DataFrame, lg: str) -> alt.Chart | None:
    rows = kpi[kpi["stream"] == "patrols"].set_index("metric")
    if "rounds_required" not in rows.index or "round_completion" not in rows.index:
        return None
    required = float(rows.loc["rounds_required", "mean"])
    completion = float(rows.loc["round_completion", "mean"])
    done = required * completion if not math.isnan(completion) else 0.0
    frame = pd.DataFrame([{"what": _t("chart.rounds_done", lg), "rounds": done},
                          {"what": _t("chart.rounds_missed", lg), "rounds": max(required - done, 0.0)}])
    return alt.Chart(frame, title=_t("chart.patrols", lg), height=120).mark_bar().encode(
        x=alt.X("rounds:Q", stack=True, title=_t("chart.rounds", lg)),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=["#2d6a4f", "#c1121f"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("what:N", title=""), alt.Tooltip("rounds:Q", format=".1f", title=_t("chart.rounds", lg))],
    )


@_sized
def histogram_chart(hist: pd.DataFrame, stream: str, within: float | None, lg: str) -> alt.LayerChart:
    """Bars: share of each time bin (green within the target time, amber beyond); line: cumulative."""
    frame = hist[hist["stream"] == stream].reset_index(drop=True).copy()
    nonzero = frame.index[frame["count"] > 0]
    first = max(int(nonzero.min()) - 1, 0) if len(nonzero) else 0
    last = int(nonzero.max()) + 1 if len(nonzero) else len(frame)
    frame = frame.iloc[first: min(last + 1, len(frame))].copy()
    frame["bin"] = [i18n.bin_label(lo, hi, lg) for lo, hi in zip(frame["low_s"], frame["high_s"])]
    if within is not None:
        zones = [_t("chart.within_target", lg, within=i18n.fmt_duration(within, lg)), _t("chart.beyond_target", lg)]
        frame["zone"] = [zones[0] if hi <= within + 1e-9 else zones[1] for hi in frame["high_s"]]
    else:
        zones = [_t("chart.share", lg)]
        frame["zone"] = zones[0]
    x = alt.X("bin:N", sort=frame["bin"].tolist(), title=_t("chart.time_bin", lg), axis=alt.Axis(labelAngle=-45))
    bars = alt.Chart(frame, title=_t("chart.distribution", lg, stream=i18n.stream_name(stream, lg)), height=HEIGHT + 20).mark_bar().encode(
        x=x,
        y=alt.Y("share:Q", title=_t("chart.share", lg), axis=alt.Axis(format="%")),
        color=alt.Color("zone:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=zones, range=["#2d6a4f", "#e09f3e"] if within is not None else ["#457b9d"])),
        tooltip=[alt.Tooltip("bin:N", title=_t("chart.time_bin", lg)), alt.Tooltip("share:Q", format=".1%", title=_t("chart.share", lg)),
                 alt.Tooltip("cum_share:Q", format=".1%", title=_t("chart.cum_share", lg)),
                 alt.Tooltip("count:Q", format=".1f", title=_t("chart.count", lg))],
    )
    cumulative = alt.Chart(frame).mark_line(color="#1d3557", point=True).encode(
        x=x, y=alt.Y("cum_share:Q", title=_t("chart.cum_share", lg), axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])))
    return alt.layer(bars, cumulative).resolve_scale(y="independent")


# --------------------------------------------------------------------------- plans and comparisons


@_sized
def headcount_chart(headcount: dict, lg: str) -> alt.Chart:
    rows = []
    for role, v in sorted(headcount.items(), key=lambda item: i18n.role_order(item[0])):
        rows.append({"role": i18n.role_label(role, lg), "plan": _t("opt.col.planned", lg), "people": i18n.whole_people(v["planned"])})
        rows.append({"role": i18n.role_label(role, lg), "plan": _t("opt.col.norms", lg),
                     "people": i18n.whole_people(v["rule_of_thumb"])})
    frame = pd.DataFrame(rows)
    return alt.Chart(frame, title=_t("chart.headcount", lg), height=max(200, 36 * len(headcount))).mark_bar().encode(
        y=alt.Y("role:N", title=None, sort=None),
        yOffset="plan:N",
        x=alt.X("people:Q", title=_t("chart.fte", lg)),
        color=alt.Color("plan:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(range=["#1d3557", "#a8dadc"])),
        tooltip=[alt.Tooltip("role:N", title=""), alt.Tooltip("plan:N", title=""),
                 alt.Tooltip("people:Q", format=".2f", title=_t("chart.fte", lg))],
    )


@_sized
def budget_chart(budget: dict, norms_budget: dict | None, lg: str) -> alt.Chart:
    rows = []
    for label, b in ((_t("opt.col.planned", lg), budget), (_t("opt.col.norms", lg), norms_budget)):
        if not b:
            continue
        for category, value in (b.get("subtotals_by_category") or {}).items():
            rows.append({"plan": label, "category": i18n.category_label(category, lg), "wan": value / 10_000})
    frame = pd.DataFrame(rows)
    return alt.Chart(frame, title=_t("chart.budget", lg), height=180).mark_bar().encode(
        y=alt.Y("plan:N", title=None),
        x=alt.X("wan:Q", stack=True, title=_t("chart.wan_yuan", lg)),
        color=alt.Color("category:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=320)),
        tooltip=[alt.Tooltip("plan:N", title=""), alt.Tooltip("category:N", title=""),
                 alt.Tooltip("wan:Q", format=",.1f", title=_t("chart.wan_yuan", lg))],
    )


@_sized
def compare_headcount_chart(heads_a: dict, heads_b: dict, name_a: str, name_b: str, lg: str) -> alt.Chart:
    rows = []
    for role in sorted(set(heads_a) | set(heads_b), key=i18n.role_order):
        rows.append({"role": i18n.role_label(role, lg), "side": name_a, "people": i18n.whole_people(heads_a.get(role, 0.0))})
        rows.append({"role": i18n.role_label(role, lg), "side": name_b, "people": i18n.whole_people(heads_b.get(role, 0.0))})
    frame = pd.DataFrame(rows)
    return alt.Chart(frame, title=_t("chart.headcount_compare", lg), height=max(200, 30 * len(frame) // 2)).mark_bar().encode(
        y=alt.Y("role:N", title=None, sort=None),
        yOffset="side:N",
        x=alt.X("people:Q", title=_t("chart.fte", lg)),
        color=alt.Color("side:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(range=["#1d3557", "#e76f51"])),
        tooltip=[alt.Tooltip("role:N", title=""), alt.Tooltip("side:N", title=""),
                 alt.Tooltip("people:Q", format=".2f", title=_t("chart.fte", lg))],
    )


def portfolio_scale_chart(scale: list[dict], break_even: int | None, lg: str) -> alt.LayerChart | alt.Chart:
    """Cost per household a month against the number of sites, traditional and centralised
    (planner.portfolio.decision's scale points), with the break-even number of sites marked."""
    rows = []
    for p in scale:
        for model, key in (("traditional", "traditional_per_household_month_yuan"),
                           ("centralised", "centralised_per_household_month_yuan")):
            rows.append({"sites": p["sites"], "yuan": p[key], "series": _t(f"pf.series.{model}", lg)})
    frame = pd.DataFrame(rows)
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("sites:Q", title=_t("pf.axis.sites", lg), axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("yuan:Q", title=_t("pf.axis.cost", lg), scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top")))
    if not break_even:
        return lines.properties(height=300)
    rule = alt.Chart(pd.DataFrame({"sites": [break_even]})).mark_rule(strokeDash=[4, 3], color="#c55a11").encode(x="sites:Q")
    return (lines + rule).properties(height=300)
