"""The standing hostile-input suite (issue 17): what a careless or hostile user may feed the
command lines, the loader, the app's upload and the proposal export.

Every case runs in a forked child with an address-space limit (RLIMIT_AS) and a CPU-time alarm,
and asserts its exit status, that no traceback was printed, that the message names the field
(or file) and what is allowed, and that the child stayed under the memory and time bounds. The
fork is cheap (the modules are already imported), so the suite stays fast.
"""

from __future__ import annotations

import copy
import io
import json
import os
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest

from planner.proposal import ProposalError
from sim.scenario.errors import ScenarioError

REPO = Path(__file__).resolve().parents[1]
DEFAULT = str(REPO / "scenarios" / "default.yaml")
#: Bounds of every case: extra address space over the parent's, peak RSS growth, wall time.
EXTRA_AS = 1536 * 2**20
EXTRA_RSS_MB = 400
SECONDS = 30


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def run_bounded(fn, *args) -> tuple[int, str, float, float]:
    """Run ``fn(*args)`` (returning an exit status) in a forked child limited to the parent's
    address space + EXTRA_AS and SECONDS of CPU; return (status, stdout+stderr, seconds, peak
    RSS growth in MB). A child killed by a signal returns -signal."""
    import gc

    gc.collect()
    base_rss = _rss_mb()
    limit = _vm_size() + EXTRA_AS
    out = tempfile.TemporaryFile()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child
        status = 99
        try:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), write_through=True)
            sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), write_through=True)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS + 5))
            signal.alarm(SECONDS + 10)
            status = int(fn(*args) or 0)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001  (shown to the test as a traceback)
            import traceback

            traceback.print_exc()
            status = 98
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    _, wait_status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(wait_status)
    return code, text, seconds, usage.ru_maxrss / 1024 - base_rss


def assert_clean(result, status: int, *parts: str) -> str:
    code, text, seconds, rss = result
    assert "Traceback" not in text, text
    assert code == status, f"exit {code} (wanted {status}):\n{text}"
    assert seconds < SECONDS, f"took {seconds:.1f} s:\n{text}"
    assert rss < EXTRA_RSS_MB, f"grew by {rss:.0f} MB:\n{text}"
    missing = [p for p in parts if p not in text]
    assert not missing, f"message lacks {missing}:\n{text}"
    return text


def sim_main(*argv: str) -> int:
    from sim.cli import main

    return main(list(argv))


def planner_main(*argv: str) -> int:
    from planner.cli import main

    return main(list(argv))


# ----------------------------------------------------------------------------- files

def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\nname: bomb\n"


def _sequence_bomb(levels: int = 7, width: int = 10) -> str:
    lines = ["- &x0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    for level in range(1, levels):
        lines.append(f"- &x{level} [{', '.join([f'*x{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def _deep_block(depth: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}v: 1\n"


FILE_CASES = {
    # name: (file text or None for a special path, expected message parts)
    "alias_bomb": (_alias_bomb(), ["values", "aliases"]),
    "alias_bomb_in_sequence": (_sequence_bomb(), ["values", "aliases"]),
    "recursive_alias": ("name: x\nloop: &l [*l]\n", ["loop", "contains itself"]),
    "nested_flow_10000": ("a: " + "[" * 10_000 + "]" * 10_000 + "\n", ["nested more than"]),
    "nested_mapping_flow_5000": ("a: " + "{b: " * 5000 + "1" + "}" * 5000 + "\n", ["nested more than"]),
    "nested_block_200": (_deep_block(200), ["nested more than"]),
    "impossible_date": (f"extends: {DEFAULT}\ncalendar: {{start_date: 2026-02-30}}\n",
                        ["calendar.start_date", "2026-02-30", "date"]),
    "rotation_cycle_10007": (f"extends: {DEFAULT}\ncentre:\n  pools:\n    service_desk:\n      roster:\n"
                             f"        rotation: {{crews: 4, people_per_crew: 1, cycle: [{', '.join(['off'] * 10007)}]}}\n",
                             ["rotation.cycle", "at most 366"]),
    "binary": ("", ["cannot be read", "not UTF-8"]),
    "a_list": ("- 1\n- 2\n", ["must be a YAML mapping"]),
    "huge_file": ("name: x\n" + "# padding\n" * 120_000, ["larger than 1,000,000"]),
    "extends_dev_zero": ("extends: /dev/zero\nname: x\n", ["/dev/zero", "not a regular file"]),
    "extends_directory": ("extends: /tmp\nname: x\n", ["/tmp", "directory"]),
    "extends_missing": ("extends: no_such_base.yaml\nname: x\n", ["no such scenario file"]),
    "extends_self": ("extends: case.yaml\nname: x\n", ["cycle"]),
    "extends_not_a_path": ("extends: [1, 2]\nname: x\n", ["extends", "path to a base scenario file"]),
    "duplicate_key": (f"extends: {DEFAULT}\nseed: 1\nseed: 2\n", ["seed", "written twice"]),
}


@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_hostile_scenario_file_gets_a_message_within_bounds(case, tmp_path):
    text, parts = FILE_CASES[case]
    path = tmp_path / "case.yaml"
    path.write_bytes(text.encode("utf-8", "surrogateescape") if case != "binary" else b"\x00\x01\x02garbage\xff")
    assert_clean(run_bounded(sim_main, "check", str(path)), 2, "error:", *parts)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "/tmp", "/proc/self/mem"])
