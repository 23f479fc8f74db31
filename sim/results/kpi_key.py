"""The name of one KPI (``KpiKey``): its stream, metric and group, with its one string form
(``stream[group].metric``). Light (no numpy, no pandas): the search's events and the CLIs name
KPIs without loading the results' machinery."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KpiKey:
    """Identifies a KPI: its stream (contact kind, 'staff', 'work_orders.urgent', ...), metric and,
    where a stream has several members, the group (an agent pool, a field team, an equipment class).

    Its one string form (plan.json, portfolio.json, summaries) is ``stream.metric`` or, with a
    group, ``stream[group].metric`` ('staff[service_desk].occupancy',
    'calls[18:00].service_level_hour'); :meth:`parse` reads it back. People read a KPI in words
    (ui.i18n, planner.proposal), never in this form."""

    stream: str
    metric: str
    group: str | None = None

    #: How the string form reads, for error messages.
    FORM = "'stream.metric' or 'stream[group].metric' (e.g. 'staff[service_desk].occupancy')"

    def __str__(self) -> str:
        return f"{self.stream}[{self.group}].{self.metric}" if self.group else f"{self.stream}.{self.metric}"

    @classmethod
    def parse(cls, text: str) -> KpiKey:
        """The key whose string form is ``text``; ValueError naming it when it is not one."""
        group = None
        if "[" in text:
            stream, _, rest = text.partition("[")
            group, sep, metric = rest.rpartition("].")
            if not sep or not group:
                raise ValueError(f"{text!r} is not a KPI key: expected {cls.FORM}")
        else:
            stream, _, metric = text.rpartition(".")
        if not stream or not metric or not metric.replace("_", "").isalnum() or not metric.islower() \
                or "]" in stream or (group is not None and ("[" in group or "]" in group)):
            raise ValueError(f"{text!r} is not a KPI key: expected {cls.FORM}")
        return cls(stream, metric, group)

    @classmethod
    def of_row(cls, row) -> KpiKey:
        """The key of a KPI table row (a named tuple of ``kpi_table()``, or a dict of plan.json's
        evidence): a group that is not text (None, pandas' NaN) is no group."""
        get = row.get if isinstance(row, dict) else (lambda name: getattr(row, name))
        group = get("group")
        return cls(get("stream"), get("metric"), group if isinstance(group, str) and group else None)
