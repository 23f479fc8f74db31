"""The design space of the search: what the planner may change in a scenario, and the moves
from one design to its neighbours.

A **design** is the roster of every contact-centre pool, field team and (traditional model)
fixed post, plus the **design options** switched on. An option changes how the operation is
organised rather than how many people it has: ``merge_pool`` (the service desk takes the
escalations of an expert pool, with their longer handle time, so the expert seats go; DOMAIN §9:
complaints go to the customer-service supervisor, not to a dedicated pool) and ``on_call`` (a
technician team's night shift, one lying wholly outside working hours, is worked on call at home:
emergencies call a technician out, routine work waits for the day; a standby allowance instead of
the shift's wages, planner.costs.on_call; DOMAIN §9 二线值班) and ``night_cover`` (traditional
model: the service desk's night shifts, those lying wholly outside working hours, go, and the fire
control room, manned around the clock anyway, answers the desk's calls, remote operations and
escalations in the hours the desk's other shifts leave open: a post's ``covers``) and
``second_line`` (a technician team's night shift keeps its awake people and one more is on call
at home beside them, 二线值班: the option adds the on-call shift, :func:`switch_on`).

**Moves** (each gives one neighbour; ``Move.kind``):

* ``add`` / ``remove``: one person more or fewer on a shift (or per crew of a rotation);
* ``transfer``: one person from one shift of a group to another of the same group;
* ``retime``: a shift starts ``step`` minutes earlier or later (everyone on it);
* ``split``: one person of a shift moves to a new shift like it starting ``step`` minutes
  earlier or later (a 07:00 gate shift beside the 08:00 one);
* ``resize``: a shift becomes 8, 9, 10 or 12 hours long;
* ``consolidate``: one person fewer on each of two shifts (or two fewer on one) and one person on
  a longer shift placed where the need is (two 8-hour shifts' second people become one 10-hour
  peak shift: fewer paid hours, the peak still covered);
* ``option``: a design option switched on or off.

A design is applied to the scenario it came from by :func:`apply_design`, which validates the
result with the loader (a roster that leaves opening hours uncovered is not a design).
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass
from typing import Iterator, Mapping

from planner.costs.on_call import Standby
from planner.costs.team import roster_people
from planner.rostering.compliance import raise_to_comply
from planner.search.changes import Change, ShiftRef
from sim.scenario import WEEKDAYS, Scenario
from sim.scenario.loader import validate
from sim.scenario.scenario import GroupPath, RosterSlot
from sim.scenario.roster import _clock_minutes

#: Shift lengths a resize may choose (hours).
LENGTHS_H: tuple[float, ...] = (8.0, 9.0, 10.0, 12.0)
#: Grid of start times for retime and split moves (minutes).
START_STEP_MIN = 60


def group_paths(scenario: Scenario) -> dict[str, tuple[str, str, str]]:
    """Every staffed group (``Scenario.staffed_groups``): its path in the scenario -> (kind, name, role)."""
    return {g.path: (g.kind, g.name, g.role) for g in scenario.staffed_groups()}


def _node(data: dict, path: str) -> dict:
    node = data
    for part in path.split("."):
        node = node[part]
    return node


#: Option kinds that put a technician shift on call at home (one team takes one of them at most).
ON_CALL_KINDS = ("on_call", "second_line")
#: Option kinds of the field teams alone (a centralised site of a portfolio takes these too).
FIELD_KINDS = ON_CALL_KINDS + ("butler_repairs",)
#: Every kind of design option (:class:`DesignOption`).
OPTION_KINDS = ("merge_pool", "night_cover", "room_alarms") + FIELD_KINDS
#: The trades whose small repairs a butler may take (``butler_repairs``): general repairs only;
#: electrical work needs a licensed electrician (特种作业操作证).
BUTLER_TRADES = ("general",)


def standby_name(shift: str) -> str:
    """The on-call shift a ``second_line`` option adds beside the awake ``shift``."""
    return f"{shift}_standby"


def is_standby(shift: str) -> bool:
    """Whether ``shift`` is an on-call shift named by :func:`standby_name`."""
    return shift.endswith(standby_name(""))


@dataclass(frozen=True)
class DesignOption:
    """A way of organising the operation the search may switch on. ``merge_pool``: the pool
    ``target`` takes the skills (and so the contacts) of the pool ``source``, which is removed.
    ``on_call``: the shift ``target`` of the field team ``source`` is worked on call at home.
    ``butler_repairs``: the butlers of team ``source`` take the small repairs (routine and planned
    orders) of trade ``target`` in their zone when one can do it next (sim.field.work_orders).
    ``room_alarms``: under centralised control the fire control room ``source``, staffed anyway,
    takes its own site's remote operations ``target`` (the alarm checks) instead of the centre's
    remote seats (``Post.handles_when_centralised``)."""

    kind: str
    source: str
    target: str

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.source}>{self.target}"

    @classmethod
    def parse(cls, name: str) -> "DesignOption":
        """The option named ``name`` (``kind:source>target``, as :attr:`name` writes it); a
        ValueError naming what is allowed otherwise."""
        kind, _, rest = str(name).partition(":")
        source, _, target = rest.partition(">")
        if kind not in OPTION_KINDS or not source or not target:
            raise ValueError(f"design option {name!r} is not one: write kind:source>target with a kind of "
                             f"{', '.join(OPTION_KINDS)}")
        return cls(kind, source, target)

    def conflicts(self, other: "DesignOption") -> bool:
        """Whether the two cannot be on together (both put a shift of the same team on call)."""
        return self.kind in ON_CALL_KINDS and other.kind in ON_CALL_KINDS and self.source == other.source

    @property
    def removes(self) -> tuple[str, ...]:
        """Group paths that no longer exist when the option is on."""
        return (GroupPath("pool", self.source),) if self.kind == "merge_pool" else ()

    def apply(self, data: dict) -> None:
        if self.kind == "butler_repairs":
            team = data["field"]["teams"][self.source]
            team["skills"] = list(dict.fromkeys(list(team.get("skills") or []) + [self.target]))
            return
        if self.kind == "night_cover":
            _apply_night_cover(data, self.source, self.target)
            return
        if self.kind == "room_alarms":
            post = data["field"]["posts"][self.source]
            post["handles_when_centralised"] = list(dict.fromkeys(list(post.get("handles_when_centralised") or [])
                                                                  + [self.target]))
            return
        if self.kind == "on_call":
            team = data["field"]["teams"][self.source]
            team["on_call"] = {**(team.get("on_call") or {}), "shift": self.target}
            return
        if self.kind == "second_line":
            team = data["field"]["teams"][self.source]
            standby = team["roster"]["shifts"].get(standby_name(self.target))
            if standby is not None and standby["agents"] > 0:
                team["on_call"] = {**(team.get("on_call") or {}), "shift": standby_name(self.target)}
            return
        pools = data["centre"]["pools"]
        target = pools[self.target]
        target["skills"] = list(dict.fromkeys(target["skills"] + pools[self.source]["skills"]))
        del pools[self.source]


def design_options(scenario: Scenario) -> list[DesignOption]:
    """The options that make sense for the scenario: each expert-only pool merged into the
    general pool that answers calls; each butler team taking the small repairs of a trade in
    ``BUTLER_TRADES`` that technicians fix and it does not take yet; each night shift of a
    technician team not already on call (a shift lying wholly outside the working hours of
    calendar.working_hours) worked on call."""
    pools = scenario.centre.staffed_pools
    general = [name for name, pool in pools.items() if "calls" in pool.skills]
    out = [DesignOption("merge_pool", name, general[0]) for name, pool in pools.items()
           if pool.skills == ["expert"] and general]
    hours = scenario.calendar.working_hours
    if scenario.field is not None and scenario.operating_model == "traditional" and general and len(scenario.sites) == 1:
        rooms = [name for name, post in scenario.staffed_posts().items()
                 if post.kind == "fire_control" and post.covers is None and post.roster.rotation is None]
        desk = pools[general[0]]
        night = _night_shifts(desk.roster.model_dump(mode="json"), hours.start_min, hours.end_min)
        if rooms and night and len(night) < len(desk.roster.shifts) and desk.roster.rotation is None:
            out.append(DesignOption("night_cover", general[0], rooms[0]))
    if scenario.field is not None and scenario.operating_model == "centralised" and scenario.centre.operator == "site":
        # the site's own centre: its fire control room, staffed anyway, may check its own alarms
        # (under a group centre the pooled seats are planned apart, so the option is not offered)
        for name, post in scenario.staffed_posts().items():
            if post.kind == "fire_control":
                out += [DesignOption("room_alarms", name, item) for item in post.handles
                        if item.split(".", 1)[0] == "remote_ops" and item not in post.handles_when_centralised]
    if scenario.field is not None:
        fixed_by_technicians = {t for team in scenario.field.teams.values() if team.role == "technician" for t in team.skills}
        for name, team in scenario.field.teams.items():
            if team.role == "butler":
                out += [DesignOption("butler_repairs", name, trade) for trade in BUTLER_TRADES
                        if trade in fixed_by_technicians and trade not in team.skills]
        for name, team in scenario.field.teams.items():
            if team.role != "technician" or team.roster.rotation is not None or (team.on_call and team.on_call.shift):
                continue
            for shift_name, shift in team.roster.shifts.items():
                if _outside(shift.start_min, shift.length_h * 60, hours.start_min, hours.end_min):
                    out.append(DesignOption("on_call", name, shift_name))
                    if standby_name(shift_name) not in team.roster.shifts:
                        out.append(DesignOption("second_line", name, shift_name))
    return out


def switch_on(design: "Design", option: DesignOption) -> "Design":
    """The design with ``option`` on, and the roster change the option starts from: a
    ``second_line`` option moves one person of the awake night shift (or, when it has one, adds
    one) to an on-call shift of the same hours beside it (DOMAIN §9: one awake, one on call)."""
    design = design.switch(option.name, True)
    if option.kind != "second_line":
        return design
    group = GroupPath("team", option.source)
    roster = design.roster(group)
    awake = roster["shifts"].get(option.target)
    if awake is None or standby_name(option.target) in roster["shifts"]:
        return design
    standby = {**copy.deepcopy(awake), "agents": 1}
    standby.pop("breaks", None)  # at home: no meal break to stagger
    if awake["agents"] >= 2:
        awake["agents"] -= 1
    roster["shifts"][standby_name(option.target)] = standby
    return design.replace(group, roster)


def _night_shifts(roster: dict, work_start_min: float, work_end_min: float) -> list[str]:
    """The shifts of a roster (as JSON) lying wholly outside the working hours."""
    if roster.get("rotation"):
        return []
    return [name for name, shift in roster["shifts"].items()
            if _outside(_clock_minutes(shift["start"]), shift["length_h"] * 60, work_start_min, work_end_min)]


def _uncovered_hours(roster: dict) -> list[tuple[str, str]]:
    """The clock intervals of the day that no worked shift of the roster reaches on any day."""
    covered = [False] * 1440
    for shift in roster["shifts"].values():
        if shift["agents"] <= 0:
            continue
        start = _clock_minutes(shift["start"])
        for minute in range(start, start + int(round(shift["length_h"] * 60))):
            covered[minute % 1440] = True
    gaps = []
    if not any(covered):
        return [("00:00", "24:00")]
    # start the sweep at a covered minute so a gap past midnight stays one interval
    first = covered.index(True)
    run_start = None
    for step in range(1, 1441):
        m = (first + step) % 1440
        if not covered[m] and run_start is None:
            run_start = m
        if covered[m] and run_start is not None:
            gaps.append((_clock(run_start), _clock(m)))
            run_start = None
    return gaps


def _apply_night_cover(data: dict, pool_name: str, post_name: str) -> None:
    """The desk's night shifts go; the fire control room answers its calls, remote operations
    and escalations in the hours its remaining shifts leave uncovered (DOMAIN §9: 夜间由消防控制室值守).
    The desk must still be on in the working hours of the calendar (its opening hours become them)."""
    hours = data["calendar"]["working_hours"]
    work_start = _clock_minutes(hours["start"])
    work_end = 1440 if hours["end"] == "24:00" else _clock_minutes(hours["end"])
    pool = data["centre"]["pools"][pool_name]
    shifts = pool["roster"]["shifts"]
    for name in _night_shifts(pool["roster"], work_start, work_end):
        if len(shifts) > 1:
            del shifts[name]
    gaps = _uncovered_hours(pool["roster"])
    # the desk still answers in working hours; the room takes what the desk leaves of the rest
    pool["opening_hours"] = {"start": hours["start"], "end": hours["end"], "days": list(WEEKDAYS)}
    kinds = [k for k in ("calls", "remote_ops", "expert") if k in pool["skills"]]
    data["field"]["posts"][post_name]["covers"] = {"kinds": kinds, "hours": [list(g) for g in gaps]} if gaps else None


def _outside(start_min: float, length_min: float, work_start_min: float, work_end_min: float) -> bool:
    """A shift [start, start + length) (may run past midnight) misses every day's working hours."""
    if length_min >= 1440 - (work_end_min - work_start_min):
        return False
    for day in (-1440, 0, 1440):
        if start_min < work_end_min + day and work_start_min + day < start_min + length_min:
            return False
    return True


