"""The app's guided flow: every page ends with the next step (Scenario → Simulate → Optimise →
Export; Portfolio for several sites; Compare back to Export) and, when something is missing for
that step, what it is (a scenario with problems, no plan yet, a plan that is only a preview)."""

from __future__ import annotations

import streamlit as st

from ui import runs, views
from ui.views import t

#: Each page's script and icon, by its name in the flow.
PAGES = {"scenario": ("ui/pages/scenario.py", ":material/home_work:"),
         "simulate": ("ui/pages/simulate.py", ":material/monitoring:"),
         "optimise": ("ui/pages/optimise.py", ":material/tune:"),
         "compare": ("ui/pages/compare.py", ":material/compare_arrows:"),
         "portfolio": ("ui/pages/portfolio.py", ":material/hub:"),
         "export": ("ui/pages/export.py", ":material/description:")}
#: The next step after each page (None: the flow ends there).
NEXT = {"scenario": "simulate", "simulate": "optimise", "optimise": "export", "compare": "export",
        "portfolio": "export", "export": None}


def missing(step: str, scenario, issues: list, plan: dict | None) -> str | None:
    """What the planner must do before ``step`` gives an answer, in words; None when nothing."""
    if issues or scenario is None:
        return t("flow.fix_scenario", n=len(issues))
    if step == "export" and plan is None:
        return t("flow.plan_first")
    if step == "export" and plan.get("preview"):
        return t("flow.preview_only")
    return None


def next_step(page: str) -> None:
    """The page's closing line: the next step as a link, and what is missing for it."""
    step = NEXT[page]
    _, scenario, issues = views.current()
    with st.container(key=f"next_step_{page}"):
        st.divider()
        if step is None:
            st.caption(t("flow.done"))
            return
        record = runs.latest_plan(scenario, st.session_state.get("plan_key")) if scenario is not None else None
        why = missing(step, scenario, issues, record.plan if record is not None else None)
        path, icon = PAGES[step]
        st.page_link(path, label=t("flow.next", step=t(f"nav.{step}")), icon=icon)
        if why:
            st.caption(why)
        if page == "scenario" and scenario is not None and len(scenario.sites) > 1:
            st.page_link(PAGES["portfolio"][0], label=t("flow.portfolio"), icon=PAGES["portfolio"][1])
