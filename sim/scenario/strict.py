"""The base class of every scenario model: frozen, and strict about unknown fields."""

from __future__ import annotations

import difflib
import functools
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError


class StrictModel(BaseModel):
    """A frozen pydantic model that rejects unknown fields with a message listing the allowed
    ones and the closest match (a typo such as ``handel_time_s`` is named, not ignored), and
    infinite or NaN numbers."""

    #: ``allow_inf_nan=False``: a rate or time of ``.inf``/``.nan`` is a mistake, not a value
    #: (an infinite rate crashed the arrival generator; an infinite handle time hung an agent).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = list(cls.model_fields)
            unknown = [key for key in data if key not in cls.model_fields]
            if unknown:
                key = str(unknown[0])
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise PydanticCustomError(
                    "unknown_field",
                    "unknown field '{field}'{hint}; allowed fields: {allowed}",
                    {"field": key, "hint": hint, "allowed": ", ".join(allowed),
                     "unknown": [str(k) for k in unknown[:20]]},  # the loader reports each and validates on
                )
            # pydantic's lax mode reads true as 1 (a one-day horizon, one agent): hand a yes/no
            # value in a number field over as its word, which the number check then refuses,
            # naming the field and the value.
            numbers = _number_fields(cls)
            data = {key: _bool_as_word(value) if key in numbers else value for key, value in data.items()}
        return data


@functools.lru_cache(maxsize=None)
def _number_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of a model that hold numbers only (read from its annotations once per class:
    the planner validates thousands of candidate scenarios)."""
    return frozenset(key for key, info in cls.model_fields.items() if _numbers_only(info.annotation))


def _bool_as_word(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return {k: _bool_as_word(v) for k, v in value.items()}
    return value


def _leaf_types(annotation: Any) -> set:
    """The plain types a field's type is made of (for a dict, its values' types)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is dict:
        return _leaf_types(args[1]) if len(args) == 2 else {Any}
    if origin is typing.Annotated:
        return _leaf_types(args[0])
    if origin is typing.Literal:
        return {type(a) for a in args}
    if args:
        return set().union(*(_leaf_types(a) for a in args))
    return {annotation}


def _numbers_only(annotation: Any) -> bool:
    """Whether a field holds numbers and nothing a yes/no value could also be (bool, str, Any,
    a model)."""
    leaves = _leaf_types(annotation) - {type(None)}
    return bool(leaves) and leaves <= {int, float}