def test_a_device_or_directory_as_the_scenario_is_refused_unread(special):
    assert_clean(run_bounded(sim_main, "check", special), 2, special)


# ----------------------------------------------------------------------------- values

#: --set values the validator used to accept and that hung a run or took gigabytes, or crashed.
SET_CASES = {
    "sites.cuihu.households=1000000000000": ["sites.cuihu.households", "≤ 10,000,000"],
    "demand.calls.repair_report.rate_per_household_per_month=1000000": ["rate_per_household_per_month", "at most 100"],
    "sites.cuihu.households=5000000": ["events on its busiest simulated day", "250,000"],
    "+demand.calls.flood={rate_per_minute: 10000, handle_time_s: {dist: exponential, mean: 60}}":
        ["rate_per_minute", "at most 150"],
    "field.patrols.main_route.schedule.0.every_h=0.000001": ["every_h", "≥ 0.05"],
    "field.work_orders.planned.pump_check.every_days=0.000000001": ["every_days", "≥ 0.0416"],
    "sites.cuihu.pumps=1000000000": ["sites.cuihu.pumps", "≤ 100,000"],
    "sites.cuihu.vehicle_gates=1000000000": ["sites.cuihu.vehicle_gates", "≤ 100,000"],
    "sites.cuihu.vehicle_gates=50000": ["events on its busiest simulated day"],
    "centre.pools.service_desk.roster.shifts.night.agents=10000000": ["agents", "≤ 10,000"],
    "sites.cuihu.demand_multiplier=1000000000000": ["demand_multiplier", "≤ 1000"],
    "sites.cuihu.demand_multiplier=900": ["sites.cuihu.demand_multiplier", "events on its busiest simulated day"],
    "demand.calls.repair_report.handle_time_s={dist: lognormal, mean: 100, sd: 1.0e+300}": ["sd", "≤ 1e+09"],
    "demand.calls.repair_report.handle_time_s={dist: lognormal, mean: 1.0e-300, sd: 1000}": ["sd", "times the mean"],
    "demand.calls.repair_report.handle_time_s={dist: gamma, mean: 100, sd: 1.0e-200}": ["sd", "times the mean"],
    "calendar.start_date=2026-02-30": ["calendar.start_date", "exists"],
    "calendar.horizon_days=1e9": ["calendar.horizon_days"],
    "replications=100000000": ["replications", "≤ 10,000"],
    "sites.cuihuu.households=3000": ["sites.cuihuu", "no such item", "cuihu", "+sites.cuihuu"],
    "sites.cuihu.housholds=3000": ["housholds", "did you mean 'households'"],
    "demand.calls.repair_reportt.rate_per_household_per_month=1": ["repair_reportt", "no such item"],
    "seed=" + "9" * 5000: ["seed"],
    "seed=" + "9" * 30: ["seed", "≤ 9,223,372"],
    "name=" + "[" * 5000: ["name", "at most 200"],
}


@pytest.mark.parametrize("override", sorted(SET_CASES), ids=lambda o: o[:60])
def test_hostile_set_value_is_refused_naming_the_field(override):
    assert_clean(run_bounded(sim_main, "check", DEFAULT, "--set", override), 2, "error:", *SET_CASES[override])


def test_the_biggest_accepted_scenario_is_estimated_and_refused_above_the_budget():
    """Right under the per-day budget but a long horizon and many replications: refused before
    any work by the whole-run estimate, with the numbers."""
    text = assert_clean(run_bounded(sim_main, "run", DEFAULT, "--set", "sites.cuihu.demand_multiplier=600",
                                    "--days", "3000", "--replications", "5000"), 2,
                        "the budget is", "per simulated day", "--max-events")
    assert "replications" in text


