"""The texts of the library in the app (sign-in, the Library page, drafts and kept plans), key ->
(Chinese, English); ui.i18n adds them to its table (``TEXT.update(LIBRARY_TEXT)``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from planner.glossary import TERMS

#: Beijing time (China Standard Time, UTC+8, no daylight saving): the zone the library's times are
#: shown in; the library stores them in UTC.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def beijing_time(at: datetime) -> str:
    """A library time (stored in UTC, read back aware) as Beijing time, to the minute; the zone is
    said by the heading it stands under."""
    if at.tzinfo is None:
        raise ValueError("a library time must carry its zone")
    return at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


LIBRARY_TEXT: dict[str, tuple[str, str]] = {
    "nav.library": ("方案库", "Library"),
    "status.source.library": ("方案库：{name}", "Library: {name}"),
    # sign-in
    "signin.title": ("登录", "Sign in"),
    "signin.caption": ("场景与规划保存在团队的方案库中，请先登录。", "Scenarios and plans are kept in the team's library: sign in first."),
    "signin.login": ("账号", "Account"),
    "signin.password": ("密码", "Password"),
    "signin.submit": ("登录", "Sign in"),
    "signin.refused": ("账号或密码错误。", "Wrong account name or password."),
    "signin.throttled": ("登录失败次数过多：请 {minutes} 分钟后再试。", "Too many failed sign-ins: try again in {minutes} min."),
    "signin.no_routes": ("此服务器未提供登录服务：请用 streamlit run serve.py 启动应用（见 docs/library.md）。",
                          "This server does not serve sign-in: start the app with streamlit run serve.py (docs/library.md)."),
    "signin.ended": ("您已退出登录。", "You have signed out."),
    "signin.as": ("已登录：{login}（{organisation} · {role}）", "Signed in: {login} ({organisation} · {role})"),
    "signin.local": ("本机工作区：仅本机访问，无需登录", "Local workspace: this machine only, no sign-in"),
    "signin.signout": ("退出登录", "Sign out"),
    "lib.local_workspace": ("本机工作区", "the local workspace"),
    "lib.role.viewer": ("查看者", "viewer"),
    "lib.role.planner": ("规划人员", "planner"),
    "lib.role.admin": ("管理员", "admin"),
    # the Library page
    "lib.title": ("方案库", "Library"),
    "lib.caption": ("{organisation}的场景、版本与规划（您的角色：{role}）。每次有效的修改都会自动保存为您的草稿。",
                    "The scenarios, versions and plans of {organisation} (your role: {role}). Every valid edit is kept "
                    "as your draft."),
    "lib.viewer_reason": ("查看者只能查看，不能保存或导入。", "A viewer reads only: saving and importing are for planners."),
    "lib.current.none": ("当前场景尚未保存到方案库（首次修改后自动保存为草稿）。",
                         "The scenario on screen is not in the library yet (its first edit keeps it as a draft)."),
    "lib.current.draft": ("当前场景「{name}」：基于版本 {n} 的草稿。", "On screen: scenario '{name}', your draft on version {n}."),
    "lib.current.version": ("当前场景「{name}」：版本 {n}。", "On screen: scenario '{name}', version {n}."),
    "lib.message": ("版本说明", "Message"),
    "lib.message_placeholder": ("例如：合并消防控制室", "e.g. fire control room merged"),
    "lib.save": ("保存为新版本", "Save as a new version"),
    "lib.save_new": ("保存到方案库", "Save to the library"),
    "lib.saved": ("已保存为版本 {n}。", "Saved as version {n}."),
    "lib.scenarios": ("本组织的场景", "The organisation's scenarios"),
    "lib.empty": ("方案库中还没有场景。修改一个场景或点击「保存到方案库」。",
                  "The library has no scenario yet. Edit a scenario or click 'Save to the library'."),
    "lib.col.name": ("场景", "Scenario"),
    "lib.col.latest": ("最新版本", "Latest version"),
    "lib.col.updated": ("更新时间（北京时间）", "Updated (Beijing time)"),
    "lib.col.version": ("版本", "Version"),
    "lib.col.author": ("作者", "Author"),
    "lib.author.local": ("本机", "this machine"),
    "lib.col.time": ("时间（北京时间）", "Time (Beijing time)"),
    "lib.col.message": ("版本说明", "Message"),
    "lib.pick": ("场景", "Scenario"),
    "lib.history": ("版本历史", "History"),
    "lib.version": ("版本", "Version"),
    "lib.version_n": ("版本 {n}", "version {n}"),
    "lib.open": ("打开此版本", "Open this version"),
    "lib.restore": ("恢复为新版本", "Restore as a new version"),
    "lib.restore_help": ("将所选旧版本的内容另存为最新版本，不删除任何版本。",
                         "Saves the chosen old version's text as the newest version; nothing is deleted."),
    "lib.restored": ("版本 {old} 已恢复为版本 {n}。", "Version {old} restored as version {n}."),
    "lib.diff": ("两个版本的差异", "Difference between two versions"),
    "lib.diff.from": ("从", "From"),
    "lib.diff.to": ("到", "To"),
    "lib.diff.same": ("两个版本内容相同。", "The two versions are the same."),
    "lib.plans": ("已保存的规划（两个并排，时间为北京时间）", "Kept plans, side by side (times in Beijing time)"),
    "lib.plans.none": ("此场景还没有保存的规划：在「优化配置」页求配置后自动保存。",
                       "No plan kept for this scenario yet: a plan made on the Optimise page is kept."),
    "lib.plans.a": ("规划 A", "Plan A"),
    "lib.plans.b": ("规划 B", "Plan B"),
    "lib.plan_label": ("版本 {n} · {time} · {mode}", "version {n} · {time} · {mode}"),
    "lib.plan_label.headroom": ("版本 {n} · {time} · {mode} · 含需求余量", "version {n} · {time} · {mode} · with its headroom"),
    "lib.plans.verdicts": TERMS["commitments_met"],
    "lib.plans.met": ("{met} / {total} 项", "{met} of {total}"),
    "lib.archive": ("导出与导入", "Export and import"),
    "lib.export": ("导出整个方案库（压缩包）", "Export the whole library (zip)"),
    "lib.export_download": ("下载压缩包", "Download the zip"),
    "lib.import": ("导入方案库压缩包", "Import a library zip"),
    "lib.import_btn": ("导入", "Import"),
    "lib.imported": ("已导入 {n} 个场景。", "{n} scenarios imported."),
    "lib.import_failed": ("无法导入：{error}", "Cannot import: {error}"),
    # messages of kept versions (in the history) and notices
    "lib.msg.first": ("首次修改时自动保存（修改前的内容）", "kept at the first edit (the text before it)"),
    "lib.msg.for_plan": ("求配置时自动保存", "saved automatically for a plan"),
    "lib.msg.restored": ("恢复版本 {n}", "restored version {n}"),
    "lib.draft_failed": ("草稿未能保存：{error}", "The draft was not kept: {error}"),
    "lib.plan_failed": ("规划未能保存到方案库：{error}", "The plan was not kept in the library: {error}"),
    "lib.plan_on_base": ("规划已随版本 {base} 保存，但所规划的场景是基于该版本的草稿（其后已有版本 {latest}，未能另存为新版本）。",
                         "The plan is kept with version {base}, but the scenario planned is your draft on it (version "
                         "{latest} was saved since, so it could not be saved as a new version)."),
    "lib.plan_saved_version": ("所规划的场景已保存为版本 {n}，规划随之保存。",
                               "The scenario planned was saved as version {n}; the plan is kept with it."),
    "lib.kept_files": ("方案库中保存的方案文件", "Proposal files kept in the library"),
}
