"""A district planned both ways as plain data (portfolio.json's ``districts`` block) and as lines
of the portfolio's summary (planner.portfolio.districts; costs: planner.portfolio.district_costs).

Per district: its sites; the shared design (each shared team's people by shift, mode, base,
people and cost; each site's residual crew; the vehicles with their km; the district's cost in
fen and its allocation to the sites, adding up exactly; each site's verdicts; orders the shared
teams served at each site and their hours a day between sites); the own-teams design (each
site's team by shift, people, cost, verdicts); the saving (own − shared); which commitments each
design meets or not, by site; and, when swept, the saving at each spread.
"""

from __future__ import annotations

from planner.portfolio.district_costs import ROLE, allocate_district
from planner.portfolio.districts import DistrictPlan, Verdict
from sim.results.district_targets import stream_target
from sim.scenario.district import distance_km, positions_km

#: The wage basis said with every district's costs.
WAGE_BASIS = ("the portfolio's costs.wages_yuan_per_month.technician with the budget's on-costs "
              "(planner.costs.budget): every site of the portfolio pays its technicians so")


def _by_shift(counts: dict[str, int], prefix: str) -> dict[str, int]:
    return {slot[len(prefix):]: n for slot, n in counts.items() if slot.startswith(prefix)}


def _missed(verdicts: list[Verdict]) -> dict[str, list[str]]:
    """Each site's commitments not shown met (missed, inconclusive or not measured)."""
    out: dict[str, list[str]] = {}
    for v in verdicts:
        if v.status != "met":
            out.setdefault(v.site, []).append(v.stream)
    return out


def _verdicts(verdicts: list[Verdict], sites: list[str], scenario) -> dict[str, list[dict]]:
    """Each site's verdicts, with its commitment's time limit (minutes, and whether it counts
    working time only) for naming it in words."""
    def limit(stream: str) -> dict:
        target = stream_target(scenario, stream)
        return {"within_min": target.within_min, "working": target.clock == "working"}
    return {site: [v.to_dict() | limit(v.stream) for v in verdicts if v.site == site] for site in sites}


def district_dict(plan: DistrictPlan, scenario, basis: str) -> dict:
    """One district planned both ways (module doc); the district's cost allocated on ``basis``."""
    sh, own = plan.shared, plan.own
    total_fen, shares = allocate_district(sh.district_yuan_per_year, scenario, plan.sites, basis)
    spec = scenario.portfolio.districts[plan.name]
    shared = {
        "teams": {t: {"mode": spec.teams[t].mode, "base": plan.base[t], "roster": _by_shift(sh.counts, f"teams.{t}."),
                      "on_call": spec.teams[t].on_call.shift if spec.teams[t].on_call else None, **c.to_dict()}
                  for t, c in sh.teams.items()},
        "residual": {site: {"roster": _by_shift(sh.counts, f"residual.{site}."), **c.to_dict()}
                     for site, c in sh.residual.items()},
        "vehicles": [v.to_dict() for v in sh.vehicles],
        "district_cost_yuan_per_year": round(sh.district_yuan_per_year, 2),
        "district_cost_fen": total_fen,
        "allocation": {"basis": basis, "share_fen": shares},
        "total_yuan_per_year": round(sh.total_yuan_per_year, 2),
        "people": {"district": {t: c.people for t, c in sh.teams.items()},
                   "sites": {s: c.people for s, c in sh.residual.items()},
                   "total": sum(c.people for c in (*sh.teams.values(), *sh.residual.values()))},
        "km_per_year": round(sum(v.km_per_year for v in sh.vehicles), 1),
        "shared_orders_by_site": sh.shared_orders,
        "between_sites_h_per_day": round(sh.between_h_per_day, 3),
        "commitments": _verdicts(sh.verdicts, plan.sites, scenario),
        "missed": _missed(sh.verdicts),
        "evidence": sh.evidence,
        "evaluations": sh.evaluations,
    }
    own_block = {
        "sites": {site: {"roster": own.counts[site], **own.crews[site].to_dict()} for site in plan.sites},
        "total_yuan_per_year": round(own.total_yuan_per_year, 2),
        "people": {"sites": {s: c.people for s, c in own.crews.items()}, "total": sum(c.people for c in own.crews.values())},
        "commitments": _verdicts(own.verdicts, plan.sites, scenario),
        "missed": _missed(own.verdicts),
        "evidence": own.evidence,
        "evaluations": own.evaluations,
    }
    names = {key: scenario.display_names[key].model_dump(mode="json") for key in (plan.name, *spec.teams)
             if key in scenario.display_names}
    where = positions_km(scenario.portfolio.locations, plan.sites)
    return {"sites": plan.sites, "names": names,
            "locations_km": {s: [round(x, 4), round(y, 4)] for s, (x, y) in where.items()},
            "farthest_km": round(max((distance_km(where[a], where[b]) for a in where for b in where), default=0.0), 3),
            "role": ROLE, "wage_basis": WAGE_BASIS,
            "wage_yuan_per_month": scenario.costs.wages_yuan_per_month.get(ROLE),
            "shared": shared, "own": own_block, "saving_yuan_per_year": round(plan.saving_yuan_per_year, 2),
            "met": {"shared": not shared["missed"], "own": not own_block["missed"]}}


