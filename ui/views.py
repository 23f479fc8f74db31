"""Streamlit pieces shared by the pages: session state, the language, editors that keep their
edits across reruns, problem lists, KPI tables and progress with a Stop button."""

from __future__ import annotations

import math
import re
from typing import Any, Callable

import pandas as pd
import streamlit as st

from sim.scenario.errors import Issue, ScenarioError
from sim.results.centre_kpis import KpiKey
from sim.results.verdicts import Verdict, Verdicts
from sim.scenario import Scenario
from ui import i18n, names, state

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


# --------------------------------------------------------------------------- session


def lang() -> str:
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **values: Any) -> str:
    return i18n.t(key, lang(), **values)


def init_session() -> None:
    """The app opens on the bundled default scenario."""
    if "data" not in st.session_state:
        st.session_state["data"] = state.load_template(state.DEFAULT_TEMPLATE)
        st.session_state["version"] = 0
        st.session_state["source"] = ("template", state.DEFAULT_TEMPLATE)
        st.session_state["loaded_template"] = state.DEFAULT_TEMPLATE
        st.session_state["source_json"] = state.data_json(st.session_state["data"])


def replace_scenario(data: dict, source: tuple[str, str]) -> None:
    """A new scenario (template or upload): every editor starts again from it."""
    st.session_state["data"] = data
    st.session_state["version"] = st.session_state.get("version", 0) + 1
    st.session_state["source"] = source
    st.session_state["source_json"] = state.data_json(data)
    st.session_state.pop("_editor_base", None)
    st.session_state.pop("lib_link", None)  # a template or upload is not (yet) a library scenario


def unsaved_edits() -> bool:
    """Whether the scenario was edited since it was loaded (template, upload or a portfolio's
    site): switching to another template would lose those edits."""
    loaded = st.session_state.get("source_json")
    return loaded is not None and state.data_json(st.session_state["data"]) != loaded


def scenario_title(d: dict, lg: str) -> str:
    """The scenario's name for people: its display name, else its project's name
    (``proposal.project``), else nothing; never its key (``two_site_group``)."""
    key = str(d.get("name", ""))
    shown = names.key_name(key, lg) if key else ""
    if shown and shown != key:
        return shown
    project = (d.get("proposal") or {}).get("project") if isinstance(d.get("proposal"), dict) else None
    text = project.get(lg) if isinstance(project, dict) else None
    return str(text) if text else ""


def edited_from_template(d: dict, template: str) -> bool:
    """Whether the scenario ``d`` differs from the bundled ``template`` it was loaded from."""
    try:
        return state.data_json(d) != state.data_json(state.load_template(template))
    except (ScenarioError, OSError):  # a template that cannot be read: the scenario is not it
        return True


def households(d: dict) -> int:
    """The scenario's households over its sites, as entered (0 where a count is not a number)."""
    sites = d.get("sites") if isinstance(d.get("sites"), dict) else {}
    return sum(int(s.get("households")) for s in sites.values()
               if isinstance(s, dict) and isinstance(s.get("households"), (int, float)) and s.get("households") == s.get("households"))


def file_stem(name: str) -> str:
    """A scenario's name as the stem of a file to download: letters, digits, ``-`` and ``_``
    (a group's site, ``group:site``, or an upload naming itself ``../x``, becomes one safe name)."""
    stem = re.sub(r"[^\w-]+", "_", str(name)).strip("_")[:80]
    return stem or "scenario"


def data() -> dict:
    return st.session_state["data"]


def set_data(new: dict) -> None:
    st.session_state["data"] = new


def current() -> tuple[dict, Scenario | None, list[Issue]]:
    """The scenario being edited, validated through the loader (cached by its content); its
    display names become the names this run shows for its keys (ui.names)."""
    d = data()
    names.use(names.display_names(d))
    scenario, issues = state.validate_data(d)
    return d, scenario, issues


def mode() -> str:
    return "full" if st.session_state.get("run_mode") == "full" else "quick"


def wkey(name: str) -> str:
    """A widget key tied to the scenario loaded and the language: a new template or upload, or
    another language (whose option labels differ), starts the widget afresh from the scenario."""
    return f"{name}__v{st.session_state.get('version', 0)}_{lang()}"


def lkey(name: str) -> str:
    """A widget key tied to the language (widgets whose option labels are translated)."""
    return f"{name}_{lang()}"


def remember(widget_key: str, state_key: str) -> None:
    """on_change: keep a widget's value under a key that outlives the widget."""
    st.session_state[state_key] = st.session_state[widget_key]


