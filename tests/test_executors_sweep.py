"""sim.executors and sim.sweep: the same sweep on every executor, the tidy table, its files, and
bad grid input."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from sim.errors import ScenarioError
from sim.executors import SerialExecutor, make_executor
from sim.sweep import parse_grid, sweep

from conftest import MMC_12, REPO

AGENTS = "centre.pools.agents.roster.shifts.all_day.agents"
RATE = "demand.calls.single.rate_per_minute"
GRID = {AGENTS: [10, 12], RATE: [8.5, 9.5]}
KW = dict(overrides=["calendar.horizon_days=1"], replications=3, seed=7)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None in object columns, so CSV's NaN and Parquet's None compare equal."""
    table = table.astype(object)
    return table.where(table.notna(), None)


@pytest.fixture(scope="module")
def serial_table() -> pd.DataFrame:
    with make_executor("serial") as ex:
        return sweep(MMC_12, GRID, executor=ex, **KW)


def test_sweep_table_shape_and_service_level_rises_with_agents(serial_table):
    table = serial_table
    assert list(table.columns) == [AGENTS, RATE, "stream", "metric", "group", "mean", "ci_low", "ci_high",
                                   "target", "status"]
    points = table[[AGENTS, RATE]].drop_duplicates()
    assert len(points) == 4
    kpis_per_point = table.groupby([AGENTS, RATE]).size()
    assert kpis_per_point.nunique() == 1 and len(table) == 4 * kpis_per_point.iloc[0]
    sl = table[(table.stream == "calls") & (table.metric == "service_level")].set_index([AGENTS, RATE])["mean"]
    for rate in GRID[RATE]:
        assert sl[(12, rate)] > sl[(10, rate)], (rate, sl)


def test_process_pool_gives_the_identical_table(serial_table):
    with make_executor("process", workers=2) as ex:
        table = sweep(MMC_12, GRID, executor=ex, workers=2, **KW)
    pd.testing.assert_frame_equal(table, serial_table)


def test_dask_local_cluster_gives_the_identical_table(serial_table, monkeypatch):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with make_executor("dask", address=cluster.scheduler_address) as ex:
            assert ex._max_workers == 2
            table = sweep(MMC_12, GRID, executor=ex, **KW)
        pd.testing.assert_frame_equal(table, serial_table)
        monkeypatch.setenv("SIM_DASK_SCHEDULER", cluster.scheduler_address)
        with make_executor("dask") as ex:  # the address from the environment
            assert ex.cluster is None
            part = sweep(MMC_12, {AGENTS: [12], RATE: [9.5]}, executor=ex, **KW)
        expected = serial_table[(serial_table[AGENTS] == 12) & (serial_table[RATE] == 9.5)].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, expected)


def test_replications_go_in_one_chunk_per_worker():
    class Counting(SerialExecutor):
        _max_workers = 2
        calls: list = []

        def submit(self, fn, /, *args, **kwargs):
            self.calls.append(args[0][2])
            return super().submit(fn, *args, **kwargs)

    with Counting() as ex:
        sweep(MMC_12, {AGENTS: [12]}, executor=ex, **KW)
    assert Counting.calls == [[0, 1], [2]]


def test_cli_sweep_writes_csv_and_parquet_that_agree(tmp_path, serial_table):
    csv, parquet = tmp_path / "out" / "sweep.csv", tmp_path / "out" / "sweep.parquet"
    result = cli("sweep", str(MMC_12), "--set", "calendar.horizon_days=1", "--replications", "3", "--seed", "7",
                 "--grid", f"{AGENTS}=10,12", "--grid", f"{RATE}=8.5,9.5", "--out", str(csv), "--parquet", str(parquet))
    assert result.returncode == 0, result.stderr
    from_csv, from_parquet = pd.read_csv(csv), pd.read_parquet(parquet)
    assert len(from_csv) == len(serial_table)
    pd.testing.assert_frame_equal(_plain(from_parquet), _plain(from_csv), check_dtype=False)
    pd.testing.assert_frame_equal(_plain(from_parquet), _plain(serial_table), check_dtype=False)
    assert [p.name for p in csv.parent.iterdir() if p.name.startswith(".")] == []  # no temp files left


@pytest.mark.parametrize("grid, shown", [
    ([f"{AGENTS}"], AGENTS),                      # no '='
    ([f"{AGENTS}=10,,12"], AGENTS),               # empty value
    ([f"{AGENTS}=10,[1"], "[1"),                  # not a scalar
    ([f"{AGENTS}=10,many"], "'many'"),            # not a whole number
    ([f"{AGENTS}=10", f"{AGENTS}=12"], AGENTS),   # path twice
    ([], "--grid"),                               # no grid at all
])
def test_bad_grid_exits_2_without_traceback(grid, shown):
    args = [a for g in grid for a in ("--grid", g)]
    result = cli("sweep", str(MMC_12), "--days", "1", "--replications", "1", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error:") and shown in result.stderr, result.stderr


def test_parse_grid_reads_yaml_scalars():
    assert parse_grid(["a.b=1,2.5,x,true,null"]) == {"a.b": [1, 2.5, "x", True, None]}
    with pytest.raises(ScenarioError, match="a.b = '1,1'"):
        parse_grid(["a.b=1,1"])


def test_make_executor_rejects_unknown_kind():
    with pytest.raises(ValueError, match="threads"):
        make_executor("threads")
