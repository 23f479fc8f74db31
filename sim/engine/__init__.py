"""The engine: what runs on SimPy's clock in one replication. ``arrivals`` (demand streams as
arrival times), ``rng`` (named random streams), ``contact_centre`` (the centre's queues, agents on
their shift instances, and records) and ``working_time`` (clocks in working time for commitments
counted in working hours). Rosters are laid out as shift instances by
``sim.scenario.shift_instances``, the field by ``sim.field``, and one replication wires them
together in ``sim.running.replication``."""
