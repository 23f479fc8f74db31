"""A site (小区) in a scenario: its households, buildings, gates, equipment, areas, zones and grade:
the quantities that scale per-unit rates, norms and fees."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, NonNegativeFloat

from sim.scenario.strict import StrictModel


#: Building types (建筑类型) of a site, for what the law asks of it.
BUILDING_TYPES = ("high_rise", "multi_storey", "villa", "mixed_use")
#: Fire control rooms a site has by its building type when it does not say [est]: high-rise and
#: mixed-use buildings carry an automatic fire alarm system with linked controls, which needs a
#: fire control room (GB 50016-2014 §8.1.7, §8.4.2); multi-storey blocks and villas usually do not.
FIRE_CONTROL_ROOMS_BY_TYPE = {"high_rise": 1, "multi_storey": 0, "villa": 0, "mixed_use": 1}
#: The standard that keeps a fire control room on duty under either operating model.
FIRE_CONTROL_STANDARD = "GB 25506-2010 §4.2.1"


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
    building_type: Literal["high_rise", "multi_storey", "villa", "mixed_use"] = Field(
        "high_rise", description="what the site's buildings are (高层, 多层, 别墅, 综合体): sets whether it has a fire "
        "control room when fire_control_rooms is not given (high-rise and mixed-use one, multi-storey and villa none "
        "[est], GB 50016-2014 §8.1.7, §8.4.2)")
    fire_control_rooms: Optional[int] = Field(
        None, ge=0, le=10, description="fire control rooms (消防控制室) on the site, each one post of kind fire_control, "
        "staffed around the clock by two certified people a shift under either operating model (GB 25506-2010 "
        "§4.2.1); null: by building_type")
    fire_control_source: str = Field(
        "", max_length=300, description="where a site that the building type gives a fire control room may do "
        "without one (a local rule allowing remote duty): switching it off without a source is warned of")

    @property
    def fire_control_room_count(self) -> int:
        """The fire control rooms the site has: as given, else by its building type."""
        if self.fire_control_rooms is not None:
            return self.fire_control_rooms
        return FIRE_CONTROL_ROOMS_BY_TYPE[self.building_type]

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
