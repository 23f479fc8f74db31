"""The Optimise page's headroom panel: the plan's headroom (planner.headroom) when it has one, in
the proposal's sentence and table (planner.proposal.demand_risk), and a button that finds it on
small settings (:data:`APP_SETTINGS`), killable like the page's other long runs (a Stop button;
the run ends at its next heartbeat, nothing kept). A headroom found is laid into the plan kept
for the session (its ``headroom``, its runs in ``work``), so the Export page's proposal has it, and
kept again in the team's library with the plan's version (ui.session.keep_plan), so reopening
the version shows it."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from planner.proposal.demand_risk import commitment_namer, headroom_rows, headroom_sentence
from ui import runs, session, views
from ui.views import lang, t

#: The app's headroom: a look on short runs (the command line's defaults are 5 × 7 days).
APP_SETTINGS = {"replications": 3, "days": 3.0, "m_max": 3.0, "tolerance": 0.05}


def settings_for(scenario) -> dict:
    """:data:`APP_SETTINGS` with days past the scenario's warm-up."""
    return APP_SETTINGS | {"days": max(APP_SETTINGS["days"], scenario.calendar.warmup_days + 1.0)}


def show(record: runs.PlanRecord) -> None:
    """The headroom of ``record``'s plan, or how to find it, and the button."""
    from planner.proposal.plan_schema import plan_kpis
    from sim.scenario.loader import validate

    from sim.scenario.errors import ScenarioError

    plan, lg = record.plan, lang()
    try:
        scenario = validate(plan["scenario_parameters"])
    except (KeyError, TypeError, ScenarioError):  # a plan kept by an older planner: no headroom to find or show
        return
    settings = settings_for(scenario)
    with st.container(key="plan_headroom"):
        st.markdown(f"**{t('opt.headroom')}**")
        room = plan.get("headroom")
        if room:
            _table(room, plan, scenario, lg)
        else:
            st.caption(t("opt.headroom.none_yet"))
        with st.container(horizontal=True, vertical_alignment="center", key="headroom_controls"):
            families = st.checkbox(t("opt.headroom.families_box"), key="headroom_families")
            clicked = st.button(t("opt.headroom.run"), key="headroom_btn", icon=":material/trending_up:")
            stop_slot = st.empty()
        st.caption(t("opt.headroom.settings", reps=settings["replications"], days=settings["days"],
                     m_max=settings["m_max"], tol=settings["tolerance"]))
        views.show_stopped("headroom")
        if not clicked:
            return
        set_aside = [str(k) for k in plan_kpis(plan, plan.get("set_aside") or [])]
        with stop_slot:
            views.stop_button("headroom", record.key)
        found = _find(scenario, set_aside, plan["evidence"]["seed"], settings, families, lg)
        stop_slot.empty()
        if found is not None:
            record.plan = found.into_plan(plan)
            runs.plan_store().put(record.key, record)
            session.keep_plan(record)  # the library's plan keeps it too: reopening the version shows it
            st.rerun()


def _table(room: dict, plan: dict, scenario, lg: str) -> None:
    name = commitment_namer(plan, scenario, lg)
    st.markdown(headroom_sentence(room, lg, name))
    columns = [t(f"opt.headroom.col.{c}") for c in ("family", "multiplier", "increase", "first")]
    rows = headroom_rows(room, lg, name, say=lambda key: t(f"opt.headroom.{key}"))
    st.dataframe(pd.DataFrame([[v if v is not None else "—" for v in row] for row in rows], columns=columns),
                 hide_index=True, width="stretch", height=views.table_height(len(rows)), key="headroom_table")
    st.caption(t("opt.headroom.runs", reps=room["replications"], days=room["days"], tol=room["tolerance"],
                 rep_days=room["replication_days"]))


def _find(scenario, set_aside: list[str], seed: int, settings: dict, families: bool, lg: str):
    """The headroom (planner.headroom.plan_headroom) on every core, its progress drawn; None when
    it could not run (said on the page)."""
    from planner.headroom import FAMILIES, plan_headroom, scaled
    from sim.running.executors import cap_workers

    bar = st.progress(0.0, text=t("opt.headroom.progress.start"))
    state: dict = {"started": time.perf_counter(), "n": 0, "last": None}

    def beat() -> None:  # a Streamlit call while a simulation runs: a Stop takes effect here
        secs = time.perf_counter() - state["started"]
        text = t("opt.headroom.progress.start") if state["last"] is None else \
            t("opt.headroom.progress", secs=secs, **state["last"])
        bar.progress(min(0.95, 0.05 * state["n"]), text=text)

    def trial(family: str, m: float, met: bool) -> None:
        state["n"] += 1
        state["last"] = {"family": t(f"opt.headroom.family.{family}"), "m": m,
                         "verdict": t("opt.headroom.met" if met else "opt.headroom.not_met")}
        beat()

    workers = cap_workers(None)
    try:
        runs.check_app_budget(scaled(scenario, dict.fromkeys(FAMILIES, settings["m_max"])), settings["days"],
                              settings["replications"], workers)
        found = plan_headroom(scenario, set_aside, seed, families=families, workers=workers, heartbeat=beat,
                              on_trial=trial, **settings)
    except Exception as exc:  # noqa: BLE001  (a message, never a traceback)
        found = None
        views.show_failure(exc)
    bar.empty()
    return found
