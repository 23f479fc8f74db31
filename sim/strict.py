"""The base class of every scenario model: frozen, and strict about unknown fields."""

from __future__ import annotations

import difflib
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
                    {"field": key, "hint": hint, "allowed": ", ".join(allowed)},
                )
        return data
