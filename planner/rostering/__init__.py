"""Rostering: shift patterns and the weekly set-covering integer program (``covering``), and
full-time headcount from shifts: days off, leave, relief and crew rotations (``people``)."""

from planner.rostering.covering import (DEFAULT_LENGTHS, WEEKDAYS, PlannedShift, ShiftPattern, ShiftPlan, cover_week,
                                        coverage_matrix, default_patterns, pattern_coverage)
from planner.rostering.people import (CrewRotation, DaysOffPlan, Headcount, cover_days_off,
                                         crew_rotation_headcount, headcount)

__all__ = ["CrewRotation", "DEFAULT_LENGTHS", "DaysOffPlan", "Headcount", "PlannedShift", "ShiftPattern", "ShiftPlan",
           "WEEKDAYS", "cover_days_off", "cover_week", "coverage_matrix", "crew_rotation_headcount",
           "default_patterns", "headcount", "pattern_coverage"]
