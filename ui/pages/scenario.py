"""Scenario page: template or upload, then the site's facts, demand and its profiles, service
commitments, staffing and operating model, costs, and run settings."""

from __future__ import annotations

import math

import pandas as pd

import streamlit as st

from sim.scenario.errors import ScenarioError
from ui import charts, flow, i18n, names, records_panel, runs, state, views
from ui.views import lang, t

SECTIONS = ("site", "demand", "commitments", "staffing", "costs", "settings")


def render() -> None:
    st.title(t("scenario.title"))
    st.caption(t("scenario.caption"))
    _source()
    d = views.data()
    # The scenario's name for people in the page's language (its display name); the key in
    # ``name`` stays the identifier of files and plan.json.
    key = str(d.get("name", ""))
    st.text_input(t("scenario.name"), value=views.scenario_title(d, lang()), key=views.wkey("display_name"),
                  on_change=views.write_display_name, args=(views.wkey("display_name"), key, lang()))
    with st.container(key="sections"):
        section = st.segmented_control(
            t("scenario.section"), SECTIONS, default=st.session_state.get("_section", "site"), required=True,
            format_func=lambda s, lg=lang(): i18n.t(f"section.{s}", lg), key=views.lkey("scenario_section"), label_visibility="collapsed")
    st.session_state["_section"] = section if section in SECTIONS else "site"
    {"site": _site, "demand": _demand, "commitments": _commitments, "staffing": _staffing,
     "costs": _costs, "settings": _settings}[st.session_state["_section"]]()


# --------------------------------------------------------------------------- source


def _source() -> None:
    left, right = st.columns(2, gap="large")
    names = state.templates()
    loaded = st.session_state.get("loaded_template", state.DEFAULT_TEMPLATE)
    with left, st.container(key="template_box"):
        lg = lang()
        choice = st.selectbox(t("scenario.template"), names, index=names.index(loaded) if loaded in names else 0,
                              format_func=lambda n: i18n.template_label(n, lg), key=views.lkey("template"))
        if choice != loaded and views.unsaved_edits():
            _confirm_switch(choice, loaded)  # the edits are lost by a switch: ask first
        elif choice != loaded:
            _load_template(choice)
            st.rerun()
        source_kind, source_name = st.session_state.get("source", ("template", loaded))
        if source_kind == "upload":
            st.caption(t("scenario.from_upload", name=i18n.md(source_name)))
        elif source_kind == "portfolio_site":
            _site_source(source_name)
        else:
            st.caption(i18n.template_note(source_name, lang()))
        st.button(t("scenario.reset"), key="reset_template", on_click=_load_template, args=(choice,),
                  icon=":material/restart_alt:", type="tertiary")
    with right:
        upload = st.file_uploader(t("scenario.upload"), type=["yaml", "yml"], key="upload",
                                  help=t("scenario.upload_help"))
        if upload is not None and st.session_state.get("upload_done") != upload.file_id:
            st.session_state["upload_done"] = upload.file_id
            try:
                data = state.parse_upload(upload.name, upload.getvalue())
            except ScenarioError as exc:
                st.session_state["upload_error"] = (upload.file_id, upload.name, exc.issues)
            else:
                st.session_state.pop("upload_error", None)
                views.replace_scenario(data, ("upload", upload.name))
                st.session_state["upload_ok"] = upload.name
                st.rerun()
        error = st.session_state.get("upload_error")
        if error and upload is not None and error[0] == upload.file_id:
            st.error(t("upload.invalid", name=i18n.md(error[1])) + "\n\n" +
                     "\n".join(f"- {i18n.describe_issue(i, lang())}" for i in error[2][:20]), icon=":material/block:")
        elif st.session_state.get("upload_ok") and upload is not None:
            st.success(t("upload.ok", name=i18n.md(st.session_state["upload_ok"])), icon=":material/check_circle:")


def _site_source(site: str) -> None:
    """The caption of a site loaded from the portfolio page: its name, model and share."""
    _, scenario, _ = views.current()
    if scenario is None or site not in scenario.sites:
        return
    from planner.portfolio.report import display_names

    lg = lang()
    name = display_names(scenario)["sites"].get(site, {}).get(lg, "")
    model = t(f"pf.model.{scenario.operating_model}")
    text = t("scenario.from_site", name=i18n.md(name), model=model)
    if scenario.centre.operator == "group":
        text += " " + t("scenario.from_site.share",
                        share=i18n.fmt_money(scenario.costs.group_call_centre_share_yuan_per_year, lg))
    st.caption(text)