def on_call_shifts(design: "Design", scenario: Scenario, options: list[DesignOption]) -> dict[GroupPath, str]:
    """Team group path -> the shift worked on call in ``design`` (the scenario's own, or an
    ``on_call`` option's when it is on)."""
    out = {}
    if scenario.field is not None:
        for name, team in scenario.field.teams.items():
            if team.on_call is not None and team.on_call.shift is not None:
                out[GroupPath("team", name)] = team.on_call.shift
    for option in options:
        if option.kind == "on_call" and option.name in design.options:
            out[GroupPath("team", option.source)] = option.target
        if option.kind == "second_line" and option.name in design.options:
            group = GroupPath("team", option.source)
            shift = design.roster(group)["shifts"].get(standby_name(option.target)) if group in design.groups() else None
            if shift is not None and shift["agents"] > 0:
                out[group] = standby_name(option.target)
    return out


def standby_of_design(design: "Design", scenario: Scenario, options: list[DesignOption]) -> list[Standby]:
    """The on-call shifts of ``design`` (planner.costs.on_call), without building its scenario."""
    out = []
    sites = len(scenario.sites)
    for group, shift_name in on_call_shifts(design, scenario, options).items():
        if group not in design.groups():
            continue
        shift = design.roster(group)["shifts"].get(shift_name)
        if shift is None:
            continue
        team = scenario.field.teams[group.name]
        allowance = team.on_call.standby_allowance_yuan_per_shift if team.on_call is not None else _default_allowance()
        out.append(Standby(group.name, shift_name, int(shift["agents"]), tuple(shift["days"]), allowance, sites))
    return out


