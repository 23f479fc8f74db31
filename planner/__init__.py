"""Staffing planner: from a scenario to the cheapest staffing that meets its commitments, its
budget and the proposal that presents it.

Packages, from the bottom layer up (docs/architecture.md): ``queueing`` (Erlang and time-varying
staffing), ``rostering`` (shift cover, people from shifts, levers, rotas, compliance, people on
duty), ``costs`` (the rule of thumb, the team and budget, the fee), ``search`` (the design space,
the analytic start, the simulation-based search, the lower bound), ``portfolio`` (a group's sites
and pooled call centre), ``proposal`` (the Word, Excel and PDF proposal), then ``plan`` (a site's
plan, plan.json) and ``cli`` (``python -m planner``).
"""
