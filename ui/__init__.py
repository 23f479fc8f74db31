"""The planner app's pieces (Streamlit front end in ``app.py``): translation table, scenario
editing and validation, cached runs, charts and the pages. Simulation, KPIs, planning and
budgets stay in ``sim`` and ``planner``; this package only edits scenarios and shows results."""
