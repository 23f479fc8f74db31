"""A site's staffing plan: the optimised rosters, the headcount they need, the rule-of-thumb plan
beside them, and the budget of each. ``make_plan`` is what ``python -m planner plan`` runs.

Headcount per role comes from the rosters: each shift's people on each weekday are shift-days,
turned into people by ``planner.rostering.people.headcount`` (days off, annual leave, public holidays).
Roles the simulation does not model as queues (site manager, finance, cleaning, greening: fixed
content work, DOMAIN §3) take their headcount from the norms. Butler teams are rostered per
zone, so their shifts count once per zone.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from planner.costs.budget import Budget
from planner.costs.fee import FeeFigure, fee_figure, fee_sentence
from planner.costs.norms import NormsPlan, scenario_norms
from planner.costs.norms_check import norms_rosters
from planner.costs.team import (DEPARTMENTS, NORMS_ONLY_ROLES, SUPERVISOR_ROLE, GroupHeadcount,  # noqa: F401
                                RosterLine, fte_per_shift_day, group_headcounts, headcount_by_role,
                                leaders_by_department, roster_lines, site_budget, site_norms, team_and_budget)
from planner.rostering.compliance import compliance_checks
from planner.rostering.on_duty import staffing_by_hour
from planner.rostering.shift_names import shift_names
from planner.rostering.rota import RotaShift, month_dates, month_rota, rotation_rota
from planner.proposal.chart_data import chart_data
from planner.proposal.plan_schema import PLAN_VERSION
from planner.rostering import headcount
from planner.search.analytic_start import with_analytic_rosters
from planner.search.events import AnalyticRoster, SearchEvent
from planner.search.optimise import PlanResult, optimise, with_staffing
from planner.search.sequential import on_line_keys, settled_run
from planner.search.settings import FULL_PLAN, SearchSettings
from sim.results.report import VERDICT_WORDS, to_json_dict, verdict_line
from sim.results.verdicts import Verdicts
from sim.running.runner import RunResult
from sim.scenario import Scenario

@dataclass
class SitePlan:
    """Everything ``python -m planner plan`` reports."""

    search: PlanResult
    lines: list[RosterLine]
    headcount: dict[str, float]
    norms: NormsPlan
    budget: Budget | None
    norms_budget: Budget | None
    notes: list[str] = field(default_factory=list)
    #: Per contact-centre pool: hourly requirements, covering LP bound, integer cost, gap, roster text.
    analytic_start: dict = field(default_factory=dict)
    #: The rule of thumb on its own rosters, simulated (planner.costs.norms_check).
    norms_run: RunResult | None = None
    #: The one fee figure (planner.costs.fee) every output prints.
    fee: FeeFigure | None = None
    #: The rule of thumb's own rosters (planner.costs.norms_check.norms_rosters).
    norms_lines: list[RosterLine] = field(default_factory=list)

    def groups(self) -> list[GroupHeadcount]:
        """Whole people per pool, team and post of the plan (planner.costs.team.group_headcounts)."""
        return group_headcounts(self.lines, fte_per_shift_day(self.search.scenario.costs))

    def _norms_evidence(self) -> dict | None:
        if self.norms_run is None:
            return None
        verdicts = Verdicts.of_run(self.norms_run)
        return {"targets_met": verdicts.met, "targets": verdicts.total, "verdicts": verdicts.to_dict(),
                "kpis": to_json_dict(self.norms_run)["kpis"]}

    def to_dict(self) -> dict:
        evidence = to_json_dict(self.search.evidence)
        return {
            "plan_version": PLAN_VERSION,
            "scenario": self.search.scenario.name,
            "operating_model": self.search.scenario.operating_model,
            "staffing": [line.__dict__ | {"days": list(line.days)} for line in self.lines],
            "headcount": {role: {"planned": round(self.headcount.get(role, 0.0), 3),
                                 "rule_of_thumb": round(self.norms.headcount_by_role(rounded=True).get(role, 0.0), 3)}
                          for role in sorted(set(self.headcount) | set(self.norms.headcount_by_role()))},
            "evidence": {"seed": evidence["seed"], "replications": evidence["replications"],
                         "horizon_days": evidence["horizon_days"], "kpis": evidence["kpis"],
                         # verification's looks (planner.search.sequential): the intervals' level, their
                         # spread about the target, and the targets found on their line
                         "interval_level": round(self.search.evidence.level, 6),
                         "spread_about_target": self.search.evidence.about_line,
                         "on_line": on_line_keys(self.search.evidence)},
            # Every commitment's verdict and their count (sim.results.verdicts): what every output prints.
            "verdicts": Verdicts.of_run(self.search.evidence).to_dict(),
            "targets_met": not self.search.unmet,
            "unmet": self.search.unmet,
            "set_aside": self.search.set_aside,
            "search": {"evaluations": self.search.evaluations, "seconds": round(self.search.seconds, 2),
                       "cost_yuan_per_year": round(self.search.cost_yuan, 2),
                       "lower_bound": self.search.bound,
                       "gap": round(self.search.gap, 4) if self.search.gap == self.search.gap else None,
                       "design_options": self.search.options,
                       "option_strategy": self.search.option_strategy,
                       "max_candidates": self.search.max_candidates,
                       "options_not_searched": self.search.options_not_searched,
                       "certificate": {"moves_tried": [t.__dict__ for t in self.search.certificate],
                                       "cheaper_and_meeting_every_target": sum(t.feasible for t in self.search.certificate),
                                       # each design option switched on the searched design (planner.search.certificate)
                                       "options": [t.to_dict() for t in self.search.option_certificate],
                                       "repaired_after_verification": self.search.repaired,
                                       "fell_back_from_options": self.search.fell_back_from},
                       "steps": [s.to_dict() for s in self.search.steps],
                       "replications": self.search.search.run.replications,
                       "horizon_days": self.search.search.run.horizon_days},
            # what the plan simulated, in replication-days (planner.search.work)
            "work": self.search.work.to_dict(),
            "rule_of_thumb": self.norms.to_dict(),
            "rule_of_thumb_evidence": self._norms_evidence(),
            "rule_of_thumb_rosters": [line.__dict__ | {"days": list(line.days)} for line in self.norms_lines],
            "fee": self.fee.to_dict() if self.fee else None,
            "budget": self.budget.to_dict() if self.budget else None,
            "rule_of_thumb_budget": self.norms_budget.to_dict() if self.norms_budget else None,
            "contract_plan": self.budget.contract_plan().to_dict() if self.budget else None,
            "analytic_start": {pool: {k: v for k, v in report.items()} for pool, report in self.analytic_start.items()},
            "notes": self.notes,
            # What a proposal needs beyond the above (docs/planner.md, docs/proposal.md).
            "site": site_facts(self.search.scenario, sum(self.headcount.values())),
            "headcount_basis": headcount_basis(self.lines, self.search.scenario),
            "posts": [g.to_dict() for g in self.groups()],
            "organisation": organisation(self.headcount, self.search.scenario),
            "compliance": [c.to_dict() for c in compliance_checks(self.search.scenario)],
            "rota": rotas(self.lines, self.groups(), self.search.scenario),
            # The portfolio section is planner.portfolio's (its own chapter), not a site plan's parameter.
            "scenario_parameters": self.search.scenario.model_dump(mode="json", exclude={"portfolio"}),
            "charts": chart_data(self.search.scenario, self.search.evidence),
        }


def site_facts(scenario: Scenario, planned_people: float) -> dict:
    """The site(s) in figures: totals over the sites, and floor area and households per person."""
    sites = list(scenario.sites.values())
    keys = ("households", "buildings", "vehicle_gates", "pedestrian_gates", "cameras", "lifts", "pumps", "zones",
            "land_area_m2", "floor_area_m2", "green_area_m2")
    totals = {key: sum(getattr(site, key) for site in sites) for key in keys}
    return {
        "name": scenario.name,
        "description": scenario.description,
        "site_names": list(scenario.sites),
        "sites": len(sites),
        "grades": sorted({site.grade for site in sites}),
        **totals,
        "vacant_share": sum(s.vacant_share * s.households for s in sites) / max(totals["households"], 1),
        "households_per_zone": totals["households"] / max(totals["zones"], 1),
        "planned_people": round(planned_people, 3),
        "m2_per_person": round(totals["floor_area_m2"] / planned_people, 1) if planned_people else None,
        "households_per_person": round(totals["households"] / planned_people, 2) if planned_people else None,
        "start_date": scenario.calendar.start_date.isoformat(),
        "horizon_days": scenario.calendar.horizon_days,
    }


def organisation(team: dict[str, float], scenario: Scenario) -> dict:
    """Supervisors and team leaders by department (span of control) and the departments' people."""
    leaders = leaders_by_department(team, scenario.organisation.span_of_control)
    return {"span_of_control": scenario.organisation.span_of_control,
            "departments": {dept: {"roles": {r: team.get(r, 0.0) for r in roles if team.get(r, 0.0)},
                                   "leaders": leaders[dept] if SUPERVISOR_ROLE in team else 0}
                            for dept, roles in DEPARTMENTS.items()}}