def test_the_run_budget_option_refuses_and_the_check_shows_the_estimate():
    assert_clean(run_bounded(sim_main, "run", DEFAULT, "--max-events", "1000"), 2, "--max-events", "1,000")
    assert_clean(run_bounded(sim_main, "check", DEFAULT), 0, "events on its busiest simulated day")


def test_a_typo_in_set_no_longer_adds_a_site_and_plus_adds_one_on_purpose():
    from sim.scenario.loader import load_scenario

    with pytest.raises(ScenarioError, match="no such item"):
        load_scenario(DEFAULT, ["sites.cuihuu.households=3000"])
    scenario = load_scenario(DEFAULT, ["+sites.second={households: 800}"])
    assert set(scenario.sites) == {"cuihu", "second"}
    assert scenario.sites["second"].households == 800


def test_every_bundled_scenario_is_within_the_limits():
    from sim.scenario.loader import load_scenario
    from sim.scenario.workload import MAX_EVENTS_PER_DAY, total_per_day

    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        assert 0 < total_per_day(scenario) < MAX_EVENTS_PER_DAY / 10, path


def test_the_estimate_grows_with_what_drives_the_work():
    from sim.scenario.loader import load_scenario
    from sim.scenario.workload import expected_events_per_day

    base = expected_events_per_day(load_scenario(DEFAULT))
    double = expected_events_per_day(load_scenario(DEFAULT, ["sites.cuihu.demand_multiplier=2"]))
    assert double["contacts"] == pytest.approx(2 * base["contacts"])
    assert double["field"] == pytest.approx(base["field"])
    patrols = expected_events_per_day(load_scenario(DEFAULT, ["field.patrols.main_route.schedule.0.every_h=0.05"]))
    assert patrols["field"] > 5 * base["field"]


def test_workers_are_capped_at_the_cores_available():
    from sim.running.executors import available_cores, cap_workers

    assert cap_workers(64) == available_cores() <= (os.cpu_count() or 1)
    assert cap_workers(1) == 1 and cap_workers(0) == available_cores()


# ----------------------------------------------------------------------------- outputs

def test_trace_onto_a_file_or_under_one_is_refused_before_the_run(tmp_path):
    existing = tmp_path / "existing.txt"
    existing.write_text("keep me")
    assert_clean(run_bounded(sim_main, "run", DEFAULT, "--days", "1", "--trace", str(existing)), 2,
                 "--trace", "not a directory")
    assert_clean(run_bounded(sim_main, "run", DEFAULT, "--days", "1", "--trace", str(existing / "sub")), 2,
                 "--trace", "cannot create")
    assert existing.read_text() == "keep me"
    assert_clean(run_bounded(sim_main, "run", DEFAULT, "--days", "1", "--json", str(tmp_path)), 2,
                 "--json", "it is a directory")


def test_planner_out_that_cannot_be_a_folder_fails_before_planning(tmp_path):
    existing = tmp_path / "file"
    existing.write_text("x")
    result = run_bounded(planner_main, "plan", DEFAULT, "--out", str(existing))
    assert_clean(result, 2, "--out", "not a directory")
    assert result[2] < 10  # no planning happened first


def test_ctrl_c_stops_with_one_line_and_no_traceback():
    def interrupted() -> int:
        import planner.cli as cli
        import planner.plan

        def boom(*args, **kwargs):
            raise KeyboardInterrupt
        planner.plan.make_plan = boom  # the CLI imports it when the command runs
        return cli.main(["plan", DEFAULT, "--out", tempfile.mkdtemp(), "--workers", "1"])

    text = assert_clean(run_bounded(interrupted), 130, "interrupted")
    assert len(text.strip().splitlines()) == 1, text


