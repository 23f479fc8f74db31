"""Work orders (工单) of one site: opened by handled calls of the types listed in
``field.work_orders.from_calls``, by equipment failures, planned maintenance, vacant-unit checks
and faults found on patrols and inspections. After ``dispatch_delay_min`` an order goes to the
first technician team with the needed trade, or, for a small repair (a routine or planned order)
of a trade a butler team lists among its ``skills`` (multi-skilled butlers, 管家兼做简单维修), to
the butler of the order's zone when one can take it next (DOMAIN §9, seed 000 V2.0). A share
waits for parts (the technician leaves and comes back for a second visit; an equipment class may
have its own ``parts_wait``); a share is not fixed and comes back as a rework order days later.
When an order opened by a call closes, the resident is owed a return visit (回访): the
contact centre's, or the zone butler's (``butlers.return_visits_by``)."""

from __future__ import annotations

import math

from sim.field.response_chance import chance_within, survival, waiting_candidates
from sim.field.team import EMERGENCY, PLANNED, PRIORITY_INDEX, ROUTINE, URGENT, Leg, Task, Team
from sim.units import DAY_S, HOUR_S, MINUTE_S


#: A butler takes a new small repair only with at least this long left on shift (later ones go
#: to the technicians).
BUTLER_REPAIR_LEAD_S = HOUR_S


