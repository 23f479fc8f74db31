"""Every refusal of the library, typed, each with its English and Chinese message: a caller
(the app, a CLI) shows ``str(error)`` or ``error.zh`` and never a traceback."""

from __future__ import annotations


class LibraryError(Exception):
    """A refusal of the library; ``en`` and ``zh`` say it for people."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en, self.zh = en, zh

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class NotFound(LibraryError):
    """No such row in the caller's organisation: a missing id and another organisation's id are
    refused alike, so an id reveals nothing."""

    def __init__(self, what: str, what_zh: str):
        super().__init__(f"{what} not found", f"未找到{what_zh}")


class InvalidInput(LibraryError):
    """A field given to the library is not allowed; ``field`` names it."""

    def __init__(self, field: str, en: str, zh: str):
        super().__init__(f"{field}: {en}", f"{field}：{zh}")
        self.field = field


class Forbidden(LibraryError):
    """The account's role does not allow the action (viewers read; planners edit and plan;
    admins manage accounts)."""

    def __init__(self, role: str, action: str, action_zh: str):
        super().__init__(f"a {role} may not {action}", f"{_ROLE_ZH.get(role, role)}无权{action_zh}")
        self.role = role


_ROLE_ZH = {"viewer": "查看者", "planner": "规划人员", "admin": "管理员"}


class StaleVersion(LibraryError):
    """A version saved on a base that is no longer the latest: refused, the text kept as the
    account's draft (on that base) so nothing is lost; ``current`` is the latest version's number."""

    def __init__(self, scenario: str, base: int | None, current: int):
        super().__init__(
            f"scenario {scenario!r} has version {current} since your base {base}: your text is kept as your draft; "
            f"review the difference and save again on version {current}",
            f"场景「{scenario}」在您的基础版本 {base} 之后已有版本 {current}：您的修改已保存为草稿；请查看差异后在版本 {current} 上重新保存")
        self.scenario, self.base, self.current = scenario, base, current


class SignInRefused(LibraryError):
    """A wrong account name or password (the message never says which)."""

    def __init__(self):
        super().__init__("wrong account name or password", "账号或密码错误")


class SignInThrottled(LibraryError):
    """Too many failed sign-ins of this account from this client: refused for ``wait_s`` seconds."""

    def __init__(self, wait_s: int):
        minutes = max(1, -(-wait_s // 60))
        super().__init__(f"too many failed sign-ins: try again in {minutes} min",
                         f"登录失败次数过多：请 {minutes} 分钟后再试")
        self.wait_s = wait_s


class SessionInvalid(LibraryError):
    """A session token that is forged, expired or signed out."""

    def __init__(self):
        super().__init__("your session has ended: sign in again", "登录已失效：请重新登录")
