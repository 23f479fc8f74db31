"""Equipment and planned work of one site.

* **Equipment** units (lifts, pumps, gates...) alternate between working (exponential time to
  failure) and down (from the failure until its work order closes); a contractor repairs what
  has no trade (lifts). Downtime inside the measured window gives availability. A class's own
  ``parts_wait`` (share, wait, second visit) keeps its unit down until the second visit, for
  in-house and contractor repairs alike.
* **Planned maintenance** (日常维护保养) opens batches of planned work orders on its calendar
  (``every_days`` from ``start``), and **vacant-unit checks** (空置房) open planned orders every
  day at 09:00 at the scenario's weekly rate.
"""

from __future__ import annotations

import math

from sim.field.team import PLANNED, PRIORITY_INDEX, Leg, Task
from sim.scenario.roster import _clock_minutes
from sim.units import DAY_S, HOUR_S, MINUTE_S, YEAR_S


class Equipment:
    """Failures and repairs of one site's equipment (a part of ``SiteField``)."""

    def __init__(self, site):
        self.site = site

    def start(self) -> None:
        site = self.site
        for name, eq in site.ops.equipment.items():
            units = int(round(float(eq.count) if eq.per is None else float(getattr(site.site, eq.per))))
            site.equipment_units[name] = units
            site.equipment_down_s[name] = 0.0
            if eq.failures_per_unit_per_year <= 0:
                continue
            mean_up_s = YEAR_S / eq.failures_per_unit_per_year
            for unit in range(units):
                self._schedule_failure(name, eq, unit, mean_up_s)

    def _schedule_failure(self, name, eq, unit, mean_up_s) -> None:
        site = self.site
        up = float(site.rng(f"equipment_up:{name}").exponential(mean_up_s))
        site.at(site.env.now + up, lambda: self._fail(name, eq, unit, mean_up_s))

    def _fail(self, name, eq, unit, mean_up_s) -> None:
        site = self.site
        failed_at = site.env.now
        where = site.random_point(f"equipment_location:{name}")

        def repaired(_wo=None):
            site.equipment_down_s[name] += site.window_overlap(failed_at, site.env.now)
            self._schedule_failure(name, eq, unit, mean_up_s)

        work_s = site.draw(eq.work_time_min, f"equipment_work:{name}", MINUTE_S)
        if eq.trade is not None:
            site.work_orders.open(f"equipment.{name}", PRIORITY_INDEX[eq.priority], eq.trade, work_s, where,
                                  equipment=name, on_closed=repaired, parts=eq.parts_wait, work_law=eq.work_time_min)
            return
        wo = site.record(Task(kind="work_order", label=f"equipment.{name}", priority=PRIORITY_INDEX[eq.priority],
                              legs=[Leg(where, work_s, "contractor")], created_s=failed_at, duty="contractor"))
        wo.meta.update(source="contractor", trade="contractor", call_type=None, rework=False, equipment=name,
                       visits=1, team=None)
        site.open_orders += 1
        arrive = site.draw(eq.contractor_arrival_min, f"contractor_arrival:{name}", MINUTE_S)

        def arrived(_e):
            wo.on_site_s = site.env.now

            def fixed(_e2):
                wo.done_s = site.env.now
                site.open_orders -= 1
                repaired()
                if site.stream is not None:
                    site.final(wo)

            parts = eq.parts_wait
            if parts is not None and site.rng(f"contractor_parts:{name}").random() < parts.share:
                # Parts needed: down until the contractor comes back with them.
                wo.meta["parts_wait"] = True
                wait_s = site.draw(parts.delay_h, f"contractor_parts_delay:{name}", HOUR_S) + \
                    site.draw(parts.second_visit_min, f"contractor_parts_visit:{name}", MINUTE_S)
                site.env.timeout(work_s + wait_s).callbacks.append(fixed)
                return
            site.env.timeout(work_s).callbacks.append(fixed)
        site.env.timeout(arrive).callbacks.append(arrived)


class PlannedWork:
    """Planned maintenance and vacant-unit checks of one site (a part of ``SiteField``)."""

    def __init__(self, site):
        self.site = site

    def start(self) -> None:
        site = self.site
        cfg = site.ops.work_orders
        for name, job in cfg.planned.items():
            count = job.jobs * (1.0 if job.per is None else float(getattr(site.site, job.per)))
            first = _clock_minutes(job.start) * MINUTE_S
            t = first
            while t < site.horizon_s:
                site.at(t, lambda name=name, job=job, count=count: self._batch(name, job, count))
                t += job.every_days * DAY_S
        vacant_units = site.site.households * site.site.vacant_share
        per_day = vacant_units * cfg.vacant_checks_per_week / 7
        if per_day > 0:
            carry = [0.0]

            def vacant_day():
                carry[0] += per_day
                n = int(carry[0])
                carry[0] -= n
                for _ in range(n):
                    site.work_orders.open("vacant_check", PLANNED, "general",
                                          site.draw(cfg.vacant_check_min, "vacant_work", MINUTE_S),
                                          site.random_point("vacant_location"))
            for day in range(math.ceil(site.horizon_s / DAY_S)):
                site.at(day * DAY_S + 9 * HOUR_S, vacant_day)

    def _batch(self, name, job, count) -> None:
        site = self.site
        whole = int(count) + (1 if site.rng(f"planned_count:{name}").random() < count - int(count) else 0)
        target = site.scenario.targets.field.planned_completion
        within_h = job.within_h or min(job.every_days * 24, target.within_h if target is not None else math.inf)
        for _ in range(whole):
            order = site.work_orders.open(f"planned.{name}", PLANNED, job.trade,
                                          site.draw(job.work_time_min, f"planned_work:{name}", MINUTE_S),
                                          site.random_point(f"planned_location:{name}"))
            order.meta["within_h"] = within_h