# Streamlit's own words that an app cannot set: the file uploader's button ("Upload") and
# its limit line ("5MB per file • YAML, YML"). In Chinese they are hidden and said in Chinese
# by CSS (the text is kept for screen readers at size 0); docs/app.md lists what stays English.
_ZH_STREAMLIT_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "每个文件不超过 5 MB"; font-size: 0.8rem; }
</style>"""


def streamlit_texts() -> None:
    """Streamlit's own texts in the app's language where it lets an app change them."""
    if lang() == "zh":
        st.html(_ZH_STREAMLIT_CSS)


# --------------------------------------------------------------------------- editors


def editor(name: str, frame: pd.DataFrame, apply: Callable[[dict, pd.DataFrame], dict], **kwargs: Any) -> pd.DataFrame:
    """``st.data_editor`` of a table of the scenario, written back with ``apply(data, edited)``.

    Its starting table stays fixed while the editor is on screen (so its edits apply to the table
    they were made on) and is taken afresh from the scenario when the editor comes back (another
    page or section, language or scenario). Edits are written by the editor's on_change
    callback, which runs even when the next run shows another page, and again after it renders."""
    key = f"ed_{name}__v{st.session_state.get('version', 0)}_{lang()}"
    bases: dict[str, pd.DataFrame] = st.session_state.setdefault("_editor_base", {})
    if key not in st.session_state or key not in bases:
        for old in [k for k in bases if k.startswith(f"ed_{name}__") and k != key]:
            del bases[old]
        bases[key] = frame.copy()
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("num_rows", "fixed")
    kwargs.setdefault("height", table_height(len(frame)))
    edited = st.data_editor(bases[key], key=key, on_change=_editor_changed, args=(key, apply), **kwargs)
    apply_edit(bases[key], edited, apply)
    return edited


def _editor_changed(key: str, apply: Callable[[dict, pd.DataFrame], dict]) -> None:
    base = st.session_state.get("_editor_base", {}).get(key)
    if base is not None:
        apply_edit(base, state.apply_editor_delta(base, st.session_state.get(key)), apply)


def write_field(widget_key: str, path: str | tuple, convert: Callable[[Any], Any] | None = None) -> None:
    """on_change: a widget's value into the scenario at ``path`` (runs even when the next run
    shows another page)."""
    value = st.session_state.get(widget_key)
    value = convert(value) if convert is not None else value
    state.set_path(data(), path, state.filled(value) if not isinstance(value, str) else value)


def write_display_name(widget_key: str, key: str, lg: str) -> None:
    """on_change: the scenario's name for people in language ``lg`` into ``display_names``
    (the key itself is unchanged; an empty name falls back to the templates' name or the key)."""
    value = str(st.session_state.get(widget_key) or "").strip()
    d = data()
    if key and str(d.get("name", "")) != key:  # a callback of the scenario shown before an upload or a
        return                                  # template switch: its key names nothing of this one
    if not key:
        d["name"] = value or "scenario"
        return
    own = d.setdefault("display_names", {}) if isinstance(d.get("display_names"), dict) or "display_names" not in d else None
    if own is None:
        return
    entry = own.get(key) if isinstance(own.get(key), dict) else {}
    entry = {**entry, ("zh" if lg == "zh" else "en"): value}
    own[key] = entry


def days_words(days: tuple[str, ...] | list[str], lg: str) -> str:
    """Weekdays in words: every day, or the days listed."""
    if len(days) == 7:
        return i18n.t("staffing.daily", lg)
    return ("、" if lg == "zh" else ", ").join(i18n.weekday(d, lg) for d in days)


def rota_frame(rota: dict, lg: str) -> pd.DataFrame:
    """A month's rota (plan.json's ``rota`` entry) as a table: a row per person, a column per day
    (its day of the month and weekday), each cell the shift's name, off or spare, in words."""
    import datetime as dt

    names_ = {key: pair[0 if lg == "zh" else 1] for key, pair in rota["names"].items()}
    names_ |= {"off": i18n.t("opt.rota.off", lg), "spare": i18n.t("opt.rota.spare", lg)}
    days = [dt.date.fromisoformat(d) for d in rota["dates"]]
    columns = [f"{d.day}（{'一二三四五六日'[d.weekday()]}）" if lg == "zh" else f"{d.day} {d.strftime('%a')}"
               for d in days]
    person = i18n.t("opt.rota.person", lg)
    return pd.DataFrame([{person: str(i + 1), **{c: names_.get(cell, cell) for c, cell in zip(columns, row)}}
                         for i, row in enumerate(rota["grid"])])


def table_height(rows: int, limit: int = 720) -> int:
    """Pixels to show ``rows`` rows of a table without scrolling (up to ``limit``)."""
    return min(35 * (rows + 1) + 3, limit)


def apply_edit(frame: pd.DataFrame, edited: pd.DataFrame, apply: Callable[[dict, pd.DataFrame], dict]) -> None:
    """Write an edited table back into the scenario when it changed (and differs from it)."""
    if state.frames_differ(frame, edited):
        new = apply(data(), edited)
        if state.data_json(new) != state.data_json(data()):
            set_data(new)


# --------------------------------------------------------------------------- problems


def show_issues(issues: list[Issue], where: Any = None) -> None:
    """The problems that stop a scenario, each naming the field (in words and as a path)."""
    target = where or st
    if not issues:
        return
    lines = [f"- {i18n.describe_issue(issue, lang())}" for issue in issues[:30]]
    if len(issues) > 30:
        lines.append(f"- … {t('issues.more', n=len(issues) - 30)}")
    target.error(t("issues.title", n=len(issues)) + "\n\n" + "\n".join(lines), icon=":material/warning:")


# --------------------------------------------------------------------------- KPI tables

STATUS_STYLE = {
    "no data": "background-color: #eef0f3; color: #495057",
    "met": "background-color: #d8f3dc; color: #1b4332",
    "missed": "background-color: #ffd6d6; color: #7f1d1d",
    "inconclusive": "background-color: #fff1c1; color: #7a4f01",
}


def evidence_frame(kpis: list[dict], verdicts: Verdicts | None = None) -> pd.DataFrame:
    """plan.json's evidence KPIs as a KPI table (RunResult.kpi_table's columns), each
    commitment's status its verdict in ``verdicts`` (default: the KPIs judged,
    sim.results.verdicts)."""
    rows = []
    for k in kpis or []:
        ci = k.get("ci95") or [None, None]
        rows.append({"stream": k.get("stream"), "metric": k.get("metric"), "group": k.get("group"),
                     "unit": k.get("unit"), "mean": _num(k.get("mean")), "ci_low": _num(ci[0]),
                     "ci_high": _num(ci[1]), "target": _num(k.get("target")), "direction": k.get("direction"),
                     "status": k.get("status"), "within_s": _num(k.get("within_s"))})
    # each commitment's verdict as the one function gives it (an older plan stored its own)
    verdicts = verdicts if verdicts is not None else Verdicts.of_kpis(kpis or [])
    for row in rows:
        if isinstance(row["direction"], str) and row["direction"]:
            row["status"] = (verdicts.of(KpiKey(row["stream"], row["metric"], row["group"] or None)) or Verdict.NOT_MEASURED).value
    return pd.DataFrame(rows, columns=["stream", "metric", "group", "unit", "mean", "ci_low", "ci_high",
                                       "target", "direction", "status", "within_s"])


def _num(value: Any) -> float:
    return math.nan if value is None else float(value)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def kpi_display(table: pd.DataFrame, targets_only: bool = True, extra: dict[str, dict] | None = None,
                scenario: Scenario | None = None, interval_level: float = 0.95) -> pd.DataFrame:
    """A readable KPI table: label, mean, interval (at ``interval_level``: a plan's verification
    judges at a level raised for its looks, planner.search.sequential), target and verdict (text
    and mark). A commitment is named as the proposal names it (i18n.commitment_label, with
    ``scenario``'s limits; the scenario being edited when none is given)."""
    from planner.search.sequential import level_said

    lg = lang()
    ci_column = t("kpi.col.ci") if interval_level <= 0.95 else t("kpi.col.ci_level", level=level_said(interval_level))
    if scenario is None:
        scenario = current()[1]
    rows = []
    for r in table.to_dict("records"):
        direction = _text(r.get("direction"))
        committed = _text(r.get("commitment_direction"))  # a contractor's commitment: reported, not judged
        if committed and _text(r.get("commitment_status")) == "no data":
            committed = None  # no incident of that kind in the run: nothing to report
        if targets_only and not direction and not committed:
            continue
        status = _text(r.get("status"))
        unit = r.get("unit") or ""
        within = r.get("within_s")
        row = {
            t("kpi.col.kpi"): (i18n.commitment_label(r, lg, scenario) if direction or committed else
                               i18n.kpi_label(r["stream"], r["metric"], _text(r.get("group")), lg,
                                              within if isinstance(within, float) and not math.isnan(within) else None)),
            t("kpi.col.mean"): i18n.fmt_value(r.get("mean"), unit, lg),
            ci_column: i18n.fmt_interval(r.get("ci_low"), r.get("ci_high"), unit, lg),
            t("kpi.col.target"): (f"{'≥' if direction == '>=' else '≤'} {i18n.fmt_value(r.get('target'), unit, lg)}"
                                  if direction else ""),
            t("kpi.col.status"): i18n.status_text(status, lg) if status else "",
        }
        if committed and not direction:
            row[t("kpi.col.target")] = t("kpi.contractor_commitment", target=(
                f"{'≥' if committed == '>=' else '≤'} {i18n.fmt_value(r.get('commitment_target'), unit, lg)}"))
            commitment_status = _text(r.get("commitment_status"))
            row[t("kpi.col.status")] = i18n.status_text(commitment_status, lg) if commitment_status else ""
        if extra:
            for column, values in extra.items():
                key = (r["stream"], r["metric"], _text(r.get("group")))
                value = values.get(key)
                row[column] = i18n.status_text(value, lg) if value else ""
        rows.append(row)
    return pd.DataFrame(rows)


def styled(frame: pd.DataFrame, columns: list[str] | None = None) -> Any:
    """Colour the verdict cells (the text says the verdict too)."""
    wanted = columns or [t("kpi.col.status"), t("kpi.col.norms_status")]
    status_columns = [c for c in frame.columns if c in wanted]

    marks = {i18n.status_text(status, lang()): style for status, style in STATUS_STYLE.items()}

    def colour(value: Any) -> str:
        if not isinstance(value, str):
            return ""
        for text, style in marks.items():
            if value == text or value.endswith("  " + text):
                return style
        return ""

    if not status_columns or frame.empty:
        return frame
    return frame.style.map(colour, subset=status_columns)


def verdict_text(verdicts: Verdicts) -> str:
    """The count of commitments by verdict (sim.results.verdicts) in words, as every page says it."""
    return t("kpi.summary", met=verdicts.met, total=verdicts.total, missed=verdicts.count(Verdict.MISSED),
             not_shown=verdicts.count(Verdict.NOT_SHOWN), not_measured=verdicts.count(Verdict.NOT_MEASURED))


def verdict_banner(verdicts: Verdicts) -> None:
    """:func:`verdict_text`: green when every commitment is met, red when one is missed, amber
    otherwise."""
    text = verdict_text(verdicts)
    if verdicts.all_met:
        st.success(text, icon=":material/check_circle:")
    elif verdicts.count(Verdict.MISSED):
        st.error(text, icon=":material/cancel:")
    else:
        st.warning(text, icon=":material/warning:")


# --------------------------------------------------------------------------- long runs


def show_failure(exc: Exception) -> None:
    """A run that could not be made, as a message (never a traceback): the scenario's problems
    with their fields, or the error's own words."""
    from sim.scenario.errors import ScenarioError

    if isinstance(exc, ScenarioError):
        show_issues(exc.issues)
        return
    from ui.runs import APP_MEMORY_CEILING_MB, RunOverMemory

    if isinstance(exc, RunOverMemory):  # what to reduce, in the page's language
        st.error(t("run.over_memory", need=exc.need_mb, ceiling=APP_MEMORY_CEILING_MB, per_day=exc.events_per_day,
                   days=exc.days), icon=":material/memory:")
        return
    text = f"{exc}" if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
    log_failure("run", text)
    st.error(t("run.failed", error=i18n.md(i18n.translate_message(text, lang()))), icon=":material/error:")


def log_failure(what: str, message: str) -> None:
    """A failure not foreseen, in the server's log under the reference the Chinese page shows
    (ui.i18n.error_ref), so support finds the message a planner reports by its number."""
    import logging

    logging.getLogger("planner.app").error("%s failed [%s]: %s", what, i18n.error_ref(message), message)


#: Where each page keeps its last result, by run name: a Stop discards it, so no result (of the
#: stopped run, finished as Stop was clicked, nor an older one) shows under "stopped".
RESULT_STATE = {"run": "last_run", "compare": "last_compare", "plan": "plan_key", "portfolio": "last_portfolio",
                "headroom": "headroom_found"}  # a headroom found is kept in its plan: nothing of its own to drop


def stop_button(name: str, run_key: str) -> None:
    """A Stop button (key ``stop_<name>``) shown while a long run works: clicking it reruns the
    app, which ends the run at its next progress update or heartbeat (its worker processes
    terminated), discards the page's last result (:data:`RESULT_STATE`) and records that
    ``run_key`` was stopped (``stopped_<name>``) with a notice for the next run of the page
    (:func:`show_stopped`)."""
    st.button(t("run.stop"), key=f"stop_{name}", on_click=_mark_stopped, args=(name, run_key),
              icon=":material/stop_circle:", type="secondary")


def _mark_stopped(name: str, run_key: str) -> None:
    st.session_state[f"stopped_{name}"] = run_key
    st.session_state[f"{name}_notice"] = "stopped"
    st.session_state.pop(RESULT_STATE[name], None)


def show_stopped(name: str) -> None:
    """The "stopped" notice, once, after a Stop of run ``name``."""
    if st.session_state.pop(f"{name}_notice", None) == "stopped":
        st.info(t("run.stopped"), icon=":material/stop_circle:")