def _default_allowance() -> float:
    from sim.scenario.field import OnCall

    return OnCall().standby_allowance_yuan_per_shift


@dataclass(frozen=True)
class Design:
    """Rosters by group path (as canonical JSON, so a design is hashable) and the options on."""

    rosters: tuple[tuple[str, str], ...]
    options: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple:
        return self.rosters, tuple(sorted(self.options))

    def roster(self, group: str) -> dict:
        return json.loads(dict(self.rosters)[group])

    def groups(self) -> list[str]:
        return [g for g, _ in self.rosters]

    def replace(self, group: str, roster: dict) -> "Design":
        text = json.dumps(roster, sort_keys=True)
        return Design(tuple((g, text if g == group else r) for g, r in self.rosters), self.options)

    def switch(self, option: str, on: bool) -> "Design":
        return Design(self.rosters, self.options | {option} if on else self.options - {option})

    def staffing(self) -> dict[RosterSlot, int]:
        """The head counts of the design, by roster slot: the path of each shift's ``agents`` (or a
        rotation's ``people_per_crew``), which knows its group and shift."""
        out = {}
        for group, _ in self.rosters:
            roster = self.roster(group)
            if roster.get("rotation"):
                out[RosterSlot(group)] = int(roster["rotation"]["people_per_crew"])
            else:
                for name, shift in roster["shifts"].items():
                    out[RosterSlot(group, name)] = int(shift["agents"])
        return out


