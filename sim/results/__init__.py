"""Results: what a run measures and how it is reported. ``centre_kpis`` and ``field_kpis`` (the
KPI definitions), ``histograms`` (response-time distributions on a fixed grid), ``streaming``
(additive accumulators for bounded memory, the Parquet trace), ``stats`` (intervals and
verdicts), ``run_result`` (the tables of a run), ``report`` (JSON and the text table)."""
