"""Generates docs/scenario.md, the reference of every scenario field, from the schema itself,
so the documentation cannot drift from what the loader accepts
(``python -m sim schema > docs/scenario.md``; a test checks the file is current)."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, Union

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from sim.scenario import distributions
import sim.scenario as schema
from sim.units import RATE_FIELDS

INTRO = """# Scenario files

A scenario is a YAML file validated by `sim/scenario/` (this page is generated from it by
`python -m sim schema`; do not edit by hand). Check one with `python -m sim check FILE`.

* **Units are in the field names**: `_s` seconds, `_min` minutes, `_h` hours, `_days` days,
  `_m2` square metres; rates say what they are per (`rate_per_household_per_month`). A month is
  365.2425/12 days.
* **extends**: `extends: base.yaml` (relative to the file) loads the base first; mappings merge
  key by key, lists and values replace, and a named item (a call type, a pool, a shift, a site,
  a profile) set to `null` is removed.
* **Overrides**: `--set path=value` on the command line (repeatable), the value read as YAML:
  `--set sites.cuihu.households=3000`, `--set centre.pools.service_desk.roster.shifts.night.agents=2`.
* **Errors** name the file and line, the field path, the value and what is allowed, e.g.
  `default.yaml:61: demand.calls.enquiry.rate_per_household_per_month = -0.1: must be ≥ 0`.
* **Distributions** (every field typed *distribution*) are mappings with a `dist` key:

| dist | parameters | meaning |
|---|---|---|
| exponential | mean | memoryless |
| lognormal | mean, sd | mean and standard deviation of the value itself |
| gamma | mean, sd | shape (mean/sd)² |
| deterministic | value | always the same |
| uniform | low, high | |
| empirical | values | resampled with equal weights |

* **Rates**: every stream gives exactly one of the rate fields below; per-unit rates are
  multiplied by the site's quantity and its `demand_multiplier`.

| rate field | scales with | period | at most |
|---|---|---|---|
{rates}

* **Profiles** shape a rate over time: `hour_of_day` (24 weights) and `day_of_week` (7 weights,
  Monday first) are normalised to mean 1, so they move demand around without changing its
  volume; `dated_multipliers` then scale whole dates, and an optional `sinusoid` multiplies by
  1 + amplitude·sin(2π(t − phase)/period). Within an hour the rate is constant (but for the
  sinusoid) and arrivals form a non-homogeneous Poisson process.
* **Move-in phases** (入伙期): `move_in.phases` gives the occupancy of each run of contract months
  (month 1 is the contract's first), e.g. 30% for months 1–6, 60% to month 18, 90% after:

```yaml
move_in:
  phases:
    - {name: 入伙初期, from_month: 1, to_month: 6, occupancy: 0.3}
    - {name: 入伙中期, from_month: 7, to_month: 18, occupancy: 0.6}
    - {name: 稳定期, from_month: 19, occupancy: 0.9}     # no to_month: to the contract's end
```

  Occupancy is a share of the residents the scenario's demand describes (1: the demand as
  written). It scales what residents cause: every call and ticket type (and so the work orders,
  expert calls and return visits they open), remote operations per household or per gate,
  incidents given per day (disputes), the butlers' visits and walk-ins; the vacant share grows
  to 1 − occupancy × (1 − `vacant_share`) (more vacant-unit checks). It does not scale equipment
  failures, planned maintenance, patrols, incidents per unit of equipment, remote operations per
  camera or building, the fixed posts or any compliance rule. Phases follow each other without
  gap or overlap from month 1 to the contract's end (`costs.contract_years` × 12); each lasts a
  month at least. `python -m planner plan` plans each phase (planner.phases) and budgets the
  contract by phase.