def _confirm_switch(choice: str, loaded: str) -> None:
    """Ask before a template switch throws the edited scenario away: switch, or keep editing
    (the choice box goes back to the scenario loaded)."""
    lg = lang()
    with st.container(key="template_switch"):
        st.warning(t("scenario.switch_confirm", name=i18n.template_label(choice, lg).split(" · ")[0]),
                   icon=":material/warning:")
        with st.container(horizontal=True):
            st.button(t("scenario.switch_yes"), key="template_switch_yes", on_click=_load_template, args=(choice,),
                      type="primary")
            st.button(t("scenario.switch_no"), key="template_switch_no", on_click=_keep_template, args=(loaded,))


def _keep_template(loaded: str) -> None:
    st.session_state[views.lkey("template")] = loaded


def _load_template(name: str) -> None:
    views.replace_scenario(state.load_template(name), ("template", name))
    st.session_state["loaded_template"] = name
    st.session_state.pop("upload_error", None)
    st.session_state.pop("upload_ok", None)


# --------------------------------------------------------------------------- cells without a value

#: A cell that has no value in its row (a commitment without a time, a patience of a stream
#: that has none): shown as a dash, since a number column would show "None".
NO_VALUE = "—"


def _as_text(values) -> list[str]:
    return [NO_VALUE if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:g}" for v in values]


def _from_text(values) -> list:
    """Text cells back to numbers: a dash or empty cell is no value; text that is not a number
    is kept, for the loader to refuse naming the field."""
    out = []
    for v in values:
        text = "" if v is None else str(v).strip()
        if text in ("", NO_VALUE):
            out.append(math.nan)
            continue
        try:
            out.append(float(text))
        except ValueError:
            out.append(text)
    return out


# --------------------------------------------------------------------------- site


def _percent(value):
    return round(value / 100, 6) if isinstance(value, (int, float)) else value


def _number(label: str, value, kind: str, step: float, key: str, path: str | tuple, help: str | None = None) -> None:
    """A number input bound to the scenario field ``path`` (written by its on_change). It takes any
    number: the loader, not the widget, says what is allowed and names the field. Every input
    holds a float, shown with up to ten significant digits: an integer input would cut 2.5
    people to 2 and read "1e9" as 1; here 2.5 and 1e9 reach the loader, which refuses them."""
    bind = {"key": key, "help": help, "on_change": views.write_field,
            "args": (key, path, _percent if kind == "pct" else None)}
    shown = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
    if kind == "pct":
        shown = round(shown * 100, 8)
    st.number_input(label, value=shown, step=float(step), format="%.10g", **bind)


def _site() -> None:
    d = views.data()
    sites = [name for name, site in (d.get("sites") or {}).items() if isinstance(site, dict)]
    if not sites:
        st.warning(t("site.none"))
        return
    site = sites[0]
    if len(sites) > 1:
        site = st.selectbox(t("site.choose", n=len(sites)), sites, key=views.wkey("site_choice"),
                            format_func=lambda s, lg=lang(): i18n.names.key_name(s, lg))
    st.subheader(t("site.heading", site=i18n.md(i18n.names.key_name(site, lang()))))
    columns = st.columns(4)
    for index, (field, kind, step) in enumerate(state.SITE_FIELDS):
        with columns[index % 4], st.container(key=f"f_{field}"):
            current = state.site_value(d, site, field)
            label = i18n.field_label(f"sites.{field}", lang())
            key = views.wkey(f"site_{site}_{field}")
            if kind == "building_type":
                options = list(state.BUILDING_TYPES)
                st.selectbox(label, options, index=options.index(current) if current in options else 0,
                             format_func=lambda b, lg=lang(): i18n.t(f"building.{b}", lg), key=key,
                             help=t("site.building_help"), on_change=views.write_field, args=(key, ("sites", site, field)))
            elif kind == "grade":
                options = [1, 2, 3, 4]
                st.selectbox(label, options, index=options.index(current) if current in options else 0,
                             format_func=lambda g, lg=lang(): i18n.t("grade.option", lg, g=g), key=key,
                             help=t("site.grade_help"), on_change=views.write_field, args=(key, ("sites", site, field)))
            else:
                _number(label, current, kind, step, key, ("sites", site, field))
    st.caption(t("site.note"))
    _, scenario, _ = views.current()
    if scenario is not None:
        from sim.scenario.fire_control import fire_control_warnings

        for warning in fire_control_warnings(scenario):
            st.warning(i18n.md(warning.text(lang())))
        if site in scenario.sites and scenario.sites[site].fire_control_room_count < \
                state.FIRE_CONTROL_ROOMS_BY_TYPE[scenario.sites[site].building_type]:
            key = views.wkey(f"site_{site}_fire_control_source")
            st.text_input(i18n.field_label("sites.fire_control_source", lang()),
                          value=scenario.sites[site].fire_control_source, key=key, max_chars=300,
                          help=t("site.fire_source_help"), on_change=views.write_field,
                          args=(key, ("sites", site, "fire_control_source")))