def rotas(lines: list[RosterLine], groups: list[GroupHeadcount], scenario: Scenario) -> list[dict]:
    """A month's rota per pool, team and post (planner.rostering.rota), for the calendar month the
    scenario starts in."""
    dates = month_dates(scenario.calendar.start_date)
    out = []
    for group in groups:
        mine = [line for line in lines if (line.kind, line.group) == (group.kind, group.group) and line.people > 0]
        if not mine:
            continue
        if group.crews:
            roster = _roster_of(scenario, group)
            rot = roster.rotation
            rota = rotation_rota(list(rot.cycle), rot.crews, rot.people_per_crew * mine[0].copies, rot.offset_days,
                                 group.people, dates, scenario.calendar.start_date)
            names = shift_names((k, sh.start, sh.length_h, sh.days) for k, sh in roster.shifts.items())
        else:
            shifts = [RotaShift(line.shift, line.start, line.length_h, line.days, line.people * line.copies) for line in mine]
            rota = month_rota(shifts, group.people, dates, days_per_week=5)
            names = {line.shift: (line.name_zh, line.name_en) for line in mine}
        out.append({"kind": group.kind, "group": group.group, "role": group.role, "people": rota.people,
                    "names": {k: list(v) for k, v in names.items()}, **rota.to_dict()})
    return out


