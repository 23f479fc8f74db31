"""Streaming statistics: a replication's KPIs without keeping its records.

In streaming mode (``simulate(scenario, streaming=True)``, ``python -m sim run --streaming``) the
contact centre hands its records over in blocks of ``block_size`` (default 65,536) as they are
written, and :class:`StreamingSummary` folds each block into additive accumulators, after which
the block is dropped: the records held never exceed one block, so memory no longer grows with
the number of contacts. Every record is final when it is written (a contact's record is written
once, when its outcome is known), so a block can be summarised at once; contacts still waiting
at the end are recorded at the end, in the last block, as in the exact mode.

What is accumulated, and how it compares with the exact mode (every KPI has one definition, in
sim/results/centre_kpis.py, read from the same :class:`sim.results.centre_kpis.Tally` in both modes):

* per contact type (and so per kind, by adding a kind's types): the counts (offered, answered
  within the service-level threshold, answered, abandoned, open, waited, on time, late) -- the
  same integers as the exact mode -- and the sums of waits and completion times, equal up to
  the rounding of adding the blocks' sums (relative differences of the order of 1e-15); a type
  whose own target (``targets.types``) has another answer time than its kind's keeps a second
  tally within that time, for its own KPIs;
* per waited-on kind and hour of the day of arrival: offered and answered within the threshold
  (integers: identical);
* per pool: the busy-time ramp integrals at the hour-of-day edges of the window, from which
  occupancy and the hourly busy agents follow (equal up to rounding);
* the response-time histograms of sim/results/histograms.py (integers: identical);
* per contact type, a fine log-spaced histogram of the answered waits (:class:`FineHistogram`)
  for the percentiles ``wait_p50_s``, ``wait_p90_s``, ``wait_p95_s``: within 0.5% of the exact
  percentile (and within 0.5 ms for waits under 1 ms; a wait of exactly 0 is exact).

Field operations (sim/field) stream too (:class:`FieldStream`): a task is handed over when it is
final (a work order when it closes, after its rework is decided; another task when it is done; a
patrol round when it is missed; any task still open at the end of the horizon), and blocks of
``block_size // FIELD_WEIGHT`` final tasks (all sites together) are folded into one
:class:`sim.results.field_kpis.FieldTally` with the exact mode's function and dropped. Counts and
ratios of counts are identical, means and time budgets equal up to rounding, and the response-time
and checkpoint-gap percentiles come from fine histograms (within 0.5%). At the same moments the
checkpoint visits are folded into the gaps' histogram (keeping each checkpoint's last visit) and
the people whose shift is over into their team's time budget.

Staffing logs (a few entries per agent and shift) and queue-length integrals are kept as in the
exact mode.

Optionally every block is also appended to a Parquet file per replication (``trace_dir``):
``replication_0000.parquet``, ... with the columns of ``RunResult.records()``, written under a
temporary name and renamed when the replication's centre has finished, so a file that exists is
complete.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from sim.engine.contact_centre import ANSWERED, ReplicationLog
from sim.results.field_kpis import FieldTally, add_field_tally, checkpoint_gaps, field_tally, response_stream
from sim.results.histograms import FineHistogram, centre_histograms
from sim.results.centre_kpis import (DEADLINE, WAITED_ON, Tally, busy_ramps, hour_counts, hour_of_day_edges,
                         service_level_threshold_s, tally)
from sim.scenario import CONTACT_KINDS, Scenario

#: Default number of records per block.
BLOCK_SIZE = 65_536
#: A field task (with its legs, meta data and callbacks) weighs about as much as this many contact
#: records: field tasks are folded in blocks of BLOCK_SIZE // FIELD_WEIGHT.
FIELD_WEIGHT = 16

OUTCOMES = ["open", "answered", "abandoned"]


_ADDITIVE = [f.name for f in fields(Tally) if f.name != "waits"]


def _add(into: Tally, t: Tally) -> None:
    """Add tally ``t`` (of a block, with its waits' values; or an accumulated one, with a fine
    histogram) into ``into``, whose waits are a fine histogram."""
    for name in _ADDITIVE:
        setattr(into, name, getattr(into, name) + getattr(t, name))
    if isinstance(t.waits, FineHistogram):
        into.waits.counts += t.waits.counts
    elif t.waits is not None:
        into.waits.add_values(t.waits.values)


@dataclass(frozen=True)
class StreamingOptions:
    """How a replication streams: records per block, and the trace directory (or None)."""

    block_size: int = BLOCK_SIZE
    trace_dir: str | None = None

    def __post_init__(self):
        if self.block_size < 1:
            raise ValueError(f"block_size must be at least 1, got {self.block_size}")


class StreamingSummary:
    """The accumulators of one replication, fed block by block by the contact centre (its
    ``sink``), with the interface of sim.results.centre_kpis.RecordSummary the KPIs read."""

    def __init__(self, scenario: Scenario, replication: int, options: StreamingOptions = StreamingOptions()):
        self.scenario = scenario
        self.replication = replication
        self.block_size = options.block_size
        self.trace = TraceWriter(options.trace_dir, replication) if options.trace_dir is not None else None
        #: Blocks and records received, and the most records the centre held at once.
        self.blocks = 0
        self.records = 0
        self.peak_held = 0
        #: Answered records per kind over the whole horizon (for the contacts in service at the end).
        self.answered_by_kind = np.zeros(len(CONTACT_KINDS), np.int64)
        self.histograms: dict[str, np.ndarray] = {}
        #: Field operations: one stream per site; the tally and checkpoint gaps of all sites;
        #: final tasks held (all sites) and blocks folded. A field task, with its legs, weighs
        #: about as much as FIELD_WEIGHT contact records, hence the smaller block.
        self.field_streams: list[FieldStream] = []
        self.field_tally = FieldTally()
        self.field_gaps = FineHistogram()
        self.field_block_size = max(1, options.block_size // FIELD_WEIGHT)
        self.field_held = 0
        self.field_peak_held = 0
        self.field_blocks = 0

    def bind(self, centre) -> None:
        """Take the centre's description (types, pools, horizon); called by the centre."""
        self.type_labels = list(centre.type_labels)
        self.type_kinds = list(centre.type_kinds)
        self.pool_names = [p.name for p in centre.pools]
        kinds = [label.split(".", 1)[0] for label in self.type_labels]
        self._type_within = [service_level_threshold_s(self.scenario, k) if k in WAITED_ON else None for k in kinds]
        self._type_kind_names = kinds
        self.type_tallies = [Tally(waits=FineHistogram() if w is not None else None) for w in self._type_within]
        #: Types whose own target has another answer time than their kind's: their threshold, and
        #: a second tally within it (the first, within the kind's, adds up to the kind's tally).
        self._own_within = {index: service_level_threshold_s(self.scenario, label)
                            for index, label in enumerate(self.type_labels)
                            if kinds[index] in WAITED_ON
                            and service_level_threshold_s(self.scenario, label) != self._type_within[index]}
        self.own_tallies = {index: Tally(waits=FineHistogram()) for index in self._own_within}
        self._hours = {kind: (np.zeros(24), np.zeros(24)) for kind in WAITED_ON}
        window = ReplicationLog(self.type_labels, self.type_kinds, self.pool_names, centre.horizon_s, centre.warmup_s)
        self._edges = hour_of_day_edges(window)[0]
        self._ramps = np.zeros((len(self.pool_names), len(self._edges)))

    def add(self, block: ReplicationLog) -> None:
        """Fold a block of records into the accumulators (and the trace)."""
        n = len(block.kind)
        self.blocks += 1
        self.records += n
        self.peak_held = max(self.peak_held, n)
        if n == 0:
            return
        self.answered_by_kind += np.bincount(block.kind[block.outcome == ANSWERED], minlength=len(CONTACT_KINDS))
        window = block.arrival_s >= block.warmup_s
        for index in np.unique(block.type_index[window]).tolist():
            m = window & (block.type_index == index)
            _add(self.type_tallies[index], tally(block, m, self._type_within[index]))
            if index in self._own_within:
                _add(self.own_tallies[index], tally(block, m, self._own_within[index]))
        for kind in WAITED_ON:
            offered, good = hour_counts(block, CONTACT_KINDS.index(kind), service_level_threshold_s(self.scenario, kind))
            self._hours[kind][0][:] += offered
            self._hours[kind][1][:] += good
        self._ramps += busy_ramps(block, self._edges)
        for stream, counts in centre_histograms(block).items():
            self.histograms[stream] = self.histograms.get(stream, 0) + counts
        if self.trace is not None:
            self.trace.write(block)

    def finish(self) -> None:
        """The last block has been added: complete the trace file."""
        self.histograms = {k: self.histograms[k] for k in (*WAITED_ON, *DEADLINE) if k in self.histograms}
        if self.trace is not None:
            self.trace.close(self)

    def abort(self) -> None:
        """The replication failed: remove the unfinished trace file."""
        if self.trace is not None:
            self.trace.abort()

    def field_stream(self, site_index: int) -> "FieldStream":
        """The streaming accumulators of one site's field operations (sim.running.replication.SiteModel)."""
        stream = FieldStream(self, site_index)
        self.field_streams.append(stream)
        return stream

    def field_task_final(self) -> None:
        """A site's field task became final: fold them all when a field block's worth is held."""
        self.field_held += 1
        if self.field_held >= self.field_block_size:
            self.flush_fields()

    def flush_fields(self) -> None:
        """Fold the final field tasks held by every site into the replication's field tally,
        and each site's checkpoint visits and finished shifts."""
        self.field_peak_held = max(self.field_peak_held, self.field_held)
        self.field_blocks += 1
        tasks: list = []
        first: dict[str, tuple[int, int]] = {}
        for stream in self.field_streams:
            tasks += stream.take(first)
        if self.field_streams:
            site_field = self.field_streams[0].site_field
            block = field_tally(tasks, self.scenario, site_field.horizon_s, site_field.warmup_s)
            block.first = first
            add_field_tally(self.field_tally, block)
        self.field_held = 0

    # ------------------------------------------------------------------ read by sim.results.centre_kpis

    def type_tally(self, index: int) -> Tally:
        """A type's tally, its service level within the type's own threshold."""
        return self.own_tallies.get(index, self.type_tallies[index])

    def kind_tally(self, kind: str) -> Tally:
        total = Tally(waits=FineHistogram() if kind in WAITED_ON else None)
        for index, name in enumerate(self._type_kind_names):
            if name == kind:
                _add(total, self.type_tallies[index])
        return total

    def hour_counts(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        return self._hours[kind]

    def busy_ramp(self, pool: int) -> np.ndarray:
        return self._ramps[pool]


def records_frame(replication: int, log: ReplicationLog) -> pd.DataFrame:
    """The records of ``log`` as a table, one row per contact (``RunResult.records()``)."""
    types = np.array(log.type_labels, dtype=object)
    sites = np.array(log.site_names, dtype=object)
    pools = np.array([*log.pool_names, None], dtype=object)  # pool -1 (not answered): None
    return pd.DataFrame({
        "replication": np.full(len(log.kind), replication, np.int64),
        "kind": pd.Categorical.from_codes(log.kind, categories=list(CONTACT_KINDS)),
        "type": types[log.type_index].tolist(),
        "site": sites[log.site].tolist(),
        "arrival_s": log.arrival_s, "wait_s": log.wait_s,
        "outcome": pd.Categorical.from_codes(log.outcome, categories=OUTCOMES),
        "handle_s": log.handle_s,
        "pool": pools[log.pool].tolist(),
        "deadline_s": log.deadline_s,
        "agent": log.agent,
    })


def trace_path(trace_dir: str | Path, replication: int) -> Path:
    """The trace file of replication ``replication``."""
    return Path(trace_dir) / f"replication_{replication:04d}.parquet"


class TraceWriter:
    """Appends blocks of records to one replication's Parquet file (a row group per block),
    under a temporary name until :meth:`close` renames it."""

    def __init__(self, trace_dir: str | Path, replication: int):
        import pyarrow as pa

        self.path = trace_path(trace_dir, replication)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.parent / f".{self.path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp"
        self.replication = replication
        self.schema = pa.schema([
            ("replication", pa.int64()), ("kind", pa.dictionary(pa.int8(), pa.string())),
            ("type", pa.string()), ("site", pa.string()), ("arrival_s", pa.float64()), ("wait_s", pa.float64()),
            ("outcome", pa.dictionary(pa.int8(), pa.string())), ("handle_s", pa.float64()),
            ("pool", pa.string()), ("deadline_s", pa.float64()), ("agent", pa.int32()),
        ])
        self.writer = None

    def _table(self, block: ReplicationLog):
        import pyarrow as pa

        return pa.Table.from_pandas(records_frame(self.replication, block), schema=self.schema, preserve_index=False)

    def write(self, block: ReplicationLog) -> None:
        import pyarrow.parquet as pq

        table = self._table(block)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.tmp, table.schema)
        self.writer.write_table(table)

    def close(self, summary: StreamingSummary) -> None:
        if self.writer is None:  # no records at all: an empty file with the columns
            empty = ReplicationLog(summary.type_labels, summary.type_kinds, summary.pool_names, 0.0, 0.0)
            import pyarrow.parquet as pq

            table = self._table(empty)
            self.writer = pq.ParquetWriter(self.tmp, table.schema)
            self.writer.write_table(table)
        self.writer.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self.writer is not None:
            try:
                self.writer.close()
            except Exception:  # noqa: BLE001 - the file is removed anyway
                pass
        self.tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------------- field operations

