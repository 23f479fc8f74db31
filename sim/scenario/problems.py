"""The scenario loader's problems as values: a code and its parameters, said in English and in
Chinese from one template each (:data:`TEXT`).

The loader (sim.scenario.loader) gives each :class:`~sim.scenario.errors.Issue` it words itself
a ``code`` and ``params``: its cross-checks between fields (``check_scenario``) and the schema's
errors by pydantic's error ``type`` and ``ctx``. The English text (:func:`english`, the
Issue's ``message``) is what the command line prints; the app says the problem in Chinese from
the same code, its parameters put in words by the app (ui.i18n), never by reading the English.

A parameter is a value (a key, a number, a time), a list of keys (said joined, ``none`` when
empty) or a :class:`RosterGap`. The Chinese leaves out a wrong key the person typed: the app
shows the field's value beside the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from pydantic_core import PydanticCustomError

from sim.scenario.errors import Issue


@dataclass(frozen=True)
class RosterGap:
    """The first time inside opening hours with nobody rostered: from ``start`` on weekday
    ``day`` (``mon``...) to ``end`` (on ``end_day`` when another day, ``end`` "24:00" at
    midnight); ``rotation_day``: the day of a rotation's cycle it falls on (1 = the first);
    ``whole``: the roster has nobody on it at all."""

    day: str = ""
    start: str = ""
    end: str = ""
    end_day: str | None = None
    rotation_day: int | None = None
    whole: bool = False

    def __str__(self) -> str:
        if self.whole:
            return "at any time (the roster has nobody on it)"
        if self.rotation_day is not None:
            return f"on day {self.rotation_day} of the rotation ({self.day.capitalize()}) {self.start}-{self.end}"
        end = f"{self.end_day.capitalize()} {self.end}" if self.end_day else self.end
        return f"{self.day.capitalize()} {self.start}-{end}"


#: Each code's sentence: (Chinese, English). The English is the loader's message as the
#: command line prints it; the Chinese the app's.
TEXT: dict[str, tuple[str, str]] = {
    # the schema's errors, by pydantic's error type (and ctx)
    "missing": ("必须填写", "is required"),
    "greater_than": ("必须 > {gt}", "must be > {gt}"),
    "greater_than_equal": ("必须 ≥ {ge}", "must be ≥ {ge}"),
    "less_than": ("必须 < {lt}", "must be < {lt}"),
    "less_than_equal": ("必须 ≤ {le}", "must be ≤ {le}"),
    "float_parsing": ("必须是数字", "must be a number"),
    "float_type": ("必须是数字", "must be a number"),
    "int_parsing": ("必须是整数（人数、台数等不能有小数）", "must be a whole number"),
    "int_type": ("必须是整数（人数、台数等不能有小数）", "must be a whole number"),
    "int_from_float": ("必须是整数（人数、台数等不能有小数）", "must be a whole number"),
    "int_exponent": ("必须写成不带指数的整数：{got} 即 {value}，请直接写出这个数",
                     "must be a whole number written out without an exponent: {got} is {value}"),
    "bool_parsing": ("必须是“是”或“否”", "must be true or false"),
    "string_type": ("必须是文字", "must be text"),
    "dict_type": ("必须是字段的映射", "must be a mapping of fields"),
    "model_type": ("必须是字段的映射", "must be a mapping of fields"),
    # Only the tagged union of distributions reports this type.
    "model_attributes_type": ("必须是一个分布（如指数分布及其均值）",
                              "must be a distribution, e.g. {{dist: exponential, mean: 60}}; dist is one of: {names}"),
    "finite_number": ("必须是有限的数字", "must be a finite number"),
    "list_type": ("必须是列表", "must be a list"),
    "date_from_datetime_parsing": ("必须是实际存在的日期（年-月-日）", "must be a date YYYY-MM-DD that exists ({error})"),
    "date_parsing": ("必须是日期（年-月-日，如 2026-01-05）", "must be a date YYYY-MM-DD"),
    "date_type": ("必须是日期（年-月-日，如 2026-01-05）", "must be a date YYYY-MM-DD"),
    "union_tag_invalid": ("不认识的分布类型", "unknown {discriminator} {tag}; allowed: {expected_tags}"),
    "union_tag_not_found": ("需要写明分布类型", "needs a {discriminator} field naming the distribution"),
    "extra_forbidden": ("不认识的字段", "Extra inputs are not permitted"),
    "literal_error": ("只能是：{values}", "must be one of: {expected}"),
    "fixed_length": ("必须正好有 {expected} 个值，实际 {actual} 个", "must have exactly {expected} values, got {actual}"),
    "too_short": ("至少需要 {expected} 项，实际 {actual} 项", "must have at least {expected} item(s), got {actual}"),
    "too_long": ("最多 {expected} 项，实际 {actual} 项", "must have at most {expected} item(s), got {actual}"),
    "unknown_field": ("不认识的字段", "unknown field '{field}'; allowed fields: {allowed}"),
    "unknown_field_close": ("不认识的字段（是否想写「{close_field}」？）",
                            "unknown field '{field}' (did you mean '{close_field}'?); allowed fields: {allowed}"),
    # reading a scenario file (sim.scenario.loader) and an upload (ui.state)
    "no_file": ("找不到该场景文件", "no such scenario file"),
    "unreadable": ("无法读取", "cannot be read: {reason}"),
    "is_directory": ("是一个目录，场景必须是 YAML 文件", "is a directory; a scenario must be a YAML file"),
    "not_regular_file": ("不是普通文件（设备、管道或套接字），场景必须是 YAML 文件",
                         "is not a regular file (a device, pipe or socket); a scenario must be a YAML file"),
    "file_too_large": ("超过 {limit:,} 字节，这是场景文件的上限", "is larger than {limit:,} bytes, the most a scenario file may be"),
    "text_too_large": ("超过 {limit:,} 个字符，这是场景文件的上限",
                       "is larger than {limit:,} characters, the most a scenario file may be"),
    "not_utf8": ("无法读取：不是 UTF-8 文本（应为 YAML 场景文件）", "cannot be read: not UTF-8 text ({reason} at byte {at})"),
    "too_deep": ("嵌套超过 {most} 层，场景文件用不到这么深", "is nested more than {most} levels deep; a scenario needs far fewer"),
    "nested_too_deeply": ("嵌套超过 {most} 层，场景文件用不到这么深", "is nested too deeply (more than {most} levels)"),
    "not_yaml": ("不是有效的 YAML", "not valid YAML: {problem}"),
    "too_many_values": ("展开 YAML 别名后超过 {most:,} 个值；请直接写出数值或少用别名",
                        "expands to more than {most:,} values (through YAML aliases *name); write the values out or "
                        "use fewer aliases"),
    "alias_cycle": ("通过 YAML 别名引用了自身，任何场景字段都无法容纳",
                    "contains itself through a YAML alias (&name ... *name), which no scenario field can hold"),
    "not_mapping": ("必须是字段映射形式的 YAML，但文件内容不是", "must be a YAML mapping of fields, but the file is {kind}"),
    "unusable": ("无法使用", "cannot be used: {reason}"),
    "upload_too_large": ("有 {size:,} 字节；场景文件最多 {limit:,} 字节", "is {size:,} bytes; a scenario file is at most {limit:,} bytes"),
    "upload_not_utf8": ("无法读取：不是 UTF-8 文本（应为 YAML 场景文件）",
                        "cannot be read: not UTF-8 text (a YAML scenario file is expected)"),
    "upload_extends": ("上传的场景只能继承内置模板，可继承：{templates}",
                       "an uploaded scenario may extend only a bundled template, by name: {templates}"),
    "no_template": ("没有这个场景模板", "no such scenario template; available: {templates}"),
    "duplicate_key": ("重复填写（第 {first} 行和第 {second} 行）：请只保留一处", "is written twice (lines {first} and {second}); keep one"),
    "extends_path": ("必须是所继承的基础场景文件的路径", "must be a path to a base scenario file"),
    "extends_cycle": ("继承关系形成循环：场景文件直接或间接继承了自己", "extends itself in a cycle: {cycle}"),
    "extends_deep": ("继承层级超过 {most} 层", "is more than {most} files deep in an extends chain"),
    # command-line overrides (--set path=value)
    "set_syntax": ("必须写成“字段路径=取值”的形式", "must look like path=value, e.g. sites.main.households=3000 "
                                              "(or +sites.new_site={{households: 800}} to add an item)"),
    "set_into_value": ("是一个取值而不是一个段落，不能在其中设置字段", "is a value, not a section; cannot set '{last}' in it ({text})"),
    "set_unknown_field": ("不是场景的字段", "is not a field of the scenario{hint} ({text}); allowed fields: {fields}"),
    "set_unknown_item": ("场景中没有这一项；如需新增，请在路径前加 + 并写出整项",
                         "the scenario has no such item in {where} ({text}); it has: {items}. To add one, write "
                         "+{walked}=... with the whole item"),
    "set_index": ("列表只有 {count} 项：序号应为 0 到 {last}", "is a list of {count} items: use an index 0..{last} ({text})"),
    # the schema's own checks (validators of sim.scenario's models, raised with :func:`problem`)
    "phone_number": ("必须是电话号码：只含数字、空格、+、-、括号及分隔号码的 / 或逗号（如 0755-8888 6666），现为 {got}",
                     "must be a phone number: digits, spaces, +, -, brackets and / or a comma between numbers "
                     "(e.g. 0755-8888 6666), got {got}"),
    "time_of_day": ("必须是 00:00 到 23:59 之间的时刻（时:分），现为 {got}",
                    "must be a time of day 'HH:MM' between 00:00 and 23:59, got {got}"),
    "break_after_shift": ("第 {ordinal} 次休息（上班 {after_h:g} 小时后、{length_min:g} 分钟）结束时已超过 {shift_h:g} 小时的班长："
                          "请在下方“休息安排”表中提前休息或缩短休息",
                          "break {number} (after {after_h} h, {length_min} min) ends after the {shift_h} h shift"),
    "cycle_unknown_shifts": ("轮班周期中有不存在的班次：{unknown}；可用：{shifts} 或 休息",
                             "rotation.cycle names unknown shift(s) {listed}; shifts: {shifts} or off"),
    "cycle_no_day_off": ("轮班周期中没有休息日：一个班组将天天上班；连续上班最多 {most} 天，然后休息",
                         "the rotation cycle has no day off: a crew would work every day; at most {most} working days "
                         "in a row, then off"),
    "cycle_long_run": ("轮班周期中连续上班 {run} 天（首尾相接计算）：最多连续 {most} 天，然后休息",
                       "the rotation cycle has {run} working days in a row (counted round the cycle): at most {most}, "
                       "then off"),
    "cycle_overlap": ("轮班周期让同一班组上完「{shift}」次日又上「{following}」，两班时间重叠",
                      "rotation.cycle puts one crew on '{shift}' and then '{following}' the next day, which overlap: "
                      "the same people cannot work both"),
    "warmup_longer": ("预热天数（{warmup}）必须小于仿真天数（{horizon}）",
                      "warmup_days ({warmup}) must be shorter than horizon_days ({horizon})"),
    "working_hours_order": ("工作时间的结束（{end}）必须晚于同一天的开始（{start}）",
                            "working_hours: end ({end}) must be after start ({start}) on the same day"),
    "sd_spread": ("标准差 {sd:g} 是均值 {mean:g} 的 {ratio:.3g} 倍；允许：均值的 {low:g} 到 {high:g} 倍",
                  "sd {sd:g} is {ratio:.3g} times the mean {mean:g}; allowed: sd between {low:g} and {high:g} times "
                  "the mean"),
    "high_above_low": ("上限（{high}）必须大于下限（{low}）", "high ({high}) must be greater than low ({low})"),
    "trade_shares": ("各工种比例之和必须为 1，现为 {total:g}", "trade shares must add up to 1, got {total:g}"),
    "count_or_per": ("数量与计量依据只能填一个", "give exactly one of count or per"),
    "centralised_remote_only": ("{kind}不是远程操作：集中管控下固定岗只承担本项目的远程操作，集团来电由呼叫中心受理",
                                "'{item}' is not a remote operation; under centralised control a post handles only its "
                                "own site's remote_ops (or remote_ops.<type>), never the group's phone"),
    "contractor_arrival": ("外包维修需要填写外包到场时间", "contractor repairs (trade: null) need contractor_arrival_min"),
    "one_rate_source": ("发生率（次/天）、发生率（次/单位·年）与“由远程操作引发”只能填一个",
                        "give exactly one of rate_per_day, rate_per_unit_per_year (with per), from_remote_op"),
    "rate_needs_per": ("发生率（次/单位·年）需要填写计量依据",
                       "rate_per_unit_per_year needs per (the site quantity it scales with)"),
    "skill_twice": ("同一技能列了两次", "lists a skill twice: {listed}"),
    "rate_fields_none": ("需要且只能有一个发生率字段，实际 0 个", "needs exactly one rate field, got 0; rate fields: {fields}"),
    "rate_fields_many": ("需要且只能有一个发生率字段，实际 {count} 个",
                         "needs exactly one rate field, got {count} ({given}); rate fields: {fields}"),
    "not_type_label": ("不是需求类型的写法（应为 类别.类型）",
                       "'{key}' is not a contact type label: write <kind>.<type>, e.g. calls.emergency (on the command "
                       "line: --set 'targets.types={{calls.emergency: {{answer_within_s: 10, service_level: 0.9}}}}')"),
    "all_weights_zero": ("至少需要一个正数（权重全为 0）", "needs at least one positive value (all weights are zero)"),
    "end_before_start": ("结束日期 {end} 早于开始日期 {start}", "end_date {end} is before start_date {start}"),
    # move-in phases (sim.scenario.move_in.phase_problems)
    "occupancy_share": ("入住率必须在 0 到 1 之间（即 0～100%），现为 {got:g}",
                        "must be an occupancy share between 0 and 1 (0–100%), got {got:g}"),
    "phase_length": ("结束月（第 {to_month} 月）早于起始月（第 {from_month} 月）：每个入伙阶段至少一个月",
                     "to_month {to_month} is before from_month {from_month}: a phase lasts at least one month "
                     "(to_month ≥ from_month)"),
    "phase_first_month": ("第一个入伙阶段必须从合同第 1 月开始，现为第 {got} 月",
                          "the first phase must start at month 1 (the contract's first), got {got}"),
    "phase_open_not_last": ("只有最后一个入伙阶段可以不填结束月（到合同期末）：第 {number} 个阶段之后还有阶段",
                            "only the last phase may leave to_month empty (to the contract's end); phase {number} "
                            "is followed by another"),
    "phase_overlap": ("第 {number} 个入伙阶段与上一阶段重叠：上一阶段到第 {before_to} 月，本阶段应从第 {expected} 月开始，现为第 {got} 月",
                      "phase {number} overlaps the one before, which ends at month {before_to}: it must start at "
                      "month {expected}, got {got}"),
    "phase_gap": ("第 {number} 个入伙阶段与上一阶段之间有空档：上一阶段到第 {before_to} 月，本阶段应从第 {expected} 月开始，现为第 {got} 月",
                  "phase {number} leaves a gap after the one before, which ends at month {before_to}: it must start "
                  "at month {expected}, got {got}"),
    "phase_short": ("最后一个入伙阶段到第 {got} 月结束，早于合同期末（第 {months} 月）：请填到第 {months} 月或不填",
                    "the last phase ends at month {got}, before the contract's end (month {months}): give {months} "
                    "or leave it empty"),
    "phase_after_contract": ("入伙阶段从第 {got} 月开始，晚于合同期末（第 {months} 月）",
                             "the phase starts at month {got}, after the contract's end (month {months})"),
    "escalate_needs_expert": ("转专家比例大于 0 时需要填写专家处理时长", "escalate_share > 0 needs expert_handle_time_s"),
    # the loader's checks between fields (check_scenario)
    "unknown_profile": ("没有这个时段曲线；已有：{profiles}", "no profile named '{profile}'; defined: {profiles}"),
    "no_pool_skill": ("有需求，但没有坐席组具备「{skill}」技能", "has demand but no pool in centre.pools has the skill '{skill}'"),
    "no_expert_pool": ("有来电转专家，但没有专家坐席组", "escalates to experts but no pool in centre.pools has the skill 'expert'"),
    "no_return_visit_pool": ("需要维修回访，但没有坐席组负责回访",
                             "owes return visits but no pool in centre.pools has the skill 'return_visits'"),
    "implausible_rate": ("{value:g} 不是合理的发生率（最多 {limit:g}）", "{value:g} is not a plausible rate (at most {limit:g})"),
    "unknown_site_name": ("没有这个小区；已有：{sites}", "no site named '{site}'; sites: {sites}"),
    "unknown_role": ("没有这个岗位；已有：{roles}", "no role '{role}'; roles: {roles}"),
    "too_many_events": ("使场景最忙的一天约有 {total:,.0f} 个事件（此处 {biggest:,.0f} 个）；一个场景最多 {limit:,} 个：请调低，或把项目拆成多个场景",
                        "makes the scenario ask for about {total:,.0f} events on its busiest simulated day ({biggest:,.0f} "
                        "from here); the most a scenario may ask for is {limit:,} (docs/scenario.md, Limits): lower it, "
                        "or split the portfolio into several scenarios"),
    "unknown_target": ("既不是需求类别（{kinds}）也不是已定义的需求类型",
                       "'{target}' is neither a contact kind ({kinds}) nor a defined type (e.g. calls.{example})"),
    "unknown_handled": ("既不是需求类别（{kinds}）也不是本场景的需求类型",
                        "'{target}' is neither a contact kind ({kinds}) nor a contact type of this scenario ({types})"),
    "unknown_type": ("不是本场景的需求类型", "'{label}' is not a contact type of this scenario; types: {types}"),
    "waited_type_on_time": ("该类型有人在等待接听：承诺应写接听时限及服务水平，而不是按时比例",
                            "{label} is a {kind} type, which someone waits on: its commitment needs answer_within_s "
                            "(with service_level, max_abandon_rate or max_asa_s), not on_time"),
    "type_hourly_floor": ("每小时下限只能对整个需求类别承诺，不能对单个类型",
                          "{floor:g}: an hourly floor is a commitment of a whole kind (targets.{kind}.hourly_floor), "
                          "not of one type; allowed: null"),
    "deadline_type_answer": ("该类型是限时办理的工作：承诺应写按时比例，而不是接听时限",
                             "{label} is a {kind} type, deadline work: its commitment is on_time (the share done by the "
                             "deadline), not answer_within_s"),
    "butler_team_role": ("「{team}」不是管家班组，管家工作需要岗位为管家的班组",
                         "'{team}' is a {role} team; butler duties need a team of role butler"),
    "on_call_role": ("「{team}」是{role}班组；居家备班只适用于维修工班组",
                     "'{team}' is a {role} team; on-call cover at home is for technician teams"),
    "on_call_rotation": ("「{team}」按轮班上班；居家备班需要按班次排班", "'{team}' works a rotation; on-call cover needs a roster of shifts"),
    "on_call_shift": ("不是「{team}」的班次；已有：{shifts}", "'{shift}' is not a shift of '{team}'; shifts: {shifts}"),
    "no_field_team": ("没有能承担此项的这个现场班组；现有：{teams}", "no field team '{team}' that can do it; teams: {teams}"),
    "no_technician_team": ("没有这个维修工班组；现有维修工班组：{teams}",
                           "no technician team '{team}'; technician teams: {teams}"),
    "no_remote_op": ("没有这个远程操作；已有：{names}", "no remote operation '{name}'; defined: {names}"),
    "no_call_type": ("没有这个来电类型；已有：{names}", "no call type '{name}'; defined: {names}"),
    "unknown_display_key": ("场景中没有这个名称", "names no key of the scenario"),
    "unknown_display_key_close": ("场景中没有这个名称（是否想写「{close}」？）",
                                  "names no key of the scenario (did you mean '{close}'?)"),
    "unknown_portfolio_site": ("没有这个小区；已有：{sites}", "no site '{site}' in sites; sites: {sites}"),
    "group_centre_model": ("呼叫中心由集团运营（集团呼叫中心受理本项目）只适用于集中管控模式；当前为{model}。可选：本项目自营、集团运营",
                           "'group' (the group call centre answers the site) needs operating_model: centralised, "
                           "got operating_model: {model}; allowed: site, group"),
    "pool_gap": ("服务时间 {start}-{end}（{days}）内 {gap} 无人在岗：请增加人数或调整班次",
                 "no agent on duty {gap}, inside opening hours {start}-{end} on {days} ({where}.opening_hours)"),
    "group_gap": ("服务时间 {start}-{end}（{days}）内 {gap} 无人在岗：请增加人数或调整班次",
                  "nobody on duty {gap}, inside opening hours {start}-{end} on {days} ({where}.opening_hours)"),
}

#: Parameters whose lists are joined without a space (weekdays: ``mon,tue``); other lists with ", ".
_TIGHT = {"days"}


def _english_value(name: str, value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ("," if name in _TIGHT else ", ").join(str(v) for v in value) or "none"
    return value


def english(code: str, params: Mapping[str, Any]) -> str:
    """The problem ``code`` in English (the loader's message)."""
    return TEXT[code][1].format(**{k: _english_value(k, v) for k, v in params.items()})


def problem(code: str, **params: Any) -> PydanticCustomError:
    """The problem ``code`` raised by a model's validator: pydantic reports it with the code as the
    error's type and ``params`` as its ctx, and its text is the English (a ValueError elsewhere)."""
    return PydanticCustomError(code, english(code, params), params)


def issue(path: str, value: Any, code: str, source: str | None = None, line: int | None = None,
          **params: Any) -> Issue:
    """An :class:`Issue` of the problem ``code``, its message the English."""
    return Issue(path, value, english(code, params), source, line, code, params)


def chinese(code: str, params: Mapping[str, Any]) -> str:
    """The problem ``code`` in Chinese, its ``params`` already put in words by the caller."""
    return TEXT[code][0].format(**params)


from sim.scenario.district_text import DISTRICT_TEXT  # noqa: E402  (districts' problems, issue 38)

TEXT.update(DISTRICT_TEXT)
