"""Bad scenario input gets one clear message naming the field path, the bad value and what is
allowed; the CLI exits with status 2 and no traceback. Also: extends/--set semantics, the line
numbers in messages, and saves that never half-write."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from sim import files
from sim.cli import main as cli_main
from sim.scenario.distributions import DISTRIBUTION_NAMES, Deterministic, Exponential
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[3]
MMC_12 = REPO / "scenarios" / "validation" / "mmc_12.yaml"
MMC_12_TEXT = MMC_12.read_text(encoding="utf-8")


def one_issue(source, overrides=()):
    """The single issue a bad scenario raises, and the whole message."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(source, overrides)
    err = info.value
    assert len(err.issues) == 1, f"expected exactly one problem, got:\n{err}"
    return err.issues[0], str(err)


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of ``text`` containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def assert_mentions(message: str, *parts: str) -> None:
    missing = [p for p in parts if p not in message]
    assert not missing, f"message lacks {missing}:\n{message}"


# --------------------------------------------------------------------------- field errors


def _call(d):
    return d["demand"]["calls"]["single"]


def _typo(d):
    _call(d)["handel_time_s"] = _call(d).pop("handle_time_s")


def _short_profile(d):
    d["demand"]["profiles"] = {"peaky": {"hour_of_day": [1.0] * 23}}
    _call(d)["profile"] = "peaky"


def _roster_gap(d):
    d["centre"]["pools"]["agents"]["roster"]["shifts"] = {
        "early": {"start": "00:00", "length_h": 8, "agents": 3},
        "late": {"start": "09:00", "length_h": 15, "agents": 3},
    }


def _tickets_unserved(d):
    d["demand"]["tickets"] = {"app": {"rate_per_day": 5, "deadline_h": 4,
                                      "handle_time_s": {"dist": "deterministic", "value": 60}}}


def _escalation_unserved(d):
    _call(d).update(escalate_share=0.2, expert_handle_time_s={"dist": "exponential", "mean": 300})


# id -> (change to mmc_12's data, field path the message must name, substrings it must contain)
FIELD_CASES = {
    "unknown_field": (_typo, "demand.calls.single.handel_time_s",
                      ["'handel_time_s'", "did you mean 'handle_time_s'"]),
    "negative_rate": (lambda d: _call(d).update(rate_per_minute=-1.5), "demand.calls.single.rate_per_minute",
                      ["= -1.5", "must be ≥ 0"]),
    "missing_handle_time": (lambda d: _call(d).pop("handle_time_s"), "demand.calls.single.handle_time_s",
                            ["is required"]),
    "two_rate_fields": (lambda d: _call(d).update(rate_per_hour=30), "demand.calls.single",
                        ["exactly one rate field", "got 2", "rate_per_hour", "rate_per_minute"]),
    "no_rate_field": (lambda d: _call(d).pop("rate_per_minute"), "demand.calls.single",
                      ["exactly one rate field", "got 0", "rate_per_household_per_month", "rate_per_minute"]),
    "profile_23_hours": (_short_profile, "demand.profiles.peaky.hour_of_day", ["exactly 24", "got 23"]),
    "unknown_distribution": (lambda d: _call(d).update(handle_time_s={"dist": "weibull", "shape": 2}),
                             "demand.calls.single.handle_time_s", ["weibull", *DISTRIBUTION_NAMES]),
    "distribution_missing_parameter": (lambda d: _call(d).update(handle_time_s={"dist": "lognormal", "mean": 60}),
                                       "demand.calls.single.handle_time_s.sd", ["is required"]),
    "distribution_not_a_mapping": (lambda d: _call(d).update(handle_time_s=60), "demand.calls.single.handle_time_s",
                                   ["= 60", "dist", *DISTRIBUTION_NAMES]),
    "infinite_rate": (lambda d: _call(d).update(rate_per_minute=float("inf")), "demand.calls.single.rate_per_minute",
                      ["inf", "finite"]),
    "roster_gap": (_roster_gap, "centre.pools.agents.roster", ["08:00-09:00", "no agent on duty"]),
    "undefined_profile": (lambda d: _call(d).update(profile="rush_hour"), "demand.calls.single.profile",
                          ["'rush_hour'", "no profile named", "flat"]),
    "kind_no_pool_serves": (_tickets_unserved, "demand.tickets.app", ["'tickets'", "no pool"]),
    "escalation_without_experts": (_escalation_unserved, "demand.calls.single.escalate_share",
                                   ["0.2", "'expert'"]),
    "warmup_not_shorter": (lambda d: d["calendar"].update(warmup_days=20), "calendar",
                           ["warmup_days (20", "horizon_days (20"]),
    "type_target_unknown_type": (lambda d: d["targets"].update(types={"calls.singel": {"answer_within_s": 5}}),
                                 "targets.types.calls.singel", ["'calls.singel'", "not a contact type", "calls.single"]),
    "type_target_deadline_for_calls": (lambda d: d["targets"].update(types={"calls.single": {"on_time": 0.9}}),
                                       "targets.types.calls.single", ["calls type", "answer_within_s", "not on_time"]),
    "type_target_contact_for_tickets": (lambda d: (_tickets_unserved(d), d["centre"]["pools"]["agents"]["skills"].append("tickets"),
                                                   d["targets"].update(types={"tickets.app": {"answer_within_s": 60}})),
                                        "targets.types.tickets.app", ["tickets type", "on_time", "not answer_within_s"]),
    "type_target_out_of_range": (lambda d: d["targets"].update(types={"calls.single": {"answer_within_s": 5, "service_level": 1.5}}),
                                 "targets.types.calls.single.service_level", ["= 1.5", "must be ≤ 1"]),
    "type_target_not_a_label": (lambda d: d["targets"].update(types={"calls": {"single": {"answer_within_s": 5}}}),
                                "targets.types", ["'calls' is not a contact type label", "calls.emergency"]),
}


