"""Running scenarios: ``runner`` (``simulate``: replications, serially or on an executor),
``executors`` (process pool, Dask), ``sweep`` (grids of scenarios on common random numbers) and
``regress`` (the regression scenarios against their baselines)."""
