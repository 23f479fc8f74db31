"""Reading scenarios: YAML files, ``extends`` chains, ``--set`` overrides, and validation.

The one entry point is :func:`load_scenario`. A scenario may say ``extends: base.yaml`` (a path
relative to its own file): the base is loaded first and the scenario's mappings are merged
into it key by key; lists and scalars replace the base's value, and ``null`` clears it (a
distribution of another ``dist`` family replaces the base's one whole).
Overrides given as ``path=value`` (``sites.cuihu.households=3000``) are applied last, the value
read as YAML. Every problem becomes a :class:`ScenarioError` naming the field.
"""

from __future__ import annotations

import math

import copy
import difflib
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import yaml
from pydantic import ValidationError

from sim.scenario.distributions import DISTRIBUTION_NAMES
from sim.scenario.errors import MISSING, Issue, ScenarioError
from sim.scenario import problems
from sim.scenario.problems import TEXT, RosterGap, english, issue
from sim.scenario import CONTACT_KINDS, TYPE_TARGET_TAGS, WEEKDAYS, ContactTarget, Scenario, contact_type_labels
from sim.scenario.move_in import phase_problems
from sim.scenario.names import scenario_keys
from sim.scenario.district import district_problems
from sim.scenario.on_duty import Duty

Locations = dict[tuple, tuple[str, int]]


def load_scenario(source: str | Path | Mapping[str, Any], overrides: Iterable[str] = ()) -> Scenario:
    """Load, merge, override and validate a scenario from a YAML file or a mapping.

    Raises :class:`ScenarioError` listing every problem with its field path."""
    data, locations = load_raw(source)
    data = apply_overrides(data, overrides, locations)
    return validate(data, locations)


def load_raw(source: str | Path | Mapping[str, Any]) -> tuple[dict, Locations]:
    """The merged, unvalidated data of a scenario and where each field was written."""
    if isinstance(source, Mapping):
        data = copy.deepcopy(dict(source))
        base = data.pop("extends", None)
        if base is None:
            return data, {}
        if not isinstance(base, (str, Path)):
            raise ScenarioError([problems.issue("extends", base, "extends_path")])
        base_data, locations = _load_file(Path(base), chain=())
        # A field the mapping sets was not written where the base file wrote it.
        _forget_locations(locations, data, ())
        return extend(base_data, data), locations
    return _load_file(Path(source), chain=())


#: Limits on a scenario file, checked before any work: the bundled scenarios are at most 16 KB,
#: 6 levels deep and 2,000 nodes, so these leave a wide margin while keeping parsing bounded.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
#: Nodes of the file once every alias is expanded (an alias bomb expands to billions).
MAX_NODES = 200_000
#: Length of an ``extends`` chain.
MAX_EXTENDS = 8


