"""A site's own records: reading exports (calls, tickets, gate events, work orders), fitting the
demand of a scenario to them, and checking the fit by simulating it (docs/records.md)."""

from sim.records.estimates import Estimate, fit_duration
from sim.records.exports import exports_from_records, read_trace, work_orders_from_logs
from sim.records.fitting import Fit, fit_demand
from sim.records.reading import RecordSet, RecordsError, read_all, read_records

__all__ = ["Estimate", "Fit", "RecordSet", "RecordsError", "exports_from_records", "work_orders_from_logs", "fit_demand", "fit_duration",
           "read_all", "read_records", "read_trace"]