class FieldStream:
    """Streaming mode for one site's field operations (sim.field.site.SiteField).

    A task is handed over (:meth:`final`) when it is final -- a work order when it closes (after
    its rework is decided), any other task when it is done, a patrol round when it is missed --
    or at the end of the horizon if it never is. When a field block's worth of final tasks is
    held over all sites, they are folded into the replication's
    :class:`sim.results.field_kpis.FieldTally` (the exact mode's function, on the block) and dropped;
    at the same time each site's checkpoint visits are folded into a fine histogram of their
    gaps (keeping each checkpoint's last visit), and the people whose shift is over into their
    team's time budget."""

    def __init__(self, summary: StreamingSummary, site_index: int):
        self.summary = summary
        self.site_index = site_index
        self.site_field = None
        self.team_time_s: dict[str, dict[str, float]] = {}
        self.team_overtime_s: dict[str, float] = {}
        self.buffer: list = []
        self.finished = False

    @property
    def tally(self) -> FieldTally:
        """The replication's field tally (every site's: it is shared)."""
        return self.summary.field_tally

    @property
    def gaps(self) -> FineHistogram:
        """The replication's checkpoint gaps (every site's: shared)."""
        return self.summary.field_gaps

    def bind(self, site_field) -> None:
        self.site_field = site_field

    def final(self, task) -> None:
        self.buffer.append(task)
        self.summary.field_task_final()

    def finish(self, open_tasks: list) -> None:
        """The end of the horizon: the tasks still open are final too (folded with the last
        block, sim.running.replication.SiteModel), and so are the checkpoint visits. The site adds the people
        still in its teams itself (SiteField.finish), as in the exact mode."""
        self.buffer += open_tasks
        self._fold_visits()
        self.finished = True

    def take(self, first: dict[str, tuple[int, int]]) -> list:
        """Hand over the final tasks held (noting where each response stream first occurs) and
        fold this site's checkpoint visits and finished shifts."""
        site_field = self.site_field
        tasks, self.buffer = self.buffer, []
        for t in tasks:
            stream = response_stream(t)
            if stream is not None and t.created_s >= site_field.warmup_s:
                key = (self.site_index, t.meta["order"])
                first[stream] = min(first.get(stream, key), key)
        if not self.finished:
            self._fold_visits()
            for name, team in site_field.teams.items():
                gone = [p for p in team.people if p.state == "off"]
                if gone:
                    team.people = [p for p in team.people if p.state != "off"]
                    site_field.add_people_time(self.team_time_s.setdefault(name, {}), name, gone, self.team_overtime_s)
        return tasks

    def _fold_visits(self) -> None:
        warmup_s = self.site_field.warmup_s
        gaps: list[float] = []
        for visits in self.site_field.checkpoint_visits.values():
            for times in visits:
                if len(times) > 1:
                    gaps += checkpoint_gaps(times, warmup_s)
                    del times[:-1]
        if gaps:
            self.summary.field_gaps.add_values(np.asarray(gaps))