def read_scenario_text(path: Path, shown: str | None = None) -> str:
    """The text of a scenario file: a regular file of at most :data:`MAX_FILE_BYTES` of UTF-8
    (a device such as /dev/zero, a directory or a pipe is refused before it is read)."""
    import stat

    shown = shown or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ScenarioError([issue("", shown, "no_file", shown)]) from None
    except OSError as exc:
        raise ScenarioError([issue("", shown, "unreadable", shown, reason=exc.strerror or exc)]) from None
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError([issue("", shown, "is_directory" if stat.S_ISDIR(info.st_mode) else "not_regular_file", shown)])
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError([issue("", shown, "unreadable", shown, reason=exc.strerror or exc)]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError([issue("", MISSING, "file_too_large", shown, limit=MAX_FILE_BYTES)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError([issue("", MISSING, "not_utf8", shown, reason=exc.reason, at=exc.start)]) from None


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, with impossible dates (2026-02-30) kept as text so that validation
    names the field instead of the YAML library failing."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def parse_yaml(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML with bounded work: size, nesting depth and expanded node count are checked
    on the token stream and the node graph before anything is built.

    Returns the data and its node (for line numbers); every problem is a :class:`ScenarioError`."""
    def refuse(code: str, line: int | None = None, **params: Any) -> ScenarioError:
        return ScenarioError([issue("", MISSING, code, source, line, **params)])

    if len(text) > MAX_FILE_BYTES:
        raise refuse("text_too_large", limit=MAX_FILE_BYTES)
    opening = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken, yaml.BlockMappingStartToken,
               yaml.BlockSequenceStartToken)
    closing = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
    try:
        depth = 0
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    raise refuse("too_deep", token.start_mark.line + 1, most=MAX_DEPTH)
            elif isinstance(token, closing):
                depth -= 1
        loader = _BoundedLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            _check_size(node, source)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = "; ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise refuse("not_yaml", line, problem=problem) from None
    except yaml.YAMLError as exc:
        raise refuse("not_yaml", problem=exc) from None
    except RecursionError:  # kept for safety: the depth check above should prevent it
        raise refuse("nested_too_deeply", most=MAX_DEPTH) from None
    return data, node


def _check_size(root: yaml.Node, source: str) -> None:
    """Refuse a node graph whose expansion (every alias copied out) exceeds :data:`MAX_NODES`,
    or that contains itself. Linear in the number of distinct nodes."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    # An explicit stack, no recursion; each entry carries the field path where it was first met.
    stack: list[tuple[yaml.Node, bool, tuple]] = [(root, False, ())]
    while stack:
        node, done, path = stack.pop()
        key = id(node)
        if done:
            total = 1 + sum(sizes[id(child)] for _, child in _children(node))
            in_progress.discard(key)
            sizes[key] = total
            if total > MAX_NODES:
                raise ScenarioError([issue(".".join(path), MISSING, "too_many_values", source,
                                           node.start_mark.line + 1, most=MAX_NODES)])
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise ScenarioError([issue(".".join(path), MISSING, "alias_cycle", source, node.start_mark.line + 1)])
        in_progress.add(key)
        stack.append((node, True, path))
        for name, child in _children(node):
            if id(child) not in sizes:
                stack.append((child, False, (*path, name) if name is not None else path))


def _children(node: yaml.Node) -> list[tuple[str | None, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        out: list[tuple[str | None, yaml.Node]] = []
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "[key]"
            out += [(None, key_node), (str(name), value_node)]
        return out
    if isinstance(node, yaml.SequenceNode):
        return [(str(i), item) for i, item in enumerate(node.value)]
    return []


def parse_scenario_text(text: str, source: str) -> tuple[dict, Locations, Any]:
    """The data of one scenario file's text (its own fields, ``extends`` still in it) and where
    each field was written."""
    data, node = parse_yaml(text, source)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise ScenarioError([issue("", MISSING, "not_mapping", source, kind=kind)])
    locations: Locations = {}
    _record_locations(node, (), source, locations)
    return data, locations, data.pop("extends", None)


def _load_file(path: Path, chain: tuple[Path, ...]) -> tuple[dict, Locations]:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise ScenarioError([problems.issue("extends", str(path), "extends_cycle", str(path), cycle=cycle)])
    if len(chain) >= MAX_EXTENDS:
        raise ScenarioError([problems.issue("extends", str(path), "extends_deep", str(chain[-1]), most=MAX_EXTENDS)])
    text = read_scenario_text(path)
    data, locations, base = parse_scenario_text(text, str(path))
    if base is None:
        return data, locations
    if not isinstance(base, str) or not base.strip():
        raise ScenarioError([problems.issue("extends", base, "extends_path", str(path))])
    base_data, base_locations = _load_file(path.parent / base, chain=(*chain, resolved))
    base_locations.update(locations)
    return extend(base_data, data), base_locations


#: A scenario's description in each language: one written without the other is about the
#: child, so the base's text in the other language (about the base) is not inherited.
_DESCRIPTIONS = ("description", "description_zh")


def extend(base: dict, child: dict) -> dict:
    """The data of ``child`` extending ``base`` (``extends``): merged field by field
    (:func:`deep_merge`), except that a child writing its description in one language only
    does not inherit the base's in the other."""
    if sum(k in child for k in _DESCRIPTIONS) == 1:
        base = {k: v for k, v in base.items() if k not in _DESCRIPTIONS}
    return deep_merge(base, child)


def _record_locations(node: yaml.Node, prefix: tuple, source: str, out: Locations,
                      seen_nodes: set | None = None) -> None:
    """Where every field was written. An aliased node is walked once (where its anchor is);
    its other copies are located at the alias, so the walk is linear in the file's size."""
    seen_nodes = set() if seen_nodes is None else seen_nodes
    # An explicit stack: no recursion, whatever the shape.
    stack = [(node, prefix)]
    while stack:
        node, prefix = stack.pop()
        # A mapping's field is where its key is written (its value may start on a later line).
        out.setdefault(prefix, (source, node.start_mark.line + 1))
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else f"[{key_node.tag}]"
                line = key_node.start_mark.line + 1
                if key in seen:  # YAML would silently keep the last one
                    raise ScenarioError([problems.issue(".".join((*prefix, key)), MISSING, "duplicate_key", source, line,
                                                        first=seen[key], second=line)])
                seen[key] = line
                out[(*prefix, key)] = (source, line)
                stack.append((value_node, (*prefix, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*prefix, str(index))))


def _forget_locations(locations: Locations, data: Any, prefix: tuple) -> None:
    """Forget the file locations of the values ``data`` sets below ``prefix`` (and of
    everything under them), keeping those of the mappings it merges into."""
    if isinstance(data, dict):
        for key, value in data.items():
            _forget_locations(locations, value, (*prefix, str(key)))
        return
    for path in [p for p in locations if p[: len(prefix)] == prefix]:
        del locations[path]
    locations[prefix] = (None, 0)  # written in the mapping itself: no file line to show


def deep_merge(base: Any, child: Any) -> Any:
    """``child`` over ``base``: mappings merge recursively, anything else replaces. A
    distribution of another family (``dist``) replaces the base's whole: its parameters differ."""
    if isinstance(base, dict) and isinstance(child, dict) and not _other_family(base, child):
        merged = dict(base)
        for key, value in child.items():
            merged[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(child)


def _other_family(base: dict, child: dict) -> bool:
    return "dist" in base and "dist" in child and base["dist"] != child["dist"]


def apply_overrides(data: dict, overrides: Iterable[str], locations: Locations | None = None,
                    strict: bool = True) -> dict:
    """Apply ``path=value`` overrides; list items are addressed by their index.

    ``strict`` (what the command lines use): a path must name a field of the scenario's schema
    and an item (site, stream, pool, ...) the scenario has, so a typo such as
    ``sites.cuihuu.households`` is refused instead of silently adding a site. Adding an item
    needs the explicit form ``+sites.new_site={households: 800}`` (a leading ``+``)."""
    data = copy.deepcopy(data)
    for text in overrides:
        path, sep, raw = text.partition("=")
        path = path.strip()
        adding = path.startswith("+")
        path = path.removeprefix("+").strip()
        if not sep or not path:
            raise ScenarioError([problems.issue("--set", text, "set_syntax")])
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except (yaml.YAMLError, RecursionError, ValueError):
            value = raw
        parts = list(_path_parts(path, data))
        if strict:
            _check_override_path(data, parts, text, adding)
        target: Any = data
        for depth, part in enumerate(parts[:-1]):
            target = _step(target, part, parts[: depth + 1], text, create=True)
        last = parts[-1]
        if isinstance(target, list):
            _step(target, last, parts, text, create=False)
            target[int(last)] = value
        elif isinstance(target, dict):
            target[last] = value
        else:
            raise ScenarioError([problems.issue(".".join(parts[:-1]), target, "set_into_value", last=last, text=text)])
        if locations is not None:
            # The value no longer comes from the file: forget where the file wrote it.
            for written in [p for p in locations if p[: len(parts)] == tuple(parts)]:
                del locations[written]
            locations[tuple(parts)] = ("--set", 0)
    return data


def _schema_kind(annotation: Any) -> tuple[str, Any]:
    """What a field's annotation holds: ('model', cls), ('dict', value type), ('list', item
    type) or ('other', None) (a value, or a union such as a distribution)."""
    import types
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _schema_kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _schema_kind(args[0]) if len(args) == 1 else ("other", None)
    if origin is dict:
        return "dict", typing.get_args(annotation)[1]
    if origin is list:
        return "list", typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    return "other", None


def _plain_default(info) -> Any:
    """A field's default as plain data (models dumped), or None when it has none."""
    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    try:
        value = info.get_default(call_default_factory=True)
    except TypeError:
        return None
    if value is PydanticUndefined:
        return None
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, dict):
        return {key: item.model_dump() if isinstance(item, BaseModel) else item for key, item in value.items()}
    return value


def _check_override_path(data: dict, parts: list[str], text: str, adding: bool) -> None:
    """Refuse an override path naming a field the schema does not have, or an item (a key of
    a named collection such as ``sites``) the scenario does not have, unless ``adding``."""
    kind, inner = "model", Scenario
    node: Any = data
    for depth, part in enumerate(parts):
        walked = ".".join(parts[: depth + 1])
        if kind == "model":
            if part not in inner.model_fields:
                import difflib

                close = difflib.get_close_matches(part, list(inner.model_fields), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ScenarioError([problems.issue(walked, MISSING, "set_unknown_field", "--set", hint=hint, text=text,
                                                    fields=list(inner.model_fields))])
            info = inner.model_fields[part]
            kind, inner = _schema_kind(info.annotation)
            default = _plain_default(info)
            if not (isinstance(node, dict) and part in node):
                # Not written in the scenario: its items are the schema's default ones.
                node = {part: default}
            elif kind == "dict" and isinstance(default, dict) and isinstance(node[part], dict):
                # Items written merge over the default ones (costs.devices): both exist.
                node = {part: {**default, **node[part]}}
        elif kind == "dict":
            existing = node if isinstance(node, dict) else {}
            if part not in existing:
                where = ".".join(parts[:depth]) or "(scenario)"
                if not (adding and depth == len(parts) - 1):
                    raise ScenarioError([problems.issue(walked, MISSING, "set_unknown_item", "--set", where=where,
                                                        text=text, items=[str(k) for k in existing], walked=walked)])
            kind, inner = _schema_kind(inner)
        elif kind == "list":
            kind, inner = _schema_kind(inner)
        else:
            return  # a distribution or other union: validation checks its fields
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = None


def _step(target: Any, part: str, walked: list[str], text: str, create: bool) -> Any:
    if isinstance(target, dict):
        if part not in target or target[part] is None:
            if not create:
                raise KeyError(part)
            target[part] = {}
        return target[part]
    if isinstance(target, list):
        if not part.isdigit() or int(part) >= len(target):
            raise ScenarioError([problems.issue(".".join(walked), part, "set_index", count=len(target), last=len(target) - 1,
                                                text=text)])
        return target[int(part)]
    raise ScenarioError([problems.issue(".".join(walked[:-1]), target, "set_into_value", last=part, text=text)])


def _describe(error: dict) -> tuple[tuple, str, str | None, dict | None]:
    """A schema error's field, message and, when the loader words it, its problem code and parameters."""
    loc = tuple(str(part) for part in error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "unknown_field":
        return (*loc, ctx["field"]), error["msg"].split(" (did")[0].split(";")[0] + ctx.get("hint", "") + "; allowed fields: " + ctx["allowed"], None, None
    if kind in ("too_short", "too_long"):
        expected = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        if loc and loc[-1] in _FIXED_LENGTH:
            params = {"expected": _FIXED_LENGTH[loc[-1]], "actual": ctx.get("actual_length")}
            return loc, english("fixed_length", params), "fixed_length", params
        params = {"expected": expected, "actual": ctx.get("actual_length")}
        return loc, english(kind, params), kind, params
    if kind == "value_error":
        return loc, str(ctx.get("error", error["msg"])).removeprefix("Value error, "), None, None
    if kind == "literal_error":
        params = {"expected": ctx.get("expected"), "values": _literal_values(loc)}
        return loc, english(kind, params), kind if params["values"] else None, params if params["values"] else None
    if kind == "int_parsing" and isinstance(error.get("input"), str):
        # "1e9" is a whole number in an exponent's form, which YAML reads as text: say so
        try:
            number = float(error["input"])
        except ValueError:
            number = math.nan
        if math.isfinite(number) and number == int(number):
            params = {"got": error["input"], "value": f"{int(number):,}"}
            return loc, english("int_exponent", params), "int_exponent", params
    params = {key: _limit_text(value) if key in ("gt", "ge", "lt", "le") else value for key, value in ctx.items()}
    if kind == "model_attributes_type":  # (only the tagged union of distributions reports it)
        params["names"] = list(DISTRIBUTION_NAMES)
    try:
        if kind in TEXT:  # pydantic's own types, and the problems the models' validators raise
            return loc, english(kind, params), kind, params
    except (KeyError, IndexError):
        pass
    return loc, error["msg"], None, None


def _literal_values(loc: tuple) -> list | None:
    """The values the choice (a Literal) at ``loc`` of the schema allows; None when the schema's
    walk does not end at one (a union of distributions on the way)."""
    import types
    import typing

    annotation: Any = Scenario
    for part in loc:
        kind, inner = _schema_kind(annotation)
        if kind == "model" and part in inner.model_fields:
            annotation = inner.model_fields[part].annotation
        elif kind in ("dict", "list"):
            annotation = inner
        else:
            return None
    while typing.get_origin(annotation) in (typing.Annotated, typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) is not typing.Annotated and len(args) != 1:
            return None
        annotation = args[0]
    return list(typing.get_args(annotation)) if typing.get_origin(annotation) is typing.Literal else None


def _limit_text(value: Any) -> str:
    """A limit as a person writes it: 10,000 rather than 10000, 1e+09 rather than 1000000000.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e7:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


#: Lists whose length is fixed (pydantic reports only the side that was crossed).
_FIXED_LENGTH = {"hour_of_day": 24, "day_of_week": 7}


def _strip_tags(loc: tuple, data: Any) -> tuple:
    """Drop the union-tag segments pydantic inserts (``handle_time_s.lognormal.sd``)."""
    out: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            out.append(part)
            node = node[int(part)]
        elif isinstance(node, dict) and (node.get("dist") == part or part in TYPE_TARGET_TAGS):
            continue
        else:
            out.append(part)
            node = None
    return tuple(out)


def _value_at(data: Any, loc: tuple) -> Any:
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def _issue(loc: tuple, message: str, data: Any, locations: Locations, code: str | None = None,
           params: dict | None = None) -> Issue:
    shown = _value_at(data, loc)
    where = None
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in locations:
            where = locations[loc[:cut]]
            break
    source, line = where if where else (None, None)
    return Issue(".".join(loc), shown, message, source, line or None, code, params)


def replace_sites(data: dict, sites: dict) -> dict:
    """``data`` (a scenario as plain data) with ``sites`` instead of its own, and the names that
    refer to sites no longer there dropped (``proposal.site_names``, ``portfolio.site_models``,
    ``portfolio.locations``, the sites of ``portfolio.districts``, ``display_names``), so a portfolio split or grown by a program validates. Returns ``data``."""
    gone = set(data.get("sites") or {}) - set(sites)
    data["sites"] = sites
    proposal = data.get("proposal") or {}
    if proposal.get("site_names"):
        proposal["site_names"] = {k: v for k, v in proposal["site_names"].items() if k in sites}
    portfolio = data.get("portfolio") or {}
    if portfolio.get("site_models"):
        portfolio["site_models"] = {k: v for k, v in portfolio["site_models"].items() if k in sites}
    if portfolio.get("locations"):
        portfolio["locations"] = {k: v for k, v in portfolio["locations"].items() if k in sites}
    if portfolio.get("districts"):  # a district keeps the sites still there; one with none left goes
        kept = {name: {**d, "sites": [s for s in d.get("sites") or [] if s in sites]} for name, d in portfolio["districts"].items()}
        portfolio["districts"] = {name: d for name, d in kept.items() if d["sites"]}
    if data.get("display_names"):
        data["display_names"] = {k: v for k, v in data["display_names"].items() if k not in gone}
    return data


def validate(data: dict, locations: Locations | None = None) -> Scenario:
    """Validate merged data into a :class:`Scenario`, then check references between fields."""
    locations = locations or {}
    issues: list[Issue] = []
    trial = data
    cut: set[tuple] = set()  # mappings an unknown field was taken out of
    # An unknown field stops the validation of the mapping it is in, so the other problems
    # of that mapping would surface one upload at a time: each unknown field is reported,
    # taken out of a copy, and the copy validated again, so every problem is listed at once.
    for _ in range(10):
        try:
            scenario = Scenario.model_validate(trial)
        except ValidationError as exc:
            unknown = []
            for error in exc.errors():
                loc, message, code, params = _describe(error)
                loc = _strip_tags(loc, data)
                if error["type"] == "missing" and loc[:-1] in cut:
                    continue  # a typo's consequence (handel_time_s for handle_time_s), not a second problem
                if error["type"] == "unknown_field":
                    ctx = error.get("ctx") or {}
                    allowed = ctx.get("allowed", "")
                    for key in ctx.get("unknown") or [loc[-1]]:
                        close = difflib.get_close_matches(key, allowed.split(", "), n=1)
                        code, params = ("unknown_field_close", {"field": key, "close_field": close[0], "allowed": allowed}) \
                            if close else ("unknown_field", {"field": key, "allowed": allowed})
                        issues.append(_issue((*loc[:-1], key), english(code, params), data, locations, code, params))
                        unknown.append((*loc[:-1], key))
                    continue
                issues.append(_issue(loc, message, data, locations, code, params))
            if not unknown:
                break
            trial = copy.deepcopy(trial) if trial is data else trial
            for loc in unknown:
                parent = _value_at(trial, loc[:-1])
                if isinstance(parent, dict):
                    parent.pop(loc[-1], None)
                    cut.add(loc[:-1])
        else:
            if not issues:
                break
            issues += [_issue(_path_parts(path, data), message, data, locations, code, params)
                       for path, message, code, params in check_scenario(scenario)]
            break
    if issues:
        raise ScenarioError(_dedupe(issues)) from None
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioError([_issue(_path_parts(path, data), message, data, locations, code, params)
                             for path, message, code, params in problems])
    return scenario


def _path_parts(path: str, data: Any) -> tuple:
    """A field path split into its keys, keeping keys that contain a dot whole (the contact type
    labels of ``targets.types``, such as ``calls.emergency``)."""
    parts, out, node = path.split("."), [], data
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if isinstance(node, dict) and key in node:
                break
        else:
            key, j = parts[i], i + 1
        out.append(key)
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            node = None
        i = j
    return tuple(out)


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen, out = set(), []
    for issue in issues:
        key = (issue.path, issue.message)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out


#: Upper limits on rate fields, far above any real site; together with the events-per-day
#: budget (sim.scenario.workload) they keep every run finite.
_MAX_RATE = {"rate_per_minute": 150, "rate_per_hour": 10_000, "rate_per_day": 250_000,
             "rate_per_household_per_month": 100, "rate_per_household_per_day": 10}
#: The limit of the per-gate, per-camera and per-building rates.
DEFAULT_MAX_RATE = 10_000


def check_scenario(scenario: Scenario) -> list[tuple[str, str]]:
    """References between fields: profile names, skills that some pool must have, roster
    coverage of opening hours, multiplier targets. Returns (field path, message, code, params)
    of each problem (sim.scenario.problems: the message is the code's English)."""
    problems: list[tuple[str, str, str, dict]] = []

    def add(path: str, code: str, **params: Any) -> None:
        problems.append((path, english(code, params), code, params))

    demand = scenario.demand
    profiles = set(demand.profiles) | {"flat"}
    served = {skill for pool in scenario.centre.pools.values() for skill in pool.skills}
    streams = {"calls": demand.calls, "remote_ops": demand.remote_ops, "tickets": demand.tickets}
    for kind, types in streams.items():
        for name, stream in types.items():
            if stream.profile not in profiles:
                add(f"demand.{kind}.{name}.profile", "unknown_profile", profile=stream.profile, profiles=sorted(profiles))
            if stream.rate_field[1] > 0 and kind not in served:
                add(f"demand.{kind}.{name}", "no_pool_skill", skill=kind)
    if any(c.escalate_share > 0 for c in demand.calls.values()) and "expert" not in served:
        first = next(n for n, c in demand.calls.items() if c.escalate_share > 0)
        add(f"demand.calls.{first}.escalate_share", "no_expert_pool")
    if any(c.return_visit and c.return_visit.share > 0 for c in demand.calls.values()) and "return_visits" not in served:
        first = next(n for n, c in demand.calls.items() if c.return_visit and c.return_visit.share > 0)
        add(f"demand.calls.{first}.return_visit", "no_return_visit_pool")
    known_targets = set(CONTACT_KINDS) | {f"{kind}.{name}" for kind, types in streams.items() for name in types}
    for kind, types in streams.items():
        for name, stream in types.items():
            field_name, value = stream.rate_field
            if value > _MAX_RATE.get(field_name, DEFAULT_MAX_RATE):
                add(f"demand.{kind}.{name}.{field_name}", "implausible_rate", value=value,
                    limit=_MAX_RATE.get(field_name, DEFAULT_MAX_RATE))
    for site in scenario.proposal.site_names:
        if site not in scenario.sites:
            add(f"proposal.site_names.{site}", "unknown_site_name", site=site, sites=list(scenario.sites))
    known_roles = set(scenario.costs.wages_yuan_per_month)
    for i, item in enumerate(scenario.proposal.training):
        for role in item.roles:
            if role not in known_roles:
                add(f"proposal.training[{i}].roles", "unknown_role", role=role, roles=sorted(known_roles))
    for role in scenario.proposal.qualifications:
        if role not in known_roles:
            add(f"proposal.qualifications.{role}", "unknown_role", role=role, roles=sorted(known_roles))
    if scenario.move_in is not None:
        for path, code, params in phase_problems(scenario.move_in, scenario.costs.contract_years * 12):
            add(f"move_in.{path}", code, **params)
    if not problems:
        problems += _workload_problems(scenario)
    for name, mult in demand.dated_multipliers.items():
        for index, target in enumerate(mult.applies_to):
            if target not in known_targets:
                add(f"demand.dated_multipliers.{name}.applies_to.{index}", "unknown_target", target=target,
                    kinds=list(streams), example=next(iter(demand.calls), 'repair_report'))
    labels = contact_type_labels(demand)
    if scenario.field is not None:
        contact_kinds = [k for k in CONTACT_KINDS if k != "callbacks"]
        for name, post in scenario.field.posts.items():
            lists = [("handles", post.handles), ("handles_when_centralised", post.handles_when_centralised)]
            lists += [("covers.kinds", post.covers.kinds)] if post.covers else []
            for where, items in lists:
                for index, item in enumerate(items):
                    if item not in contact_kinds and item not in labels:
                        add(f"field.posts.{name}.{where}.{index}", "unknown_handled", target=item, kinds=contact_kinds,
                            types=list(labels))
    for label, target in scenario.targets.types.items():
        kind = label.split(".", 1)[0]
        path = f"targets.types.{label}"
        if label not in labels:
            add(path, "unknown_type", label=label, types=list(labels))
        elif kind in ("calls", "remote_ops", "expert") and not isinstance(target, ContactTarget):
            add(path, "waited_type_on_time", label=label, kind=kind)
        elif isinstance(target, ContactTarget) and target.hourly_floor is not None:
            add(f"{path}.hourly_floor", "type_hourly_floor", floor=target.hourly_floor, kind=kind)
        elif kind in ("tickets", "return_visits") and isinstance(target, ContactTarget):
            add(path, "deadline_type_answer", label=label, kind=kind)
    field = scenario.field
    if field is not None:
        workers = {name for name, team in field.teams.items() if team.role != "post"}
        refs = [(f"field.patrols.{n}.team", r.team) for n, r in field.patrols.items()]
        refs += [(f"field.incidents.{n}.team", i.team) for n, i in field.incidents.items()]
        if field.butlers is not None:
            refs.append(("field.butlers.team", field.butlers.team))
        if field.butlers is not None and field.butlers.team in field.teams and field.teams[field.butlers.team].role != "butler":
            add("field.butlers.team", "butler_team_role", team=field.butlers.team, role=field.teams[field.butlers.team].role)
        for n, team in field.teams.items():
            on_call = team.on_call
            if on_call is None or on_call.shift is None:
                continue
            where = f"field.teams.{n}.on_call.shift"
            if team.role != "technician":
                add(where, "on_call_role", team=n, role=team.role)
            elif team.roster.rotation is not None:
                add(where, "on_call_rotation", team=n)
            elif on_call.shift not in team.roster.shifts:
                add(where, "on_call_shift", shift=on_call.shift, team=n, shifts=list(team.roster.shifts))
        for path, team in refs:
            if team not in workers:
                add(path, "no_field_team", team=team, teams=sorted(workers))
        for n, inc in field.incidents.items():
            sp = inc.specialist
            if sp is not None and sp.team is not None and (sp.team not in field.teams or field.teams[sp.team].role != "technician"):
                technicians = sorted(t for t, team in field.teams.items() if team.role == "technician")
                add(f"field.incidents.{n}.specialist.team", "no_technician_team", team=sp.team, teams=technicians)
            if inc.from_remote_op and inc.from_remote_op not in demand.remote_ops:
                add(f"field.incidents.{n}.from_remote_op", "no_remote_op", name=inc.from_remote_op, names=list(demand.remote_ops))
        for n, call_type in field.work_orders.from_calls.items():
            if n not in demand.calls:
                add(f"field.work_orders.from_calls.{n}", "no_call_type", name=n, names=list(demand.calls))
    keys = scenario_keys(scenario)
    for key in scenario.display_names:
        if key not in keys:
            close = difflib.get_close_matches(key, sorted(keys), n=1)
            if close:
                add(f"display_names.{key}", "unknown_display_key_close", close=close[0])
            else:
                add(f"display_names.{key}", "unknown_display_key")
    if scenario.portfolio is not None:
        for name in scenario.portfolio.site_models:
            if name not in scenario.sites:
                add(f"portfolio.site_models.{name}", "unknown_portfolio_site", site=name, sites=list(scenario.sites))
        problems += district_problems(scenario, first_roster_gap)
    if scenario.centre.operator == "group" and scenario.operating_model != "centralised":
        add("centre.operator", "group_centre_model", model=scenario.operating_model)
    manned = [(group.path, group.spec) for group in scenario.staffed_groups(simulated=True)]
    for where, pool in manned:
        if pool.opening_hours is None:
            continue
        gap = first_roster_gap(pool)
        if gap:
            hours = pool.opening_hours
            add(f"{where}.roster", "pool_gap" if where.kind == "pool" else "group_gap", gap=gap, start=hours.start,
                end=hours.end, days=list(hours.days), where=where)
    return problems


def _workload_problems(scenario: Scenario) -> list[tuple[str, str, str, dict]]:
    """The events-per-day budget: refuse a scenario that asks for more than
    :data:`~sim.scenario.workload.MAX_EVENTS_PER_DAY`, naming the field that drives it."""
    from sim.scenario.workload import MAX_EVENTS_PER_DAY, event_sources

    sources = event_sources(scenario)
    total = sum(events for _, _, events in sources)
    if total <= MAX_EVENTS_PER_DAY:
        return []
    source, path, biggest = max(sources, key=lambda item: item[2])
    scaled = [(name, site.demand_multiplier) for name, site in scenario.sites.items() if site.demand_multiplier > 1]
    if source == "contacts" and scaled:
        name, multiplier = max(scaled, key=lambda item: item[1])
        path = f"sites.{name}.demand_multiplier"
        biggest = sum(events for kind, _, events in sources if kind == "contacts")
    params = {"total": total, "biggest": biggest, "limit": MAX_EVENTS_PER_DAY}
    return [(path, english("too_many_events", params), "too_many_events", params)]


def roster_gap(pool) -> str | None:
    """The first minute of the week inside the pool's opening hours with nobody rostered
    (breaks ignored; the one count, sim.scenario.on_duty), as 'Tue 03:00-04:30', or None when
    the roster covers them."""
    gap = first_roster_gap(pool)
    return str(gap) if gap is not None else None


def first_roster_gap(pool) -> RosterGap | None:
    """:func:`roster_gap` as values (sim.scenario.problems.RosterGap)."""
    duty = Duty.of_roster(pool.roster)
    if duty.rotation is not None:
        return _rotation_gap(pool, duty)
    week_min = 7 * 1440
    uncovered = pool.opening_hours.week_mask() & (duty.by_minute() <= 0)
    if not uncovered.any():
        return None
    gap_start = int(np.argmax(uncovered))
    covered_after = np.flatnonzero(~uncovered[gap_start:])
    gap_end = gap_start + int(covered_after[0]) if len(covered_after) else week_min
    if gap_start == 0 and gap_end == week_min:
        return RosterGap(whole=True)
    day, end_day = gap_start // 1440, gap_end // 1440
    if gap_end % 1440 == 0 and end_day == day + 1:
        end, end_day = "24:00", day
    else:
        end = _clock(gap_end % 1440)
    return RosterGap(WEEKDAYS[day % 7], _clock(gap_start % 1440), end, None if end_day == day else WEEKDAYS[end_day % 7])


def _rotation_gap(pool, duty: Duty) -> RosterGap | None:
    """The first uncovered minute of the opening hours over a whole rotation cycle (every crew
    and weekday combination), as 'day 5 (Sat) 00:00-08:00'."""
    days = duty.period_days
    on = duty.by_minute()
    covered = np.concatenate([on, on[:1440]]) > 0  # the period, and its first day again after it
    hours = pool.opening_hours
    end_min = hours.end_min if hours.end_min > hours.start_min else hours.end_min + 1440
    for day in range(days):
        if WEEKDAYS[day % 7] not in hours.days:
            continue
        minutes = np.arange(day * 1440 + hours.start_min, min(day * 1440 + end_min, len(covered)))
        gap = minutes[~covered[minutes]]
        if len(gap):
            first, last = int(gap[0]), int(gap[0])
            while last + 1 in set(gap.tolist()):
                last += 1
            return RosterGap(WEEKDAYS[(first // 1440) % 7], _clock(first % 1440), _clock((last + 1) % 1440),
                             rotation_day=first // 1440 + 1)
    return None


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _week_clock(minute: int, since: int | None = None) -> str:
    """'Tue 03:00'; an end (after ``since``) on the same day is just '04:30', or '24:00'."""
    day, rest = divmod(minute, 1440)
    if since is not None:
        if rest == 0 and day == since // 1440 + 1:
            return "24:00"
        if day == since // 1440:
            return f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{WEEKDAYS[day % 7].capitalize()} {rest // 60:02d}:{rest % 60:02d}"