def initial_design(scenario: Scenario) -> Design:
    data = scenario.model_dump(mode="json")
    return Design(tuple((g, json.dumps(_node(data, g)["roster"], sort_keys=True)) for g in group_paths(scenario)))


def apply_design(scenario: Scenario, design: Design, options: list[DesignOption] | None = None) -> Scenario:
    """``scenario`` with the design's rosters and options (ScenarioError when it is not valid)."""
    data = scenario.model_dump(mode="json")
    by_name = {o.name: o for o in (options if options is not None else design_options(scenario))}
    for group, roster in design.rosters:
        _node(data, group)["roster"] = json.loads(roster)
    for name in sorted(design.options):  # after the rosters: an option may change a roster (night_cover)
        by_name[name].apply(data)
    return validate(data)


def with_counts(design: Design, counts: Mapping[RosterSlot, int]) -> Design:
    """The design with head counts set by roster slot (as :meth:`Design.staffing` names them)."""
    by_group: dict[GroupPath, dict[str | None, int]] = {}
    for slot, value in counts.items():
        by_group.setdefault(slot.group, {})[slot.shift] = int(value)
    out = design
    for group in design.groups():
        mine = by_group.get(group)
        if not mine:
            continue
        roster = out.roster(group)
        for shift, value in mine.items():
            if shift is None:
                roster["rotation"]["people_per_crew"] = value
            elif shift in roster["shifts"]:
                roster["shifts"][shift]["agents"] = value
        out = out.replace(group, roster)
    return out


