"""Scenario editing as pure functions, testable without Streamlit.

The app keeps the scenario being edited as plain data (the merged mapping a YAML file gives,
``extends`` already resolved), edits it through the functions below, and validates it through
the loader's own path (:func:`sim.scenario.loader.validate`), so an edited value gets the same message
naming the field, the value and what is allowed as a bad value in a file or a ``--set``
override. Tables the app shows in ``st.data_editor`` are built from the data and written back
here (``*_frame`` / ``apply_*_frame``).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import math
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd
import yaml

from sim.scenario import problems
from sim.scenario.errors import MISSING, Issue, ScenarioError
from sim.scenario.loader import apply_overrides, extend, load_raw, parse_scenario_text, validate
from sim.scenario import WEEKDAYS, Scenario, Targets
from sim.scenario.field import FieldTargets
from sim.scenario.site import BUILDING_TYPES, FIRE_CONTROL_ROOMS_BY_TYPE
from sim.scenario.costs import CITY_TIER_FLOORS_YUAN_PER_MONTH, ROLES, Costs
from sim.units import RATE_FIELDS

REPO = Path(__file__).resolve().parents[1]
SCENARIO_DIR = REPO / "scenarios"
DEFAULT_TEMPLATE = "default"
#: Uploaded scenario files larger than this are refused (a scenario is a few kilobytes).
MAX_UPLOAD_BYTES = 2_000_000

# --------------------------------------------------------------------------- templates and files


def templates() -> list[str]:
    """The scenario templates (scenarios/*.yaml), the bundled default first."""
    names = sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))
    return sorted(names, key=lambda n: (n != DEFAULT_TEMPLATE, n))


def plain(data: Any) -> Any:
    """JSON-safe copy of scenario data (dates become YYYY-MM-DD text, keys text)."""
    return json.loads(json.dumps(data, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    raise TypeError(f"cannot store {type(value).__name__} in a scenario")


#: Named items that ``null`` removes after an ``extends`` merge (sim.scenario drops them): the app
#: drops them at once, so an editor never shows a removed site, stream, pool, team or shift.
_NAMED = ("sites", "demand.profiles", "demand.calls", "demand.remote_ops", "demand.tickets",
          "demand.dated_multipliers", "centre.pools", "field.teams", "field.equipment", "field.patrols",
          "field.incidents", "field.posts")


def drop_removed(data: dict) -> dict:
    """``data`` without the named items set to null (as the schema reads them)."""
    out = copy.deepcopy(data)
    for path in _NAMED:
        items = get_path(out, path)
        if isinstance(items, dict):
            for name in [k for k, v in items.items() if v is None]:
                del items[name]
    for prefix in ("centre.pools", "field.teams", "field.posts"):
        for group in (get_path(out, prefix) or {}).values():
            shifts = get_path(group, "roster.shifts") if isinstance(group, dict) else None
            if isinstance(shifts, dict):
                for name in [k for k, v in shifts.items() if v is None]:
                    del shifts[name]
    return out


def load_template(name: str) -> dict:
    """The merged data of template ``name`` (its ``extends`` chain resolved)."""
    if name not in templates():
        raise ScenarioError([problems.issue("", name, "no_template", templates=templates())])
    data, _ = load_raw(SCENARIO_DIR / f"{name}.yaml")
    return drop_removed(plain(data))


def parse_upload(filename: str, content: bytes) -> dict:
    """Read an uploaded scenario file into data, validated by the loader.

    The upload is parsed with the loader's limits (size, depth, aliases) and never reads a file
    of the server: ``extends`` may name only a bundled template (``default`` or
    ``default.yaml``). Raises :class:`ScenarioError` naming the uploaded file, line, field, value
    and what is allowed."""
    shown = Path(filename or "scenario.yaml").name
    if len(content) > MAX_UPLOAD_BYTES:
        raise ScenarioError([problems.issue("", MISSING, "upload_too_large", shown, size=len(content),
                                            limit=MAX_UPLOAD_BYTES)])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([problems.issue("", MISSING, "upload_not_utf8", shown)]) from None
    data, locations, base = parse_scenario_text(text, shown)
    if base is not None:
        name = base.removesuffix(".yaml") if isinstance(base, str) else None
        if name not in templates():
            raise ScenarioError([problems.issue("extends", base, "upload_extends", shown,
                                                locations.get(("extends",), (None, None))[1], templates=templates())])
        try:
            base_data, base_locations = load_raw(SCENARIO_DIR / f"{name}.yaml")
        except ScenarioError as exc:
            raise ScenarioError([_rename_source(issue) for issue in exc.issues]) from None
        base_locations = {key: (_template_name(src), line) for key, (src, line) in base_locations.items()}
        base_locations.update(locations)
        data, locations = extend(base_data, data), base_locations
    try:
        validate(copy.deepcopy(data), locations)
    except ScenarioError as exc:
        raise ScenarioError([_rename_source(issue) for issue in exc.issues]) from None
    return drop_removed(plain(data))


def _template_name(source: str | None) -> str | None:
    """A bundled template's file name, without the server's folder."""
    return source.replace(str(SCENARIO_DIR) + "/", "") if source else source


def _rename_source(issue: Issue) -> Issue:
    message = issue.message.replace(str(SCENARIO_DIR) + "/", "")
    value = issue.value.replace(str(SCENARIO_DIR) + "/", "") if isinstance(issue.value, str) else issue.value
    return Issue(issue.path, value, message, _template_name(issue.source), issue.line, issue.code, issue.params)


def yaml_text(data: dict) -> str:
    """The scenario as a YAML file a planner can keep, upload again or run with ``python -m sim``."""
    return yaml.safe_dump(plain(data), sort_keys=False, allow_unicode=True, width=110)


# --------------------------------------------------------------------------- validation


def data_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=_json_default)


@functools.lru_cache(maxsize=64)
def _validate_json(text: str) -> tuple[Scenario | None, tuple[Issue, ...]]:
    try:
        return validate(json.loads(text)), ()
    except ScenarioError as exc:
        return None, tuple(exc.issues)
    except (ValueError, TypeError, KeyError) as exc:  # anything the schema did not word itself
        return None, (problems.issue("", MISSING, "unusable", reason=exc),)


def validate_data(data: dict) -> tuple[Scenario | None, list[Issue]]:
    """The scenario, or the problems that stop it (each naming field, value and what is allowed)."""
    try:
        text = data_json(data)
    except (TypeError, ValueError) as exc:
        return None, [problems.issue("", MISSING, "unusable", reason=exc)]
    scenario, issues = _validate_json(text)
    return scenario, list(issues)


def canonical_json(scenario: Scenario) -> str:
    """One text per scenario (sorted keys, defaults filled in): the key of cached runs."""
    return json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


@functools.lru_cache(maxsize=32)
def scenario_from_json(text: str) -> Scenario:
    return validate(json.loads(text))


def with_overrides(scenario: Scenario, overrides: dict[str, Any]) -> Scenario:
    """A copy of a valid scenario with ``path: value`` overrides, validated by the loader."""
    data = scenario.model_dump(mode="json")
    return validate(apply_overrides(data, [f"{path}={json.dumps(value)}" for path, value in overrides.items()], strict=False))


def other_operating_model(data: dict) -> dict:
    """The same scenario under the other operating model (traditional ↔ centralised)."""
    out = copy.deepcopy(data)
    current = out.get("operating_model", "centralised")
    out["operating_model"] = "centralised" if current == "traditional" else "traditional"
    out["name"] = f"{out.get('name', 'scenario')}_{out['operating_model']}"
    return out


# --------------------------------------------------------------------------- paths


def get_path(data: Any, path: str | Iterable[str], default: Any = None) -> Any:
    node = data
    for part in (path.split(".") if isinstance(path, str) else path):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return default
    return node


def set_path(data: dict, path: str | Iterable[str], value: Any) -> None:
    """Set ``value`` at a dotted path, creating mappings on the way."""
    parts = path.split(".") if isinstance(path, str) else list(path)
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def clean_number(value: Any) -> Any:
    """Cells and inputs give numpy numbers, NaN or None: store plain numbers, None for empty."""
    if value is None:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return value


#: A cleared cell or box, as written into the scenario: the loader refuses it where a number
#: is needed ("must be filled in"), so a cleared wage or head count is never silently dropped
#: or replaced by a default.
EMPTY = ""


def filled(value: Any) -> Any:
    """A cell's value as :func:`clean_number` gives it, a cleared one as :data:`EMPTY`."""
    value = clean_number(value)
    return EMPTY if value is None else value


# --------------------------------------------------------------------------- site facts

#: Site facts the app edits: field, kind ("int", "float", "pct" shown in %, "grade"), step.
SITE_FIELDS: list[tuple[str, str, float]] = [
    ("households", "int", 100),
    ("buildings", "int", 1),
    ("floor_area_m2", "float", 1000.0),
    ("land_area_m2", "float", 1000.0),
    ("green_area_m2", "float", 1000.0),
    ("zones", "int", 1),
    ("vehicle_gates", "int", 1),
    ("pedestrian_gates", "int", 1),
    ("cameras", "int", 10),
    ("lifts", "int", 1),
    ("pumps", "int", 1),
    ("vacant_share", "pct", 1.0),
    ("demand_multiplier", "float", 0.1),
    ("grade", "grade", 1),
    ("building_type", "building_type", 1),
    ("fire_control_rooms", "int", 1),
]
SITE_DEFAULTS = {"building_type": "high_rise", "buildings": 0, "vehicle_gates": 0, "pedestrian_gates": 0, "cameras": 0, "lifts": 0, "pumps": 0,
                 "demand_multiplier": 1.0, "land_area_m2": 60000.0, "floor_area_m2": 0.0, "zones": 1,
                 "vacant_share": 0.05, "grade": 1, "green_area_m2": 0.0}


def site_value(data: dict, site: str, field: str) -> Any:
    """A site field's value as the loader would take it (its default where the file is silent;
    the fire control rooms by the building type when not given)."""
    value = get_path(data, ("sites", site, field), SITE_DEFAULTS.get(field))
    if field == "fire_control_rooms" and value is None:
        building = site_value(data, site, "building_type")
        value = FIRE_CONTROL_ROOMS_BY_TYPE.get(building, FIRE_CONTROL_ROOMS_BY_TYPE["high_rise"])
    return value


# --------------------------------------------------------------------------- distributions


def dist_mean(dist: Any) -> float | None:
    """The mean of a distribution written in a scenario (None when it cannot be read)."""
    if not isinstance(dist, dict):
        return None
    try:
        kind = dist.get("dist")
        if kind in ("exponential", "lognormal", "gamma"):
            return float(dist["mean"])
        if kind == "deterministic":
            return float(dist["value"])
        if kind == "uniform":
            return (float(dist["low"]) + float(dist["high"])) / 2
        if kind == "empirical":
            values = [float(v) for v in dist["values"]]
            return sum(values) / len(values) if values else None
    except (KeyError, TypeError, ValueError):
        return None
    return None


def with_mean(dist: Any, new_mean: Any) -> Any:
    """The distribution rescaled to mean ``new_mean`` (its shape kept: sd, low/high, values
    scaled by the same factor). An impossible mean is written as given, so the loader names it."""
    if not isinstance(dist, dict):
        return dist
    new_mean = filled(new_mean)
    old = dist_mean(dist)
    if old is None or (isinstance(new_mean, (int, float)) and math.isclose(new_mean, old)):
        return dist
    out = dict(dist)
    kind = dist.get("dist")
    if old > 0 and isinstance(new_mean, (int, float)) and new_mean > 0:
        factor = new_mean / old
        for name in ("mean", "sd", "low", "high", "value"):
            if name in out and isinstance(out[name], (int, float)):
                out[name] = clean_number(round(out[name] * factor, 6))
        if isinstance(out.get("values"), list):
            out["values"] = [clean_number(round(float(v) * factor, 6)) for v in out["values"]]
        return out
    # Not scalable (zero, negative or not a number): write it where the loader will check it.
    if kind in ("exponential", "lognormal", "gamma"):
        out["mean"] = new_mean
    elif kind == "deterministic":
        out["value"] = new_mean
    elif kind == "uniform":
        out["low"] = out["high"] = new_mean
    elif kind == "empirical":
        out["values"] = [new_mean]
    return out


# --------------------------------------------------------------------------- demand

STREAM_KINDS = ("calls", "remote_ops", "tickets")
DEMAND_COLUMNS = ["kind", "name", "rate", "rate_field", "profile", "handle_mean_s", "patience_mean_s",
                  "escalate_share", "priority"]


def _rate_of(stream: dict) -> tuple[str, Any]:
    given = [(name, stream[name]) for name in RATE_FIELDS if stream.get(name) is not None]
    return given[0] if given else ("rate_per_household_per_month", None)


def _priority_defaults() -> dict[str, int]:
    from sim.scenario import CallType, RemoteOpType, TicketType

    return {kind: model.model_fields["priority"].default
            for kind, model in (("calls", CallType), ("remote_ops", RemoteOpType), ("tickets", TicketType))}


#: The priority a stream has when its file gives none (shown, so no cell is empty).
_PRIORITY_DEFAULT = _priority_defaults()


def demand_frame(data: dict) -> pd.DataFrame:
    """One row per arrival stream: its rate, profile, mean handle time and (calls) patience."""
    rows = []
    for kind in STREAM_KINDS:
        for name, stream in (get_path(data, ("demand", kind)) or {}).items():
            if not isinstance(stream, dict):
                continue
            field, rate = _rate_of(stream)
            rows.append({
                "kind": kind, "name": name, "rate": rate, "rate_field": field,
                "profile": stream.get("profile", "flat"),
                "handle_mean_s": dist_mean(stream.get("handle_time_s")),
                "patience_mean_s": dist_mean(stream.get("patience_s")) if kind == "calls" else None,
                "escalate_share": stream.get("escalate_share", 0.0) if kind == "calls" else None,
                "priority": stream.get("priority", _PRIORITY_DEFAULT[kind]),
            })
    frame = pd.DataFrame(rows, columns=DEMAND_COLUMNS)
    for column in ("rate", "handle_mean_s", "patience_mean_s", "escalate_share"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    # Floats, not integers: a whole-number column would round 2.5 to 2 in the editor; the loader
    # refuses 2.5 with a message instead.
    frame["priority"] = pd.to_numeric(frame["priority"], errors="coerce").astype(float)
    return frame


def apply_demand_frame(data: dict, frame: pd.DataFrame) -> dict:
    """``data`` with the edited demand table written back (a new dict)."""
    out = copy.deepcopy(data)
    for row in frame.to_dict("records"):
        stream = get_path(out, ("demand", row["kind"], row["name"]))
        if not isinstance(stream, dict):
            continue
        field = str(row.get("rate_field") or _rate_of(stream)[0])
        rate = filled(row.get("rate"))
        if field in stream:
            stream[field] = rate  # in place, keeping the file's order of fields
        for name in RATE_FIELDS:
            if name != field:
                stream.pop(name, None)
        stream[field] = rate  # an unknown field name is named by the loader
        if row.get("profile") and row["profile"] != stream.get("profile", "flat"):
            stream["profile"] = row["profile"]
        if "handle_time_s" in stream:
            stream["handle_time_s"] = with_mean(stream["handle_time_s"], row.get("handle_mean_s"))
        if row["kind"] == "calls":
            if stream.get("patience_s") is not None:
                stream["patience_s"] = with_mean(stream["patience_s"], row.get("patience_mean_s"))
            share = filled(row.get("escalate_share"))
            if share != stream.get("escalate_share", 0.0):
                stream["escalate_share"] = share
        priority = clean_number(row.get("priority"))
        if priority != stream.get("priority", _PRIORITY_DEFAULT[row["kind"]]):
            stream["priority"] = filled(priority)
    return out


def daily_volumes(scenario: Scenario) -> pd.DataFrame:
    """Expected contacts per day of each stream (summed over sites), before dated multipliers."""
    from sim.engine.arrivals import arrival_streams
    from sim.units import DAY_S

    rows: dict[tuple[str, str], float] = {}
    for stream in arrival_streams(scenario):
        key = (stream.kind, stream.type_name)
        rows[key] = rows.get(key, 0.0) + stream.base_rate_per_s * DAY_S
    return pd.DataFrame([{"kind": k, "name": n, "per_day": v} for (k, n), v in rows.items()],
                        columns=["kind", "name", "per_day"])


def hourly_volumes(scenario: Scenario) -> pd.DataFrame:
    """Expected arrivals per hour of an average day, by contact kind (profiles applied)."""
    from sim.engine.arrivals import arrival_streams
    from sim.units import HOUR_S

    total: dict[str, np.ndarray] = {}
    for stream in arrival_streams(scenario):
        total[stream.kind] = total.get(stream.kind, np.zeros(24)) + stream.hour_weights * stream.base_rate_per_s * HOUR_S
    return pd.DataFrame([{"kind": kind, "hour": h, "per_hour": float(v[h])} for kind, v in total.items() for h in range(24)],
                        columns=["kind", "hour", "per_hour"])


# --------------------------------------------------------------------------- profiles


def profile_frame(data: dict, part: str = "hour_of_day") -> pd.DataFrame:
    """Weights of every profile: rows are hours (0–23) or weekdays (mon–sun), a column per profile."""
    size = 24 if part == "hour_of_day" else 7
    profiles = get_path(data, ("demand", "profiles")) or {}
    frame = pd.DataFrame(index=range(size))
    for name, profile in profiles.items():
        values = (profile or {}).get(part) or [1.0] * size
        values = list(values)[:size] + [None] * max(0, size - len(values))
        frame[name] = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    frame.insert(0, "slot", list(range(size)) if part == "hour_of_day" else list(WEEKDAYS))
    return frame


def apply_profile_frame(data: dict, frame: pd.DataFrame, part: str = "hour_of_day") -> dict:
    out = copy.deepcopy(data)
    profiles = get_path(out, ("demand", "profiles")) or {}
    for name in profiles:
        if name in frame.columns:
            profiles[name] = dict(profiles[name] or {})
            profiles[name][part] = [filled(v) for v in frame[name].tolist()]
    return out


# --------------------------------------------------------------------------- commitments

#: Rows of the commitments table: id, path of the "within" value (or None), its unit, path of
#: the target share, direction of the share.
TARGET_ROWS: list[tuple[str, str | None, str, str, str]] = [
    ("calls.service_level", "calls.answer_within_s", "s", "calls.service_level", ">="),
    ("calls.abandon_rate", None, "", "calls.max_abandon_rate", "<="),
    ("calls.hourly_floor", None, "", "calls.hourly_floor", ">="),  # within: the service-level row's
    ("response", "response.within_min", "min", "response.share", ">="),
    ("remote_ops.service_level", "remote_ops.answer_within_s", "s", "remote_ops.service_level", ">="),
    ("expert.service_level", "expert.answer_within_s", "s", "expert.service_level", ">="),
    ("tickets.on_time", None, "", "tickets.on_time", ">="),
    ("return_visits.on_time", None, "", "return_visits.on_time", ">="),
    ("staff.occupancy", None, "", "staff.max_occupancy", "<="),
    ("field.response.emergency", "field.response.emergency.within_min", "min", "field.response.emergency.share", ">="),
    ("field.response.urgent", "field.response.urgent.within_min", "min", "field.response.urgent.share", ">="),
    ("field.response.routine", "field.response.routine.within_min", "min", "field.response.routine.share", ">="),
    ("field.response.planned", "field.response.planned.within_min", "min", "field.response.planned.share", ">="),
    ("field.incident_response", "field.incident_response.within_min", "min", "field.incident_response.share", ">="),
    ("field.patrol_rounds", None, "", "field.patrol_rounds", ">="),
    ("field.specialist_response", "field.specialist_response.within_min", "min", "field.specialist_response.share", ">="),
    ("field.facility_availability", None, "", "field.facility_availability", ">="),
    ("field.equipment_availability", None, "", "field.equipment_availability", ">="),
    ("field.visit_coverage", None, "", "field.visit_coverage", ">="),
    ("field.inspection_completion", None, "", "field.inspection_completion", ">="),
    ("field.max_utilisation", None, "", "field.max_utilisation", "<="),
    ("field.request_completion", "field.request_completion.within_h", "h", "field.request_completion.share", ">="),
    ("field.follow_up_on_time", None, "", "field.follow_up_on_time", ">="),
    ("field.found_completion", "field.found_completion.within_h", "h", "field.found_completion.share", ">="),
    ("field.planned_completion", "field.planned_completion.within_h", "h", "field.planned_completion.share", ">="),
]
TARGET_COLUMNS = ["id", "on", "within", "unit", "direction", "target_pct"]

#: Service commitments by service grade (服务等级) [est]: grade 1 is the default scenario's
#: (DOMAIN §4: phone within three rings, repair on site within 15 min, emergency within 30 min,
#: facilities ≥ 98%, every household visited monthly, return visit after every repair); lower
#: grades relax them step by step. ``patrol_every_h`` is (night, day): DOMAIN §3 says key areas
#: at least hourly at grade 1, every 2 h at grade 2, every 3 h at grade 3.
GRADE_COMMITMENTS: dict[int, dict] = {
    1: {"targets": {"calls": {"answer_within_s": 15, "service_level": 0.80, "max_abandon_rate": 0.05, "hourly_floor": 0.70},
                    "response": {"within_min": 15, "share": 0.95},
                    "remote_ops": {"answer_within_s": 20, "service_level": 0.95},
                    "expert": {"answer_within_s": 60, "service_level": 0.80},
                    "tickets": {"on_time": 0.95}, "return_visits": {"on_time": 0.95},
                    "staff": {"max_occupancy": 0.85},
                    "field": {"response": {"emergency": {"within_min": 30, "share": 0.95},
                                           "urgent": {"within_min": 30, "share": 0.90},
                                           "routine": {"within_min": 15, "share": 0.80, "clock": "working"}},
                              "incident_response": {"within_min": 5, "share": 0.90},
                              "patrol_rounds": 0.95, "facility_availability": 0.98,
                              "visit_coverage": 0.95, "max_utilisation": 0.85}},
        "patrol_every_h": (1, 2)},
    2: {"targets": {"calls": {"answer_within_s": 20, "service_level": 0.80, "max_abandon_rate": 0.08, "hourly_floor": 0.70},
                    "response": {"within_min": 15, "share": 0.95},
                    "remote_ops": {"answer_within_s": 30, "service_level": 0.90},
                    "expert": {"answer_within_s": 120, "service_level": 0.80},
                    "tickets": {"on_time": 0.90}, "return_visits": {"on_time": 0.95},
                    "staff": {"max_occupancy": 0.85},
                    "field": {"response": {"emergency": {"within_min": 30, "share": 0.90},
                                           "urgent": {"within_min": 60, "share": 0.90},
                                           "routine": {"within_min": 30, "share": 0.80, "clock": "working"}},
                              "incident_response": {"within_min": 10, "share": 0.90},
                              "patrol_rounds": 0.95, "facility_availability": 0.97,
                              "visit_coverage": 0.90, "max_utilisation": 0.85}},
        "patrol_every_h": (2, 2)},
    3: {"targets": {"calls": {"answer_within_s": 30, "service_level": 0.75, "max_abandon_rate": 0.10, "hourly_floor": 0.65},
                    "response": {"within_min": 30, "share": 0.90},
                    "remote_ops": {"answer_within_s": 45, "service_level": 0.90},
                    "expert": {"answer_within_s": 180, "service_level": 0.75},
                    "tickets": {"on_time": 0.90}, "return_visits": {"on_time": 0.90},
                    "staff": {"max_occupancy": 0.85},
                    "field": {"response": {"emergency": {"within_min": 45, "share": 0.90},
                                           "urgent": {"within_min": 120, "share": 0.85},
                                           "routine": {"within_min": 60, "share": 0.80, "clock": "working"}},
                              "incident_response": {"within_min": 15, "share": 0.85},
                              "patrol_rounds": 0.90, "facility_availability": 0.95,
                              "visit_coverage": 0.80, "max_utilisation": 0.85}},
        "patrol_every_h": (3, 3)},
    4: {"targets": {"calls": {"answer_within_s": 45, "service_level": 0.70, "max_abandon_rate": 0.12, "hourly_floor": 0.60},
                    "response": {"within_min": 60, "share": 0.85},
                    "remote_ops": {"answer_within_s": 60, "service_level": 0.85},
                    "expert": {"answer_within_s": 300, "service_level": 0.70},
                    "tickets": {"on_time": 0.85}, "return_visits": {"on_time": 0.85},
                    "staff": {"max_occupancy": 0.85},
                    "field": {"response": {"emergency": {"within_min": 60, "share": 0.90},
                                           "urgent": {"within_min": 240, "share": 0.80},
                                           "routine": {"within_min": 120, "share": 0.80, "clock": "working"}},
                              "incident_response": {"within_min": 20, "share": 0.80},
                              "patrol_rounds": 0.90, "facility_availability": 0.95,
                              "visit_coverage": 0.70, "max_utilisation": 0.85}},
        "patrol_every_h": (4, 4)},
}


def targets_of(data: dict) -> dict:
    """The commitments in force (defaults filled in) as plain data."""
    try:
        return Targets.model_validate(get_path(data, "targets") or {}).model_dump(mode="json")
    except Exception:  # noqa: BLE001  (an invalid targets section: start from the defaults)
        merged = Targets().model_dump(mode="json")
        for key, value in (get_path(data, "targets") or {}).items():
            merged[key] = value
        return merged


def targets_frame(data: dict) -> pd.DataFrame:
    """One row per commitment: switched on, within (s or min), direction, target in %."""
    targets = targets_of(data)
    has_field = data.get("field") is not None
    rows = []
    for row_id, within_path, unit, share_path, direction in TARGET_ROWS:
        if row_id.startswith("field.") and not has_field:
            continue
        if row_id == "field.response.planned" and get_path(targets, share_path) is None:
            continue
        share = get_path(targets, share_path)
        within = get_path(targets, within_path) if within_path else None
        rows.append({"id": row_id, "on": share is not None, "within": within, "unit": unit,
                     "direction": direction, "target_pct": None if share is None else round(share * 100, 4)})
    frame = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    frame["within"] = pd.to_numeric(frame["within"], errors="coerce").astype(float)
    frame["target_pct"] = pd.to_numeric(frame["target_pct"], errors="coerce").astype(float)
    frame["on"] = frame["on"].astype(bool)
    return frame


def apply_targets_frame(data: dict, frame: pd.DataFrame) -> dict:
    """``data`` with the commitments table written back (a complete ``targets`` section)."""
    out = copy.deepcopy(data)
    targets = targets_of(out)
    paths = {row[0]: row for row in TARGET_ROWS}
    for row in frame.to_dict("records"):
        _, within_path, _, share_path, _ = paths[row["id"]]
        on = bool(row.get("on"))
        pct = clean_number(row.get("target_pct"))
        # Switched on without a value: None, which the loader names where a value is required.
        share = (clean_number(round(pct / 100, 6)) if isinstance(pct, (int, float)) else filled(pct)) if on else None
        within = filled(row.get("within")) if on and within_path else clean_number(row.get("within"))
        head = share_path.split(".")[0]
        if head in ("calls", "remote_ops", "expert") and targets.get(head) is None and on:
            targets[head] = {"answer_within_s": within}
        if row["id"].startswith("field.response."):
            priority = row["id"].rsplit(".", 1)[1]
            response = targets["field"].setdefault("response", {})
            if on:  # the clock (elapsed or working time) is kept, or the schema's default for the priority
                default = FieldTargets().response.get(priority)
                clock = (response.get(priority) or {}).get("clock") or (default.clock if default else "elapsed")
                response[priority] = {"within_min": within, "share": share, "clock": clock}
            else:
                response.pop(priority, None)
            continue
        if row["id"] == "response":
            targets["response"] = {"within_min": within, "share": share} if on else None
            continue
        if row["id"] in ("field.request_completion", "field.found_completion", "field.planned_completion"):
            name = row["id"].split(".", 1)[1]
            paused = (targets["field"].get(name) or {}).get("parts_wait_paused")  # kept as the scenario has it
            targets["field"][name] = ({"within_h": within, "share": share} |
                                      ({"parts_wait_paused": paused} if paused is not None else {})) if on else None
            continue
        if row["id"] in ("field.incident_response", "field.specialist_response"):
            targets["field"][row["id"].split(".", 1)[1]] = {"within_min": within, "share": share} if on else None
            continue
        if head in ("tickets", "return_visits"):
            targets[head] = {"on_time": share} if on else None
            continue
        if head == "staff":
            targets["staff"] = {"max_occupancy": share} if on else None
            continue
        if head == "field":
            targets["field"][share_path.split(".", 1)[1]] = share
            continue
        # calls, remote_ops, expert: ContactTarget fields
        if targets.get(head) is not None:
            set_path(targets, share_path, share)
            if within_path:
                set_path(targets, within_path, within)
    for head in ("calls", "remote_ops", "expert"):
        target = targets.get(head)
        if isinstance(target, dict) and all(target.get(k) is None for k in ("service_level", "max_abandon_rate", "max_asa_s")):
            targets[head] = None
    out["targets"] = targets
    return out


def apply_grade_commitments(data: dict, grade: int) -> dict:
    """``data`` with the commitments of service grade ``grade`` and its patrol frequency."""
    preset = GRADE_COMMITMENTS[int(grade)]
    out = copy.deepcopy(data)
    targets = copy.deepcopy(preset["targets"])
    if out.get("field") is None:
        targets.pop("field")
    types = get_path(out, "targets.types") if isinstance(out.get("targets"), dict) else None
    if types:  # per-type commitments are the bid's own, not the grade's: kept
        targets["types"] = types
    out["targets"] = targets
    night, day = preset["patrol_every_h"]
    for route in (get_path(out, "field.patrols") or {}).values():
        if isinstance(route, dict):
            route["schedule"] = [{"start": "22:00", "end": "06:00", "every_h": night},
                                 {"start": "06:00", "end": "22:00", "every_h": day}]
    return out


def matching_grade(data: dict) -> int | None:
    """The service grade whose commitments the scenario has, if any (else: custom)."""
    current = targets_of(data)
    for grade in GRADE_COMMITMENTS:
        if targets_of(apply_grade_commitments(data, grade)) == current and \
                _patrols(apply_grade_commitments(data, grade)) == _patrols(data):
            return grade
    return None


def _patrols(data: dict) -> Any:
    return [route.get("schedule") for route in (get_path(data, "field.patrols") or {}).values() if isinstance(route, dict)]


# --------------------------------------------------------------------------- staffing

ROSTER_COLUMNS = ["kind", "group", "shift", "start", "length_h", "days", "people", "crews", "path"]


def _roster_groups(data: dict) -> list[tuple[str, str, dict, str]]:
    groups = []
    for name, pool in (get_path(data, "centre.pools") or {}).items():
        if isinstance(pool, dict):
            groups.append(("pool", name, pool, f"centre.pools.{name}"))
    for name, team in (get_path(data, "field.teams") or {}).items():
        if isinstance(team, dict):
            groups.append(("team", name, team, f"field.teams.{name}"))
    for name, post in (get_path(data, "field.posts") or {}).items():
        if isinstance(post, dict):
            groups.append(("post", name, post, f"field.posts.{name}"))
    return groups


def roster_frame(data: dict) -> pd.DataFrame:
    """One row per shift of every pool, field team and post (a rotation: one row, people per crew)."""
    rows = []
    for kind, name, group, prefix in _roster_groups(data):
        roster = group.get("roster") or {}
        rotation = roster.get("rotation")
        for shift_name, shift in (roster.get("shifts") or {}).items():
            if not isinstance(shift, dict):
                continue
            days = shift.get("days") or list(WEEKDAYS)
            rows.append({"kind": kind, "group": name, "shift": shift_name, "start": shift.get("start"),
                         "length_h": shift.get("length_h"), "days": ",".join(days) if len(days) < 7 else "daily",
                         "people": shift.get("agents"), "crews": 0, "path": f"{prefix}.roster.shifts.{shift_name}.agents"})
        if isinstance(rotation, dict):
            # The crews' day: the hours of the shifts they rotate through (24 for 四班三运转), as the
            # plan's roster line states it; never an empty cell (the editor would show "None").
            worked = {k for k in rotation.get("cycle") or [] if k != "off"}
            shifts = roster.get("shifts") or {}
            hours = sum(float(shifts[k].get("length_h") or 0) for k in worked
                        if isinstance(shifts.get(k), dict) and isinstance(shifts[k].get("length_h"), (int, float)))
            rows.append({"kind": kind, "group": name, "shift": "rotation", "start": "—",
                         "length_h": hours, "days": "/".join(rotation.get("cycle") or []),
                         "people": rotation.get("people_per_crew"), "crews": rotation.get("crews") or 0,
                         "path": f"{prefix}.roster.rotation.people_per_crew"})
    frame = pd.DataFrame(rows, columns=ROSTER_COLUMNS)
    frame["length_h"] = pd.to_numeric(frame["length_h"], errors="coerce").astype(float)
    # Floats, not integers: a whole-number column would round 2.5 people to 2 in the editor; the
    # loader refuses 2.5 with a message instead.
    frame["people"] = pd.to_numeric(frame["people"], errors="coerce").astype(float)
    return frame


def apply_roster_frame(data: dict, frame: pd.DataFrame) -> dict:
    """``data`` with edited head counts, shift starts and lengths written back."""
    out = copy.deepcopy(data)
    for row in frame.to_dict("records"):
        path = row["path"]
        set_path(out, path, filled(row.get("people")))
        if path.endswith(".agents"):
            shift_path = path.rsplit(".", 1)[0]
            start = row.get("start")
            cleared = start is None or (isinstance(start, float) and math.isnan(start))
            set_path(out, f"{shift_path}.start", EMPTY if cleared else str(start).strip())
            set_path(out, f"{shift_path}.length_h", filled(row.get("length_h")))
    return out


BREAK_COLUMNS = ["kind", "group", "shift", "number", "after_h", "length_min", "stagger_min", "people", "shift_h", "path"]


def breaks_frame(data: dict) -> pd.DataFrame:
    """One row per break of every shift: when it starts (hours into the shift), how long it is,
    and how far each next person's break is staggered; with the shift's head count (more people
    than staggered starts fit take the break in waves: sim.scenario.roster.Break.slots)."""
    rows = []
    for kind, name, group, prefix in _roster_groups(data):
        for shift_name, shift in ((group.get("roster") or {}).get("shifts") or {}).items():
            if not isinstance(shift, dict):
                continue
            for number, brk in enumerate(shift.get("breaks") or []):
                if isinstance(brk, dict):
                    rows.append({"kind": kind, "group": name, "shift": shift_name, "number": number + 1,
                                 "after_h": brk.get("after_h"), "length_min": brk.get("length_min"),
                                 "stagger_min": brk.get("stagger_min", 15.0), "people": shift.get("agents"),
                                 "shift_h": shift.get("length_h"),
                                 "path": f"{prefix}.roster.shifts.{shift_name}.breaks.{number}"})
    frame = pd.DataFrame(rows, columns=BREAK_COLUMNS)
    for column in ("after_h", "length_min", "stagger_min", "people", "shift_h"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def last_back_h(row: Any) -> float:
    """Hours into the shift when the last person of a breaks-table row is back: the last
    staggered start that fits (breaks taken in waves: sim.scenario.roster.Break.slots) plus the
    break; NaN for a row the loader would refuse."""
    from sim.scenario.roster import Break

    try:
        brk = Break(after_h=row["after_h"], length_min=row["length_min"], stagger_min=row["stagger_min"])
        people = int(row["people"]) if row["people"] == row["people"] else 1
        slots = brk.slots(float(row["shift_h"]), max(people, 1))
    except (TypeError, ValueError, KeyError):
        return math.nan
    return round(brk.after_h + (slots - 1) * brk.stagger_min / 60 + brk.length_min / 60, 2)


def apply_breaks_frame(data: dict, frame: pd.DataFrame) -> dict:
    """``data`` with the edited breaks written back (a cleared cell is refused by the loader)."""
    out = copy.deepcopy(data)
    for row in frame.to_dict("records"):
        brk = get_path(out, row["path"])
        if isinstance(brk, dict):
            for column in ("after_h", "length_min", "stagger_min"):
                brk[column] = filled(row.get(column))
    return out


def staffed_by_hour(scenario: Scenario) -> pd.DataFrame:
    """People on duty in each hour of the day per pool, team and post, from the rosters
    (sim.scenario.on_duty), before breaks: the most on duty at once in that hour on any day of the
    week (or of a rotation's period), so whole people, as a site manager counts who is on at the
    peak and at night; teams and posts per site (butlers per zone)."""
    from sim.scenario.on_duty import Duty

    rows = []
    for group in scenario.staffed_groups(simulated=True):
        most = Duty.of_roster(group.roster).most_by_hour_of_week().reshape(7, 24).max(axis=0)
        rows += [{"kind": group.kind, "group": group.name, "hour": h, "people": int(most[h])} for h in range(24)]
    return pd.DataFrame(rows, columns=["kind", "group", "hour", "people"])


# --------------------------------------------------------------------------- costs

#: Cost fields the app edits: field, kind ("pct" shown in %, "yuan", "int", "float").
COST_FIELDS: list[tuple[str, str]] = [
    ("fee_yuan_per_m2_month", "float"),
    ("collection_rate", "pct"),
    ("profit_rate", "pct"),
    ("commission_rate", "pct"),
    ("vat_rate", "pct"),
    ("surcharge_rate", "pct"),
    ("overhead_rate", "pct"),
    ("contingency_rate", "pct"),
    ("social_insurance_rate", "pct"),
    ("housing_fund_rate", "pct"),
    ("welfare_union_training_rate", "pct"),
    ("contribution_floor_yuan_per_month", "yuan"),
    ("uniform_yuan_per_person_per_year", "yuan"),
    ("contract_years", "int"),
    ("wage_growth_per_year", "pct"),
    ("utilities_yuan_per_m2_per_year", "float"),
    ("facility_maintenance_yuan_per_m2_per_year", "float"),
    ("lift_maintenance_yuan_per_lift_per_year", "yuan"),
    ("cleaning_materials_yuan_per_m2_per_year", "float"),
    ("greening_yuan_per_m2_green_per_year", "float"),
    ("security_materials_yuan_per_m2_per_year", "float"),
    ("insurance_yuan_per_m2_per_year", "float"),
    ("office_yuan_per_year", "yuan"),
    ("call_centre_seat_cost_yuan_per_year", "yuan"),
    ("group_call_centre_share_yuan_per_year", "yuan"),
    ("other_yuan_per_year", "yuan"),
]
_COST_DEFAULTS = Costs().model_dump(mode="json")


def cost_value(data: dict, field: str) -> Any:
    value = get_path(data, ("costs", field), _COST_DEFAULTS.get(field))
    if field == "contribution_floor_yuan_per_month" and value is None:  # null: the city tier's floor
        tier = get_path(data, ("costs", "city_tier"), _COST_DEFAULTS["city_tier"])
        value = CITY_TIER_FLOORS_YUAN_PER_MONTH.get(tier, CITY_TIER_FLOORS_YUAN_PER_MONTH["tier2"])
    return value


def wages_frame(data: dict) -> pd.DataFrame:
    """Gross monthly wage of every role (the scenario's, defaults for roles it does not give)."""
    wages = dict(_COST_DEFAULTS["wages_yuan_per_month"])
    given = get_path(data, "costs.wages_yuan_per_month") or {}
    for role, wage in given.items():
        if wage is None:
            wages.pop(role, None)
        else:
            wages[role] = wage
    order = [r for r in ROLES if r in wages] + [r for r in wages if r not in ROLES]
    frame = pd.DataFrame([{"role": r, "wage": wages[r]} for r in order], columns=["role", "wage"])
    frame["wage"] = pd.to_numeric(frame["wage"], errors="coerce").astype(float)
    return frame


def apply_wages_frame(data: dict, frame: pd.DataFrame) -> dict:
    out = copy.deepcopy(data)
    wages = dict(get_path(out, "costs.wages_yuan_per_month") or {})
    for row in frame.to_dict("records"):
        wages[row["role"]] = filled(row.get("wage"))  # a cleared wage is refused, not dropped
    set_path(out, "costs.wages_yuan_per_month", wages)
    return out


def apply_editor_delta(frame: pd.DataFrame, delta: Any) -> pd.DataFrame:
    """The table an ``st.data_editor`` shows: ``frame`` with its edit state (``edited_rows``:
    {row position: {column: value}}) applied. Rows are fixed, so added and deleted rows are
    ignored."""
    out = frame.copy()
    if not isinstance(delta, dict):
        return out
    for row, changes in (delta.get("edited_rows") or {}).items():
        position = int(row)
        if not 0 <= position < len(out) or not isinstance(changes, dict):
            continue
        for column, value in changes.items():
            if column in out.columns:
                if value is not None and pd.api.types.is_numeric_dtype(out[column]) and not isinstance(value, bool):
                    out[column] = out[column].astype(object) if not isinstance(value, (int, float)) else out[column]
                out.iat[position, out.columns.get_loc(column)] = value
    return out


def frames_differ(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether an edited table differs from the one shown (NaN equal to NaN)."""
    if a.shape != b.shape or list(a.columns) != list(b.columns):
        return True
    left = a.reset_index(drop=True).astype(object).where(a.reset_index(drop=True).notna(), None)
    right = b.reset_index(drop=True).astype(object).where(b.reset_index(drop=True).notna(), None)
    return not left.equals(right)


# --------------------------------------------------------------------------- the bid's training plan


def training_frame(data: dict, lang: str) -> pd.DataFrame:
    """The training plan (``proposal.training``) in ``lang`` as the Export page edits it: a row a
    course (topic, the posts that take it in words, hours as text, when) and a blank row to add
    one. Hours are text: an empty cell of a number column reads "None"."""
    from planner.proposal.text import role_name, t as proposal_text

    courses = [c for c in ((data.get("proposal") or {}).get("training") or []) if isinstance(c, dict)]
    return pd.DataFrame({
        "topic": [str((c.get("topic") or {}).get(lang) or "") for c in courses] + [""],
        "posts": [("、" if lang == "zh" else ", ").join(role_name(r, lang) for r in c.get("roles") or [])
                  or proposal_text("all_posts", lang) for c in courses] + [""],
        "hours": [f"{c['hours']:g}" if isinstance(c.get("hours"), (int, float)) else str(c.get("hours") or "")
                  for c in courses] + [""],
        "when": [str((c.get("when") or {}).get(lang) or "") for c in courses] + [""]})


def apply_training_frame(data: dict, edited: pd.DataFrame, lang: str) -> dict:
    """``data`` with its training plan as ``edited`` (:func:`training_frame`'s rows, in order): a
    course whose topic is cleared is removed, the blank last row filled in is a new course for
    every post; the other language's texts and each course's posts stay. Hours that are not a
    number are kept as typed, for the scenario's check to name."""
    courses = [c for c in ((data.get("proposal") or {}).get("training") or []) if isinstance(c, dict)]
    out = []
    for i, row in enumerate(edited.to_dict("records")):
        topic = str(row.get("topic") or "").strip()
        if not topic:
            continue
        base = courses[i] if i < len(courses) else {"roles": []}
        hours = str(row.get("hours") or "").strip()
        try:
            hours = float(hours)
        except ValueError:
            pass
        out.append({**base, "topic": {**(base.get("topic") or {}), lang: topic}, "hours": hours,
                    "when": {**(base.get("when") or {}), lang: str(row.get("when") or "").strip()}})
    new = copy.deepcopy(data)
    new.setdefault("proposal", {})["training"] = out
    return new