def districts_dict(plans: dict[str, DistrictPlan], scenario, basis: str, sweeps: dict | None = None) -> dict:
    """Every district's block (:func:`district_dict`), with its spread sweep when given."""
    out = {name: district_dict(plan, scenario, basis) for name, plan in plans.items()}
    for name, sweep in (sweeps or {}).items():
        out[name]["sweep"] = sweep
    return out


def summary_lines(districts: dict) -> list[str]:
    """The summary's lines on the districts (portfolio_summary.txt)."""
    out = []
    for name, d in districts.items():
        sh, own = d["shared"], d["own"]
        teams = "; ".join(f"{t} {'/'.join(str(n) for n in x['roster'].values())} by {'/'.join(x['roster'])} "
                          f"({x['people']} people, {x['mode']}, from {x['base']})" for t, x in sh["teams"].items())
        out += [f"District {name} ({len(d['sites'])} sites: {', '.join(d['sites'])}), technicians at "
                f"{d['wage_yuan_per_month'] or 0:,.0f} yuan/month ({d['wage_basis']}):",
                f"  shared: {teams}; residual crews "
                + ", ".join(f"{s} {x['people']}" for s, x in sh["residual"].items())
                + f"; {sh['people']['total']} people, {sh['total_yuan_per_year']:,.0f} yuan a year",
                f"    the district's cost {sh['district_cost_yuan_per_year']:,.2f} yuan (vehicles "
                + ", ".join(f"{v['count']} {v['mode']} {v['depreciation_yuan_per_year']:,.0f} + {v['km_per_year']:,.0f} km "
                            f"× {v['running_yuan_per_km']:g} = {v['running_yuan_per_year']:,.0f}" for v in sh["vehicles"])
                + f") allocated by {sh['allocation']['basis']}: "
                + ", ".join(f"{s} {fen / 100:,.2f}" for s, fen in sh["allocation"]["share_fen"].items()),
                "    orders served by the shared team: " + ", ".join(f"{s} {n}" for s, n in sh["shared_orders_by_site"].items())
                + f"; {sh['between_sites_h_per_day']:.1f} h a day between sites",
                f"  own teams: " + ", ".join(f"{s} {x['people']}" for s, x in own["sites"].items())
                + f"; {own['people']['total']} people, {own['total_yuan_per_year']:,.0f} yuan a year",
                f"  saving of sharing: {d['saving_yuan_per_year']:,.0f} yuan a year (own teams − shared)",
                "  simulated: " + "; ".join(
                    f"{design} {d[design]['evaluations']} candidates, {w['search']:,.0f} + {w['verification']:,.0f} "
                    f"replication-days (search + check)"
                    for design in ("shared", "own") if (w := d[design]["evidence"].get("replication_days")))]
        for design in ("shared", "own"):
            missed = d[design]["missed"]
            out.append(f"  {design}: every site's response commitments met at 95% confidence" if not missed else
                       f"  {design}: not shown met: " + "; ".join(f"{s} {', '.join(m)}" for s, m in missed.items()))
        if d.get("sweep"):
            out.append("  spread sweep (sites scaled about their centre): " + "; ".join(
                f"× {p['factor']:g} ({p['farthest_km']:.1f} km) {p['saving_yuan_per_year']:,.0f}" for p in d["sweep"]["points"]))
            stop = d["sweep"].get("stops_paying_km")
            out.append("  sharing pays at every spread within the reach limit" if stop is None else
                       f"  sharing stops paying beyond {stop:.1f} km between the farthest sites"
                       if d["sweep"].get("pays_at_smallest") else
                       f"  sharing does not pay even at the smallest spread swept ({stop:.1f} km)")
    return out
