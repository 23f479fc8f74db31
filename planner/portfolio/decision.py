"""The group's decision: traditional against centralised on equal commitments, per site and in
total; the economies of scale of the centre; the number of sites at which it pays for itself;
which sites save most when migrated.

* :func:`portfolio_money`: the centre's budget (``planner.portfolio.budget.centre_budget``) on
  its planned rosters, allocated to the sites it serves on the chosen basis; every site's
  budget under both models from its one plan (``planner.portfolio.planning``). A traditional
  site's centralised budget carries the share it would bear at the centre's present cost per
  unit of the basis.
* :func:`centre_cost_curve`: the centre's cost and agents for the first n sites of an order,
  staffed by the analytic start (Erlang C by hour covered by shifts,
  ``planner.search.analytic_start``) and scaled by the planned centre's cost (and agents) over
  the analytic ones for the sites the planned centre serves, so the curve passes through the
  plan when the centre serves every site.
* :func:`break_even_sites`: sites migrate best first (largest saving before the centre's share:
  traditional total − centralised total without a share); n sites pay for the centre when
  Σ savings of the first n ≥ g × C(n), where C(n) is the centre's cost for them and g what one
  yuan of centre cost adds to a site's total (overheads, margin, taxes: the site budgets are
  affine in the share). The smallest such n, or None.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.costs.team import roster_lines
from planner.portfolio.budget import (CentreBudget, SiteMoney, allocate, allocation_weights, centre_budget, gross_up,
                                      site_budget)
from planner.portfolio.planning import PortfolioPlan
from planner.portfolio.split import centre_scenario
from planner.search.analytic_start import with_analytic_rosters
from sim.scenario import Scenario


@dataclass
class Money:
    """The portfolio's budgets: the centre's, each site's under both models, the allocation."""

    basis: str
    centre: CentreBudget | None
    sites: dict[str, SiteMoney]
    shares_fen: dict[str, int]
    gross_up: float

    def total(self, model: str | None = None) -> float:
        """The group's annual total: every site under ``model`` (None: each under its own), the
        centre's cost reaching the group through the centralised sites' shares."""
        out = 0.0
        for money in self.sites.values():
            use = model or money.model
            out += (money.centralised if use == "centralised" else money.traditional).total_yuan_per_year
        return out


def portfolio_money(plan: PortfolioPlan, basis: str | None = None) -> Money:
    """Budgets and allocation of a planned portfolio (module doc)."""
    scenario = plan.scenario
    portfolio = scenario.portfolio
    basis = basis or (portfolio.allocation_basis if portfolio is not None else "contacts")
    centre = None
    shares: dict[str, int] = {}
    per_unit = 0.0
    if plan.centre is not None:
        cs = plan.centre.scenario or centre_scenario(scenario, plan.centre.sites)
        centre = centre_budget(cs, plan.centre.lines, portfolio)
        weights = allocation_weights(cs, basis)
        shares = allocate(centre.total_fen, weights)
        per_unit = centre.total_fen / 100 / max(math.fsum(weights.values()), 1e-12)
    all_weights = allocation_weights(centre_scenario(scenario, list(scenario.sites)) if scenario.field is not None
                                     else scenario, basis) if plan.sites else {}
    sites = {}
    for name, sp in plan.sites.items():
        site = scenario.sites[name]
        share = shares[name] / 100 if name in shares else per_unit * all_weights.get(name, 0.0)
        try:
            sites[name] = SiteMoney(
                name, sp.model, site.households, site.floor_area_m2, all_weights.get(name, 0.0), share,
                site_budget(sp.team_traditional, site, scenario, "traditional", planned=sp.planned),
                site_budget(sp.team_centralised, site, scenario, "centralised", share, planned=sp.planned))
        except ValueError as exc:
            raise ValueError(f"sites.{name}: {exc}") from None
    g = gross_up(next(iter(scenario.sites.values())), scenario)
    return Money(basis, centre, sites, shares, g)


def migration_order(money: Money) -> list[str]:
    """Sites by their saving before the centre's share, largest first (ties: portfolio order)."""
    names = list(money.sites)
    return sorted(names, key=lambda n: (-before_share_saving(money, n), names.index(n)))


def before_share_saving(money: Money, name: str) -> float:
    """Traditional total − centralised total without the centre's share (its gross-up removed)."""
    m = money.sites[name]
    return m.traditional.total_yuan_per_year - (m.centralised.total_yuan_per_year - money.gross_up * m.share_yuan)


def ranking(money: Money) -> list[tuple[str, float]]:
    """Sites by what migrating saves with their share included, largest first."""
    return sorted(((n, m.saving_yuan_per_year) for n, m in money.sites.items()), key=lambda x: -x[1])


