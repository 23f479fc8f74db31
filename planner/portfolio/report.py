"""A planned portfolio as plain data (portfolio.json, what the proposal's portfolio chapter and
the app's portfolio page render) and as a readable summary.

:func:`portfolio_dict` holds: the scenario's name, the names for people of the project and its
sites (``names``) and each site's model; the centre's rosters, people, evidence (every targeted
commitment named in words) and missed commitments; each site's rosters, people under both models and
missed commitments; the centre's budget lines; the allocation (basis, each site's weight and
share in yuan, adding up to the centre's cost); each site's total, fee per m²·month and
break-even fee under both models (share included); the decision (``planner.portfolio.decision``):
totals, cost per household, the economies-of-scale curve, the break-even site count and the
migration ranking; and every commitment missed, by plan.
"""

from __future__ import annotations

from planner.portfolio.decision import Money, decision
from planner.portfolio.district_report import districts_dict, summary_lines as district_summary
from planner.portfolio.planning import PortfolioPlan, kpi_label
from sim.scenario.proposal import unnamed_site


def _lines(lines) -> list[dict]:
    return [line.__dict__ | {"days": list(line.days)} for line in lines]


def _budget(b) -> dict:
    return {"total_yuan_per_year": round(b.total_yuan_per_year, 2), "per_m2_month": round(b.per_m2_month, 4),
            "break_even_fee_yuan_per_m2_month": round(b.break_even_fee_yuan_per_m2_month, 4),
            "headcount": round(b.headcount, 3), "labour_share_of_cost": round(b.labour_share_of_cost, 4)}


def capital_schedule(scenario, site) -> list[dict]:
    """The site's technology under the centralised model: units, unit cost, life, capital and
    straight-line depreciation of every device the centralised budget carries."""
    quantities = site.quantities()
    out = []
    for name, device in scenario.costs.devices.items():
        if "centralised" not in device.operating_models:
            continue
        units = device.units(quantities)
        if not units:
            continue
        out.append({"device": name, "note": device.note, "units": round(units, 3), "unit_cost_yuan": device.unit_cost_yuan,
                    "life_years": device.life_years, "capital_yuan": round(units * device.unit_cost_yuan, 2),
                    "depreciation_yuan_per_year": round(device.depreciation_yuan_per_year(quantities), 2)})
    return out


def kpi_row(label: str, kpis: list[dict]) -> dict | None:
    """The KPI row a ``missed`` label (``stream[group].metric``) names, or None."""
    return next((k for k in kpis if kpi_label(k) == label), None)


def named_kpis(kpis: list[dict], scenario, namer=None) -> list[dict]:
    """The KPI rows with each targeted commitment named in words (``name``: zh and en) by
    ``namer(row, scenario, lang)`` (the callers pass planner.proposal.text.commitment_name, a layer
    above this one), from the scenario it was judged on (its clocks, deadlines and time limits),
    so the chapter never has to guess them."""
    if scenario is None or namer is None:
        return kpis
    return [k | {"name": {lang: namer(k, scenario, lang) for lang in ("zh", "en")}}
            if k.get("direction") else k for k in kpis]


def display_names(scenario) -> dict:
    """The project's and each site's names for people (``proposal.project``, ``proposal.site_names``);
    a site without one is called 项目 n / Site n by its order, never by its key."""
    text = scenario.proposal
    sites = {}
    for i, key in enumerate(scenario.sites, start=1):
        given = text.site_names.get(key)
        sites[key] = {lang: (given.text(lang) if given else "") or unnamed_site(i, lang) for lang in ("zh", "en")}
    return {"project": {"zh": text.project.zh, "en": text.project.en}, "sites": sites}


def site_names(data: dict, lang: str) -> dict[str, str]:
    """Each site of a portfolio.json by its name for people in ``lang`` (``names``; 项目 n / Site n by
    its order when none is given or the file predates them): never its key."""
    given = (data.get("names") or {}).get("sites") or {}
    return {key: (given.get(key) or {}).get(lang) or unnamed_site(i, lang)
            for i, key in enumerate(data["sites"], start=1)}


