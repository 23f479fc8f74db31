"""A site (小区) in a scenario: its households, buildings, gates, equipment, areas, zones and grade:
the quantities that scale per-unit rates, norms and fees."""

from __future__ import annotations

from pydantic import Field, NonNegativeFloat

from sim.scenario.strict import StrictModel



class Site(StrictModel):
    """A property (小区) served by the contact centre; its quantities scale per-unit rates."""

    households: int = Field(ge=0, le=10_000_000, description="households (户) served")
    buildings: int = Field(0, ge=0, le=100_000)
    vehicle_gates: int = Field(0, ge=0, le=100_000)
    pedestrian_gates: int = Field(0, ge=0, le=100_000)
    cameras: int = Field(0, ge=0, le=100_000)
    lifts: int = Field(0, ge=0, le=100_000)
    pumps: int = Field(0, ge=0, le=100_000)
    demand_multiplier: float = Field(1.0, ge=0, le=1000, description="scales every arrival rate of the site")
    land_area_m2: float = Field(60000.0, gt=0, le=1e9, description="site footprint: sets walking distances")
    floor_area_m2: NonNegativeFloat = Field(0.0, description="gross floor area (建筑面积), for norms and fees")
    zones: int = Field(1, ge=1, le=100, description="butler zones (片区), equal in area and households")
    vacant_share: float = Field(0.05, ge=0, le=1, description="share of units vacant (空置房)")
    grade: int = Field(1, ge=1, le=4, description="service grade (服务等级) 1 (highest) to 4: sets the staffing norms")
    green_area_m2: NonNegativeFloat = Field(0.0, description="green area (绿化面积), for the greening norm and costs")
    entrances: int = Field(0, ge=0, le=1000, description="open entrances (出入口) of the site: the traditional model "
                           "keeps a guard on each around the clock (a planner check, DOMAIN §9)")
    car_parks: int = Field(0, ge=0, le=1000, description="car parks (停车场) with their own entrance: each has its own "
                           "post in the traditional model (a planner check, DOMAIN §9)")

    def quantities(self) -> dict[str, float]:
        return {
            "households": self.households,
            "buildings": self.buildings,
            "vehicle_gates": self.vehicle_gates,
            "pedestrian_gates": self.pedestrian_gates,
            "cameras": self.cameras,
            "lifts": self.lifts,
            "pumps": self.pumps,
        }
