"""How much more demand a plan can take: its **headroom**.

Contract. Given a plan's scenario with its planned rosters and design options applied
(``PlanResult.scenario``; a saved plan.json's ``scenario_parameters`` is the same scenario),
:func:`headroom` finds the largest demand multiplier m in [1, ``m_max``] at which every
commitment is still shown met with the plan's confidence: each commitment's whole 95% interval
on the right side of its target (``sim.results.verdicts``, the judgement of the plan's
verification), the commitments the plan set aside excepted (as its verification excepts them).

* **What m scales** (:func:`scaled`): every demand stream's rate, by family (:data:`FAMILIES`):
  ``calls_tickets`` (calls and app/WeChat tickets), ``remote_ops`` (device remote operations),
  ``work_orders`` (equipment failures and the share of patrol visits finding a fault, at most 1)
  and ``incidents`` (incidents with a rate of their own). Work orders opened by calls follow the
  calls, incidents verified from remote operations follow those. Planned work (maintenance,
  inspections, patrols, household visits) is not demand and is not scaled. The uniform headroom
  scales every family by m; a family's headroom scales that family alone.
* **How m is found**: the plan is simulated at m = 1, then at ``m_max``, then by bisection
  between the largest m found met and the smallest found not met until they are at most
  ``tolerance`` apart. Every m is simulated on the same ``replications`` × ``days`` and the same
  seed (common random numbers: the same residents and failures, only denser), so the answer
  moves with the plan, not with luck. Bisection assumes more demand never helps; on a noisy
  boundary it finds one crossing, within the tolerance of the met/not-met edge on these random
  numbers.
* **Answer** (:class:`Headroom`): ``multiplier`` the largest m found met (None: the plan does
  not meet every commitment at m = 1 on these runs: no headroom); ``at_least`` when it is met
  even at ``m_max``; ``first_broken`` the commitment that breaks first: of those not met at the
  smallest m found not met, the one missed by most (missed before inconclusive before no data,
  then the largest relative shortfall of the mean); ``replication_days`` what it simulated.

Bad settings (:func:`check_settings`) raise ValueError naming the setting; nothing runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping

from sim.results.kpi_key import KpiKey
from sim.results.verdicts import Commitment, Verdict, Verdicts
from sim.units import RATE_FIELDS

# The loader (pydantic) and the runner (pandas, SimPy) are imported where they run: the command
# line reads this module's defaults and checks while building its parser (tests/test_cli_start.py).
if TYPE_CHECKING:
    from sim.running.runner import RunResult
    from sim.scenario import Scenario

#: The stream families a multiplier scales (the module's contract says what each holds).
FAMILIES = ("calls_tickets", "remote_ops", "work_orders", "incidents")  # sim.scenario.uncertainty.FAMILIES
#: Defaults: small on purpose (a headroom is a look, not a verification); every one settable.
REPLICATIONS, DAYS, M_MAX, TOLERANCE = 5, 7.0, 3.0, 0.02
#: Largest multiplier range a headroom may search, and the finest tolerance (a finer one
#: only counts noise; a larger range would plan another site).
M_MAX_LIMIT, TOLERANCE_LEAST = 20.0, 0.001
#: Order in which not-met commitments are named as the first broken.
_VERDICT_ORDER = {Verdict.MISSED: 0, Verdict.NOT_SHOWN: 1, Verdict.NOT_MEASURED: 2}


def check_settings(replications: int, days: float, m_max: float, tolerance: float, warmup_days: float = 0.0) -> None:
    """ValueError naming the setting (``replications``, ``days``, ``m_max``, ``tolerance``) that
    is out of range; ``days`` must also be above the scenario's ``warmup_days``."""
    if not isinstance(replications, int) or isinstance(replications, bool) or replications < 2:
        raise ValueError(f"replications must be a whole number of at least 2 (an interval needs two), got {replications!r}")
    if not (isinstance(days, (int, float)) and math.isfinite(days) and 0 < days <= 3660):
        raise ValueError(f"days must be a number of days above 0 and at most 3660, got {days!r}")
    if days <= warmup_days:
        raise ValueError(f"days must be above the scenario's warm-up of {warmup_days:g} days, got {days!r}")
    if not (isinstance(m_max, (int, float)) and math.isfinite(m_max) and 1 < m_max <= M_MAX_LIMIT):
        raise ValueError(f"m_max must be above 1 and at most {M_MAX_LIMIT:g} (the range [1, m_max] must not be "
                         f"empty or absurd), got {m_max!r}")
    if not (isinstance(tolerance, (int, float)) and math.isfinite(tolerance)
            and TOLERANCE_LEAST <= tolerance < m_max - 1):
        raise ValueError(f"tolerance must be at least {TOLERANCE_LEAST:g} and below m_max − 1 = {m_max - 1:g}, "
                         f"got {tolerance!r}")