def test_sigterm_stops_cleanly_like_ctrl_c():
    def terminated() -> int:
        import planner.cli as cli
        import planner.plan

        def wait(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        planner.plan.make_plan = wait
        return cli.main(["plan", DEFAULT, "--out", tempfile.mkdtemp(), "--workers", "1"])

    code, text, _, _ = run_bounded(terminated)
    assert code == 128 + signal.SIGTERM and "Traceback" not in text, text


def test_sweep_grid_too_big_is_refused_before_loading():
    grid = ",".join(str(i) for i in range(1, 201))
    assert_clean(run_bounded(sim_main, "sweep", DEFAULT, "--grid", f"seed={grid}", "--grid",
                             f"replications={grid}"), 2, "40,000 points", "at most 10,000")


# ----------------------------------------------------------------------------- regress

CORRUPTIONS = {
    "empty": b"",
    "truncated": b'{"kpis": [{"stream": "calls", "metric": "asa_s", "mean": 1.0',
    "binary": b"\xff\xfe\x00\x01",
    "a_list": b"[1, 2, 3]",
    "kpis_not_a_list": b'{"kpis": {"a": 1}}',
    "mean_is_text": b'{"kpis": [{"stream": "calls", "metric": "asa_s", "mean": "fast", "ci95": [1, 2]}]}',
    "ci_is_broken": b'{"kpis": [{"stream": "calls", "metric": "asa_s", "mean": 1.0, "ci95": [1]}]}',
    "deep": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.fixture(scope="module")
def small_scenario(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("regress") / "tiny.yaml"
    path.write_text(f"extends: {DEFAULT}\nname: tiny\nreplications: 2\ncalendar: {{horizon_days: 0.5}}\n")
    return path


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_regress_reports_a_corrupted_baseline_and_update_repairs_it(kind, small_scenario, tmp_path):
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    (baselines / "tiny.json").write_bytes(CORRUPTIONS[kind])
    args = ("regress", str(small_scenario), "--baselines", str(baselines))
    assert_clean(run_bounded(sim_main, *args), 1, "tiny", "--update to rewrite it")
    assert_clean(run_bounded(sim_main, *args, "--update"), 0, "rewritten")
    assert_clean(run_bounded(sim_main, *args), 0, "nothing moved")


# ----------------------------------------------------------------------------- plan.json

#: A real plan.json of the default scenario, planned small (3 days, 2 replications) and kept so
#: that this suite stays fast; tests/planner/proposal/test_proposal.py checks the proposal of a freshly made plan.
PLAN_FIXTURE = Path(__file__).parent / "data" / "plan_small.json"


@pytest.fixture(scope="module")
def plan() -> dict:
    from planner.proposal.content import build_document, check_plan

    plan = json.loads(PLAN_FIXTURE.read_text(encoding="utf-8"))
    check_plan(plan)  # the fixture still is what the planner writes (else: plan again and save it)
    build_document(plan, "en")
    return plan


def _mutations(plan: dict):
    """Generated: every top-level key removed, nulled, or of another type; then the nested
    fields the chapters read, emptied, nulled or retyped."""
    for key in sorted(plan):
        for label, value in (("missing", KeyError), ("null", None), ("text", "x"), ("number", 5), ("list", [])):
            yield f"{key}:{label}", [key], value
    nested = [["evidence", "kpis"], ["budget", "lines"], ["budget", "headcount_by_role"], ["staffing", 0, "people"],
              ["staffing", 0], ["headcount", next(iter(plan["headcount"]))], ["site", "site_names"],
              ["site", "grades"], ["evidence", "kpis", 0, "mean"], ["evidence", "kpis", 0, "ci95"],
              ["budget", "lines", 0, "yuan_per_year"], ["budget", "total_yuan_per_year"],
              ["charts", next(iter(plan["charts"]))], ["contract_plan", "years"], ["rule_of_thumb", "rows"]]
    for path in nested:
        for label, value in (("null", None), ("text", "x"), ("empty", []), ("dict", {})):
            yield ".".join(map(str, path)) + f":{label}", path, value


def _mutate(plan: dict, path: list, value) -> dict:
    out = copy.deepcopy(plan)
    node = out
    for part in path[:-1]:
        node = node[part]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


def test_every_malformed_plan_is_refused_with_a_message_or_rendered(plan):
    """No malformed plan.json raises anything but ProposalError, and a refused one names a field."""
    from planner.proposal.content import build_document, check_plan

    refused = 0
    for label, path, value in _mutations(plan):
        bad = _mutate(plan, path, value)
        try:
            check_plan(bad)
            build_document(bad, "en")
        except ProposalError as exc:
            refused += 1
            assert "plan.json" in str(exc), (label, str(exc))
    assert refused >= 60  # most mutations break what the chapters need


@pytest.mark.parametrize("what", ["evidence", "budget"])
def test_a_plan_without_evidence_or_budget_is_refused_not_rendered(plan, what, tmp_path):
    bad = copy.deepcopy(plan)
    if what == "evidence":
        bad["evidence"]["kpis"] = []
    else:
        bad["budget"]["lines"] = []
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(bad))
    text = assert_clean(run_bounded(planner_main, "proposal", str(path), "--proposal", "xlsx"), 2,
                        f"{what}.", "is empty")
    assert not list(tmp_path.glob("proposal_*")), text


@pytest.mark.parametrize("content", [b"", b"[]", b"null", b"{" * 100_000, b"\xff\xfe", b'{"staffing": 1}'])
def test_a_plan_that_is_not_a_plan_is_refused(content, tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    assert_clean(run_bounded(planner_main, "proposal", str(path), "--proposal", "xlsx"), 2, "PLAN_JSON")


def test_a_device_as_plan_json_is_refused_unread():
    assert_clean(run_bounded(planner_main, "proposal", "/dev/zero", "--proposal", "xlsx", "--out",
                             tempfile.mkdtemp()), 2, "not a regular file")


# ----------------------------------------------------------------------------- the app's upload

UPLOADS = {
    "dev_zero.yaml": (b"extends: /dev/zero\n", ["extends", "only a bundled template"]),
    "passwd.yaml": (b"extends: /etc/passwd\nname: x\n", ["extends", "only a bundled template"]),
    "dotdot.yaml": (b"extends: ../../../../etc/hostname\nname: x\n", ["only a bundled template"]),
    "absolute.yaml": (f"extends: {DEFAULT}\nname: x\n".encode(), ["only a bundled template"]),
    "bomb.yaml": (_alias_bomb().encode(), ["aliases"]),
    "deep.yaml": (b"a: " + b"[" * 10_000 + b"]" * 10_000, ["nested more than"]),
    "date.yaml": (b"extends: default\ncalendar: {start_date: 2026-02-30}\n", ["calendar.start_date"]),
    "households.yaml": (b"extends: default\nsites: {cuihu: {households: 1000000000000}}\n", ["households"]),
}


def _upload(name: str, content: bytes) -> int:
    from ui.state import parse_upload

    try:
        parse_upload(name, content)
    except ScenarioError as exc:
        print(exc)
        return 2
    return 0


@pytest.mark.parametrize("name", sorted(UPLOADS))
def test_hostile_upload_is_refused_without_reading_server_files(name):
    content, parts = UPLOADS[name]
    text = assert_clean(run_bounded(_upload, name, content), 2, name, *parts)
    assert "root:" not in text and "/work" not in text.replace(DEFAULT, "")


def test_upload_may_extend_a_bundled_template_by_name():
    from ui.state import parse_upload

    for base in ("default", "default.yaml", "villa_estate"):
        data = parse_upload("mine.yaml", f"extends: {base}\nname: mine\n".encode())
        assert data["name"] == "mine" and data["sites"]


def test_the_app_refuses_a_run_above_its_budget():
    from sim.running.budget import BudgetError
    from sim.scenario.loader import load_scenario
    from ui.runs import check_app_budget

    big = load_scenario(DEFAULT, ["sites.cuihu.demand_multiplier=600"])
    with pytest.raises(BudgetError, match="the app's limit"):
        check_app_budget(big, days=28, replications=10)
    check_app_budget(load_scenario(DEFAULT))  # the bundled default runs




def test_a_kill_during_the_pdf_step_leaves_no_temporary_files_or_libreoffice(tmp_path):
    """SIGTERM while LibreOffice converts: the process exits with 143, and its temporary folders
    (the staging folder, the LibreOffice profile) and LibreOffice itself are gone; the output
    folder holds no half-written file."""
    import shutil
    import subprocess

    assert shutil.which("soffice"), "LibreOffice not installed: run scripts/setup.sh"
    temp, out = tmp_path / "tmp", tmp_path / "out"
    temp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "planner", "proposal", str(PLAN_FIXTURE), "--out", str(out),
                             "--proposal", "pdf", "--lang", "en"], cwd=REPO, env={**os.environ, "TMPDIR": str(temp)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(temp.glob("proposal-lo-profile-*")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.05)
    time.sleep(0.5)  # inside the conversion
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err, err
    assert list(temp.iterdir()) == [], list(temp.iterdir())
    assert not out.exists() or list(out.iterdir()) == []
    alive = subprocess.run(["pgrep", "-f", str(temp)], capture_output=True, text=True).stdout.split()
    assert alive == [], f"LibreOffice still running: {alive}"
