"""Planning for an uncertain forecast: ``planner plan --robust P`` (issue 39, point 2).

Contract. The scenario's ``demand_uncertainty`` (sim.scenario.uncertainty) gives each stream
family's demand multiplier M_f a distribution, the families independent. The robust plan is the
cheapest design the planner finds that meets every commitment with probability at least P over
those multipliers; it is reported beside the nominal plan (the forecast's) with the difference in
cost: the price of robustness.

* **Method: plan at a quantile.** Commitments only get harder as demand grows (the headroom's
  assumption, planner.headroom). So a design that meets every commitment when each uncertain
  family f is at its quantile q_f = F_f⁻¹(p_f) meets them for every draw with M_f ≤ q_f in every
  family, and P(meet) ≥ P(M_f ≤ q_f for all f) = Π p_f (independence). Taking p_f = P^(1/k)
  for the k uncertain families with demand (Šidák's split) makes that product exactly P. It is
  conservative: a draw with one family above its quantile and the others well below it is
  often still met, so the true probability is above P (Bonferroni's p_f = 1 − (1 − P)/k, valid
  without independence, is more conservative still; planning every family at P itself, the
  common-factor reading, is right only when the families move together and then is not
  conservative for independent ones). The scenario is scaled by q (planner.headroom.scaled)
  and planned by the ordinary pipeline (planner.plan.make_plan): the design is verified there
  with the plan's confidence at the quantile demand. The design is then put back on the
  forecast's demand (planner.headroom.with_demand_of) for the check.
* **Check: sample average on fresh draws.** ``draws`` demand draws from a seed of their own
  (``seed``, not the plan's), each simulated on ``replications`` × ``days`` of one simulation
  seed for every draw (common random numbers: the draws differ only in demand), for the robust
  and the nominal design alike. A draw is met when every commitment's mean is on the right side
  of its target (the plan's set-aside targets excepted; a commitment with nothing measured in a
  draw is not counted missed): one short run per draw cannot settle a rare commitment's 95%
  interval, which the plan's verification did at the quantile. The estimated probability is the
  share of draws met, with its 95% Wilson interval over the draws (the runs' own noise is not in
  it).
* **Zero uncertainty**: every quantile is 1 and the robust plan is the nominal plan (same
  design, same cost): the same scenario planned by the same seeded pipeline.

Bad settings (:func:`check_settings`) raise ValueError naming the setting; a scenario without a
``demand_uncertainty`` is refused by name. Nothing runs then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from planner.headroom import families_of, scaled, shortfall, with_demand_of
from sim.results.kpi_key import KpiKey
from sim.results.verdicts import Verdicts

if TYPE_CHECKING:
    from planner.plan import SitePlan
    from sim.running.runner import RunResult
    from sim.scenario import Scenario

#: Defaults of the check: a look at the probability, not a second verification. A draw's runs
#: must be long enough for a rare commitment's mean (incidents: a few a week on the default
#: site): on 3 × 7 days the default site's robust design read 17 of 20 draws met, every miss an
#: incident's response share; on 5 × 14 days 40 of 40 (docs/planner.md).
DRAWS, REPLICATIONS, DAYS = 20, 5, 14.0
#: Fewest and most draws: an interval from fewer says nothing; more is a study, not a check.
DRAWS_LEAST, DRAWS_MOST = 10, 1000
#: z of a two-sided 95% interval.
Z95 = 1.959963984540054


def check_settings(probability: float, draws: int, replications: int, days: float, warmup_days: float = 0.0) -> None:
    """ValueError naming the setting (``probability``, ``draws``, ``replications``, ``days``)
    that is out of range."""
    if not (isinstance(probability, (int, float)) and not isinstance(probability, bool)
            and math.isfinite(probability) and 0 < probability < 1):
        raise ValueError(f"probability must be above 0 and below 1 (0.9: every commitment met in nine forecasts "
                         f"of ten), got {probability!r}")
    if not isinstance(draws, int) or isinstance(draws, bool) or not DRAWS_LEAST <= draws <= DRAWS_MOST:
        raise ValueError(f"draws must be a whole number from {DRAWS_LEAST} to {DRAWS_MOST}, got {draws!r}")
    if not isinstance(replications, int) or isinstance(replications, bool) or replications < 1:
        raise ValueError(f"replications must be a whole number of at least 1, got {replications!r}")
    if not (isinstance(days, (int, float)) and math.isfinite(days) and 0 < days <= 3660):
        raise ValueError(f"days must be a number of days above 0 and at most 3660, got {days!r}")
    if days <= warmup_days:
        raise ValueError(f"days must be above the scenario's warm-up of {warmup_days:g} days, got {days!r}")


def uncertain_families(scenario: Scenario) -> dict:
    """The families of ``scenario.demand_uncertainty`` that are uncertain and have demand:
    family → its FamilyUncertainty. ValueError naming ``demand_uncertainty`` when the scenario
    has none."""
    if scenario.demand_uncertainty is None:
        raise ValueError(f"demand_uncertainty: scenario {scenario.name!r} says nothing of how uncertain its demand "
                         f"is; give demand_uncertainty.<family>.lognormal_sigma (or cases) for the families "
                         f"calls_tickets, remote_ops, work_orders, incidents")
    present = set(families_of(scenario))
    return {f: u for f, u in scenario.demand_uncertainty.families().items() if f in present and not u.certain}


def quantiles(scenario: Scenario, probability: float) -> tuple[float | None, dict[str, float]]:
    """Each uncertain family's probability p_f = P^(1/k) (None: no family is uncertain) and its
    quantile multiplier (the module's contract)."""
    families = uncertain_families(scenario)
    if not families:
        return None, {}
    each = probability ** (1 / len(families))
    return each, {f: u.quantile(each) for f, u in families.items()}


def draws_of(scenario: Scenario, count: int, seed: int) -> list[dict[str, float]]:
    """``count`` demand draws (family → multiplier) from ``seed``, the families independent."""
    import numpy as np

    rng = np.random.default_rng(seed)
    families = uncertain_families(scenario)
    return [{f: u.draw(rng) for f, u in families.items()} for _ in range(count)]


def missed_on_mean(run: RunResult, ignore: Iterable[KpiKey] = ()) -> list[str]:
    """The commitments of ``run`` whose mean is on the wrong side of the target (``ignore`` left
    out; nothing measured is not missed)."""
    ignored, rows = set(ignore), run.kpi_rows()
    return [str(c.key) for c in Verdicts.of_run(run).commitments
            if c.key not in ignored and shortfall(c, rows.get(c.key)) > 0]


def wilson(met: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a share ``met`` / ``n``."""
    p, z2 = met / n, Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Chance:
    """How often a design met every commitment over the check's draws."""

    met: list[bool]
    #: per draw, the commitments missed on their means
    missed: list[list[str]]

    @property
    def probability(self) -> float:
        return sum(self.met) / len(self.met)

    def to_dict(self) -> dict:
        low, high = wilson(sum(self.met), len(self.met))
        counts: dict[str, int] = {}
        for keys in self.missed:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        return {"draws_met": sum(self.met), "probability": round(self.probability, 4),
                "interval95": [round(low, 4), round(high, 4)],
                "missed_in_draws": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))}


