"""The site's geometry and the travel-time model.

A site is modelled as a square of its land area (``land_area_m2``), split into equal-area
butler zones (片区) laid out in rows. The field office (where technicians and guards start their
shifts) is at the centre. A job's location is a uniform random point in its zone (or anywhere
on the site). Travel time between two points is

    distance / speed + access_s

where distance is rectilinear (|dx| + |dy|, the default: paths follow the road grid) or
Euclidean × a circuity factor, speed is walking or electric-cart speed, and ``access_s`` a
fixed time to get into a building, up a lift and to the door. For uniform points in a square of
area A the mean distance is 0.5214·√A (Euclidean) and (2/3)·√A (rectilinear); tests check the
model against both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: Mean distance between two independent uniform points in a unit square.
MEAN_EUCLIDEAN_UNIT_SQUARE = (2 + math.sqrt(2) + 5 * math.log(1 + math.sqrt(2))) / 15  # 0.5214
MEAN_RECTILINEAR_UNIT_SQUARE = 2 / 3


@dataclass(frozen=True)
class Zone:
    """A rectangle of the site: x in [x0, x1), y in [y0, y1), in metres."""

    name: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def random_points(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` uniform points in the zone, shape (n, 2)."""
        return np.column_stack((rng.uniform(self.x0, self.x1, n), rng.uniform(self.y0, self.y1, n)))


@dataclass(frozen=True)
class SiteGeometry:
    """A square site of side ``side_m`` split into ``zones``; the office at the centre."""

    side_m: float
    zones: tuple[Zone, ...]

    @property
    def office(self) -> tuple[float, float]:
        return (self.side_m / 2, self.side_m / 2)

    def whole_site(self) -> Zone:
        return Zone("site", 0.0, 0.0, self.side_m, self.side_m)


def square_site(land_area_m2: float, zone_names: list[str]) -> SiteGeometry:
    """Split a square of ``land_area_m2`` into len(zone_names) equal-area zones, in about √n rows
    (each row as tall as its share of the zones, its zones of equal width)."""
    side = math.sqrt(land_area_m2)
    n = len(zone_names)
    rows = max(1, round(math.sqrt(n)))
    per_row = [n // rows + (1 if r < n % rows else 0) for r in range(rows)]
    zones, y, k = [], 0.0, 0
    for count in per_row:
        height = side * count / n
        for c in range(count):
            zones.append(Zone(zone_names[k], side * c / count, y, side * (c + 1) / count, y + height))
            k += 1
        y += height
    return SiteGeometry(side, tuple(zones))


@dataclass(frozen=True)
class Travel:
    """Travel time between points: distance / speed + access time (seconds)."""

    speed_m_per_s: float
    metric: str = "rectilinear"
    circuity: float = 1.0
    access_s: float = 0.0

    def distance_m(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        dx, dy = abs(a[0] - b[0]), abs(a[1] - b[1])
        if self.metric == "rectilinear":
            return dx + dy
        return math.hypot(dx, dy) * self.circuity

    def time_s(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        if a == b:
            return 0.0
        return self.distance_m(a, b) / self.speed_m_per_s + self.access_s