def planned_rosters(planned) -> dict[str, dict]:
    """The rosters of a site's plan by group path (``field.teams.NAME``, ``field.posts.NAME``,
    ``centre.pools.NAME``), as JSON: what the site's own proposal starts from."""
    return {group.path: group.roster.model_dump(mode="json") for group in planned.staffed_groups()}


def portfolio_dict(plan: PortfolioPlan, money: Money, verdict: dict | None = None, namer=None) -> dict:
    """The portfolio's plan, budgets and decision as plain data (module doc); ``namer`` names the
    commitments (:func:`named_kpis`)."""
    verdict = verdict if verdict is not None else decision(plan, money)
    scenario = plan.scenario
    centre = None
    if plan.centre is not None:
        c = plan.centre
        centre = {"sites": c.sites, "staffing": _lines(c.lines), "evidence": c.evidence,
                  "kpis": named_kpis(c.kpis, c.scenario, namer),
                  "missed": c.missed, "set_aside": c.set_aside, "evaluations": c.evaluations,
                  "seconds": round(c.seconds, 1), "budget": money.centre.to_dict() if money.centre else None}
    sites = {}
    for name, sp in plan.sites.items():
        m = money.sites[name]
        sites[name] = {
            "model": sp.model, "households": m.households, "floor_area_m2": m.floor_area_m2,
            "shared_plan_with": sp.shared_with, "staffing": _lines(sp.lines),
            "team": {"traditional": {k: round(v, 3) for k, v in sp.team_traditional.items()},
                     "centralised": {k: round(v, 3) for k, v in sp.team_centralised.items()}},
            "people": {"traditional": round(sum(sp.team_traditional.values()), 3),
                       "centralised": round(sum(sp.team_centralised.values()), 3)},
            "missed": {"traditional": sp.missed_under("traditional"), "centralised": sp.missed_under("centralised")},
            "set_aside": sp.set_aside, "evidence": sp.evidence, "kpis": named_kpis(sp.kpis, sp.scenario, namer),
            "allocation": {"weight": round(m.weight, 3), "share_yuan_per_year": round(m.share_yuan, 2),
                           "share_fen": money.shares_fen.get(name)},
            "budget": {"traditional": _budget(m.traditional), "centralised": _budget(m.centralised)},
            "saving_yuan_per_year": round(m.saving_yuan_per_year, 2),
            "capital": capital_schedule(scenario, scenario.sites[name]),
            "rosters": planned_rosters(sp.planned) if sp.planned is not None else {},
            "design_options": list(sp.options),
        }
    return {
        "kind": "portfolio",
        "scenario": scenario.name,
        "description": scenario.description,
        "names": display_names(scenario),
        "models": plan.models,
        "settings": plan.settings.__dict__,
        "seconds": round(plan.seconds, 1),
        "executor": plan.executor,
        "households": sum(s.households for s in scenario.sites.values()),
        "centre": centre,
        "sites": sites,
        "allocation": {"basis": money.basis, "centre_cost_yuan_per_year": round(money.centre.total_yuan_per_year, 2)
                       if money.centre else 0.0, "centre_cost_fen": money.centre.total_fen if money.centre else 0,
                       "gross_up": round(money.gross_up, 6)},
        "decision": verdict,
        "missed": plan.missed,
        "targets_met": not plan.missed,
        "notes": plan.notes,
        "work": plan.work.to_dict(),
    } | ({"districts": districts_dict(plan.districts, scenario, money.basis, plan.district_sweeps)}
         if plan.districts else {})