def chance(planned: Scenario, draws: list[dict[str, float]], *, seed: int, replications: int, days: float,
           ignore: Iterable[KpiKey] = (), workers: int = 1) -> Chance:
    """The design of ``planned`` on every draw (the module's contract: one simulation seed for all)."""
    from planner.rostering.levers import with_staffing
    from sim.running.runner import simulate

    base = with_staffing(planned, {"calendar.horizon_days": days})  # type: ignore[dict-item]
    ignore = tuple(ignore)
    missed = [missed_on_mean(simulate(scaled(base, m), replications=replications, seed=seed, workers=workers), ignore)
              for m in draws]
    return Chance([not m for m in missed], missed)


def _design(plan: SitePlan) -> dict:
    """What the robust block says of a design: people, costs, its verification's verdicts."""
    budget = plan.budget.total_yuan_per_year if plan.budget is not None else None
    return {"people": round(sum(plan.headcount.values()), 3),
            "headcount": {role: round(v, 3) for role, v in sorted(plan.headcount.items())},
            "budget_yuan_per_year": None if budget is None else round(budget, 2),
            "design_cost_yuan_per_year": round(plan.search.cost_yuan, 2),
            "targets_met": not plan.search.unmet, "unmet": list(plan.search.unmet)}


@dataclass
class RobustPlan:
    """The robust plan beside the nominal one (the module's contract)."""

    probability: float
    family_probability: float | None
    multipliers: dict[str, float]
    uncertainty: dict
    nominal: SitePlan
    robust: SitePlan
    seed: int
    draws: list[dict[str, float]]
    replications: int
    days: float
    robust_chance: Chance
    nominal_chance: Chance
    replication_days: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def extra_yuan_per_year(self) -> float:
        """The price of robustness: the robust design's annual cost less the nominal's (the
        budgets' totals; the design costs when there is no budget)."""
        a, b = self.nominal.budget, self.robust.budget
        if a is not None and b is not None:
            return b.total_yuan_per_year - a.total_yuan_per_year
        return self.robust.search.cost_yuan - self.nominal.search.cost_yuan

    def count_in(self, work) -> None:
        """Add what the robust plan simulated (its search, verification and rule of thumb, and
        the check of both designs) to the nominal plan's ``work``, phase ``robust``."""
        work.add("robust", 1, self.replication_days)

    def to_dict(self) -> dict:
        """plan.json's ``robust``."""
        nominal, robust = _design(self.nominal), _design(self.robust)
        base = nominal["budget_yuan_per_year"] or nominal["design_cost_yuan_per_year"]
        return {
            "probability": self.probability, "split": "sidak", "family_probability":
                None if self.family_probability is None else round(self.family_probability, 6),
            "multipliers": {f: round(m, 6) for f, m in self.multipliers.items()},
            "uncertainty": self.uncertainty,
            "nominal": nominal,
            "robust": robust | {"staffing": [line.__dict__ | {"days": list(line.days)} for line in self.robust.lines],
                                "design_options": sorted(k for k, o in self.robust.search.options.items()
                                                         if o.get("chosen"))},
            "extra_yuan_per_year": round(self.extra_yuan_per_year, 2),
            "extra_share": round(self.extra_yuan_per_year / base, 6) if base else None,
            "check": {"draws": len(self.draws), "seed": self.seed, "replications": self.replications,
                      "days": self.days, "criterion": "mean",
                      "robust": self.robust_chance.to_dict(), "nominal": self.nominal_chance.to_dict(),
                      "multipliers": [{f: round(m, 4) for f, m in d.items()} for d in self.draws]},
            "replication_days": round(self.replication_days, 3),
            "notes": self.notes,
        }

    def text(self) -> list[str]:
        """The summary's lines."""
        d = self.to_dict()
        at = ", ".join(f"{f} × {m:.3g}" for f, m in self.multipliers.items()) or "every family certain: the forecast"
        each = "" if self.family_probability is None else \
            f"; each of {len(self.multipliers)} uncertain families at its {self.family_probability:.4g} quantile (Šidák)"
        money = "yuan a year" + ("" if self.nominal.budget is not None else " (design cost)")
        nominal, robust = d["nominal"], d["robust"]
        out = [f"Robust plan (every commitment met with probability ≥ {self.probability:g} over "
               f"demand_uncertainty{each}): planned at {at}",
               f"  annual cost {robust['budget_yuan_per_year'] or robust['design_cost_yuan_per_year']:,.0f} against "
               f"{nominal['budget_yuan_per_year'] or nominal['design_cost_yuan_per_year']:,.0f} nominal: price of "
               f"robustness {self.extra_yuan_per_year:+,.0f} {money}"
               + (f" ({d['extra_share']:+.1%})" if d["extra_share"] is not None else "")
               + f"; people {robust['people']:.0f} against {nominal['people']:.0f}"]
        for name, chance_ in (("robust", d["check"]["robust"]), ("nominal", d["check"]["nominal"])):
            low, high = chance_["interval95"]
            out.append(f"  check ({name}): every commitment met on its mean in {chance_['draws_met']} of "
                       f"{len(self.draws)} fresh demand draws: probability {chance_['probability']:.2f} "
                       f"[{low:.2f}, {high:.2f}] (seed {self.seed}, {self.replications} replications × "
                       f"{self.days:g} days a draw)")
        out += [f"  note: {n}" for n in self.notes]
        return out


