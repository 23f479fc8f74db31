"""The verdict of each commitment: computed here and nowhere else.

A **commitment** is one KPI row with a target (``sim.results.centre_kpis.kpi_targets``): each
target × each group it is judged on (a pool's occupancy, an equipment class, a team's
utilisation) and, for an hourly floor, × each hour of the day. A run's commitments are its KPI
table's rows with a target; a plan's are its evidence's. An outside contractor's commitment
(``reported_targets``) carries a verdict of its own but is not counted among them.

The verdict of a commitment, from its replications' mean and 95% interval:

* :attr:`Verdict.MET`: the whole interval lies on the right side of the target;
* :attr:`Verdict.MISSED`: the whole interval lies on the wrong side;
* :attr:`Verdict.NOT_SHOWN` (inconclusive): the interval straddles the target (more
  replications could settle it);
* :attr:`Verdict.NOT_MEASURED`: there is no interval: no event of its kind in any replication,
  or in only one (one value says nothing of its own error). Never met.

A plan meets its commitments only when every one is :attr:`Verdict.MET`. :class:`Verdicts` is
the count every surface prints (the planner's summary, plan.json's ``verdicts`` block, the app's
pages, the proposal): one list, one count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Literal

from sim.results.kpi_key import KpiKey

Direction = Literal[">=", "<="]


class Verdict(str, Enum):
    """A commitment's verdict; its value is the word plan.json and the KPI table store (an older
    plan's ``status`` reads back with ``Verdict(status)``)."""

    MET = "met"
    MISSED = "missed"
    NOT_SHOWN = "inconclusive"
    NOT_MEASURED = "no data"


def judge(direction: Direction, bound: float, low: float, high: float, mean: float) -> Verdict:
    """The verdict of a target ``direction bound`` (">=" 0.8) on a mean and its 95% interval
    ``[low, high]`` (NaN: not measured, see the module's contract)."""
    if _missing(mean) or _missing(low) or _missing(high):
        return Verdict.NOT_MEASURED
    good_low, good_high = (low >= bound, high >= bound) if direction == ">=" else (high <= bound, low <= bound)
    if good_low:
        return Verdict.MET
    if not good_high:
        return Verdict.MISSED
    return Verdict.NOT_SHOWN


def _missing(value) -> bool:
    return value is None or math.isnan(float(value))


@dataclass(frozen=True)
class Commitment:
    """One commitment and its verdict."""

    key: KpiKey
    direction: Direction
    target: float
    verdict: Verdict


@dataclass(frozen=True)
class Verdicts:
    """The verdicts of a run's or a plan's commitments, in the KPI table's order."""

    commitments: tuple[Commitment, ...]

    @property
    def total(self) -> int:
        return len(self.commitments)

    def count(self, verdict: Verdict) -> int:
        return sum(c.verdict is verdict for c in self.commitments)

    @property
    def met(self) -> int:
        return self.count(Verdict.MET)

    @property
    def all_met(self) -> bool:
        """Whether every commitment is shown met (and there is at least one)."""
        return self.total > 0 and self.met == self.total

    @property
    def not_met(self) -> tuple[Commitment, ...]:
        """The commitments not shown met: missed, not yet shown and not measured."""
        return tuple(c for c in self.commitments if c.verdict is not Verdict.MET)

    def counts(self) -> dict[Verdict, int]:
        return {v: self.count(v) for v in Verdict}

    def of(self, key: KpiKey) -> Verdict | None:
        return next((c.verdict for c in self.commitments if c.key == key), None)

    def over(self, commitments: "Verdicts") -> "Verdicts":
        """These verdicts on another list of ``commitments`` (the rule of thumb judged on the
        plan's commitments, so both are counted out of the same total): not measured where these
        have none."""
        return Verdicts(tuple(Commitment(c.key, c.direction, c.target, self.of(c.key) or Verdict.NOT_MEASURED)
                              for c in commitments.commitments))

    def to_dict(self) -> dict:
        """plan.json's ``verdicts`` block: the count per verdict and each commitment's."""
        return {"total": self.total, "counts": {v.value: n for v, n in self.counts().items()},
                "commitments": [{"stream": c.key.stream, "metric": c.key.metric, "group": c.key.group,
                                 "direction": c.direction, "target": c.target, "verdict": c.verdict.value}
                                for c in self.commitments]}

    @classmethod
    def from_dict(cls, block: dict) -> "Verdicts":
        return cls(tuple(Commitment(KpiKey(c["stream"], c["metric"], c.get("group")), c["direction"], c["target"],
                                    Verdict(c["verdict"])) for c in block["commitments"]))

    @classmethod
    def of_rows(cls, rows: Iterable[dict]) -> "Verdicts":
        """The verdicts of KPI rows (``RunResult.kpi_table()``'s columns: stream, metric, group,
        direction, target, mean, ci_low, ci_high); rows without a target are not commitments."""
        out = []
        for r in rows:
            direction = r.get("direction")
            if not isinstance(direction, str) or not direction:
                continue
            group = r.get("group")
            key = KpiKey(r["stream"], r["metric"], group if isinstance(group, str) and group else None)
            out.append(Commitment(key, direction, float(r["target"]),
                                  judge(direction, float(r["target"]), r.get("ci_low"), r.get("ci_high"), r.get("mean"))))
        return cls(tuple(out))

    @classmethod
    def of_run(cls, run) -> "Verdicts":
        """The verdicts of a run's commitments (a ``RunResult``)."""
        return cls.of_rows(run.kpi_table().to_dict("records"))

    @classmethod
    def of_kpis(cls, kpis: Iterable[dict]) -> "Verdicts":
        """The verdicts of a JSON report's KPIs (``sim.results.report.to_json_dict``: ``ci95``)."""
        return cls.of_rows({**k, "ci_low": (k.get("ci95") or [None, None])[0],
                            "ci_high": (k.get("ci95") or [None, None])[1]} for k in kpis)

    @classmethod
    def of_plan(cls, plan: dict, rule_of_thumb: bool = False) -> "Verdicts":
        """A plan.json's verdicts (``rule_of_thumb``: its rule of thumb's, on its own rosters):
        the ``verdicts`` block, or (an older plan without one) the evidence judged here."""
        evidence = (plan.get("rule_of_thumb_evidence") or {}) if rule_of_thumb else plan
        block = evidence.get("verdicts")
        if block:
            return cls.from_dict(block)
        return cls.of_kpis(evidence.get("kpis", []) if rule_of_thumb else plan["evidence"]["kpis"])