def compliant_design(scenario: Scenario, design: Design, options: list[DesignOption] | None = None) -> Design:
    """The design with its fixed posts raised to what the compliance rules ask
    (planner.rostering.compliance); unchanged when it complies."""
    for _ in range(4):
        counts = raise_to_comply(apply_design(scenario, design, options))
        if not counts:
            break
        design = with_counts(design, counts)
    return design


def drop_empty_shifts(design: Design) -> Design:
    """The design without shifts nobody works (a roster keeps at least one shift, and every
    shift a rotation names)."""
    out = design
    for group in design.groups():
        roster = design.roster(group)
        if roster.get("rotation"):
            continue
        keep = {n: s for n, s in roster["shifts"].items() if s["agents"] > 0}
        if keep and len(keep) < len(roster["shifts"]):
            out = out.replace(group, {**roster, "shifts": keep})
    return out


def merge_same_shifts(design: Design) -> Design:
    """The design with shifts of the same times merged, so a roster is a few patterns a site
    can run: shifts of a group with the same start, length and days become one (people added,
    the first one's name and breaks kept); then shifts with the same start, length, people and
    breaks on different days become one worked on all their days (a weekday "16:00 8 h" and a
    Tuesday "16:00 8 h" of the same people)."""
    out = design
    for group in design.groups():
        roster = design.roster(group)
        if roster.get("rotation"):
            continue
        shifts: dict[str, dict] = {}
        for name, shift in roster["shifts"].items():
            # a shift on call at home (``*_standby``) is paid an allowance, not a shift: never
            # merged with the awake shift of the same hours
            same = None if is_standby(name) else next(
                (k for k, s in shifts.items() if not is_standby(k) and
                 (s["start"], s["length_h"], sorted(s["days"])) == (shift["start"], shift["length_h"], sorted(shift["days"]))),
                None)
            if same is None:
                shifts[name] = copy.deepcopy(shift)
            else:
                shifts[same]["agents"] += shift["agents"]
        merged: dict[str, dict] = {}
        for name, shift in shifts.items():
            like = next((k for k, s in merged.items() if (s["start"], s["length_h"], s["agents"], s.get("breaks")) ==
                         (shift["start"], shift["length_h"], shift["agents"], shift.get("breaks"))
                         and not set(s["days"]) & set(shift["days"])
                         and is_standby(k) == is_standby(name)), None)
            if like is None:
                merged[name] = shift
            else:
                days = set(merged[like]["days"]) | set(shift["days"])
                merged[like]["days"] = [d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if d in days]
        if merged != roster["shifts"]:
            out = out.replace(group, {**roster, "shifts": merged})
    return out


# --------------------------------------------------------------------------- moves


@dataclass(frozen=True)
class Move:
    """A neighbour of a design: how it was reached (``kind``, and the ``change`` as values)
    and the design."""

    kind: str
    change: Change
    design: Design
    group: str | None = None

    @property
    def label(self) -> str:
        """The move's one string form (:attr:`Change.label`)."""
        return self.change.label


def _clock(minutes: int) -> str:
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _with_shift(roster: dict, name: str, **changes) -> dict:
    roster = copy.deepcopy(roster)
    roster["shifts"][name].update(changes)
    return roster


