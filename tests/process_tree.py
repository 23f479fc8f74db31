"""The CPU a process and its descendants use and a process's resident memory, read from /proc
(Linux): how the tests show that a stopped run leaves no worker computing and that a run stays
under the app's memory ceiling."""

from __future__ import annotations

import os
import time
from pathlib import Path

#: CPU seconds a second the process tree may use once stopped (idle: well under a tenth of a core).
IDLE_CPU_S_PER_S = 0.1


def tree_pids(root: int) -> list[int]:
    """``root`` and every process descended from it (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


def tree_cpu_s(root: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of ``root``'s tree."""
    ticks = 0
    for pid in tree_pids(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_cpu_rate(root: int, seconds: float = 1.0) -> float:
    """CPU seconds a second the tree of ``root`` uses, sampled over ``seconds``."""
    before = tree_cpu_s(root)
    time.sleep(seconds)
    return (tree_cpu_s(root) - before) / seconds


def cpu_rate_once_idle(root: int, since: float, within_s: float = 5.0) -> float:
    """The CPU rate of ``root``'s tree sampled second by second from now until it is idle
    (:data:`IDLE_CPU_S_PER_S`) or a sample starts ``within_s`` after ``since`` (time.monotonic())."""
    rate = tree_cpu_rate(root)
    while rate > IDLE_CPU_S_PER_S and time.monotonic() - since < within_s:
        rate = tree_cpu_rate(root)
    return rate


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` now, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")