# --------------------------------------------------------------------------- demand


def _demand() -> None:
    d = views.data()
    lg = lang()
    st.subheader(t("demand.heading"))
    st.caption(t("demand.caption"))
    frame = state.demand_frame(d)
    profiles = ["flat", *((d.get("demand") or {}).get("profiles") or {}).keys()]
    shown = frame.copy()
    shown.insert(0, "label", [i18n.stream_label(k, n, lg) for k, n in zip(frame["kind"], frame["name"])])
    for column in ("patience_mean_s", "escalate_share"):  # calls only: a dash for the other streams
        shown[column] = _as_text(frame[column])
    views.editor("demand", shown, lambda data, e: state.apply_demand_frame(
                     data, e.drop(columns=["label"]).assign(patience_mean_s=_from_text(e["patience_mean_s"]),
                                                            escalate_share=_from_text(e["escalate_share"]))),
                 column_order=["label", "rate", "rate_field", "profile", "handle_mean_s", "patience_mean_s",
                               "escalate_share", "priority"],
                 column_config={
                     "label": st.column_config.TextColumn(t("demand.col.stream"), disabled=True),
                     "rate": st.column_config.NumberColumn(t("demand.col.rate"), format="%.4g"),
                     "rate_field": st.column_config.SelectboxColumn(
                         t("demand.col.rate_field"), options=list(i18n.RATE_FIELD_LABELS),
                         format_func=lambda f: i18n.rate_field_label(f, lg), required=True),
                     "profile": st.column_config.SelectboxColumn(t("demand.col.profile"), options=profiles,
                                                                 format_func=lambda p: i18n.names.key_name(p, lg),
                                                                 required=True),
                     "handle_mean_s": st.column_config.NumberColumn(t("demand.col.handle"), format="%.0f"),
                     "patience_mean_s": st.column_config.TextColumn(t("demand.col.patience")),
                     "escalate_share": st.column_config.TextColumn(t("demand.col.escalate")),
                     "priority": st.column_config.NumberColumn(t("demand.col.priority"), format="%g"),
                 })
    _, scenario, _ = views.current()
    left, right = st.columns(2, gap="medium")
    if scenario is not None:
        left.altair_chart(charts.daily_volume_chart(state.daily_volumes(scenario), lg), width="stretch")
        right.altair_chart(charts.hourly_volume_chart(state.hourly_volumes(scenario), lg), width="stretch")
    else:
        st.info(t("chart.needs_valid"))
    st.divider()
    st.subheader(t("profiles.heading"))
    st.caption(t("profiles.caption"))
    hours_col, days_col, chart_col = st.columns([2, 2, 3], gap="medium")
    hours = state.profile_frame(d, "hour_of_day")
    with hours_col:
        config = {"slot": st.column_config.NumberColumn(t("profiles.col.hour"), disabled=True, format="%d")}
        config |= {name: st.column_config.NumberColumn(i18n.names.key_name(name, lg), format="%.2f")
                   for name in hours.columns if name != "slot"}
        views.editor("profile_hours", hours, lambda data, e: state.apply_profile_frame(data, e, "hour_of_day"),
                     column_config=config, height=420)
    with days_col:
        days = state.profile_frame(d, "day_of_week")
        shown_days = days.copy()
        shown_days["slot"] = [i18n.weekday(day, lg) for day in days["slot"]]
        config = {"slot": st.column_config.TextColumn(t("profiles.col.day"), disabled=True)}
        config |= {name: st.column_config.NumberColumn(i18n.names.key_name(name, lg), format="%.3f")
                   for name in days.columns if name != "slot"}
        views.editor("profile_days", shown_days,
                     lambda data, e: state.apply_profile_frame(data, e.assign(slot=days["slot"]), "day_of_week"),
                     column_config=config)
    with chart_col:
        st.altair_chart(charts.profile_chart(state.profile_frame(views.data(), "hour_of_day"), lg), width="stretch")
    st.divider()
    records_panel.render()


