"""A site's own records: reading exports (calls, tickets, gate events, work orders), fitting the
demand of a scenario to them, and checking the fit by simulating it (docs/records.md)."""

from sim.lazy import lazy_face

#: Where each name of the package's face lives: imported on first use (PEP 562), so that
#: importing one module of the package (or a CLI's --help) does not load the rest.
_FACE: dict[str, str] = {
    **dict.fromkeys(['Estimate', 'fit_duration'], 'sim.records.estimates'),
    **dict.fromkeys(['exports_from_records', 'read_trace', 'work_orders_from_logs'], 'sim.records.exports'),
    **dict.fromkeys(['Fit', 'fit_demand'], 'sim.records.fitting'),
    **dict.fromkeys(['RecordSet', 'RecordsError', 'read_all', 'read_records'], 'sim.records.reading'),
}

__all__ = ["Estimate", "Fit", "RecordSet", "RecordsError", "exports_from_records", "work_orders_from_logs", "fit_demand", "fit_duration",
           "read_all", "read_records", "read_trace"]

__getattr__, __dir__ = lazy_face(__name__, _FACE)
