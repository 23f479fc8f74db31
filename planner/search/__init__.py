"""The search for the cheapest staffing: the analytic start from Erlang requirements covered by
shifts (``analytic_start``) and the simulation-based optimisation (``optimise``)."""