# --------------------------------------------------------------------------- commitments


def _apply_grade(key: str, current: int | None) -> None:
    """on_change: the commitments (and patrol frequency) of the chosen service grade."""
    choice = st.session_state.get(key)
    if choice in (None, "custom") or choice == current:
        return
    views.set_data(state.apply_grade_commitments(views.data(), int(choice)))
    st.session_state["_targets_gen"] = st.session_state.get("_targets_gen", 0) + 1  # a fresh table


def _commitments() -> None:
    d = views.data()
    lg = lang()
    st.subheader(t("commit.heading"))
    st.caption(t("commit.caption"))
    grade = state.matching_grade(d)
    options = ["custom", 1, 2, 3, 4]
    key = views.wkey(f"commit_grade_{grade}")
    st.segmented_control(t("commit.by_grade"), options, default=grade if grade else "custom", required=True,
                         format_func=lambda o: i18n.t("commit.custom", lg) if o == "custom" else i18n.t("grade.option", lg, g=o),
                         key=key, on_change=_apply_grade, args=(key, grade))
    st.caption(t("commit.grade_note"))
    frame = state.targets_frame(views.data())
    shown = frame.copy()
    shown.insert(0, "label", [i18n.target_label(i, lg) for i in frame["id"]])
    shown["unit"] = [i18n.unit_label(u, lg) for u in frame["unit"]]
    shown["direction"] = ["≥" if x == ">=" else "≤" for x in frame["direction"]]
    shown["within"] = _as_text(frame["within"])
    views.editor(f"targets_{st.session_state.get('_targets_gen', 0)}", shown,
                 lambda data, e: state.apply_targets_frame(
                     data, e.drop(columns=["label"]).assign(unit=frame["unit"], direction=frame["direction"],
                                                            within=_from_text(e["within"]))),
                 column_order=["on", "label", "within", "unit", "direction", "target_pct"],
                 column_config={
                     "on": st.column_config.CheckboxColumn(t("commit.col.on")),
                     "label": st.column_config.TextColumn(t("commit.col.commitment"), disabled=True, width="large"),
                     "within": st.column_config.TextColumn(t("commit.col.within")),
                     "unit": st.column_config.TextColumn(t("commit.col.unit"), disabled=True),
                     "direction": st.column_config.TextColumn("", disabled=True, width="small"),
                     "target_pct": st.column_config.NumberColumn(t("commit.col.target"), format="%g"),
                 })
    patrols = (views.data().get("field") or {}).get("patrols") or {}
    if patrols:
        st.markdown(f"**{t('commit.patrols')}**")
        for route, spec in patrols.items():
            windows = "; ".join(t("commit.patrol_window", start=w.get("start"), end=w.get("end"), every=w.get("every_h"))
                                for w in (spec or {}).get("schedule", []))
            st.caption(f"{i18n.md(i18n.names.key_name(route, lg))}：{windows}" if lg == "zh" else f"{i18n.md(i18n.names.key_name(route, lg))}: {windows}")


# --------------------------------------------------------------------------- staffing


