"""Where sharing stops paying (issue 38, point 3): a district re-planned with its sites' locations
scaled about their centre by each factor (0.5: half as spread, 2: twice), up to the reach limit
(every site within ``reach_min`` of every other by ``reach_mode``: a factor beyond it is not a
district and is reported as out of reach, not planned). At each factor the shared design is
planned afresh from the base plan's head counts (planner.portfolio.districts.plan_shared); the
own-teams design does not depend on where the sites are and is the base plan's. The spread is the
straight-line distance between the farthest two sites (km); where the saving (own − shared)
changes sign between two factors, the spread at which it reaches 0 is interpolated linearly.
"""

from __future__ import annotations

from planner.portfolio.districts import DistrictPlan, district_data, plan_district
from sim.scenario import Scenario
from sim.scenario.district import distance_km, positions_km

#: The factors swept by default (``planner portfolio --district-sweep``).
FACTORS = (0.5, 1.0, 1.5, 2.0, 3.0)


def scaled(data: dict, district: str, factor: float) -> dict:
    """``data`` (:func:`district_data`) with the district's sites moved ``factor`` times as far
    from their centre (x/y, or latitude/longitude about their mean)."""
    locations = data["portfolio"]["locations"]
    sites = data["portfolio"]["districts"][district]["sites"]
    for a, b in (("x_km", "y_km"), ("lat", "lon")):
        placed = [s for s in sites if locations[s].get(a) is not None]
        if not placed:
            continue
        ca = sum(locations[s][a] for s in placed) / len(placed)
        cb = sum(locations[s][b] for s in placed) / len(placed)
        for s in placed:
            locations[s][a] = ca + (locations[s][a] - ca) * factor
            locations[s][b] = cb + (locations[s][b] - cb) * factor
    return data


def farthest_km(scenario, district: str) -> float:
    """The straight-line distance between the district's farthest two sites (km)."""
    sites = scenario.portfolio.districts[district].sites
    pos = positions_km(scenario.portfolio.locations, sites)
    return max((distance_km(pos[a], pos[b]) for a in sites for b in sites), default=0.0)


def reach_km(spec) -> float:
    """The farthest straight-line distance within the district's reach limit (km)."""
    t = spec.travel
    speed = getattr(t.speed_km_per_h, spec.reach_mode)
    return max(spec.reach_min - t.access_min, 0.0) / 60 * speed / t.road_factor


def sweep(scenario, district: str, settings, plan: DistrictPlan, factors=FACTORS, should_stop=None) -> dict:
    """The saving of sharing at each spread (module doc): points (factor, farthest km, people,
    costs, saving, commitments met), the reach limit's spread and where the saving reaches 0."""
    spec = scenario.portfolio.districts[district]
    limit = reach_km(spec)
    points, out_of_reach = [], []
    for factor in sorted(set(float(f) for f in factors)):
        data = scaled(district_data(scenario, district), district, factor)
        km = farthest_km(Scenario.model_validate(data), district)  # (the loader would refuse it out of reach)
        if km > limit + 1e-9:
            out_of_reach.append({"factor": factor, "farthest_km": round(km, 3)})
            continue
        p = plan if factor == 1.0 else plan_district(scenario, district, settings, own=plan.own, data=data,
                                                      start=plan.shared.counts, scale=factor, should_stop=should_stop)
        points.append({"factor": factor, "farthest_km": round(km, 3), "shared_people": _people(p),
                       "shared_yuan_per_year": round(p.shared.total_yuan_per_year, 2),
                       "own_yuan_per_year": round(p.own.total_yuan_per_year, 2),
                       "saving_yuan_per_year": round(p.saving_yuan_per_year, 2),
                       "shared_met": all(v.status == "met" for v in p.shared.verdicts),
                       "km_per_year": round(sum(v.km_per_year for v in p.shared.vehicles), 1)})
    return {"points": points, "out_of_reach": out_of_reach, "reach_km": round(limit, 3),
            "stops_paying_km": stops_paying_km(points),
            "pays_at_smallest": bool(points) and points[0]["saving_yuan_per_year"] > 0}


def _people(plan: DistrictPlan) -> int:
    return sum(c.people for c in (*plan.shared.teams.values(), *plan.shared.residual.values()))


def stops_paying_km(points: list[dict]) -> float | None:
    """The spread (km) at which the saving first reaches 0 or below, going out: the first point's
    when it does not pay there, else interpolated between the last point that pays and the next;
    None when every point pays."""
    for i, p in enumerate(points):
        if p["saving_yuan_per_year"] <= 0:
            if i == 0:
                return p["farthest_km"]
            q = points[i - 1]
            span = q["saving_yuan_per_year"] - p["saving_yuan_per_year"]
            return round(q["farthest_km"] + (p["farthest_km"] - q["farthest_km"]) * q["saving_yuan_per_year"] / span, 3)
    return None
