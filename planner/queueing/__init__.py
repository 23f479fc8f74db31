"""Queueing theory for staffing: Erlang B, C and A (``erlang``), birth-death chains
(``birth_death``), infinite-server offered load (``offered_load``) and time-varying staffing
(``time_varying``: SIPP, lag-SIPP, modified offered load)."""
