"""Staffing planner: analytic queueing layer, and later the optimiser and budget."""