def _staffing() -> None:
    d = views.data()
    lg = lang()
    st.subheader(t("staffing.heading"))
    current = d.get("operating_model", "centralised")
    model = st.radio(t("staffing.model"), ["traditional", "centralised"],
                     index=0 if current == "traditional" else 1, horizontal=True,
                     format_func=lambda m: i18n.t(f"model.{m}", lg), key=views.wkey("operating_model"),
                     help=t("staffing.model_help"), on_change=views.write_field,
                     args=(views.wkey("operating_model"), "operating_model"))
    st.caption(t(f"model.{model}.note"))
    frame = state.roster_frame(d)
    _, scenario, _ = views.current()
    idle = _idle_posts(frame, scenario)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        # Posts not staffed under the model are not rows (a head count there would be a post
        # nobody is rostered on); their own editor, so edits made on one table apply to it.
        frame = frame[~idle]
        shown = frame.copy()
        shown["kind"] = [t(f"group.{k}") for k in frame["kind"]]
        shown["group"] = [i18n.names.key_name(g, lg) for g in frame["group"]]
        labels = i18n.shift_labels(frame.to_dict("records"), lg)
        shown["shift"] = [labels[(k, g, x)] for k, g, x in zip(frame["kind"], frame["group"], frame["shift"])]
        shown["days"] = [i18n.cycle_text(x, lg) if "/" in str(x) else i18n.days_text(x, lg) for x in frame["days"]]
        views.editor("roster" if not idle.any() else "roster_staffed", shown,
                     lambda data, e: state.apply_roster_frame(data, e.assign(kind=frame["kind"], days=frame["days"])),
                     column_order=["kind", "group", "shift", "start", "length_h", "days", "people"],
                     column_config={
                         "kind": st.column_config.TextColumn(t("staffing.col.kind"), disabled=True),
                         "group": st.column_config.TextColumn(t("staffing.col.group"), disabled=True),
                         "shift": st.column_config.TextColumn(t("staffing.col.shift"), disabled=True),
                         "start": st.column_config.TextColumn(t("staffing.col.start")),
                         "length_h": st.column_config.NumberColumn(t("staffing.col.length"), format="%g"),
                         "days": st.column_config.TextColumn(t("staffing.col.days"), disabled=True),
                         "people": st.column_config.NumberColumn(t("staffing.col.people"), format="%g"),
                     })
        if idle.any():
            st.caption(t("staffing.posts_idle"))
    with right:
        if scenario is not None:
            st.altair_chart(charts.staffed_chart(state.staffed_by_hour(scenario), lg), width="stretch")
            from ui import runs
            try:
                team, budget = runs.team_and_budget_summary(scenario)
            except ValueError as exc:
                st.caption(t("run.failed", error=i18n.md(i18n.translate_message(str(exc), lg))))
            else:
                st.metric(t("staffing.fte_total"), f"{sum(i18n.people_by_role(team).values())}",
                          help=t("staffing.fte_help"))
                if budget:  # the break-even fee at the collection rate, as every output states it
                    st.metric(t("budget.break_even_fee_yuan_per_m2_month"),
                              f"{budget['break_even_fee_yuan_per_m2_month']:.2f}",
                              help=t("budget.fee_charged", fee=f"{budget['fee_yuan_per_m2_month']:.2f}"))
        else:
            st.info(t("chart.needs_valid"))
    _breaks(views.data(), lg, scenario)


def _idle_posts(frame: pd.DataFrame, scenario) -> pd.Series:
    """Which rows of the roster table are posts not staffed under the scenario's operating
    model (the gate posts under centralised control); none while the scenario is invalid."""
    if scenario is None:
        return pd.Series(False, index=frame.index)
    staffed = set(scenario.staffed_posts())
    return (frame["kind"] == "post") & ~frame["group"].isin(staffed)


def _breaks(d: dict, lg: str, scenario) -> None:
    """The shifts' breaks, editable: a shift with many people needs a shorter stagger (the last
    person's break must end inside the shift), which the loader's message points here for. The
    posts not staffed under the operating model are left out, as in the roster table."""
    frame = state.breaks_frame(d)
    idle = _idle_posts(frame, scenario)
    frame = frame[~idle]
    if frame.empty:
        return
    st.markdown(f"**{t('staffing.breaks')}**")
    st.caption(t("staffing.breaks_caption"))
    shown = frame.copy()
    shown["kind"] = [t(f"group.{k}") for k in frame["kind"]]
    shown["group"] = [i18n.names.key_name(g, lg) for g in frame["group"]]
    labels = i18n.shift_labels(state.roster_frame(d).to_dict("records"), lg)
    shown["shift"] = [labels.get((k, g, x), i18n.names.key_name(x, lg))
                      for k, g, x in zip(frame["kind"], frame["group"], frame["shift"])]
    shown["last_end"] = [state.last_back_h(row) for row in frame.to_dict("records")]
    with st.container(key="breaks_box"):
        views.editor("breaks" if not idle.any() else "breaks_staffed", shown, lambda data, e: state.apply_breaks_frame(data, e.drop(columns=["last_end"])),
                     column_order=["kind", "group", "shift", "number", "after_h", "length_min", "stagger_min",
                                   "people", "last_end"],
                     column_config={
                         # widths that fit the page at 1440 px, "last person back" included
                         "kind": st.column_config.TextColumn(t("staffing.col.kind"), disabled=True, width=80),
                         "group": st.column_config.TextColumn(t("staffing.col.group"), disabled=True, width=110),
                         "shift": st.column_config.TextColumn(t("staffing.col.shift"), disabled=True, width=70),
                         "number": st.column_config.NumberColumn(t("staffing.col.break"), disabled=True, format="%d",
                                                                 width=90),
                         "after_h": st.column_config.NumberColumn(t("staffing.col.after_h"), format="%g", width=120),
                         "length_min": st.column_config.NumberColumn(t("staffing.col.length_min"), format="%g", width=110),
                         "stagger_min": st.column_config.NumberColumn(t("staffing.col.stagger_min"), format="%g",
                                                                      width=130),
                         "people": st.column_config.NumberColumn(t("staffing.col.people"), disabled=True, format="%g",
                                                                 width=60),
                         "last_end": st.column_config.NumberColumn(t("staffing.col.last_end"), disabled=True, format="%g",
                                                                   width=180),
                     })


