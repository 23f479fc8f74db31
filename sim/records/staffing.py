"""The staffing the records show, hour by hour of the week, and the roster that simulates it.

For each queue of the call log (first line ``agent``, escalated ``expert``) and each hour of the
week (Monday 00:00 first), one value per occurrence of that hour in the period (one per week),
then the median over the weeks (the upper median: no fractional person):

* with an ``agent`` column (agent id or extension, 坐席工号) filled for at least 90% of the
  answered calls: the number of distinct agents who answered a call of the queue in that hour
  (the answer is ``time + wait_s``). It can only miss an agent on duty who answered nothing that
  hour, so it is exact where calls are many;
* without it: the peak number of the queue's calls answered in that hour in talk at once
  (intervals ``[answer, answer + talk_s]``), a **lower bound** of the agents on duty (they also
  take tickets, gate operations, breaks...). Calls answered before the hour are left out: the
  agent finishing one may have ended the shift (overtime), so counting it could exceed the
  staffing (shifts are taken to start and end on the hour).

An occurrence without any answered call says nothing and is left out; an hour without calls in
any week takes the value of the hour before it (round the week), counted in ``filled``.

:func:`roster_for` turns a 7 × 24 table into a scenario roster: one shift per run of equal
staffing within a day (``n agents on from h for k hours``), runs alike on several days shared.
:func:`with_record_staffing` puts those rosters on the pools answering each queue.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.records.reading import RecordSet

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Queue of the call log → skill of the pool that answers it.
QUEUE_SKILL = {"agent": "calls", "expert": "expert"}
#: The share of answered calls that must name their agent for the agent column to be used.
MIN_NAMED_SHARE = 0.9
#: How far an export's rounding (times and durations to the second) can move a call's end.
ROUNDING_S = 2.0


@dataclass
class QueueStaffing:
    """Agents on duty per hour of the week (7 × 24 ints) for one queue of the records."""

    queue: str
    agents: np.ndarray                 # [weekday, hour], ints ≥ 0
    lower_bound: bool                  # True: from calls in talk at once (no agent column)
    weeks: np.ndarray                  # [weekday, hour]: occurrences with answered calls
    filled: np.ndarray                 # [weekday, hour]: no answered call in any week, value carried
    pool: str | None = None            # the scenario pool it stands for (with_record_staffing)

    def table(self) -> pd.DataFrame:
        """Rows Mon..Sun, columns the hours 0..23."""
        return pd.DataFrame(self.agents, index=list(DAY_LABELS), columns=list(range(24)))

    def basis(self) -> str:
        weeks = int(self.weeks.max()) if self.weeks.size else 0
        how = ("peak number of calls in talk at once in each hour: a lower bound of the agents on duty"
               if self.lower_bound else "distinct agents who answered calls in each hour")
        text = f"{how} (median over {weeks} week{'s' if weeks != 1 else ''})"
        n_filled = int(self.filled.sum())
        if n_filled:
            text += f"; {n_filled} hour{'s' if n_filled != 1 else ''} of the week without answered calls take the hour before's"
        return text


@dataclass
class Staffing:
    """The staffing of every queue the records show, and what could not be inferred."""

    queues: dict[str, QueueStaffing] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def lower_bound(self) -> bool:
        """Some pool simulated works a lower bound of its staffing."""
        return any(q.lower_bound and q.pool for q in self.queues.values())

    @property
    def simulated(self) -> bool:
        """Some pool works the records' staffing."""
        return any(q.pool for q in self.queues.values())

    def text(self) -> str:
        out = []
        for q in self.queues.values():
            head = (f"Staffing simulated for the {q.queue} queue (pool {q.pool})" if q.pool else
                    f"Staffing the records show for the {q.queue} queue (not simulated: no pool works it)")
            out.append(f"{head}: {q.basis()}" + (" (LOWER BOUND)" if q.lower_bound else ""))
            out.append("      " + " ".join(f"{h:>2}" for h in range(24)))
            for d in range(7):
                out.append(f"  {DAY_LABELS[d]} " + " ".join(f"{int(v):>2}" for v in q.agents[d]))
        out += self.notes
        return "\n".join(out)

    def as_dict(self) -> dict:
        return {"queues": {name: {"pool": q.pool, "lower_bound": q.lower_bound, "basis": q.basis(),
                                  "agents": q.agents.astype(int).tolist(), "weeks": q.weeks.astype(int).tolist(),
                                  "filled": q.filled.astype(bool).tolist()} for name, q in self.queues.items()},
                "notes": list(self.notes)}


