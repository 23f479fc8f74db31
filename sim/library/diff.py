"""The difference between two versions of a scenario in words: one line per field that changed,
the field named as the app names it, old → new, in Chinese or English.

Both texts are parsed with the loader's bounds and compared field by field as written (a
mapping by key, a list of mappings by item, a list of values as one value). A field is named by
``path_words(path, lang)``: the app passes its own (ui.names.path_words, which knows the schema
and the scenario's display names); the default names each part by the schema's table
(sim.scenario.field_names) or, for a key, by the scenario's ``display_names``."""

from __future__ import annotations

from typing import Any, Callable, Mapping

#: Longest value shown in a line; longer texts end with an ellipsis.
MAX_VALUE_CHARS = 80

_WORDS = {
    "changed": ("{path}：{old} → {new}", "{path}: {old} → {new}"),
    "added": ("{path}：新增 {new}", "{path}: added {new}"),
    "removed": ("{path}：删除（原为 {old}）", "{path}: removed (was {old})"),
    "none": ("两个版本相同", "the two versions are the same"),
    "yes": ("是", "yes"), "no": ("否", "no"), "empty": ("无", "none"),
}


def _say(key: str, lang: str, **values: Any) -> str:
    return _WORDS[key][0 if lang == "zh" else 1].format(**values)


def flatten(data: Any, prefix: tuple = ()) -> dict[tuple, Any]:
    """Every leaf of ``data`` by its path: mappings opened by key, lists of mappings by item;
    a list of plain values is one leaf."""
    if isinstance(data, Mapping) and data:
        out: dict[tuple, Any] = {}
        for key, value in data.items():
            out.update(flatten(value, (*prefix, str(key))))
        return out
    if isinstance(data, list) and any(isinstance(item, (Mapping, list)) for item in data):
        out = {}
        for i, item in enumerate(data):
            out.update(flatten(item, (*prefix, str(i))))
        return out
    return {prefix: data}


def changes(old: Any, new: Any) -> list[tuple[str, Any, Any, str]]:
    """(dotted path, old value, new value, "changed" | "added" | "removed"), in the new
    version's order of fields, then the removed ones."""
    a, b = flatten(old), flatten(new)
    out = [(".".join(p), a.get(p), v, "changed" if p in a else "added") for p, v in b.items() if a.get(p, _GONE) != v]
    out += [(".".join(p), v, None, "removed") for p, v in a.items() if p not in b]
    return out


_GONE = object()


def value_words(value: Any, lang: str, key_words: Callable[[str, str], str] | None = None) -> str:
    """A value in words: yes/no, none, a list joined, a text shortened; a text by ``key_words``
    when given (the app names a scenario's keys: ui.names.key_name)."""
    if value is None or value == [] or value == {}:
        return _say("empty", lang)
    if isinstance(value, bool):
        return _say("yes" if value else "no", lang)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        text = ("、" if lang == "zh" else ", ").join(value_words(v, lang, key_words) for v in value)
    elif isinstance(value, str) and key_words is not None:
        text = key_words(value, lang)
    else:
        text = str(value).strip().replace("\n", " ")
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def schema_path_words(display_names: Mapping[str, Any] | None = None) -> Callable[[str, str], str]:
    """Names of a field path by the schema's table and a scenario's ``display_names``."""
    from sim.scenario.field_names import FIELD_NAMES

    names = display_names if isinstance(display_names, Mapping) else {}

    def words(path: str, lang: str) -> str:
        out = []
        for part in path.split("."):
            if part.isdigit():
                out.append(f"第 {int(part) + 1} 项" if lang == "zh" else f"#{int(part) + 1}")
            elif part in FIELD_NAMES:
                out.append(FIELD_NAMES[part][0 if lang == "zh" else 1])
            else:
                given = names.get(part)
                given = given.get(lang) if isinstance(given, Mapping) else None
                out.append(f"「{given or part}」" if lang == "zh" else f"'{given or part}'")
        return " · ".join(out)

    return words


def difference_words(old_text: str, new_text: str, lang: str = "zh",
                     path_words: Callable[[str, str], str] | None = None,
                     key_words: Callable[[str, str], str] | None = None) -> list[str]:
    """What changed from ``old_text`` to ``new_text``, one line per field, in ``lang`` ("zh" or
    "en"); one line saying so when nothing did. ``path_words`` and ``key_words`` name fields and
    keys as the app does (ui.names.path_words, ui.names.key_name)."""
    from sim.scenario.loader import parse_yaml

    old, _ = parse_yaml(old_text, "old")
    new, _ = parse_yaml(new_text, "new")
    if path_words is None:
        names = new.get("display_names") if isinstance(new, Mapping) else None
        path_words = schema_path_words(names)
    lines = [_say(kind, lang, path=path_words(path, lang), old=value_words(a, lang, key_words),
                  new=value_words(b, lang, key_words))
             for path, a, b, kind in changes(old, new)]
    return lines or [_say("none", lang)]