# --------------------------------------------------------------------------- costs


def _costs() -> None:
    d = views.data()
    lg = lang()
    st.subheader(t("costs.heading"))
    st.caption(t("costs.caption"))
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(f"**{t('costs.wages')}**")
        frame = state.wages_frame(d)
        shown = frame.copy()
        shown.insert(0, "label", [i18n.role_label(r, lg) for r in frame["role"]])
        views.editor("wages", shown, lambda data, e: state.apply_wages_frame(data, e.drop(columns=["label"])),
                     column_order=["label", "wage"],
                     column_config={"label": st.column_config.TextColumn(t("costs.col.role"), disabled=True),
                                    "wage": st.column_config.NumberColumn(t("costs.col.wage"), format="%g")})
    with right:
        fee_model = state.cost_value(d, "fee_model")
        st.radio(t("costs.fee_model"), ["lump_sum", "commission"], index=0 if fee_model != "commission" else 1,
                 horizontal=True, format_func=lambda m: i18n.t(f"fee_model.{m}", lg), key=views.wkey("fee_model"),
                 on_change=views.write_field, args=(views.wkey("fee_model"), "costs.fee_model"))
        columns = st.columns(2)
        for index, (field, kind) in enumerate(state.COST_FIELDS):
            with columns[index % 2], st.container(key=f"c_{field}"):
                current = state.cost_value(d, field)
                step = {"pct": 0.5, "yuan": 100.0, "int": 1, "float": 0.1}[kind]
                _number(i18n.field_label(f"costs.{field}", lg), current, "float" if kind == "yuan" else kind,
                        step, views.wkey(f"cost_{field}"), ("costs", field))


# --------------------------------------------------------------------------- run settings


def _settings() -> None:
    d = views.data()
    lg = lang()
    st.subheader(t("settings.heading"))
    _, scenario, _ = views.current()
    quick = runs.quick_sizes(scenario)  # what quick mode runs on this scenario
    st.caption(t("settings.caption", **quick))
    cal = d.get("calendar") or {}
    cols = st.columns(4)
    with cols[0], st.container(key="f_horizon_days"):
        _number(i18n.field_label("calendar.horizon_days", lg), cal.get("horizon_days", 28.0), "float", 1.0,
                views.wkey("horizon_days"), "calendar.horizon_days")
    with cols[1], st.container(key="f_replications"):
        _number(i18n.field_label("replications", lg), d.get("replications", 10), "int", 1, views.wkey("replications"),
                "replications")
    with cols[2], st.container(key="f_seed"):
        _number(i18n.field_label("seed", lg), d.get("seed", 1), "int", 1, views.wkey("seed"), "seed")
    with cols[3], st.container(key="f_warmup_days"):
        _number(i18n.field_label("calendar.warmup_days", lg), cal.get("warmup_days", 0.0), "float", 1.0,
                views.wkey("warmup_days"), "calendar.warmup_days")
    st.text_input(i18n.field_label("calendar.start_date", lg), value=str(cal.get("start_date", "2026-01-05")),
                  key=views.wkey("start_date"), help=t("settings.start_help"), on_change=views.write_field,
                  args=(views.wkey("start_date"), "calendar.start_date", str.strip))
    field = "description_zh" if lg == "zh" else "description"  # each language its own text
    st.text_area(t("settings.description"), value=str(d.get(field) or ""), key=views.wkey(field),
                 height=90, on_change=views.write_field, args=(views.wkey(field), field))
    kind, name = st.session_state.get("source", ("template", state.DEFAULT_TEMPLATE))
    if kind == "template" and views.edited_from_template(d, name):  # its numbers may be the template's
        st.caption(t("settings.description_edited", name=i18n.template_label(name, lg).split(" · ")[0],
                     households=f"{views.households(d):,}"))
    st.info(t("settings.modes", **quick), icon="⏱️")


render()
flow.next_step("scenario")
