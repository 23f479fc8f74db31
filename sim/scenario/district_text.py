"""The loader's problems with ``portfolio.locations`` and ``portfolio.districts``
(sim.scenario.district), in Chinese and English: codes added to sim.scenario.problems.TEXT."""

from __future__ import annotations

DISTRICT_TEXT: dict[str, tuple[str, str]] = {
    "district_team_stations": ("片区共享班组暂不支持待命点：请留空（空闲人员在上一单结束处待命）",
                               "idle stations are not simulated for a district's shared teams yet: leave stations null"),
    "location_one_pair": ("位置须成对填写平面坐标（公里）或经纬度，二者选一",
                          "give x_km and y_km, or lat and lon: one pair, not both"),
    "district_site_twice": ("已属于片区「{name}」：一个小区只能属于一个片区",
                            "site '{site}' is already in district '{name}'; a site belongs to one district at most"),
    "district_no_location": ("未填写位置：片区内的每个小区都需要位置（平面坐标或经纬度）",
                             "site '{site}' of district '{district}' has no location; give portfolio.locations.{site} "
                             "as x_km/y_km or lat/lon"),
    "district_mixed_locations": ("同一片区内的小区位置须统一用平面坐标（公里）或经纬度，不能混用",
                                 "district '{district}' mixes x_km/y_km and lat/lon locations ({sites}); use one kind "
                                 "in a district"),
    "district_out_of_reach": ("到「{sites}」需 {minutes:.1f} 分钟，超过片区的可达时限 {reach:g} 分钟：请将该小区移到其他片区，"
                              "或放宽可达时限",
                              "site '{site}' is {minutes:.1f} min from '{other}' by {mode} (road factor × straight-line "
                              "distance ÷ speed + access); every site of district '{district}' must be within "
                              "reach_min = {reach:g} min of every other: move it to another district or raise reach_min"),
    "not_district_site": ("不是本片区的小区；本片区的小区：{sites}",
                      "'{site}' is not a site of district '{district}'; its sites: {sites}"),
}
