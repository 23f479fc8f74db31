"""Exports as a site's systems would write them, made from the simulation's own records
(``RunResult.records()`` or a Parquet trace, docs/metrics.md): the call log, the ticket list and
the gate events of one replication, with timestamps. What the tests and the records notebook fit
back, knowing the parameters that made them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd


def read_trace(trace_dir: str | Path, replication: int = 0) -> pd.DataFrame:
    """One replication's records from a trace written by ``python -m sim run --trace DIR``."""
    return pd.read_parquet(Path(trace_dir) / f"replication_{replication:04d}.parquet")


def exports_from_records(records: pd.DataFrame, start_date: dt.date, replication: int | None = None,
                         site: str | None = None) -> dict[str, pd.DataFrame]:
    """{"calls", "tickets", "gates"} tables in the canonical fields (sim/records/schema.py); the
    calls' ``agent`` is the person-shift who answered (A0012; empty when not answered).
    Contacts still waiting when the run ended are left out (an export lists finished ones)."""
    r = records
    if replication is not None:
        r = r[r["replication"] == replication]
    if site is not None:
        r = r[r["site"] == site]
    r = r[r["outcome"].astype(str) != "open"]
    t0 = pd.Timestamp(start_date)
    time = (t0 + pd.to_timedelta(r["arrival_s"].to_numpy(), unit="s")).round("ms")
    kind = r["kind"].astype(str).to_numpy()
    name = np.array([t.split(".", 1)[1] for t in r["type"]], dtype=object)
    outcome = r["outcome"].astype(str).to_numpy()
    answered = outcome == "answered"
    agent = (np.array([f"A{int(a):04d}" if a >= 0 else "" for a in r["agent"]], dtype=object) if "agent" in r
             else np.full(len(r), "", dtype=object))
    base = pd.DataFrame({"time": time, "type": name, "wait_s": r["wait_s"].to_numpy().round(3), "agent": agent,
                         "outcome": outcome, "handle_s": np.where(answered, r["handle_s"].to_numpy(), np.nan).round(3),
                         "kind": kind})
    calls = base[np.isin(kind, ["calls", "expert"])]
    calls = pd.DataFrame({"time": calls["time"], "type": calls["type"], "outcome": calls["outcome"],
                          "wait_s": calls["wait_s"], "talk_s": calls["handle_s"],
                          "queue": np.where(calls["kind"] == "expert", "expert", "agent"), "agent": calls["agent"]})
    tickets = base.loc[kind == "tickets", ["time", "type", "handle_s"]]
    gates = base.loc[kind == "remote_ops", ["time", "type", "wait_s", "handle_s"]]
    return {"calls": calls.reset_index(drop=True), "tickets": tickets.reset_index(drop=True),
            "gates": gates.reset_index(drop=True)}


def work_orders_from_logs(field_logs, start_date: dt.date, site: str | None = None) -> pd.DataFrame:
    """The work-order list a property system would export, from one replication's field logs
    (``RunResult.results[i].log.field``, needs ``keep_logs=True``), in the canonical fields of
    ``work_orders``: created, type (the call type, else the order's source), priority, trade,
    on_site and closed (empty while not reached or open), rework (yes/no)."""
    from sim.field.team import PRIORITY_NAMES

    t0 = pd.Timestamp(start_date)
    rows = []
    for log in field_logs:
        if site is not None and log.site != site:
            continue
        for task in log.tasks:
            if task.kind != "work_order" or task.meta.get("source") == "contractor":
                continue
            source = str(task.meta.get("source", ""))
            when = lambda s: (t0 + pd.Timedelta(seconds=s)).round("s") if s == s else pd.NaT
            rows.append({"created": when(task.created_s),
                         "type": source.split(".", 1)[1] if source.startswith("call.") else source,
                         "priority": PRIORITY_NAMES[task.priority], "trade": task.meta.get("trade") or "",
                         "on_site": when(task.on_site_s), "closed": when(task.done_s),
                         "rework": "yes" if task.meta.get("rework") else "no"})
    columns = ["created", "type", "priority", "trade", "on_site", "closed", "rework"]
    return pd.DataFrame(rows, columns=columns).sort_values("created", kind="stable").reset_index(drop=True)
