"""What a plan simulated, counted in replication-days: one replication of one simulated day
(warm-up included: it is inside the horizon). It is the machine-independent measure of a plan's
cost; seconds vary with the host, replication-days with nothing but the method.

Phases: ``search`` (the candidates simulated while searching, and the repairs tried on the
verification's runs), ``verification`` (the chosen designs on fresh random numbers, every
replication added while a target was settled), ``rule_of_thumb`` (the norms' own rosters on the
verification's random numbers), ``headroom`` (the plan's headroom, planner.headroom, when asked:
0 otherwise), ``robust`` (with ``--robust``, planner.robust: the robust plan's own search,
verification and rule of thumb, and the check of both designs on demand draws). ``searches`` gives each search's share by the design options it
started with ("" for none)."""

from __future__ import annotations

from dataclasses import dataclass, field

PHASES = ("search", "verification", "rule_of_thumb", "headroom", "robust")


@dataclass
class Work:
    """Replication-days by phase and by search, candidates simulated, wall seconds."""

    replication_days: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    searches: dict[str, float] = field(default_factory=dict)
    candidates: int = 0
    seconds: float = 0.0

    def add(self, phase: str, replications: int, days: float, search: str | None = None) -> None:
        """Count ``replications`` of ``days`` simulated days in ``phase`` (and in ``search``)."""
        if phase not in self.replication_days:
            raise ValueError(f"phase must be one of {', '.join(PHASES)}, got {phase!r}")
        amount = replications * days
        self.replication_days[phase] += amount
        if search is not None:
            self.searches[search] = self.searches.get(search, 0.0) + amount

    @property
    def total(self) -> float:
        return sum(self.replication_days.values())

    def to_dict(self) -> dict:
        """plan.json's ``work``: ``{"replication_days": {"search", "verification",
        "rule_of_thumb", "headroom", "robust", "total"}, "searches": {options: replication-days}, "candidates",
        "seconds"}``."""
        days = {phase: round(value, 3) for phase, value in self.replication_days.items()}
        return {"replication_days": days | {"total": round(self.total, 3)},
                "searches": {k: round(v, 3) for k, v in self.searches.items()},
                "candidates": self.candidates, "seconds": round(self.seconds, 3)}

    def text(self) -> str:
        """One line for a summary."""
        d = self.replication_days
        return (f"Work: {self.total:,.0f} replication-days simulated (search {d['search']:,.0f}, verification "
                f"{d['verification']:,.0f}, rule of thumb {d['rule_of_thumb']:,.0f}"
                + "".join(f", {phase} {d[phase]:,.0f}" for phase in ("headroom", "robust") if d[phase])
                + f"); {self.candidates} candidates; "
                f"{self.seconds:.1f} s")

    def merged(self, other: "Work") -> "Work":
        """This work and ``other``'s together (a portfolio's tasks)."""
        out = Work(dict(self.replication_days), dict(self.searches), self.candidates + other.candidates,
                   self.seconds + other.seconds)
        for phase, value in other.replication_days.items():
            out.replication_days[phase] += value
        for key, value in other.searches.items():
            out.searches[key] = out.searches.get(key, 0.0) + value
        return out
