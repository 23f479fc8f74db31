"""Incidents of one site (disputes, lift entrapments, alarms): emergencies for the guards. They
arrive as a Poisson stream (per day, or per unit of a site quantity per year), or from the
contact centre when an alarm checked by remote operation is verified (``from_remote_op``,
``verified_share``). The response time runs to the guard's arrival."""

from __future__ import annotations

from sim.field.team import PRIORITY_INDEX, Leg, Task
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
        team.submit(task)