def _roster_of(scenario: Scenario, group: GroupHeadcount):
    if group.kind == "pool":
        return scenario.centre.pools[group.group].roster
    if group.kind == "team":
        return scenario.field.teams[group.group].roster
    return scenario.field.posts[group.group].roster


def headcount_basis(lines: list[RosterLine], scenario: Scenario) -> dict:
    """How rosters become people: eight-hour shift-days a week by role, and the relief factor of
    ``planner.rostering.people.headcount`` (people = shift-days a week / days a person works × relief)."""
    costs = scenario.costs
    shift_days: dict[str, float] = {}
    for line in lines:
        shift_days[line.role] = shift_days.get(line.role, 0.0) + \
            line.people * line.copies * line.length_h / 8 * len(line.days)
    unit = headcount([1.0] * 7, working_days_per_year=costs.working_days_per_year, holidays=costs.holiday_overtime_days)
    return {
        "shift_days_per_week": {role: round(value, 4) for role, value in shift_days.items()},
        "days_per_week_per_person": unit.days_per_week_per_person,
        "working_days_per_year": unit.working_days_per_year,
        "annual_leave_days": unit.annual_leave_days,
        "relief_factor": round(unit.relief_factor, 6),
        "norms_only_roles": list(NORMS_ONLY_ROLES),
    }


