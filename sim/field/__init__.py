"""Field operations: the site's geometry, its teams (technicians, guards, butlers) and the work
they do (work orders, patrols, incidents, inspections, household visits)."""
