"""Incidents of one site (disputes, lift entrapments, alarms): emergencies for the guards. They
arrive as a Poisson stream (per day, or per unit of a site quantity per year), or from the
contact centre when an alarm checked by remote operation is verified (``from_remote_op``,
``verified_share``). The response time runs to the guard's arrival. An incident with a
``specialist`` (a lift entrapment's rescuer, a technician at an alarm) also gets a task
``incident_specialist`` for a technician team (an emergency: it may call an on-call technician
out) or a contractor visit; the guard's task keeps it in ``meta["specialist"]``, so the first
arrival of either is known (sim.results.field_kpis.first_arrival_s)."""

from __future__ import annotations

from sim.field.team import EMERGENCY, PRIORITY_INDEX, Leg, Task
from sim.units import DAY_S, MINUTE_S, YEAR_S


class Incidents:
    """The incident streams of one site (a part of ``SiteField``)."""

    def __init__(self, site):
        self.site = site

    def hook_verified_alarms(self) -> None:
        """An incident for a share of the handled remote operations of ``from_remote_op``."""
        site = self.site
        for name, inc in site.ops.incidents.items():
            if inc.from_remote_op:
                def verified(contact, name=name, inc=inc):
                    if contact.site == site.site_index and site.rng(f"incident_verified:{name}").random() < inc.verified_share:
                        self._incident(name, inc)
                site.centre.on_handled(f"remote_ops.{inc.from_remote_op}", verified)

    def start(self) -> None:
        site = self.site
        for name, inc in site.ops.incidents.items():
            if inc.from_remote_op:
                continue
            if inc.rate_per_day is not None:
                rate_per_s = inc.rate_per_day / DAY_S
            else:
                rate_per_s = inc.rate_per_unit_per_year * float(getattr(site.site, inc.per)) / YEAR_S
            if rate_per_s <= 0:
                continue
            rng = site.rng(f"incident_arrivals:{name}")
            t = float(rng.exponential(1 / rate_per_s))
            times = []
            while t < site.horizon_s:
                times.append(t)
                t += float(rng.exponential(1 / rate_per_s))
            for t in times:
                site.at(t, lambda name=name, inc=inc: self._incident(name, inc))

    def _incident(self, name: str, inc) -> None:
        site = self.site
        team = site.teams.get(inc.team)
        if team is None:
            return
        where = site.random_point(f"incident_location:{name}")
        task = site.record(Task(kind="incident", label=name, priority=PRIORITY_INDEX[inc.priority],
                                legs=[Leg(where, site.draw(inc.handle_time_min, f"incident_handle:{name}", MINUTE_S), "incident")],
                                created_s=site.env.now, duty="incident"))
        if inc.specialist is not None:
            task.meta["specialist"] = self._specialist(name, inc, where)
        team.submit(task)

    def _specialist(self, name: str, inc, where) -> Task:
        """The technician's or contractor's task at an incident, dispatched now."""
        site = self.site
        sp = inc.specialist
        work_s = site.draw(sp.work_time_min, f"specialist_work:{name}", MINUTE_S)
        task = site.record(Task(kind="incident_specialist", label=name, priority=PRIORITY_INDEX[inc.priority],
                                legs=[Leg(where, work_s, "incident", (sp.work_time_min, MINUTE_S))], created_s=site.env.now,
                                duty="incident"))
        if sp.team is not None:
            team = site.teams[sp.team]
            if team.shared:  # a district's residual crew: the district dispatches (sim.field.district)
                task.meta["district"] = site.district.name
                team = site.district.dispatch(site, task, team, team.shared[0])
            else:
                team.submit(task)
            target = site.scenario.targets.field.specialist_response
            if task.priority == EMERGENCY and target is not None and target.clock == "elapsed" and (
                    site.district is None or site.district.scored(team)):
                site.work_orders.score_if_waiting(task, team, target.within_min * MINUTE_S)
            return task
        task.meta["contractor"] = True  # reported as incidents.contractor, not a staffing target
        arrive = site.draw(sp.contractor_arrival_min, f"specialist_arrival:{name}", MINUTE_S)

        def arrived(_e):
            task.on_site_s = site.env.now

            def done(_e2):
                task.done_s = site.env.now
                if site.stream is not None:
                    site.final(task)
            site.env.timeout(work_s).callbacks.append(done)
        site.env.timeout(arrive).callbacks.append(arrived)
        return task
