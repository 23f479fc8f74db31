"""Units and rate conversions, in one place.

The simulation clock runs in seconds from midnight of the scenario's start date. Scenario
fields carry their unit in the name (``handle_time_s``, ``deadline_h``,
``rate_per_household_per_month``); everything is converted to seconds here.
"""

from __future__ import annotations

MINUTE_S = 60.0
HOUR_S = 3600.0
DAY_S = 86400.0
WEEK_S = 7 * DAY_S
#: A month is a twelfth of the mean Gregorian year (30.44 days), so that
#: "contacts per household per month" × 12 is the yearly volume.
MONTH_S = 365.2425 * DAY_S / 12
#: A mean Gregorian year.
YEAR_S = 365.2425 * DAY_S

#: Seconds per unit of each distribution-valued field, by the suffix of its name.
DURATION_SUFFIX_S = {"_s": 1.0, "_min": MINUTE_S, "_h": HOUR_S, "_days": DAY_S}

#: Every way a scenario may state an arrival rate: field name -> (site quantity it scales
#: with, or None for a per-site rate; the length of the period in seconds).
RATE_FIELDS: dict[str, tuple[str | None, float]] = {
    "rate_per_household_per_month": ("households", MONTH_S),
    "rate_per_household_per_day": ("households", DAY_S),
    "rate_per_vehicle_gate_per_day": ("vehicle_gates", DAY_S),
    "rate_per_pedestrian_gate_per_day": ("pedestrian_gates", DAY_S),
    "rate_per_camera_per_day": ("cameras", DAY_S),
    "rate_per_building_per_day": ("buildings", DAY_S),
    "rate_per_day": (None, DAY_S),
    "rate_per_hour": (None, HOUR_S),
    "rate_per_minute": (None, MINUTE_S),
}


def rate_per_s(field: str, value: float, site_quantities: dict[str, float]) -> float:
    """Convert a scenario rate (``field`` is one of :data:`RATE_FIELDS`) to arrivals per second
    at one site, given that site's quantities (households, gates, ...)."""
    quantity_name, period_s = RATE_FIELDS[field]
    quantity = 1.0 if quantity_name is None else float(site_quantities[quantity_name])
    return value * quantity / period_s


def duration_scale_s(field_name: str) -> float:
    """Seconds per unit for a duration field, from the unit suffix of its name."""
    for suffix, scale in DURATION_SUFFIX_S.items():
        if field_name.endswith(suffix):
            return scale
    raise KeyError(f"field {field_name!r} has no time-unit suffix ({', '.join(DURATION_SUFFIX_S)})")