def _demand_rates(data: dict):
    """Every rate of a scenario's dump that a family's multiplier scales (the module's contract):
    (family, path, the mapping holding it, its key), in a fixed order."""
    demand = data["demand"]
    for family, kinds in (("calls_tickets", ("calls", "tickets")), ("remote_ops", ("remote_ops",))):
        for kind in kinds:
            for name, stream in (demand.get(kind) or {}).items():
                for rate in RATE_FIELDS:
                    if stream.get(rate) is not None:
                        yield family, ("demand", kind, name, rate), stream, rate
    ops = data.get("field")
    if ops is None:
        return
    for name, equipment in (ops.get("equipment") or {}).items():
        yield "work_orders", ("equipment", name), equipment, "failures_per_unit_per_year"
    orders = ops.get("work_orders") or {}
    if "patrol_fault_share" in orders:
        yield "work_orders", ("work_orders",), orders, "patrol_fault_share"
    for name, incident in (ops.get("incidents") or {}).items():
        for rate in ("rate_per_day", "rate_per_unit_per_year"):
            if incident.get(rate) is not None:
                yield "incidents", ("incidents", name, rate), incident, rate


def scaled(scenario: Scenario, multipliers: Mapping[str, float]) -> Scenario:
    """``scenario`` with each family's demand (:data:`FAMILIES`) × its multiplier (a family not
    named keeps its rate; a share, patrol_fault_share, at most 1)."""
    from sim.scenario.loader import validate

    unknown = sorted(set(multipliers) - set(FAMILIES))
    if unknown:
        raise ValueError(f"not a stream family: {', '.join(unknown)} (the families are {', '.join(FAMILIES)})")
    data = scenario.model_dump(mode="json")
    for family, _, holder, key in list(_demand_rates(data)):
        value = holder[key] * multipliers.get(family, 1.0)
        holder[key] = min(1.0, value) if key == "patrol_fault_share" else value
    return validate(data)


def with_demand_of(scenario: Scenario, source: Scenario) -> Scenario:
    """``scenario`` (a design planned on scaled demand) with ``source``'s demand rates: every rate
    :func:`scaled` scales, taken from ``source`` where ``source`` has it."""
    from sim.scenario.loader import validate

    data = scenario.model_dump(mode="json")
    rates = {path: holder[key] for _, path, holder, key in _demand_rates(source.model_dump(mode="json"))}
    for _, path, holder, key in list(_demand_rates(data)):
        if path in rates:
            holder[key] = rates[path]
    return validate(data)


def families_of(scenario: Scenario) -> list[str]:
    """The families (:data:`FAMILIES`) with any demand in ``scenario``: only these have a
    headroom of their own (scaling nothing would show every commitment met at any multiplier)."""
    demand, ops = scenario.demand, scenario.field

    def streams(*kinds: str) -> bool:
        return any(getattr(spec, rate, None) for kind in kinds for spec in (getattr(demand, kind) or {}).values()
                   for rate in RATE_FIELDS)

    present = {"calls_tickets": streams("calls", "tickets"), "remote_ops": streams("remote_ops"),
               "work_orders": ops is not None and (any(e.failures_per_unit_per_year for e in ops.equipment.values())
                                                   or ops.work_orders.patrol_fault_share > 0),
               "incidents": ops is not None and any(i.rate_per_day or i.rate_per_unit_per_year
                                                    for i in ops.incidents.values())}
    return [f for f in FAMILIES if present[f]]