def _cells(times: pd.Series, start: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """(occurrence index = hours since the period's first Monday 00:00, hour of the week)."""
    hours = ((times - pd.Timestamp(start)) // pd.Timedelta(hours=1)).to_numpy(np.int64)
    offset = start.weekday() * 24
    return hours, (hours + offset) % 168


def _median_over_weeks(values: dict[int, int], start: dt.date):
    """values {hour since start: value} → (7 × 24 upper medians, weeks with a value, filled)."""
    offset = start.weekday() * 24
    by_cell: list[list[int]] = [[] for _ in range(168)]
    for h, v in values.items():
        by_cell[(h + offset) % 168].append(v)
    agents = np.zeros(168, int)
    weeks = np.array([len(v) for v in by_cell])
    for c, v in enumerate(by_cell):
        if v:
            s = sorted(v)
            agents[c] = s[len(s) // 2]           # the upper median: an integer
    filled = weeks == 0
    if (~filled).any():
        known = np.flatnonzero(~filled)
        for c in np.flatnonzero(filled):
            before = known[known < c]
            agents[c] = agents[before[-1] if len(before) else known[-1]]
    return agents.reshape(7, 24), weeks.reshape(7, 24), filled.reshape(7, 24)


def _distinct_agents(frame: pd.DataFrame, start: dt.date) -> dict[int, int]:
    answer = frame["time"] + pd.to_timedelta(frame["wait_s"].to_numpy(float), unit="s")
    hours, _ = _cells(answer, start)
    cells = pd.DataFrame({"h": hours, "agent": frame["agent"].to_numpy()})
    return {int(h): int(n) for h, n in cells.groupby("h")["agent"].nunique().items()}


def _peak_in_talk(frame: pd.DataFrame, start: dt.date) -> dict[int, int]:
    """{hour since start: the most calls answered in that hour in talk at once} for the hours in
    which a call was answered. Only the hour's own answers count: a call answered before the hour
    may be held by an agent whose shift has ended (finishing it in overtime), who is no agent of
    this hour, while whoever answers within the hour is on duty in it. A talk is taken to end
    ROUNDING_S early: an agent taking the next call as the last one ends would otherwise seem to
    hold two calls when the export rounds its times to the second."""
    t0 = pd.Timestamp(start)
    begin = ((frame["time"] - t0).dt.total_seconds() + frame["wait_s"]).to_numpy(float)
    end = np.maximum(begin, begin + frame["talk_s"].to_numpy(float) - ROUNDING_S)
    hour = (begin // 3600).astype(np.int64)
    hours = np.concatenate([hour, hour])
    times = np.concatenate([begin, end])
    steps = np.concatenate([np.ones(len(begin), int), -np.ones(len(end), int)])
    order = np.lexsort((steps, times, hours))   # by hour, then time, an end before a start at the same instant
    hours, steps = hours[order], steps[order]
    level = pd.Series(steps).groupby(hours).cumsum().to_numpy()
    peak = pd.Series(level).groupby(hours).max()
    return {int(h): int(v) for h, v in peak.items()}


def infer_staffing(record_sets: list[RecordSet], start: dt.date) -> Staffing:
    """The staffing of each queue of the call records, per hour of the week (module docstring);
    ``start`` is the period's first day (weeks are counted from it)."""
    frames = [rs.frame for rs in record_sets if rs.kind == "calls" and len(rs.frame)]
    staffing = Staffing()
    if not frames:
        staffing.notes.append("no call records: the staffing simulated is the base scenario's")
        return staffing
    calls = pd.concat(frames, ignore_index=True)
    queue = calls["queue"].fillna("agent") if "queue" in calls else pd.Series("agent", index=calls.index)
    for name in ("agent", "expert"):
        f = calls[(queue == name).to_numpy() & (calls["outcome"] == "answered").to_numpy()]
        if not len(f):
            continue
        named = (f["agent"].astype(str).str.strip() != "").to_numpy() if "agent" in f else np.zeros(len(f), bool)
        has_agent = named.mean() >= MIN_NAMED_SHARE
        if has_agent:
            if not named.all():
                staffing.notes.append(f"{name} queue: {int((~named).sum())} of {len(f)} answered calls without an "
                                      "agent id: the others' agents counted")
            values = _distinct_agents(f[named], start)
        elif "talk_s" in f and f["talk_s"].notna().all():
            values = _peak_in_talk(f, start)
        else:
            staffing.notes.append(f"{name} queue: neither an agent column nor talk times: its pool keeps the "
                                  "base scenario's roster")
            continue
        agents, weeks, filled = _median_over_weeks(values, start)
        staffing.queues[name] = QueueStaffing(name, agents, not has_agent, weeks, filled)
    return staffing


def roster_for(agents: np.ndarray) -> dict:
    """A scenario roster ``{"shifts": {...}}`` with exactly ``agents[d, h]`` people on in hour h
    of weekday d: one shift per run of equal (non-zero) staffing within a day, shared by the
    days with the same run."""
    runs: dict[tuple[int, int, int], list[str]] = {}
    for d in range(7):
        h = 0
        while h < 24:
            n = int(agents[d, h])
            k = 1
            while h + k < 24 and int(agents[d, h + k]) == n:
                k += 1
            if n > 0:
                runs.setdefault((h, k, n), []).append(WEEKDAYS[d])
            h += k
    shifts = {f"from_{h:02d}h_{k}h_{n}": {"start": f"{h:02d}:00", "length_h": k, "days": days, "agents": n}
              for (h, k, n), days in sorted(runs.items())}
    if not shifts:
        raise ValueError("the staffing is zero in every hour: no roster")
    return {"shifts": shifts}


def with_record_staffing(scenario, staffing: Staffing):
    """``scenario`` with the pool answering each inferred queue (the one pool with its skill)
    working :func:`roster_for` the inferred staffing; its opening hours are not checked (the
    records' staffing is what it was). Pools that cannot be told apart keep their roster, noted; so does every pool of a centre serving
several sites (one site's records do not show a shared desk's staffing)."""
    from sim.scenario.loader import validate

    if len(scenario.sites) > 1:
        staffing.notes.append(f"the centre serves {len(scenario.sites)} sites: one site's records do not show its "
                              "staffing, so its rosters are the scenario's")
        return scenario
    data = scenario.model_dump(mode="json")
    changed = False
    for name, q in staffing.queues.items():
        skill = QUEUE_SKILL[name]
        pools = [p for p, pool in scenario.centre.pools.items() if skill in pool.skills]
        if len(pools) != 1:
            staffing.notes.append(f"{name} queue: {len(pools)} pools answer {skill} ({', '.join(pools) or 'none'}): "
                                  "the records do not say which; their rosters are the scenario's")
            continue
        if not q.agents.any():
            continue
        q.pool = pools[0]
        pool = data["centre"]["pools"][pools[0]]
        pool["roster"] = roster_for(q.agents)
        pool["opening_hours"] = None
        changed = True
    return validate(copy.deepcopy(data)) if changed else scenario