def count_moves(design: Design, group: str, delta: int) -> Iterator[Move]:
    roster = design.roster(group)
    if roster.get("rotation"):
        value = roster["rotation"]["people_per_crew"] + delta
        if value >= 0:
            new = copy.deepcopy(roster)
            new["rotation"]["people_per_crew"] = value
            yield Move("add" if delta > 0 else "remove",
                       Change("add" if delta > 0 else "remove", group, field="people_per_crew", delta=delta),
                       design.replace(group, new), group)
        return
    for name, shift in roster["shifts"].items():
        if shift["agents"] + delta >= 0:
            yield Move("add" if delta > 0 else "remove", Change("add" if delta > 0 else "remove", group,
                                                                  ShiftRef.of(name, shift), "agents", delta),
                       design.replace(group, _with_shift(roster, name, agents=shift["agents"] + delta)), group)


def saturated(design: Design, groups: list[str], delta: int) -> Design:
    """The design with ``delta`` more people on every shift (every crew of a rotation) of each
    of ``groups``: more than any one add of the repair's doubling tries."""
    for group in groups:
        roster = copy.deepcopy(design.roster(group))
        if roster.get("rotation"):
            roster["rotation"]["people_per_crew"] += delta
        else:
            for shift in roster["shifts"].values():
                shift["agents"] += delta
        design = design.replace(group, roster)
    return design


def transfer_moves(design: Design, group: str) -> Iterator[Move]:
    roster = design.roster(group)
    if roster.get("rotation"):
        return
    shifts = roster["shifts"]
    for a, sa in shifts.items():
        if sa["agents"] < 1:
            continue
        for b, sb in shifts.items():
            if a != b:
                new = _with_shift(_with_shift(roster, a, agents=sa["agents"] - 1), b, agents=sb["agents"] + 1)
                yield Move("transfer", Change("transfer", group, ShiftRef.of(a, sa), "agents", 1, other=ShiftRef.of(b, sb)),
                           design.replace(group, new), group)


def _movable(roster: dict, min_agents: int = 1) -> Iterator[tuple[str, dict]]:
    """The shifts a retime, split or resize may change: not of a rotation, shorter than a day,
    worked by at least ``min_agents``."""
    if roster.get("rotation"):
        return
    for name, shift in roster["shifts"].items():
        if shift["length_h"] < 24 and shift["agents"] >= min_agents:
            yield name, shift


def retime_moves(design: Design, group: str, step_min: int = START_STEP_MIN) -> Iterator[Move]:
    roster = design.roster(group)
    for name, shift in _movable(roster):
        for delta in (-step_min, step_min):
            start = _clock(_clock_minutes(shift["start"]) + delta)
            yield Move("retime", Change("retime", group, ShiftRef.of(name, shift), "start", start=start),
                       design.replace(group, _with_shift(roster, name, start=start)), group)


def split_moves(design: Design, group: str, step_min: int = START_STEP_MIN) -> Iterator[Move]:
    roster = design.roster(group)
    shifts = roster["shifts"]
    for name, shift in _movable(roster, 2):
        for delta in (-step_min, step_min):
            start = _clock(_clock_minutes(shift["start"]) + delta)
            like = {"start": start, "length_h": shift["length_h"], "days": shift["days"]}
            if any({k: s[k] for k in like} == like for s in shifts.values()):
                continue  # a shift like that exists: that is a transfer
            new_name = f"{name}_{start.replace(':', '')}"
            if new_name in shifts:
                continue
            new = _with_shift(roster, name, agents=shift["agents"] - 1)
            new["shifts"][new_name] = {**copy.deepcopy(shift), "start": start, "agents": 1}
            yield Move("split", Change("split", group, ShiftRef.of(name, shift), "agents", 1, start=start,
                                       made=ShiftRef(new_name, start, float(shift["length_h"]))),
                       design.replace(group, new), group)


def resize_moves(design: Design, group: str, lengths_h=LENGTHS_H) -> Iterator[Move]:
    roster = design.roster(group)
    for name, shift in _movable(roster):
        for length in lengths_h:
            if length != shift["length_h"]:
                yield Move("resize", Change("resize", group, ShiftRef.of(name, shift), "length_h", length_h=length),
                           design.replace(group, _with_shift(roster, name, length_h=length)), group)


