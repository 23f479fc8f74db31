"""The engine: one replication of a scenario on SimPy's clock. ``arrivals`` (demand streams as
arrival times), ``rng`` (named random streams), ``shifts`` (rosters expanded into shift
instances), ``contact_centre`` (the centre's queues, agents and records) and ``model`` (the
centre and every site's field operations on one clock)."""