class WorkOrders:
    """Opening, dispatching and closing the work orders of one site (a part of ``SiteField``)."""

    def __init__(self, site):
        self.site = site
        #: Orders not yet (again) with their team, and when they will be: dispatch delays, parts
        #: waits (what the conditional score of a waiting emergency must know is coming).
        self.due: dict[Task, float] = {}

    def team_for_trade(self, trade: str) -> Team | None:
        """The first technician team with ``trade`` among its skills (None: nobody has it)."""
        for name, cfg in self.site.ops.teams.items():
            if cfg.role == "technician" and trade in cfg.skills:
                return self.site.teams[name]
        return None

    def butler_for(self, wo: Task) -> Team | None:
        """The butler team of the order's zone that takes it now: a small repair (routine or
        planned) of a trade the butler team lists, when a butler of that zone with at least
        ``BUTLER_REPAIR_LEAD_S`` left on shift is free or on work it comes before (a household
        visit, an inspection: the repair is next, after the visit in hand) and nothing as urgent
        waits there (None: the technicians take it)."""
        site = self.site
        if wo.priority < ROUTINE:
            return None
        now = site.env.now
        for name, cfg in site.ops.teams.items():
            if cfg.role == "butler" and wo.meta["trade"] in cfg.skills and name in site.zone_teams:
                team = site.zone_teams[name][site.zone_of(wo.legs[0].location)]
                if any(t.priority <= wo.priority for t in team.queue):
                    continue  # as urgent work already waits there
                if any(person.end_s - now >= BUTLER_REPAIR_LEAD_S and (person in team.idle or (
                        person.task is not None and person.task.preemptible and person.task.priority > wo.priority))
                       for person in team.on_duty):
                    return team
        return None

    def waits_with(self, trade: str) -> Team | None:
        """The team whose queue an order of ``trade`` waits in when nobody takes it at once: the
        district's shared team of the trade (sim.field.district), else the site's technicians."""
        district = self.site.district
        shared = district.team_for_trade(trade) if district is not None else None
        return shared or self.team_for_trade(trade)

    def _dispatch(self, wo: Task, technicians: Team | None) -> None:
        """Hand the order to the zone's butler when it is a small repair of theirs that a butler
        there can take next (:meth:`butler_for`), else to the technicians: in a district with a
        shared team of the trade, the site's residual crew or the district's (sim.field.district)."""
        self.due.pop(wo, None)
        butler = self.butler_for(wo)
        district = self.site.district
        if butler is None and district is not None and district.team_for_trade(wo.meta["trade"]) is not None:
            wo.meta["district"], wo.meta["dispatched_s"] = district.name, self.site.env.now
            team = district.dispatch(self.site, wo, technicians)
            wo.meta["team"] = team.name
            target = self.site.scenario.targets.field.response.get("emergency") if wo.priority == EMERGENCY else None
            if target is not None and target.clock == "elapsed" and district.scored(team):
                self.score_if_waiting(wo, team, target.within_min * MINUTE_S)
            return
        team = butler or technicians
        if team is None and wo.priority >= ROUTINE:
            # only butlers have the trade and none can take it now: the zone's waits for one
            name = next(n for n, c in self.site.ops.teams.items() if c.role == "butler" and wo.meta["trade"] in c.skills)
            team = self.site.zone_teams[name][self.site.zone_of(wo.legs[0].location)]
        if team is None:
            return  # an emergency or urgent order of a trade no technician has: nobody attends it
        wo.meta["team"], wo.meta["dispatched_s"] = team.name, self.site.env.now
        team.submit(wo)
        target = self.site.scenario.targets.field.response.get("emergency") if wo.priority == EMERGENCY else None
        if target is not None and target.clock == "elapsed" and (district is None or district.scored(team)):
            self.score_if_waiting(wo, team, target.within_min * MINUTE_S)

    def score_if_waiting(self, task: Task, team: Team, target_s: float) -> None:
        """An emergency just handed to ``team`` that has to wait: its conditional chance of being
        reached within ``target_s`` of its report (sim.field.response_chance), in
        ``meta["on_time_chance"]``, when the state is one that module scores exactly; otherwise
        (and for an order taken at once) the KPIs count its 0/1."""
        if task not in team.queue:
            return
        now, deadline = self.site.env.now, task.created_s + target_s
        if any(t.sort_key < task.sort_key for t in team.queue):
            return
        if any(when < deadline and t.priority <= task.priority and t.created_s <= task.created_s
               and self.waits_with(t.meta["trade"]) is team for t, when in self.due.items()):
            return
        for person in team.on_duty:  # an order ahead in hand that may come back from a parts wait in time
            t = person.task
            if (t is not None and t.kind == "work_order" and t.sort_key < task.sort_key and t.meta.get("visits", 0) == 0
                    and self._parts_back_within(t, target_s)):
                return
        candidates = waiting_candidates(team, task, now, deadline)
        if candidates is not None:
            task.meta["on_time_chance"] = chance_within(candidates, now, deadline)

    def _parts_back_within(self, wo: Task, window_s: float) -> bool:
        """Whether ``wo`` may need parts and be back with its team within ``window_s`` of a visit
        (its parts wait's law puts more than 1e-12 below it)."""
        parts = wo.meta.get("parts") or self.site.ops.work_orders.parts_wait
        if wo.meta.get("source") == "contractor" or parts.share <= 0:
            return False
        return 1.0 - float(survival(parts.delay_h, window_s / HOUR_S)) > 1e-12

    def open(self, source: str, priority: int, trade: str, work_s: float, location, *,
             call_type: str | None = None, rework: bool = False, equipment: str | None = None,
             on_closed=None, parts=None, work_law=None) -> Task:
        """Create a work order now; it reaches the technicians after the dispatch delay.
        ``work_law``: the distribution ``work_s`` (seconds) was drawn from, in minutes."""
        site = self.site
        law = (work_law, MINUTE_S) if work_law is not None else None
        wo = site.record(Task(kind="work_order", label=f"{source}", priority=priority,
                              legs=[Leg(location, work_s, "repair", law)], created_s=site.env.now,
                              duty="work_order", skill=trade, preemptible=priority == PLANNED))
        wo.meta.update(source=source, trade=trade, call_type=call_type, rework=rework, equipment=equipment,
                       visits=0, on_closed=on_closed, parts=parts)
        wo.on_done = self._visit_done
        site.open_orders += 1
        team = self.team_for_trade(trade)
        wo.meta["team"] = team.name if team else None
        if team is None and not any(c.role == "butler" and trade in c.skills for c in site.ops.teams.values()) and (
                site.district is None or site.district.team_for_trade(trade) is None):
            return wo
        delay = site.draw(site.ops.work_orders.dispatch_delay_min, "dispatch", MINUTE_S)
        self.due[wo] = site.env.now + delay
        site.env.timeout(delay).callbacks.append(lambda _e: self._dispatch(wo, team))
        return wo

    def _visit_done(self, wo: Task) -> None:
        site = self.site
        parts = wo.meta.get("parts") or site.ops.work_orders.parts_wait  # an equipment class's own, or the general
        wo.meta["visits"] += 1
        if wo.meta["visits"] == 1 and wo.meta["source"] != "contractor" and site.rng("parts").random() < parts.share:
            # Parts needed: the order stays open; a second visit after the wait.
            wo.meta["parts_wait"] = True
            wo.done_s = math.nan
            wo.legs.append(Leg(wo.legs[0].location, site.draw(parts.second_visit_min, "parts_visit", MINUTE_S), "second visit",
                               (parts.second_visit_min, MINUTE_S)))
            team = None if wo.meta.get("district") else site.teams[wo.meta["team"]]  # None: the district dispatches again
            delay = site.draw(parts.delay_h, "parts_delay", HOUR_S)
            wo.meta["parts_wait_s"] = wo.meta.get("parts_wait_s", 0.0) + delay  # the completion clock's pause
            self.due[wo] = site.env.now + delay

            def back(_e):
                self.due.pop(wo, None)
                if team is None:
                    wo.meta["team"] = site.district.dispatch(site, wo, self.team_for_trade(wo.meta["trade"])).name
                else:
                    team.submit(wo)
            site.env.timeout(delay).callbacks.append(back)
            return
        self._close(wo)

    def _close(self, wo: Task) -> None:
        site = self.site
        cfg = site.ops.work_orders
        site.open_orders -= 1
        if wo.meta.get("on_closed"):
            wo.meta["on_closed"](wo)
        if wo.meta["call_type"] is not None:
            self._owe_return_visit(wo)
        if not wo.meta["rework"] and site.rng("rework").random() < cfg.rework.share:
            wo.meta["reworked"] = True
            delay = site.draw(cfg.rework.delay_days, "rework_delay", DAY_S)
            site.env.timeout(delay).callbacks.append(lambda _e: self.open(
                wo.meta["source"], wo.priority, wo.meta["trade"], site.draw(self._work_time(wo), "rework_work", MINUTE_S),
                wo.legs[0].location, call_type=None, rework=True, work_law=self._work_time(wo)))
        if site.stream is not None:
            site.final(wo)

    def _work_time(self, wo: Task):
        call_type = wo.meta.get("call_type")
        if call_type and call_type in self.site.ops.work_orders.from_calls:
            return self.site.ops.work_orders.from_calls[call_type].work_time_min
        return self.site.ops.work_orders.patrol_fault_work_min

    def _owe_return_visit(self, wo: Task) -> None:
        site = self.site
        butlers = site.ops.butlers
        call_type = wo.meta["call_type"]
        spec = site.scenario.demand.calls[call_type].return_visit
        if spec is None or site.rng("return_share").random() >= spec.share:
            return
        now = site.env.now
        deadline_s = site.centre.return_visit_deadline(now, spec.deadline_h, spec.deadline_working_days)
        if butlers is not None and butlers.return_visits_by == "butlers":
            zone = site.zone_of(wo.legs[0].location)
            site.butlers.task(butlers.team, zone, "return_visit", URGENT, site.draw(spec.handle_time_s, "rv_handle"),
                              wo.legs[0].location, deadline_s=deadline_s)
        else:
            site.centre.add_return_visit(site.site_index, call_type, site.draw(spec.handle_time_s, "rv_handle"),
                                         deadline_s - now)

    def hook_calls(self) -> None:
        """Open a work order for a share of the handled calls of each type in ``from_calls``."""
        site = self.site
        for call_type, spec in site.ops.work_orders.from_calls.items():
            def opened(contact, call_type=call_type, spec=spec):
                if contact.site != site.site_index or site.rng("call_wo").random() >= spec.share:
                    return
                trades = spec.trades
                u = site.rng("call_trade").random()
                trade = "electrical" if u < trades.electrical else "plumbing" if u < trades.electrical + trades.plumbing else "general"
                self.open(f"call.{call_type}", PRIORITY_INDEX[spec.priority], trade,
                          site.draw(spec.work_time_min, "call_work", MINUTE_S), site.random_point("call_location"),
                          call_type=call_type, work_law=spec.work_time_min)
            site.centre.on_handled(f"calls.{call_type}", opened)

    def fault_finder(self, source: str):
        """A checkpoint callback (patrols, inspections) that opens a routine work order with
        probability ``patrol_fault_share``."""
        site = self.site
        share = site.ops.work_orders.patrol_fault_share

        def on_leg(t: Task, k: int) -> None:
            if share > 0 and site.rng(source).random() < share:
                self.open(source, ROUTINE, "general",
                          site.draw(site.ops.work_orders.patrol_fault_work_min, f"{source}_work", MINUTE_S),
                          t.legs[k].location, work_law=site.ops.work_orders.patrol_fault_work_min)
        return on_leg