def best_window_start(need: list[float], length_h: float, step_min: int = START_STEP_MIN) -> str:
    """The start on the grid whose ``length_h`` hours cover the most positive ``need`` (by hour of
    the day, wrapping past midnight); the earliest of equal ones."""
    best, best_start = -math.inf, 0
    for start in range(0, 1440, step_min):
        covered = sum(max(need[((start + m) // 60) % 24], 0.0) for m in range(0, int(round(length_h * 60)), 60))
        if covered > best + 1e-12:
            best, best_start = covered, start
    return _clock(best_start)


def consolidate_moves(design: Design, group: str, need_by_shift: dict[str, list[float]],
                      lengths_h=LENGTHS_H) -> Iterator[Move]:
    """One person fewer on each of two shifts (or two fewer on one) of ``group`` and one person on
    a shift of ``lengths_h`` placed where the need is, when it is fewer paid hours: two 8-hour
    shifts' second people become one 10-hour peak shift. The shifts drawn from are those of
    ``need_by_shift`` (shift -> by hour of the day, what removing one of its people leaves short),
    and the new shift goes where the two needs summed are greatest (:func:`best_window_start`).
    It keeps the days and breaks of the first shift it draws from (a break that no longer fits
    makes an invalid design, which the search skips)."""
    roster = design.roster(group)
    names = [n for n, _ in _movable(roster) if not is_standby(n) and n in need_by_shift]
    shifts = roster["shifts"]
    for i, a in enumerate(names):
        for b in names[i:]:
            sa, sb = shifts[a], shifts[b]
            if (a == b and sa["agents"] < 2) or sorted(sa["days"]) != sorted(sb["days"]):
                continue
            base = _with_shift(roster, a, agents=sa["agents"] - 1)
            base = _with_shift(base, b, agents=base["shifts"][b]["agents"] - 1)
            need = [x + y for x, y in zip(need_by_shift[a], need_by_shift[b])] if a != b else need_by_shift[a]
            for length in lengths_h:
                if length >= sa["length_h"] + sb["length_h"]:
                    continue
                start = best_window_start(need, length)
                new = copy.deepcopy(base)
                same = next((n for n, s in new["shifts"].items() if not is_standby(n) and s["start"] == start
                             and s["length_h"] == length and sorted(s["days"]) == sorted(sa["days"])), None)
                if same is not None:
                    new["shifts"][same]["agents"] += 1
                    made = ShiftRef(same, start, float(length))
                else:
                    name = f"{a}_{start.replace(':', '')}_{length:g}h"
                    if name in new["shifts"]:
                        continue
                    new["shifts"][name] = {**copy.deepcopy(sa), "start": start, "length_h": length, "agents": 1}
                    made = ShiftRef(name, start, float(length))
                if new == roster:
                    continue
                change = Change("consolidate", group, ShiftRef.of(a, sa), "agents", -1, start=start, length_h=float(length),
                                other=ShiftRef.of(b, sb), made=made)
                yield Move("consolidate", change, design.replace(group, new), group)


def touched(current: Design, neighbour: Design) -> tuple:
    """What of ``current`` a neighbour changes, as it is in ``current``: the options, and for each
    group whose roster differs, the shifts that differ (name and ``current``'s shift, None for a
    shift the neighbour adds), or the whole roster when more than its shifts differ (a rotation).
    Two neighbours of two designs with the same ``touched`` make the same change to the same
    shifts (the descent's memo of failed moves, ``planner.search.descend.Search``)."""
    out: list = [tuple(sorted(current.options)), tuple(sorted(neighbour.options))]
    mine = dict(current.rosters)
    for group, text in neighbour.rosters:
        if mine.get(group) == text:
            continue
        a, b = json.loads(mine[group]) if group in mine else {}, json.loads(text)
        if {k: v for k, v in a.items() if k != "shifts"} != {k: v for k, v in b.items() if k != "shifts"}:
            out.append((group, mine.get(group)))
            continue
        shifts_a, shifts_b = a.get("shifts", {}), b.get("shifts", {})
        changed = sorted(n for n in set(shifts_a) | set(shifts_b) if shifts_a.get(n) != shifts_b.get(n))
        out.append((group, tuple((n, json.dumps(shifts_a.get(n), sort_keys=True)) for n in changed)))
    return tuple(out)


def option_moves(design: Design, options: list[DesignOption]) -> Iterator[Move]:
    for option in options:
        on = option.name in design.options
        yield Move("option", Change("option", option=option.name, on=not on), design.switch(option.name, not on), None)


def retime_group_moves(design: Design, group: str, step_min: int = START_STEP_MIN) -> Iterator[Move]:
    """Every shift of the group starts ``step`` minutes earlier or later together (the gate's
    day shift at 07:00 for the morning exit peak, the night shift then ending at 07:00)."""
    roster = design.roster(group)
    shifts = {n: s for n, s in roster["shifts"].items() if s["length_h"] < 24}
    if roster.get("rotation") or len(shifts) < 2:
        return
    for delta in (-step_min, step_min):
        new = copy.deepcopy(roster)
        for name in shifts:
            new["shifts"][name]["start"] = _clock(_clock_minutes(shifts[name]["start"]) + delta)
        yield Move("retime", Change("retime_all", group, field="start", delta=delta), design.replace(group, new), group)


def neutral_moves(design: Design, group: str) -> Iterator[Move]:
    """Moves that keep a group's people: transfers, retimes (of a shift or of every shift) and splits."""
    yield from transfer_moves(design, group)
    yield from retime_moves(design, group)
    yield from retime_group_moves(design, group)
    yield from split_moves(design, group)


def shift_days_by_group(design: Design, scenario: Scenario,
                        options: list[DesignOption]) -> dict[tuple[str, str], tuple[str, float, int]]:
    """Eight-hour shift-days a week of each group of the design and the people its weekly roster
    needs, ``{(kind, name): (role, days, roster people)}`` (as planner.costs.team.group_headcounts
    counts them: butler teams once per zone, teams and posts once per site), without building
    the scenario."""
    groups = group_paths(scenario)
    removed = {g for o in options if o.name in design.options for g in o.removes}
    # Shifts not paid as shifts: on call at home (a standby allowance instead), or the desk's
    # night shifts the fire control room covers (not worked).
    unpaid = {group: {shift} for group, shift in on_call_shifts(design, scenario, options).items()}
    hours = scenario.calendar.working_hours
    for option in options:
        if option.kind == "night_cover" and option.name in design.options:
            group = GroupPath("pool", option.source)
            roster = design.roster(group)
            night = _night_shifts(roster, hours.start_min, hours.end_min)
            unpaid[group] = set(night) if len(night) < len(roster["shifts"]) else set()
    sites = len(scenario.sites)
    zones = sum(site.zones for site in scenario.sites.values())
    out: dict[tuple[str, str], tuple[str, float]] = {}
    for group in design.groups():
        if group in removed or group not in groups:
            continue
        kind, name, role = groups[group]
        copies = 1 if kind == "pool" else zones if role == "butler" else sites
        roster = design.roster(group)
        if roster.get("rotation"):
            rot = roster["rotation"]
            hours = rot["crews"] * sum(roster["shifts"][n]["length_h"] for n in rot["cycle"] if n != "off") / len(rot["cycle"])
            days = rot["people_per_crew"] * hours / 8 * 7
            rostered = rot["crews"] * rot["people_per_crew"] * copies
        else:
            shifts = [s for n, s in roster["shifts"].items() if n not in unpaid.get(group, ())]
            days = sum(s["agents"] * s["length_h"] / 8 * len(s["days"]) for s in shifts)
            heads = [0] * 7
            for s in shifts:
                for day in s["days"]:
                    heads[WEEKDAYS.index(day)] += s["agents"] * copies
            rostered = roster_people(tuple(heads))
        out[(kind, name)] = (role, days * copies, rostered)
    return out


def shift_days_by_role(design: Design, scenario: Scenario, options: list[DesignOption]) -> dict[str, float]:
    """Eight-hour shift-days a week by role of the design (:func:`shift_days_by_group` summed)."""
    out: dict[str, float] = {}
    for role, days, _ in shift_days_by_group(design, scenario, options).values():
        out[role] = out.get(role, 0.0) + days
    return out