def plan_robust(scenario: Scenario, nominal: SitePlan, probability: float, make, *, draws: int = DRAWS,
                replications: int = REPLICATIONS, days: float = DAYS, seed: int | None = None,
                workers: int = 1) -> RobustPlan:
    """The robust plan of ``scenario`` (the module's contract) beside ``nominal`` (its plan):
    ``make(scenario)`` plans a scenario as the nominal plan was planned; ``seed`` of the check
    defaults to the nominal evidence's + 1 (a seed of its own)."""
    check_settings(probability, draws, replications, days, scenario.calendar.warmup_days)
    each, multipliers = quantiles(scenario, probability)
    robust = make(scaled(scenario, multipliers))
    seed = nominal.search.evidence.seed + 1 if seed is None else seed
    sample = draws_of(scenario, draws, seed)
    ignore = [KpiKey.parse(k) for k in nominal.search.set_aside]
    settings = {"seed": seed, "replications": replications, "days": days, "workers": workers}
    # the robust design on the forecast's demand (its planned scenario holds the quantile's)
    robust_chance = chance(with_demand_of(robust.search.scenario, scenario), sample, ignore=ignore, **settings)
    nominal_chance = chance(nominal.search.scenario, sample, ignore=ignore, **settings)
    notes = []
    if robust.search.unmet:
        notes.append("the robust design does not meet every commitment at the quantile demand: "
                     + ", ".join(robust.search.unmet))
    if not multipliers:
        notes.append("no family with demand is uncertain: the robust plan is the forecast's, and every draw is the "
                     "forecast")
    elif robust_chance.probability < probability:
        notes.append(f"the check's estimate {robust_chance.probability:.2f} is below {probability:g}: a commitment "
                     f"the quantile's verification settled may miss on a short run's mean; more draws, replications "
                     f"or days (--robust-draws, --robust-replications, --robust-days) tell noise from shortfall")
    spent = robust.search.work.total + 2 * draws * replications * days
    return RobustPlan(probability, each, multipliers,
                      scenario.demand_uncertainty.model_dump(mode="json", exclude_none=True), nominal, robust, seed,
                      sample, replications, days, robust_chance, nominal_chance, spent, notes)