def make_plan(scenario: Scenario, settings: SearchSettings = FULL_PLAN, *, workers: int = 1, executor=None,
              progress=None, on_candidate=None, heartbeat=None, **changes) -> SitePlan:
    """Optimise the staffing as ``settings`` say (planner.search.settings; a keyword changes one
    of its fields), then add the norms baseline and both budgets. ``start`` "analytic" replaces
    the contact-centre rosters by shifts covering the Erlang C hourly requirements first
    (planner.search.analytic_start); "scenario" starts from the scenario's rosters. ``progress``,
    ``on_candidate`` and ``heartbeat`` are planner.search.optimise.optimise's (raising from one stops
    the plan, its worker processes terminated), as are ``workers`` and ``executor`` (where the
    simulations run; the plan is the same on any)."""
    settings = settings.but(**changes)
    started = time.perf_counter()
    analytic = {}
    entered = scenario  # each shift's "before" is what the planner entered, not the analytic start
    if settings.start == "analytic":
        scenario, analytic = with_analytic_rosters(scenario)
        if progress is not None:
            progress(SearchEvent("analytic_start", analytic=tuple(
                AnalyticRoster(k, v["lp_bound"], v["integer_cost"]) for k, v in analytic.items())))
    result = optimise(scenario, settings, workers=workers, executor=executor, progress=progress,
                      on_candidate=on_candidate, heartbeat=heartbeat)
    planned = result.planned
    lines = roster_lines(planned, entered)
    notes: list[str] = []
    norms = scenario_norms(scenario)
    team, plan_budget = team_and_budget(scenario, lines, norms)
    # The rule of thumb in whole people, as a bid states it.
    norms_budget = site_budget(norms.headcount_by_role(rounded=True), scenario)
    fee = None if plan_budget is None else fee_figure(
        plan_budget, lambda grade: site_budget(scenario_norms(scenario, grade=grade).headcount_by_role(rounded=True), scenario))
    if plan_budget is None:
        notes.append("budget needs exactly one site with floor_area_m2 > 0; a portfolio budget is not built yet")
    if result.set_aside:
        notes.append("targets no added staff could move (set aside): " + ", ".join(result.set_aside))
    # The rule of thumb on its own rosters and the same fresh random numbers as the evidence,
    # sized like any verification: looked at while a target of it can still be settled.
    norms_scenario = norms_rosters(scenario, norms)
    first = settings.verify_replications or scenario.replications
    norms_run = settled_run(with_staffing(norms_scenario, {"calendar.horizon_days": result.evidence.horizon_days}),
                            first, max(1, settings.verify_cap) * first, result.evidence.seed,
                            workers=workers, executor=executor, heartbeat=heartbeat)
    result.work.add("rule_of_thumb", norms_run.replications, norms_run.horizon_days)
    result.work.seconds = time.perf_counter() - started  # the whole plan: analytic start to the rule of thumb
    if Verdicts.of_run(norms_run).all_met and norms_budget is not None and plan_budget is not None \
            and norms_budget.total_yuan_per_year < plan_budget.total_yuan_per_year:
        notes.append("the rule-of-thumb plan also meets every target and costs less: prefer it")
    return SitePlan(result, lines, team, norms, plan_budget, norms_budget, notes, analytic, norms_run, fee,
                    roster_lines(norms_scenario))


