"""Named random streams (common random numbers).

Every source of randomness (one arrival stream at one site, or one attribute of its contacts
such as handle times) draws from its own generator, keyed by the run's seed, the replication
number and the stream's name. Changing the number of agents, or even the handle times of one
stream, leaves every other stream's draws untouched, so candidate staffings are compared on the
same arrivals; and a replication is reproducible on its own, whatever process runs it.
"""

from __future__ import annotations

import hashlib

import numpy as np


def stream_rng(seed: int, replication: int, name: str) -> np.random.Generator:
    """The generator of stream ``name`` in replication ``replication`` of a run seeded ``seed``."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    key = [int.from_bytes(digest[:4], "little"), int.from_bytes(digest[4:], "little")]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, replication, *key])))