class CentreCost:
    """C(n): the centre's cost for the first n sites of ``order`` (module doc), memoised."""

    def __init__(self, scenario: Scenario, order: list[str], *, calibration: float = 1.0, horizon_days: float = 7.0):
        self.scenario, self.order, self.calibration, self.horizon_days = scenario, order, calibration, horizon_days
        self._cache: dict[int, tuple[float, dict]] = {}

    def analytic(self, n: int) -> tuple[float, dict]:
        """(the analytic centre's cost, its headcount by role) for the first n sites."""
        if not 1 <= n <= len(self.order):
            raise ValueError(f"n must be between 1 and {len(self.order)}, got {n}")
        if n not in self._cache:
            cs = centre_scenario(self.scenario, self.order[:n], horizon_days=self.horizon_days)
            start, _ = with_analytic_rosters(cs)
            cb = centre_budget(start, roster_lines(start), self.scenario.portfolio)
            self._cache[n] = (cb.total_yuan_per_year, cb.headcount)
        return self._cache[n]

    def __call__(self, n: int) -> float:
        return self.analytic(n)[0] * self.calibration


def break_even_sites(savings: list[float], centre_cost, gross: float) -> int | None:
    """The smallest n with Σ savings[:n] ≥ gross × centre_cost(n), or None (module doc).
    ``savings`` in migration order; ``centre_cost(n)`` is evaluated lazily, n = 1, 2, ..."""
    total = 0.0
    for n, saving in enumerate(savings, 1):
        total += saving
        if total >= gross * centre_cost(n):
            return n
    return None


def scale_points(n_sites: int) -> list[int]:
    """The site counts the economies-of-scale curve is drawn at (every n up to 12, then a grid)."""
    grid = list(range(1, min(n_sites, 12) + 1)) + [n for n in (16, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300)
                                                   if 12 < n < n_sites]
    return sorted(set(grid + [n_sites]))


def decision(plan: PortfolioPlan, money: Money, *, points: list[int] | None = None,
             curve: CentreCost | None = None) -> dict:
    """Totals under each model, the economies of scale, the break-even site count and the ranking.
    ``curve``: the C(n) to use (its order must be the migration order; it is calibrated here)."""
    scenario = plan.scenario
    order = migration_order(money)
    result: dict = {"totals_yuan_per_year": {"as_planned": round(money.total(), 2),
                                             "all_traditional": round(money.total("traditional"), 2),
                                             "all_centralised": round(money.total("centralised"), 2)},
                    "migration_order": order, "ranking": [[n, round(s, 2)] for n, s in ranking(money)]}
    households_total = sum(m.households for m in money.sites.values())
    result["per_household_month_yuan"] = {
        k: round(v / max(households_total, 1) / 12, 2) for k, v in result["totals_yuan_per_year"].items()}
    if not order or scenario.field is None:
        return result
    calibration = heads_calibration = 1.0
    curve_cost = curve or CentreCost(scenario, order, horizon_days=plan.settings.horizon_days)
    if curve_cost.order != order:
        raise ValueError("the centre's cost curve must follow the migration order")
    if money.centre is not None and plan.centre is not None:
        # Calibrated where the plan is: the analytic centre for the sites the planned centre serves.
        if set(plan.centre.sites) == set(order):
            analytic_all, analytic_heads = curve_cost.analytic(len(order))
        else:
            served = CentreCost(scenario, list(plan.centre.sites), horizon_days=plan.settings.horizon_days)
            analytic_all, analytic_heads = served.analytic(len(plan.centre.sites))
        calibration = money.centre.total_yuan_per_year / analytic_all if analytic_all else 1.0
        agents_all = analytic_heads.get("agent", 0.0) + analytic_heads.get("expert_agent", 0.0)
        planned = money.centre.headcount.get("agent", 0.0) + money.centre.headcount.get("expert_agent", 0.0)
        heads_calibration = planned / agents_all if agents_all else 1.0
    curve_cost.calibration = calibration
    savings = [before_share_saving(money, n) for n in order]
    result["break_even_sites"] = break_even_sites(savings, curve_cost, money.gross_up)
    result["calibration"] = {"cost": round(calibration, 4), "agents": round(heads_calibration, 4)}
    curve = []
    for n in points or scale_points(len(order)):
        cost, heads = curve_cost.analytic(n)
        names = order[:n]
        households = sum(money.sites[s].households for s in names)
        trad = sum(money.sites[s].traditional.total_yuan_per_year for s in names)
        cent = sum(money.sites[s].centralised.total_yuan_per_year - money.gross_up * money.sites[s].share_yuan
                   for s in names) + money.gross_up * cost * calibration
        # whole people, as a roster staffs them (the calibrated estimate rounded up)
        agents = math.ceil((heads.get("agent", 0.0) + heads.get("expert_agent", 0.0)) * heads_calibration - 1e-6)
        curve.append({"sites": n, "households": households, "centre_cost_yuan_per_year": round(cost * calibration, 2),
                      "centre_agents": agents,
                      "agents_per_1000_households": round(agents / households * 1000, 3) if households else None,
                      "traditional_per_household_month_yuan": round(trad / households / 12, 2) if households else None,
                      "centralised_per_household_month_yuan": round(cent / households / 12, 2) if households else None})
    result["scale"] = curve
    return result