def summary_text(plan: SitePlan) -> str:
    """A readable summary: staffing by shift, headcount against the norms, budget, evidence."""
    out = [f"Plan for {plan.search.scenario.name} ({plan.search.scenario.operating_model})", ""]
    out.append("Staffing by shift (people on each shift; × copies for zones, sites):")
    for line in plan.lines:
        change = "" if line.people == line.people_before else f"  (was {line.people_before})"
        copies = f" × {line.copies}" if line.copies > 1 else ""
        out.append(f"  {line.kind:4} {line.group:18} {line.shift:10} {line.start} {line.length_h:>4g} h "
                   f"{','.join(line.days) if len(line.days) < 7 else 'daily':27} {line.people}{copies}{change}")
    out += ["", "On duty by hour (whole people; zones and sites included; on call at home not counted):",
            f"  {'':23} {'days':13} " + " ".join(f"{h:02d}" for h in range(24))]
    for (kind, group), patterns in staffing_by_hour([line.__dict__ for line in plan.lines]).items():
        for days, cover in patterns:
            out.append(f"  {kind:4} {group:18} {'daily' if len(days) == 7 else ','.join(days):13} "
                       + " ".join(f"{people:2d}" for people in cover))
    out += ["", f"{'role':14} {'planned':>8} {'norms':>8}"]
    norms = plan.norms.headcount_by_role(rounded=True)
    for role in sorted(set(plan.headcount) | set(norms)):
        out.append(f"{role:14} {plan.headcount.get(role, 0.0):8.0f} {norms.get(role, 0.0):8.0f}")
    out.append(f"{'total':14} {sum(plan.headcount.values()):8.0f} {sum(norms.values()):8.0f}")
    out += ["", "Whole people per post (shift-days a week × relief ÷ days a person works, rounded up; "
                "at least what a roster with two days off needs):"]
    for group in plan.groups():
        out.append(f"  {group.kind:4} {group.group:18} {group.shift_days_per_week:7.2f} shift-days  "
                   f"FTE {group.fte:6.2f}  roster {group.roster_people:3d}  people {group.people:3d}")
    checks = compliance_checks(plan.search.scenario)
    if checks:
        out += ["", "Compliance: " + "; ".join(f"{c.rule} {c.where} {c.planned}/{c.required} "
                                              f"{'ok' if c.ok else 'NOT MET'} ({c.source})" for c in checks)]
    if plan.budget is not None:
        b, n = plan.budget, plan.norms_budget
        out += ["", f"Annual cost: planned {b.total_yuan_per_year:,.0f} yuan ({b.per_m2_month:.2f} yuan/m²·month); "
                    f"rule of thumb {n.total_yuan_per_year:,.0f} yuan ({n.per_m2_month:.2f} yuan/m²·month)",
                f"Break-even fee of the rule of thumb: {n.break_even_fee_yuan_per_m2_month:.2f} yuan/m²·month"]
        share = next((ln.yuan_per_year for ln in b.lines if ln.key == "group_call_centre_share"), 0.0)
        if plan.search.scenario.centre.operator == "group":
            out.append(f"Contact centre: the group call centre's (centre.operator: group): its pools are simulated, "
                       f"not staffed or paid here; the site's share of it, {share:,.0f} yuan a year, is in the cost; "
                       f"its commitments are the group centre's (planner portfolio)")
    if plan.fee is not None:
        out.append("Fee: " + fee_sentence(plan.fee.to_dict(), "en"))
    table = plan.search.evidence.kpi_table()
    targeted = table[table["direction"].notna()]
    verdicts = Verdicts.of_rows(targeted.to_dict("records"))
    out += ["", f"Evidence ({plan.search.evidence.replications} replications, fresh seed): " + verdict_line(verdicts)]
    if plan.search.evidence.about_line:
        out.append(f"  (intervals at {plan.search.evidence.level:.2%}, spread about the target: honest at 95% over "
                   f"verification's looks; planner.search.sequential)")
    on_line = on_line_keys(plan.search.evidence)
    if on_line:
        out.append("  on their line (within the indifference zone, neither side shown): " + ", ".join(on_line))
    norms_verdicts = None
    if plan.norms_run is not None:
        norms_verdicts = Verdicts.of_run(plan.norms_run)
        out.append("Rule of thumb on its own rosters, same random numbers: "
                   + verdict_line(norms_verdicts.over(verdicts)))
    for row, commitment in zip(targeted.itertuples(), verdicts.commitments):
        low = "—" if math.isnan(row.ci_low) else f"{row.ci_low:.3g}"
        high = "—" if math.isnan(row.ci_high) else f"{row.ci_high:.3g}"
        other = norms_verdicts.of(commitment.key) if norms_verdicts is not None else None
        out.append(f"  {commitment.key}: {row.mean:.3g} [{low}, {high}] {row.direction} {row.target:.3g} "
                   f"{VERDICT_WORDS[commitment.verdict]}" + (f"   (rule of thumb: {VERDICT_WORDS[other]})" if other else ""))
    for pool, report in plan.analytic_start.items():
        out += ["", f"Analytic start for {pool}: covering LP bound {report['lp_bound']:g}, integer "
                    f"{report['integer_cost']:g}, gap {report['gap']:g} person-hours a week", report["roster_text"]]
    result = plan.search
    out += ["", f"Search: {result.evaluations} candidate designs simulated in {result.seconds:.1f} s; "
                f"design cost {result.cost_yuan:,.0f} yuan a year", result.work.text()]
    if result.bound:
        out.append(f"Lower bound (cover and measured work, planner.search.bound): "
                   f"{result.bound['bound_yuan_per_year']:,.0f} yuan a year; the plan is {result.gap:.1%} above it")
    for name, option in result.options.items():
        beside = f" (with {', '.join(option['with_options'])} on in both)" if option.get("with_options") else ""
        out.append(f"Design option {name}: {'chosen' if option['chosen'] else 'not chosen'}; best design with it "
                   f"{option['cost_with_yuan']:,.0f}, without {option['cost_without_yuan']:,.0f}{beside}: saves "
                   f"{option['saving_yuan']:,.0f} yuan a year"
                   + ("" if option.get("meets_targets_with", True) else "; with it a target is given up"))
    if result.option_strategy == "greedy":
        out.append("Design options were searched one at a time on top of the best design so far (quick plan); "
                   "each saving is against the best design before it")
    if result.options_not_searched:
        out.append(f"Design options not searched (no option search starts after {result.max_candidates} candidates): "
                   + ", ".join(result.options_not_searched))
    out.append(f"Certificate: {len(result.certificate)} cheaper neighbours of the searched design tried, "
               f"{sum(t.feasible for t in result.certificate)} meeting every target"
               + (f"; repaired after verification: {', '.join(result.repaired)}" if result.repaired else ""))
    if result.option_certificate:
        out.append(f"Certificate over the design options: {len(result.option_certificate)} switched on the searched "
                   f"design, each followed by the search's repair and descent; "
                   f"{sum(t.outcome == 'cheaper' for t in result.option_certificate)} cheaper and meeting every target "
                   "(taken)")
        out += [f"  {t.text()}" for t in result.option_certificate]
    if result.fell_back_from is not None:
        out.append("The design first chosen (" + (", ".join(result.fell_back_from) or "no design options")
                   + ") still missed a target on fresh random numbers after repair; this plan is the cheapest other "
                   "search's design that met every one")
    if plan.norms_lines:
        out += ["", "Rule of thumb's own rosters (the norms' shifts: 3 × 8 h for 24-h posts, 5 × 8 h office days):"]
        for line in plan.norms_lines:
            copies = f" × {line.copies}" if line.copies > 1 else ""
            out.append(f"  {line.kind:4} {line.group:18} {line.shift:10} {line.start} {line.length_h:>4g} h "
                       f"{','.join(line.days) if len(line.days) < 7 else 'daily':27} {line.people}{copies}")
    out += [f"Note: {note}" for note in plan.notes]
    return "\n".join(out)
