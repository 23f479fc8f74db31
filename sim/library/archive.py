"""A workspace as a zip and back: every scenario with every version's YAML, every kept plan's
JSON and its proposal files, and ``library.json`` listing them (names, messages, authors, times).

Files inside are named by position (``scenarios/3/v2.yaml``), never by a scenario's name, so a
name cannot make a path. Import reads only the files ``library.json`` lists, by exact name, with
the sizes bounded before anything is read, and adds everything in one transaction
(``Workspace.import_scenarios``): all the scenarios or none."""

from __future__ import annotations

import io
import json
import zipfile

from sim.library.errors import InvalidInput
from sim.library.store import ImportedScenario, Workspace

FORMAT = 1
#: Largest archive import accepts, unpacked.
MAX_UNPACKED_BYTES = 500_000_000


def export_zip(workspace: Workspace) -> bytes:
    """The organisation's whole library, as zip bytes."""
    index = {"format": FORMAT, "organisation": workspace.account.organisation, "scenarios": []}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, scenario in enumerate(workspace.scenarios(), 1):
            folder = f"scenarios/{i}"
            entry = {"name": scenario.name, "versions": [], "plans": []}
            for version in reversed(workspace.history(scenario.id)):
                path = f"{folder}/v{version.number}.yaml"
                archive.writestr(path, version.yaml_text.encode("utf-8"))
                entry["versions"].append({"number": version.number, "parent": version.parent, "file": path,
                                          "author": version.author, "created_at": version.created_at.isoformat(),
                                          "message": version.message})
            for k, plan in enumerate(reversed(workspace.plans(scenario.id)), 1):
                plan_folder = f"{folder}/plans/{k}"
                archive.writestr(f"{plan_folder}/{plan.kind}.json", plan.json_text.encode("utf-8"))
                for name in plan.files:
                    archive.writestr(f"{plan_folder}/{name}", workspace.plan_file(plan.id, name))
                entry["plans"].append({"version": plan.version, "kind": plan.kind, "folder": plan_folder,
                                       "files": list(plan.files), "author": plan.author,
                                       "created_at": plan.created_at.isoformat()})
            index["scenarios"].append(entry)
        archive.writestr("library.json", json.dumps(index, ensure_ascii=False, indent=2).encode("utf-8"))
    return buffer.getvalue()


def _refuse(en: str, zh: str) -> InvalidInput:
    return InvalidInput("archive", en, zh)


def read_zip(data: bytes) -> list[ImportedScenario]:
    """The scenarios of an exported zip; InvalidInput naming what is wrong."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, TypeError):
        raise _refuse("is not a zip file", "不是 zip 文件") from None
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _refuse(f"unpacks to more than {MAX_UNPACKED_BYTES:,} bytes", f"解压后超过 {MAX_UNPACKED_BYTES:,} 字节")

        def read(name: object) -> bytes:
            try:
                return archive.read(str(name))
            except (KeyError, zipfile.BadZipFile, ValueError, OSError, RuntimeError):
                raise _refuse(f"lacks or cannot read {name}", f"缺少或无法读取 {name}") from None

        try:
            index = json.loads(read("library.json"))
            if index.get("format") != FORMAT:
                raise _refuse(f"is not a library export of format {FORMAT}", f"不是格式 {FORMAT} 的方案库导出文件")
            out = []
            for entry in index["scenarios"]:
                versions = sorted(entry["versions"], key=lambda v: v["number"])
                if [v["number"] for v in versions] != list(range(1, len(versions) + 1)):
                    raise _refuse(f"{entry['name']}: versions are not numbered 1, 2, ...", "版本编号不连续")
                texts = [(read(v["file"]).decode("utf-8"), str(v.get("message") or "")) for v in versions]
                plans = [(int(p["version"]), p["kind"], read(f"{p['folder']}/{p['kind']}.json").decode("utf-8"),
                          {name: read(f"{p['folder']}/{name}") for name in p["files"]}) for p in entry["plans"]]
                out.append(ImportedScenario(str(entry["name"]), texts, plans))
            return out
        except InvalidInput:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise _refuse("library.json does not describe the files", "library.json 与文件不符") from None


def import_zip(workspace: Workspace, data: bytes) -> list[str]:
    """Add an exported zip's scenarios, versions and plans to the workspace (all or none); the
    new scenarios' ids."""
    return workspace.import_scenarios(read_zip(data))
