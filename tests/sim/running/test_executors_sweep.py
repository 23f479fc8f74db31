"""sim.running.executors and sim.running.sweep: the same multi-point sweep on every executor (every task submitted
at once, results assembled by point and replication), the tidy table, its files, and bad grid
input."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from sim.scenario.errors import ScenarioError
from sim.running.executors import SerialExecutor, make_executor
from sim.scenario.loader import load_scenario
from sim.running.runner import simulate
from sim.running.sweep import _override, chunk_replications, grid_points, parse_grid, sweep

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


def test_each_point_is_the_table_of_its_own_run(serial_table):
    """Assembling by point and replication gives every point exactly what simulate() gives it."""
    for point in grid_points(GRID):
        scenario = load_scenario(MMC_12, KW["overrides"] + ["replications=3", "seed=7"]
                                 + [_override(p, v) for p, v in point.items()])
        expected = simulate(scenario).kpi_table()[list(serial_table.columns[2:])]
        mine = serial_table[(serial_table[AGENTS] == point[AGENTS]) & (serial_table[RATE] == point[RATE])]
        got = mine.drop(columns=[AGENTS, RATE]).reset_index(drop=True)
        for col in ("group", "status"):
            expected[col] = expected[col].map(lambda v: v if isinstance(v, str) else None).astype(object)
        pd.testing.assert_frame_equal(got, expected)


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


def test_every_task_is_submitted_at_once_in_chunks_of_about_two_per_worker():
    events: list = []

    class Counting(SerialExecutor):
        _max_workers = 2

        def submit(self, fn, /, *args, **kwargs):
            scenario, _, chunk = args[0][:3]
            rate = scenario.demand.calls["single"].rate_per_minute
            events.append(("submit", rate, chunk))
            return super().submit(fn, *args, **kwargs)

    with Counting() as ex:
        sweep(MMC_12, {RATE: [8.5, 9.5]}, executor=ex, progress=lambda done, total: events.append(("done", done, total)),
              **KW)
    submitted = [e for e in events if e[0] == "submit"]
    # 6 replications, 2 workers: chunks of 6 / 4 -> 2 replications, never across points.
    assert submitted == [("submit", 8.5, [0, 1]), ("submit", 8.5, [2]), ("submit", 9.5, [0, 1]), ("submit", 9.5, [2])]
    done = [e for e in events if e[0] == "done"]
    assert events.index(done[0]) == len(submitted)  # all submitted before the first result is read
    assert len(done) == 4 and done[-1] == ("done", 6, 6)  # progress over the whole sweep, per task


def test_chunks_cover_every_replication_once_and_balance_the_workers():
    assert chunk_replications([3], 2) == [[[0], [1], [2]]]
    assert chunk_replications([3, 3, 3, 3], 2) == [[[0, 1, 2]]] * 4
    assert chunk_replications([10], 1) == [[[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]]
    for counts, workers in (([7, 1, 4], 3), ([40] * 5, 8), ([1], 16)):
        chunks = chunk_replications(counts, workers)
        assert [sorted(r for c in point for r in c) for point in chunks] == [list(range(n)) for n in counts]
        assert sum(len(point) for point in chunks) <= 2 * workers + len(counts)


def test_streaming_sweep_gives_the_same_counts_and_rates(serial_table):
    with make_executor("serial") as ex:
        table = sweep(MMC_12, GRID, executor=ex, streaming=True, block_size=500, **KW)
    exact = serial_table.set_index([AGENTS, RATE, "stream", "metric"])["mean"]
    streamed = table.set_index([AGENTS, RATE, "stream", "metric"])["mean"]
    for key, value in exact.items():
        if key[3].startswith("wait_p"):
            assert streamed[key] == pytest.approx(value, rel=0.005, abs=5e-4), key
        else:
            assert streamed[key] == pytest.approx(value, rel=1e-9, nan_ok=True), key


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


def test_kept_logs_of_field_operations_cross_processes_and_match_a_serial_run():
    """``keep_logs=True`` with workers: each replication's field tasks come back from the worker
    processes (their callbacks, closures of the running model, are dropped) and are the same
    tasks, at the same times, as a serial run's."""
    scenario = load_scenario(REPO / "scenarios" / "default.yaml", ["calendar.horizon_days=1", "calendar.warmup_days=0"])
    serial = simulate(scenario, replications=2, seed=11, keep_logs=True)
    parallel = simulate(scenario, replications=2, seed=11, keep_logs=True, workers=2)

    def tasks(run):
        return [[repr((t.kind, t.label, t.created_s, t.on_site_s, t.done_s)) for site in r.log.field for t in site.tasks]
                for r in run.results]

    assert tasks(serial) == tasks(parallel) and all(tasks(serial))


def test_a_process_pool_started_from_a_side_thread_comes_from_a_fork_server_and_gives_the_same_run():
    """The app plans in its script thread, beside the server's threads: its pool's processes
    come from a fork server (a fork would copy locks other threads hold), and the replications
    are the serial run's, number for number."""
    import threading

    from sim.running.executors import process_pool

    scenario = load_scenario(MMC_12, ["calendar.horizon_days=1"])
    serial = simulate(scenario, replications=4, seed=7)
    seen: dict = {}

    def plan_in_a_thread() -> None:
        with process_pool(2) as pool:
            seen["method"] = pool._mp_context.get_start_method()
            seen["run"] = simulate(scenario, replications=4, seed=7, executor=pool)

    worker = threading.Thread(target=plan_in_a_thread)
    worker.start()
    worker.join(timeout=300)
    assert seen["method"] == "forkserver"
    with process_pool(2) as pool:
        assert pool._mp_context.get_start_method() == "fork"  # the main thread forks as before
    assert [r.kpis for r in seen["run"].results] == [r.kpis for r in serial.results]