* **Per-type commitments**: `targets.calls` and the other kinds' targets judge all of a kind's
  types together, so a small type can wait too long unseen. `targets.types` promises a type on
  its own, by its label (the rows of `RunResult.type_table()`; `python -m sim check` lists the
  scenario's labels when one is wrong), with the kind's target model:

```yaml
targets:
  types:
    calls.emergency: {answer_within_s: 10, service_level: 0.95, max_abandon_rate: 0.01}  # 紧急来电
    expert.complaint: {answer_within_s: 60, service_level: 0.9}                         # 投诉升级
    tickets.app_ticket: {on_time: 0.99}
```

  Each becomes KPI rows whose stream is the label (`calls.emergency` `service_level` within
  its own 10 s), judged like the kind's and staffed for by the planner. On the command line a
  new one is a mapping, `--set 'targets.types={calls.emergency: {answer_within_s: 10,
  service_level: 0.95}}'`; an existing one's field by its path,
  `--set targets.types.calls.emergency.service_level=0.9`.

## Limits

Every run a valid scenario asks for is finite, and its cost is known before it starts:

* **Files**: a scenario file (and every file it `extends`) is a regular file of at most
  {max_bytes} bytes of UTF-8, nested at most {max_depth} levels deep, at most {max_nodes} values
  once YAML aliases are expanded, and at most {max_extends} files in an `extends` chain; a device,
  directory or pipe is refused before it is read. In the app an uploaded scenario may extend only
  a bundled template, by name (`extends: default`).
* **Fields** have the ranges in the tables below (households at most 10,000,000, equipment and
  gates at most 100,000 per site, agents at most 10,000 per shift, rotation cycles at most 366
  days, a distribution's sd at most {max_cv} times its mean ...).
* **Events per simulated day**: the busiest day a scenario can have (busiest weekday, every
  dated multiplier, a sinusoid at its peak) may ask for at most {max_events} expected events:
  contacts and the work they create, field tasks and people coming on and off shift
  (`sim/scenario/workload.py`). Measured at about 25 µs and 0.8 KB per event (the memory
  measured on the default site at 200,000 to 2,500,000 households), the biggest scenario
  accepted takes about 6 s of CPU and 200 MB of records per simulated day and replication (less
  with `--streaming`). The bundled scenarios ask for at most about 10,000.
* **Whole runs**: events per day × days × replications is estimated before a run. The command
  lines refuse a run above `--max-events` (default {cli_budget}) and print the estimate of any run
  above {cli_warn}; the app refuses a run above {app_budget} and stops one that has run for
  {app_seconds} s (between replications), and refuses one whose estimated memory would take it over its
  ceiling of 1,200 MB (docs/app.md, "Memory": about 0.9 KB an event of one replication).
* **`--set`** must name a field of the schema and an item the scenario has: a typo such as
  `sites.cuihuu.households=3000` is refused. A new item needs a leading `+` and the whole item:
  `--set '+sites.second={households: 800}'`.

## Fields
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if all(isinstance(m, type) and issubclass(m, BaseModel) and "dist" in m.model_fields for m in members):
            name = "distribution"
        else:
            name = " or ".join(_type_name(m) for m in members)
        return name + (" or null" if type(None) in args else "")
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping name → {_type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return getattr(annotation, "__name__", str(annotation)).replace("NoneType", "null")


def _annotated_metadata(annotation: Any) -> tuple[list, str]:
    """Constraints written into an annotation (``Annotated[float, Field(le=...)]``, also as the
    item type of a list), and 'each ' when they apply to the items."""
    inner = annotation
    prefix = ""
    if typing.get_origin(inner) is list:
        inner, prefix = typing.get_args(inner)[0], "each "
    if typing.get_origin(inner) is typing.Annotated:
        out = []
        for extra in typing.get_args(inner)[1:]:
            out += list(getattr(extra, "metadata", [extra]))
        return out, prefix
    return [], ""


def _limits(field) -> str:
    parts = []
    extra, prefix = _annotated_metadata(field.annotation)
    for item in extra:
        for cls, symbol in ((Gt, ">"), (Ge, "≥"), (Lt, "<"), (Le, "≤")):
            if isinstance(item, cls):
                parts.append(f"{prefix}{symbol} {_number(getattr(item, symbol_attr(cls)))}")
    for item in field.metadata:
        for cls, symbol in ((Gt, ">"), (Ge, "≥"), (Lt, "<"), (Le, "≤")):
            if isinstance(item, cls):
                parts.append(f"{symbol} {_number(getattr(item, symbol_attr(cls)))}")
        if isinstance(item, MinLen) and isinstance(item, MaxLen):
            pass
        elif isinstance(item, MinLen):
            parts.append(f"at least {item.min_length} item(s)")
        elif isinstance(item, MaxLen):
            parts.append(f"at most {item.max_length} item(s)")
    annotation_text = str(field.annotation)
    for name, symbol in (("PositiveFloat", "> 0"), ("NonNegativeFloat", "≥ 0"), ("NonNegativeInt", "≥ 0")):
        if name in annotation_text:
            parts.append(symbol)
    return ", ".join(dict.fromkeys(parts))


def _number(value: Any) -> str:
    """A limit as written by a person: 10,000,000 rather than 10000000, 1e+09 for huge floats."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e7:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return f"{value:g}"


def symbol_attr(cls) -> str:
    return {Gt: "gt", Ge: "ge", Lt: "lt", Le: "le"}[cls]


def _default(field) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        if isinstance(value, BaseModel):
            return "see type"
        return f"`{value}`" if value not in ({}, []) else "empty"
    if field.default is PydanticUndefined:
        return "**required**"
    if field.default is None:
        return "null"
    if field.default == "":
        return "empty"
    return f"`{field.default}`"


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += _nested_models(arg)
    return found


def _models() -> list[type[BaseModel]]:
    """Every model reachable from Scenario, breadth first (distributions have their own table)."""
    order, queue = [], [schema.Scenario]
    while queue:
        model = queue.pop(0)
        if model in order or "dist" in model.model_fields:
            continue
        order.append(model)
        for field in model.model_fields.values():
            queue += _nested_models(field.annotation)
    return order


def render() -> str:
    """The whole of docs/scenario.md."""
    periods = {60.0: "minute", 3600.0: "hour", 86400.0: "day"}
    from sim.scenario.loader import _MAX_RATE, DEFAULT_MAX_RATE

    rates = "\n".join(f"| `{name}` | {qty or 'the site'} | {periods.get(period, 'month')} | "
                      f"{_number(_MAX_RATE.get(name, DEFAULT_MAX_RATE))} |"
                      for name, (qty, period) in RATE_FIELDS.items())
    from sim.scenario import loader, workload

    limits = {"max_bytes": f"{loader.MAX_FILE_BYTES:,}", "max_depth": str(loader.MAX_DEPTH),
              "max_nodes": f"{loader.MAX_NODES:,}", "max_extends": str(loader.MAX_EXTENDS),
              "max_cv": f"{distributions.MAX_CV:g}", "max_events": f"{workload.MAX_EVENTS_PER_DAY:,}",
              "cli_budget": f"{workload.CLI_MAX_RUN_EVENTS:,.0f}", "cli_warn": f"{workload.CLI_WARN_RUN_EVENTS:,.0f}",
              "app_budget": f"{workload.APP_MAX_RUN_EVENTS:,.0f}",
              "app_seconds": f"{workload.APP_MAX_RUN_SECONDS:.0f}"}
    intro = INTRO.replace("{rates}", rates)
    for key, value in limits.items():
        intro = intro.replace("{" + key + "}", str(value))
    lines = [intro]
    for model in _models():
        doc = " ".join((model.__doc__ or "").split())
        lines.append(f"### {model.__name__}\n\n{doc}\n")
        lines.append("| field | type | default | limits | notes |\n|---|---|---|---|---|")
        for name, field in model.model_fields.items():
            lines.append(f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | {_limits(field)} | "
                         f"{field.description or ''} |")
        lines.append("")
    dists = ", ".join(distributions.DISTRIBUTION_NAMES)
    lines.append(f"Distributions accepted: {dists}.\n")
    return "\n".join(lines)