def shortfall(commitment: Commitment, row) -> float:
    """Relative distance of the commitment's mean beyond its target (0 when on the right side)."""
    mean = getattr(row, "mean", math.nan) if row is not None else math.nan
    if mean is None or math.isnan(mean):
        return 0.0
    gap = commitment.target - mean if commitment.direction == ">=" else mean - commitment.target
    return max(gap, 0.0) / max(abs(commitment.target), 1e-9)


def broken(run: RunResult, ignore: Iterable[KpiKey] = ()) -> list[dict]:
    """The run's commitments not shown met (``ignore`` left out), the one missed by most first."""
    ignored = set(ignore)
    rows = run.kpi_rows()
    out = [(c, rows.get(c.key)) for c in Verdicts.of_run(run).not_met if c.key not in ignored]
    out.sort(key=lambda cr: (_VERDICT_ORDER[cr[0].verdict], -shortfall(*cr), str(cr[0].key)))
    return [{"key": str(c.key), "stream": c.key.stream, "metric": c.key.metric, "group": c.key.group,
             "direction": c.direction, "target": c.target, "verdict": c.verdict.value,
             "mean": None if row is None or math.isnan(row.mean) else round(float(row.mean), 6)}
            for c, row in out]


@dataclass
class Headroom:
    """One headroom (the module's contract): the multiplier found, what broke, what it cost."""

    #: "all" (every family × m) or the one family scaled
    family: str
    multiplier: float | None
    at_least: bool
    first_broken: dict | None
    tolerance: float
    m_max: float
    replications: int
    days: float
    seed: int
    replication_days: float
    #: every multiplier simulated, in order, and whether every commitment was met there
    trials: list[tuple[float, bool]] = field(default_factory=list)

    def to_dict(self) -> dict:
        """plan.json's ``headroom`` (or one of its ``families``)."""
        return {"family": self.family, "multiplier": self.multiplier, "at_least": self.at_least,
                "first_broken": self.first_broken, "tolerance": self.tolerance, "m_max": self.m_max,
                "replications": self.replications, "days": self.days, "seed": self.seed,
                "replication_days": round(self.replication_days, 3),
                "trials": [{"multiplier": m, "met": met} for m, met in self.trials]}

    def text(self) -> str:
        """One line for a summary."""
        what = "demand" if self.family == "all" else f"{self.family} demand"
        runs = (f"{self.replications} replications × {self.days:g} days, seed {self.seed}, "
                f"{self.replication_days:,.0f} replication-days")
        if self.multiplier is None:
            return f"Headroom ({what}): none: not every commitment is met at today's demand on {runs}; " \
                   f"first not met: {self.first_broken['key']}"
        if self.at_least:
            return f"Headroom ({what}): every commitment met even at × {self.multiplier:g} (the top searched) on {runs}"
        return (f"Headroom ({what}): every commitment met up to × {self.multiplier:.3g} (+{self.multiplier - 1:.0%}; "
                f"± {self.tolerance:g}) on {runs}; first to break: {self.first_broken['key']}")