def summary_text(data: dict) -> str:
    """A readable summary of :func:`portfolio_dict`'s data."""
    out = [f"Portfolio {data['scenario']}: {len(data['sites'])} sites, {data['households']:,} households; "
           f"planned in {data['seconds']:.0f} s ({data['executor']})", ""]
    centre = data["centre"]
    if centre:
        b = centre["budget"]
        heads = b["headcount"]
        out.append(f"Group centre for {len(centre['sites'])} sites: {heads.get('agent', 0):.0f} agents, "
                   f"{heads.get('expert_agent', 0):.0f} expert agents, {heads.get('centre_supervisor', 0):.0f} team "
                   f"leaders, {b['seats']} seats; {b['total_yuan_per_year']:,.0f} yuan a year")
        for line in centre["staffing"]:
            out.append(f"  {line['group']:14} {line.get('name_en') or line['shift']:12} {line['start']} {line['length_h']:>4g} h  "
                       f"{line['people']}")
        for line in b["lines"]:
            out.append(f"  {line['en']:36} {line['yuan_per_year']:>14,.0f}  {line['basis']}")
        out.append("")
    alloc = data["allocation"]
    out.append(f"Sites (allocation of the centre's cost by {alloc['basis']}):")
    out.append(f"  {'site':12} {'model':12} {'households':>10} {'people T':>9} {'people C':>9} {'share':>12} "
               f"{'total T':>12} {'total C':>12} {'fee T':>6} {'fee C':>6} {'saving':>12}")
    for name, s in data["sites"].items():
        bt, bc = s["budget"]["traditional"], s["budget"]["centralised"]
        out.append(f"  {name:12} {s['model']:12} {s['households']:>10,} {s['people']['traditional']:>9.0f} "
                   f"{s['people']['centralised']:>9.0f} {s['allocation']['share_yuan_per_year']:>12,.0f} "
                   f"{bt['total_yuan_per_year']:>12,.0f} {bc['total_yuan_per_year']:>12,.0f} "
                   f"{bt['break_even_fee_yuan_per_m2_month']:>6.2f} {bc['break_even_fee_yuan_per_m2_month']:>6.2f} "
                   f"{s['saving_yuan_per_year']:>12,.0f}")
    out.append("  (T traditional, C centralised with its share; fee = break-even fee, yuan/m²·month)")
    out.append("  A site's own proposal carries its share: python -m planner plan SCENARIO --site NAME "
               "--portfolio portfolio.json --out DIR --proposal docx")
    d = data["decision"]
    t = d["totals_yuan_per_year"]
    out += ["", f"Group total a year: as planned {t['as_planned']:,.0f}; all traditional {t['all_traditional']:,.0f}; "
                f"all centralised {t['all_centralised']:,.0f} yuan "
                f"(saving {t['all_traditional'] - t['all_centralised']:,.0f}, "
                f"{(t['all_traditional'] - t['all_centralised']) / t['all_traditional']:.1%})"
            if t["all_traditional"] else ""]
    if "break_even_sites" in d:
        n = d["break_even_sites"]
        out.append("Break-even: " + (f"the centre pays for itself from {n} site{'s' if n != 1 else ''} (migrated best first)" if n
                                     else "the centre does not pay for itself at any number of these sites"))
    if d.get("scale"):
        out.append("Economies of scale (centre staffed analytically, calibrated to the plan):")
        out.append(f"  {'sites':>5} {'households':>10} {'agents':>8} {'per 1,000 hh':>12} {'T yuan/hh·month':>16} "
                   f"{'C yuan/hh·month':>16}")
        for p in d["scale"]:
            out.append(f"  {p['sites']:>5} {p['households']:>10,} {p['centre_agents']:>8.0f} "
                       f"{p['agents_per_1000_households']:>12.2f} {p['traditional_per_household_month_yuan']:>16.2f} "
                       f"{p['centralised_per_household_month_yuan']:>16.2f}")
    out.append("Sites that save most when migrated: " + ", ".join(f"{n} ({s:,.0f})" for n, s in d["ranking"][:5]))
    out.append("")
    if data["missed"]:
        out.append("Commitments missed (named, not hidden):")
        for where, labels in data["missed"].items():
            out.append(f"  {where}: {', '.join(labels)}")
    else:
        out.append("Every commitment met at 95% confidence on fresh random numbers.")
    if data.get("districts"):
        out += ["", *district_summary(data["districts"])]
    out += [f"Note: {n}" for n in data["notes"]]
    return "\n".join(out)
