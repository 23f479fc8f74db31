"""Costs: the staffing norms of the rule of thumb (``norms``), their mapping onto rosters for a
like-for-like check (``norms_check``), and the budget and fee estimate (``budget``)."""