@pytest.mark.parametrize("case", FIELD_CASES)
def test_bad_field_gives_one_message_naming_path_value_and_rule(case, mmc12_data):
    change, path, parts = FIELD_CASES[case]
    change(mmc12_data)
    issue, message = one_issue(mmc12_data)
    assert issue.path == path, message
    assert_mentions(message, path, *parts)
    assert "Traceback" not in message and "pydantic" not in message.lower()


@pytest.mark.parametrize("case", FIELD_CASES)
def test_cli_reports_bad_field_with_status_2(case, mmc12_data, write_yaml, capsys):
    """In-process CLI: status 2, the one message on stderr, nothing on stdout."""
    change, path, parts = FIELD_CASES[case]
    change(mmc12_data)
    scenario = write_yaml(mmc12_data)
    assert cli_main(["run", str(scenario)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: invalid scenario:") and err.count("\n  - ") == 1, err
    assert_mentions(err, str(scenario), path, *parts)


def test_roster_gap_message_points_at_the_roster_line(mmc12_data, write_yaml):
    _roster_gap(mmc12_data)
    scenario = write_yaml(mmc12_data)
    issue, message = one_issue(scenario)
    assert issue.source == str(scenario)
    assert issue.line == line_of(scenario.read_text(), "roster:"), message


def test_gap_past_midnight_and_overnight_opening_hours(mmc12_data):
    pool = mmc12_data["centre"]["pools"]["agents"]
    pool["roster"]["shifts"] = {"night": {"start": "20:00", "length_h": 11, "agents": 2}}
    pool["opening_hours"] = {"start": "20:00", "end": "08:00"}
    issue, message = one_issue(mmc12_data)
    assert issue.path == "centre.pools.agents.roster"
    assert_mentions(message, "07:00-08:00", "20:00-08:00")
    pool["roster"]["shifts"]["night"]["length_h"] = 12
    assert load_scenario(mmc12_data).centre.pools["agents"].opening_hours.end == "08:00"


# --------------------------------------------------------------------------- file errors


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = MMC_12_TEXT.replace("seed: 12\n", "seed: 12: 13\n")
    path = _write(tmp_path, "broken.yaml", text)
    issue, message = one_issue(path)
    assert issue.line == line_of(text, "seed: 12: 13")
    assert_mentions(message, f"{path}:{issue.line}:", "not valid YAML", "mapping values are not allowed")


@pytest.mark.parametrize("content, kind", [("- calls\n- tickets\n", "list"), ("", "empty"),
                                           ("# nothing but a comment\n", "empty"), ("just text\n", "str")])
def test_file_that_is_not_a_mapping(tmp_path, content, kind):
    path = _write(tmp_path, "odd.yaml", content)
    issue, message = one_issue(path)
    assert_mentions(message, str(path), "must be a YAML mapping", kind)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    _, message = one_issue(path)
    assert_mentions(message, str(path), "no such scenario file")


def test_undecodable_file(tmp_path):
    path = _write(tmp_path, "latin1.yaml", "name: caf\xe9\n".encode("latin-1"))
    _, message = one_issue(path)
    assert_mentions(message, str(path), "cannot be read")


def test_recursive_yaml_alias_is_an_error_not_a_crash(tmp_path):
    path = _write(tmp_path, "loop.yaml", MMC_12_TEXT.replace("description: ", "tags: &t [*t]\ndescription: "))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert_mentions(str(info.value), "tags", "contains itself through a YAML alias")


@pytest.mark.parametrize("length", [2, 1])
def test_extends_cycle(tmp_path, length):
    names = ["a.yaml", "b.yaml"][:length]
    for here, there in zip(names, names[1:] + names[:1]):
        _write(tmp_path, here, f"extends: {there}\nname: {here}\n")
    issue, message = one_issue(tmp_path / "a.yaml")
    assert issue.path == "extends"
    assert_mentions(message, "cycle", *names)


@pytest.mark.parametrize("source", ["file", "mapping"])
def test_extends_must_be_a_path(tmp_path, source):
    if source == "file":
        scenario = _write(tmp_path, "child.yaml", "extends: 5\n")
    else:
        scenario = {"extends": 5}
    issue, message = one_issue(scenario)
    assert issue.path == "extends"
    assert_mentions(message, "= 5", "path to a base scenario file")


# --------------------------------------------------------------------------- extends merging


def test_extends_chain_merges_mappings_and_replaces_lists(tmp_path, mmc12_data):
    mmc12_data["centre"]["pools"]["agents"]["skills"] = ["calls", "tickets"]
    base = tmp_path / "base" / "base.yaml"
    base.parent.mkdir()
    base.write_text(yaml.safe_dump(mmc12_data, sort_keys=False), encoding="utf-8")
    _write(tmp_path, "child.yaml", """\
extends: base/base.yaml
calendar:
  horizon_days: 2
centre:
  pools:
    agents:
      skills: [calls]
demand:
  calls:
    single:
      handle_time_s: {mean: 30}
targets:
  calls: null
""")
    (tmp_path / "sub").mkdir()
    grandchild = _write(tmp_path, "sub/grand.yaml", "extends: ../child.yaml\nseed: 99\n")

    s = load_scenario(grandchild)
    assert s.seed == 99 and s.name == "mmc_12"
    assert s.calendar.horizon_days == 2  # the child's one nested value...
    assert s.calendar.warmup_days == 0.25 and str(s.calendar.start_date) == "2026-01-05"  # ...its siblings kept
    assert s.centre.pools["agents"].skills == ["calls"]  # a list replaces, never merges
    assert s.centre.pools["agents"].roster.shifts["all_day"].agents == 12
    handle = s.demand.calls["single"].handle_time_s
    assert isinstance(handle, Exponential) and handle.mean == 30  # same family: parameters merge
    assert s.demand.calls["single"].rate_per_minute == 9.5
    assert s.targets.calls is None  # null clears the base's value


def test_extends_child_may_switch_distribution_family(tmp_path, write_yaml, mmc12_data):
    base = write_yaml(mmc12_data, "base.yaml")
    child = _write(tmp_path, "child.yaml", f"extends: {base.name}\n"
                   "demand: {calls: {single: {handle_time_s: {dist: deterministic, value: 45}}}}\n")
    assert load_scenario(child).demand.calls["single"].handle_time_s == Deterministic(dist="deterministic", value=45)


# --------------------------------------------------------------------------- --set overrides


def test_set_overrides_numbers_nested_paths_and_yaml_values():
    s = load_scenario(MMC_12, ["calendar.horizon_days=3", "replications=7",
                               "demand.calls.single.handle_time_s.mean=30",
                               "centre.pools.agents.skills=[calls, tickets]",
                               "targets.tickets.on_time=0.9"])
    assert s.calendar.horizon_days == 3.0 and s.replications == 7
    assert s.demand.calls["single"].handle_time_s.mean == 30
    assert s.centre.pools["agents"].skills == ["calls", "tickets"]
    assert s.targets.tickets.on_time == 0.9  # a section the file sets to null is created
    assert s.calendar.warmup_days == 0.25 and s.seed == 12  # everything else untouched


@pytest.mark.parametrize("override, path, parts", [
    ("calendar.horizon_days=abc", "calendar.horizon_days", ["'abc'", "must be a number", "--set"]),
    ("calendar.horizon_days=-1", "calendar.horizon_days", ["-1", "must be > 0"]),
    # A yes/no value is not silently read as 1 or 0 (pydantic's lax mode would).
    ("calendar.horizon_days=true", "calendar.horizon_days", ["True", "must be a number"]),
    ("centre.pools.agents.roster.shifts.all_day.agents=false", "centre.pools.agents.roster.shifts.all_day.agents",
     ["False", "must be a whole number"]),
    # a whole number in an exponent's form is said to be one, with its value (not "not a whole number")
    ("centre.pools.agents.roster.shifts.all_day.agents=1e9", "centre.pools.agents.roster.shifts.all_day.agents",
     ["1e9", "without an exponent", "1,000,000,000"]),
    ("name.first=1", "name", ["'mmc_12'", "not a section", "'first'"]),
    ("calendar.horizon_days.x.y=3", "calendar.horizon_days", ["20", "not a section", "'x'"]),
    ("centre.pools.agents.skills.3=tickets", "centre.pools.agents.skills.3", ["list of 1 items", "0..0"]),
    ("calendar.horizon_days", "--set", ["'calendar.horizon_days'", "path=value"]),
    ("demand.calls.single.handel_time_s={dist: exponential, mean: 5}", "demand.calls.single.handel_time_s",
     ["did you mean 'handle_time_s'"]),
])
def test_bad_set_override(override, path, parts):
    issue, message = one_issue(MMC_12, [override])
    assert issue.path == path, message
    assert_mentions(message, *parts)


def test_set_value_is_not_blamed_on_the_file_line():
    """A whole section replaced by --set: the bad value inside it is not at the file's line."""
    issue, message = one_issue(MMC_12, ["calendar={horizon_days: abc}"])
    assert issue.path == "calendar.horizon_days"
    assert issue.source == "--set" and issue.line is None, message


# --------------------------------------------------------------------------- line numbers


@pytest.mark.parametrize("original, bad, needle, path", [
    ("rate_per_minute: 9.5", "rate_per_minute: -1", "rate_per_minute", "demand.calls.single.rate_per_minute"),
    ("{dist: exponential, mean: 60}", "{dist: lognormal, mean: 60}", "handle_time_s",
     "demand.calls.single.handle_time_s.sd"),
    ("agents: 12}", "agents: 12, agnets: 3}", "agnets", "centre.pools.agents.roster.shifts.all_day.agnets"),
    ("  horizon_days: 20\n", "  horizon_days: twenty\n", "horizon_days", "calendar.horizon_days"),
    ("    single:\n", "    single:\n      rate_per_hour: 5\n", "    single:", "demand.calls.single"),
])
def test_line_number_is_where_the_field_is_written(tmp_path, original, bad, needle, path):
    assert original in MMC_12_TEXT
    text = MMC_12_TEXT.replace(original, bad)
    scenario = _write(tmp_path, "lines.yaml", text)
    issue, message = one_issue(scenario)
    assert issue.path == path, message
    assert (issue.source, issue.line) == (str(scenario), line_of(text, needle)), message
    assert f"{scenario}:{issue.line}: {path}" in message


def test_line_numbers_follow_the_extends_chain(tmp_path):
    base_text = MMC_12_TEXT.replace("horizon_days: 20", "horizon_days: -20")
    base = _write(tmp_path, "base.yaml", base_text)
    child_text = "# child\nextends: base.yaml\ncalendar:\n  warmup_days: 0\nseed: -4\n"
    child = _write(tmp_path, "child.yaml", child_text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    where = {issue.path: (issue.source, issue.line) for issue in info.value.issues}
    assert where == {"calendar.horizon_days": (str(base), line_of(base_text, "horizon_days")),
                     "seed": (str(child), line_of(child_text, "seed"))}, str(info.value)


def test_mapping_over_a_base_file_is_not_blamed_on_the_file(mmc12_data):
    issue, message = one_issue({"extends": str(MMC_12), "calendar": {"horizon_days": -2}})
    assert issue.path == "calendar.horizon_days"
    assert issue.source is None and issue.line is None, message


# --------------------------------------------------------------------------- the CLI as a process


def _cli_cases(tmp: Path) -> dict[str, tuple[list[str], list[str]]]:
    """id -> (arguments after ``python -m sim``, substrings stderr must contain)."""
    def put(name, text):
        return str(_write(tmp, name, text))

    typo = put("typo.yaml", MMC_12_TEXT.replace("handle_time_s:", "handel_time_s:"))
    gap = put("gap.yaml", MMC_12_TEXT.replace('all_day: {start: "00:00", length_h: 24, agents: 12}',
                                              'early: {start: "00:00", length_h: 8, agents: 6}\n'
                                              '          late: {start: "09:00", length_h: 15, agents: 6}'))
    weibull = put("weibull.yaml", MMC_12_TEXT.replace("dist: exponential", "dist: weibull"))
    syntax = put("syntax.yaml", MMC_12_TEXT.replace("seed: 12\n", "seed: 12: 13\n"))
    listed = put("list.yaml", "- a\n- b\n")
    empty = put("empty.yaml", "")
    put("cycle_a.yaml", "extends: cycle_b.yaml\n")
    cycle = put("cycle_b.yaml", "extends: cycle_a.yaml\n")
    blocker = put("blocker", "a file, not a directory\n")
    mmc = str(MMC_12)
    return {
        "unknown_field": (["run", typo], [typo, "handel_time_s", "did you mean 'handle_time_s'"]),
        "roster_gap": (["run", gap], [gap, "centre.pools.agents.roster", "08:00-09:00"]),
        "unknown_distribution": (["run", weibull], ["weibull", *DISTRIBUTION_NAMES]),
        "yaml_syntax": (["run", syntax], [f"{syntax}:7:", "not valid YAML"]),
        "yaml_list": (["run", listed], [listed, "must be a YAML mapping", "list"]),
        "empty_file": (["run", empty], [empty, "empty"]),
        "missing_file": (["run", str(tmp / "missing.yaml")], ["missing.yaml", "no such scenario file"]),
        "extends_cycle": (["check", cycle], ["cycle", "cycle_a.yaml", "cycle_b.yaml"]),
        "set_not_a_number": (["run", mmc, "--set", "calendar.horizon_days=abc"],
                             ["calendar.horizon_days", "'abc'", "must be a number"]),
        "days_negative": (["run", mmc, "--days", "-1"], ["calendar.horizon_days", "-1", "must be > 0"]),
        "json_unwritable": (["run", mmc, "--days", "0.3", "--replications", "1", "--json",
                             os.path.join(blocker, "report.json")], ["cannot write", "report.json"]),
    }


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """Every CLI case run as its own ``python -m sim`` process, all at once (startup is slow)."""
    cases = _cli_cases(tmp_path_factory.mktemp("cli"))

    def run(args):
        return subprocess.run([sys.executable, "-m", "sim", *args], cwd=REPO, capture_output=True,
                              text=True, timeout=120)

    with ThreadPoolExecutor(max_workers=len(cases)) as pool:
        results = dict(zip(cases, pool.map(run, [args for args, _ in cases.values()])))
    return cases, results


CLI_CASE_IDS = [
    "unknown_field", "roster_gap", "unknown_distribution", "yaml_syntax", "yaml_list", "empty_file",
    "missing_file", "extends_cycle", "set_not_a_number", "days_negative", "json_unwritable"]


@pytest.mark.parametrize("case", CLI_CASE_IDS)
def test_cli_process_exits_2_with_one_message_and_no_traceback(case, cli_runs):
    cases, results = cli_runs
    proc = results[case]
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: "), proc.stderr
    assert proc.stderr.count("\n  - ") <= 1, proc.stderr  # one problem, one message
    assert_mentions(proc.stderr, *cases[case][1])


def test_cli_case_table_is_complete(tmp_path):
    assert sorted(_cli_cases(tmp_path)) == sorted(CLI_CASE_IDS)


# --------------------------------------------------------------------------- atomic saves


def _leftovers(directory: Path, keep: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != keep)


def test_write_atomic_replaces_the_whole_file(tmp_path):
    target = tmp_path / "out" / "report.json"
    files.write_atomic(target, "first\n")
    files.write_atomic(target, "second, longer\n")
    assert target.read_text(encoding="utf-8") == "second, longer\n"
    assert _leftovers(target.parent, target.name) == []


@pytest.mark.parametrize("failure", ["encode", "fsync", "replace"])
def test_write_atomic_failure_keeps_the_old_file(tmp_path, monkeypatch, failure):
    target = tmp_path / "report.json"
    target.write_text("old report\n", encoding="utf-8")
    text = "new report " * 1000
    if failure == "encode":
        text += "\ud800"  # a lone surrogate cannot be written as UTF-8
        expected = UnicodeEncodeError
    else:
        def broken(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(files.os, failure, broken)
        expected = OSError
    with pytest.raises(expected):
        files.write_atomic(target, text)
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert _leftovers(tmp_path, target.name) == []


def test_yes_no_value_in_a_table_of_numbers_is_refused():
    issue, message = one_issue(REPO / "scenarios" / "default.yaml", ["costs.wages_yuan_per_month.butler=true"])
    assert issue.path == "costs.wages_yuan_per_month.butler", message
    assert_mentions(message, "True", "must be a number")


def test_atomic_saves_get_a_plain_new_files_permissions(tmp_path):
    """A save replaces the file with a temporary one: it must not end up owner-only."""
    umask = os.umask(0o022)
    try:
        files.write_atomic(tmp_path / "plan.json", "{}\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "plan.json").stat().st_mode & 0o777 == 0o644


def _gap_by_minutes(pool) -> tuple[int, int] | None:
    """The first uncovered stretch of the opening hours, minute by minute (the reference)."""
    from sim.scenario import WEEKDAYS

    week = 7 * 1440
    on = [0] * week
    for shift in pool.roster.shifts.values():
        for day in shift.days if shift.agents else ():
            start = WEEKDAYS.index(day) * 1440 + shift.start_min
            for minute in range(start, start + round(shift.length_h * 60)):
                on[minute % week] += 1
    hours = pool.opening_hours
    span = (hours.end_min - hours.start_min) % 1440 or 1440
    need = {(WEEKDAYS.index(d) * 1440 + hours.start_min + m) % week for d in hours.days for m in range(span)}
    bare = [m in need and on[m] == 0 for m in range(week)]
    if not any(bare):
        return None
    first = bare.index(True)
    return first, next((m for m in range(first, week) if not bare[m]), week)


def test_roster_gap_finds_the_first_uncovered_stretch_as_minute_by_minute_counting_does():
    """The loader's roster check (vectorised) against counting every minute of the week, on
    random rosters and opening hours, including shifts past midnight on Sunday."""
    import random
    import types

    from sim.scenario import WEEKDAYS
    from sim.scenario.loader import _week_clock, roster_gap

    from sim.scenario.roster import OpeningHours, Roster

    def clock(minute: int) -> str:
        return f"{minute // 60:02d}:{minute % 60:02d}"

    rng = random.Random(20261206)
    for _ in range(400):
        shifts = {f"s{k}": {"agents": rng.choice([0, 1, 2]), "start": clock(rng.randrange(0, 1440, 30)),
                            "days": rng.sample(WEEKDAYS, rng.randint(3, 7)), "length_h": rng.choice([4, 8, 9, 12, 24])}
                  for k in range(rng.randint(0, 6))} or {"none": {"agents": 0, "start": "00:00", "length_h": 8}}
        hours = OpeningHours(start=clock(rng.randrange(0, 1440, 60)), end=clock(rng.randrange(0, 1440, 60)),
                             days=rng.sample(WEEKDAYS, rng.randint(1, 7)))
        pool = types.SimpleNamespace(roster=Roster(shifts=shifts), opening_hours=hours)
        gap = _gap_by_minutes(pool)
        if gap is None:
            assert roster_gap(pool) is None
        elif gap == (0, 7 * 1440):
            assert roster_gap(pool) == "at any time (the roster has nobody on it)"
        else:
            assert roster_gap(pool) == f"{_week_clock(gap[0])}-{_week_clock(gap[1], since=gap[0])}"
