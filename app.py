"""The planner app: from a site's facts to an exported proposal, in the browser.

    .venv/bin/streamlit run app.py

Pages (ui/pages/): Scenario (template or upload, edit the site, demand, commitments, staffing,
costs), Simulate (KPIs against targets, charts), Optimise (cheapest staffing, rule of thumb,
budget), Compare (two scenarios or operating models), Export (proposal as DOCX, XLSX, PDF). The
sidebar switches the language (Chinese by default) and the run mode (quick or full). See
docs/app.md.
"""

from __future__ import annotations

import streamlit as st

from ui import i18n, names, runs, session, signin_page, state, views
from ui.views import t

st.set_page_config(page_title="物业管家人员配置测算 · Butler staffing planner", page_icon=":material/apartment:", layout="wide")
views.init_session()
names.use(names.display_names(views.data()))  # the scenario's own names for its keys
if "lang" not in st.session_state:  # Chinese by default; ?lang=en opens the app in English
    st.session_state["lang"] = st.query_params.get("lang") if st.query_params.get("lang") in views.LANGS else views.DEFAULT_LANG
st.session_state.setdefault("run_mode", "quick")
views.streamlit_texts()

with st.sidebar:
    st.radio(t("lang.label"), list(views.LANGS), horizontal=True, format_func=lambda x: i18n.LANG_NAMES[x], key="lang")
if session.resolve_account() is None:  # sign-in required (docs/library.md): the form only
    signin_page.render()
    st.stop()
session.open_where_left_off()

pages = [
    st.Page("ui/pages/scenario.py", title=t("nav.scenario"), icon=":material/home_work:", url_path="home", default=True),
    st.Page("ui/pages/simulate.py", title=t("nav.simulate"), icon=":material/monitoring:", url_path="simulate"),
    st.Page("ui/pages/optimise.py", title=t("nav.optimise"), icon=":material/tune:", url_path="optimise"),
    st.Page("ui/pages/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("ui/pages/portfolio.py", title=t("nav.portfolio"), icon=":material/hub:", url_path="portfolio"),
    st.Page("ui/pages/export.py", title=t("nav.export"), icon=":material/description:", url_path="export"),
    st.Page("ui/pages/library.py", title=t("nav.library"), icon=":material/inventory_2:", url_path="library"),
]
# The Scenario page is served at the root (its url_path unused); its name in the address opens it
# too, where Streamlit would show its English "Page not found".
pages.append(st.Page(lambda: st.switch_page(pages[0]), title=t("nav.scenario"), url_path="scenario",
                     visibility="hidden"))
page = st.navigation(pages)

with st.sidebar:
    with st.container(key="mode_box"):
        modes = ["quick", "full"]
        quick = runs.quick_sizes(views.current()[1])  # what quick mode runs on the scenario on screen
        st.radio(t("mode.label"), modes, index=modes.index(views.mode()),
                 format_func=lambda m, lg=views.lang(): i18n.t(f"mode.{m}", lg, **quick),
                 key=views.lkey("mode"), on_change=views.remember, args=(views.lkey("mode"), "run_mode"),
                 help=t("mode.help"))
    status = st.container(key="scenario_status")
    signin_page.signed_in_box()
    st.caption(f"{t('app.title')} · {t('app.tagline')}")

banner = st.container(key="issues_banner")
session.show_notes(banner)
with st.container(key=f"page_{page.url_path or 'scenario'}"):  # which page the server drew (the browser tests wait for it)
    page.run()

# After the page: the scenario as edited on this run.
data, scenario, issues = views.current()
views.show_issues(issues, banner)
session.keep_draft(data, issues)  # every valid edit kept as the account's draft
session.keep_address()
with status:
    st.markdown(f"**{t('status.heading')}**")
    kind, name = st.session_state.get("source", ("template", state.DEFAULT_TEMPLATE))
    if kind == "template":
        label = i18n.template_label(name, views.lang()).split(" · ")[0]
        if views.edited_from_template(data, name):  # the template's name (and its numbers) no longer describe it
            st.caption(t("status.source.template_edited", name=label, households=f"{views.households(data):,}"))
        else:
            st.caption(t("status.source.template", name=label))
    else:
        title = views.scenario_title(data, views.lang())
        if kind == "portfolio_site":  # the scenario is named after its site: say it once
            name, title = names.key_name(name, views.lang()), ""
        elif kind == "library":  # named in the library after its site: say it once
            title = ""
        st.caption((f"{i18n.md(title)} · " if title else "") + t(f"status.source.{kind}", name=i18n.md(name)))
    if issues:
        st.error(t("status.invalid", n=len(issues)))
    else:
        st.success(t("status.valid"))
    st.download_button(t("status.download"), state.yaml_text(data), file_name=f"{views.file_stem(data.get('name') or 'scenario')}.yaml",
                       mime="application/x-yaml", key="dl_yaml", icon=":material/download:", on_click="ignore")