def headroom(planned: Scenario, *, family: str | None = None, replications: int = REPLICATIONS, days: float = DAYS,
             m_max: float = M_MAX, tolerance: float = TOLERANCE, seed: int | None = None,
             ignore: Iterable[KpiKey] = (), workers: int = 1, heartbeat=None, on_trial=None) -> Headroom:
    """The headroom of the plan whose scenario is ``planned`` (the module's contract): every
    family scaled (``family`` None) or ``family`` alone; ``seed`` defaults to the scenario's;
    ``ignore`` the commitments the plan set aside. ``heartbeat()`` is called while a simulation
    runs and ``on_trial(family, m, met)`` after each multiplier (raising from either stops the
    search: the app's Stop)."""
    from planner.rostering.levers import with_staffing
    from sim.running.runner import simulate

    check_settings(replications, days, m_max, tolerance, planned.calendar.warmup_days)
    if family is not None and family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, got {family!r}")
    seed = planned.seed if seed is None else seed
    ignore = tuple(ignore)
    base = with_staffing(planned, {"calendar.horizon_days": days})  # type: ignore[dict-item]
    trials: list[tuple[float, bool]] = []
    spent = [0.0]

    def trial(m: float) -> list[dict]:
        scenario = scaled(base, {f: m for f in FAMILIES} if family is None else {family: m})
        run = simulate(scenario, replications=replications, seed=seed, workers=workers, heartbeat=heartbeat)
        spent[0] += replications * days
        out = broken(run, ignore)
        trials.append((round(m, 6), not out))
        if on_trial is not None:
            on_trial("all" if family is None else family, m, not out)
        return out

    def answer(multiplier: float | None, at_least: bool, first: dict | None) -> Headroom:
        return Headroom("all" if family is None else family, multiplier, at_least, first, tolerance, m_max,
                        replications, days, seed, spent[0], trials)

    failing = trial(1.0)
    if failing:
        return answer(None, False, failing[0])
    failing = trial(m_max)
    if not failing:
        return answer(m_max, True, None)
    low, high, first = 1.0, m_max, failing[0]
    while high - low > tolerance:
        middle = (low + high) / 2
        failing = trial(middle)
        if failing:
            high, first = middle, failing[0]
        else:
            low = middle
    return answer(round(low, 6), False, first)


@dataclass
class PlanHeadroom:
    """A plan's headroom: the uniform one and, when asked, each family's."""

    uniform: Headroom
    families: dict[str, Headroom] = field(default_factory=dict)

    @property
    def replication_days(self) -> float:
        return self.uniform.replication_days + sum(h.replication_days for h in self.families.values())

    def to_dict(self) -> dict:
        """plan.json's ``headroom``: the uniform headroom's fields, ``families`` (each family's,
        when asked) and ``replication_days`` of them all."""
        out = self.uniform.to_dict()
        if self.families:
            out["families"] = {f: h.to_dict() for f, h in self.families.items()}
        return out | {"replication_days": round(self.replication_days, 3)}

    def count_in(self, work) -> None:
        """Add what the headroom simulated to a plan's ``work`` (planner.search.work.Work), phase
        ``headroom``: plan.json's ``work.replication_days.total`` then holds it too."""
        for found in (self.uniform, *self.families.values()):
            work.add("headroom", found.replications, found.days * len(found.trials))

    def into_plan(self, plan: dict) -> dict:
        """plan.json's dict with this headroom (``headroom``) and its runs counted in ``work``
        (as :meth:`count_in` counts them in a plan being written)."""
        out = dict(plan, headroom=self.to_dict())
        work = plan.get("work")
        if isinstance(work, dict) and isinstance(work.get("replication_days"), dict):
            days = dict(work["replication_days"])
            before = days.get("headroom") or 0.0  # a headroom found again replaces the one before
            days["headroom"] = round(self.replication_days, 3)
            days["total"] = round(days.get("total", 0.0) - before + self.replication_days, 3)
            out["work"] = dict(work, replication_days=days)
        return out

    def text(self) -> list[str]:
        """The summary's lines: the uniform headroom's, then each family's."""
        return [self.uniform.text()] + [h.text() for h in self.families.values()]


def plan_headroom(planned: Scenario, set_aside: Iterable[str], seed: int, *, families: bool = False,
                  **settings) -> PlanHeadroom:
    """The headroom of a plan: ``planned`` its scenario, ``set_aside`` its set-aside commitments
    (KpiKey string forms), ``seed`` its evidence's; with ``families`` each family's too (those
    with demand in the scenario: :func:`families_of`)."""
    ignore = [KpiKey.parse(k) for k in set_aside]
    uniform = headroom(planned, seed=seed, ignore=ignore, **settings)
    return PlanHeadroom(uniform, {f: headroom(planned, family=f, seed=seed, ignore=ignore, **settings)
                                  for f in families_of(planned)} if families else {})
