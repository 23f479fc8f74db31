"""The library and its workspaces.

``Library`` owns the engine and what an operator does (organisations, accounts: the admin CLI).
``Workspace`` is one account's view of its organisation: every read, list and write goes through
it, and every query it makes is filtered by the account's organisation in one place
(``_scenario``, ``_plan``), so another organisation's id is "not found" exactly like a missing
one. Roles are checked there too: viewers read; planners edit, save and plan; admins also manage
their organisation's accounts.

Every write is one transaction (``Library.transaction``): it commits whole or not at all. Saving
a version names the version it was edited from; when another version was saved since, the save
is refused (``StaleVersion``, naming the latest) and the text kept as the account's draft.
Rows come back as frozen records (``AccountInfo`` ...), never as live database objects."""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterator

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from sim.library import models as m
from sim.library.errors import Forbidden, InvalidInput, NotFound, StaleVersion

#: Longest name of a scenario, organisation or login, and of a version's message.
MAX_NAME_CHARS = 100
MAX_MESSAGE_CHARS = 2000
#: Largest plan.json / portfolio.json text and proposal file kept.
MAX_PLAN_CHARS = 20_000_000
MAX_FILE_BYTES = 50_000_000
#: An id as the library makes them (models.new_id), and the highest version number a database column holds.
_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_VERSION = 2**31 - 1
#: A proposal file's name: letters, digits, dot, dash and underscore, no folder.
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: The organisation and account of the one local workspace (no sign-in on a laptop).
LOCAL_ORGANISATION = "local"
LOCAL_LOGIN = "local"


@dataclass(frozen=True)
class AccountInfo:
    id: str
    login: str
    role: str
    organisation_id: str
    organisation: str


@dataclass(frozen=True)
class ScenarioInfo:
    id: str
    name: str
    latest: int
    updated_at: datetime


@dataclass(frozen=True)
class VersionInfo:
    scenario_id: str
    scenario: str
    number: int
    parent: int | None
    author: str
    created_at: datetime
    message: str
    yaml_text: str = field(repr=False)


@dataclass(frozen=True)
class DraftInfo:
    scenario_id: str
    base: int | None
    saved_at: datetime
    yaml_text: str = field(repr=False)


@dataclass(frozen=True)
class PlanInfo:
    id: str
    scenario_id: str
    scenario: str
    version: int
    kind: str
    author: str
    created_at: datetime
    files: tuple[str, ...]
    json_text: str = field(repr=False)


def check_name(value: object, field_name: str) -> str:
    """A name people gave (scenario, organisation, login): text of 1 to 100 printable characters,
    kept as written apart from surrounding spaces; else InvalidInput naming ``field_name``."""
    if not isinstance(value, str):
        raise InvalidInput(field_name, "must be text", "必须是文字")
    text = value.strip()
    if not text:
        raise InvalidInput(field_name, "must not be empty", "不能为空")
    if len(text) > MAX_NAME_CHARS:
        raise InvalidInput(field_name, f"is {len(text)} characters; at most {MAX_NAME_CHARS}",
                           f"有 {len(text)} 个字符，最多 {MAX_NAME_CHARS} 个")
    if any(unicodedata.category(c)[0] == "C" for c in text):
        raise InvalidInput(field_name, "must not contain control characters", "不能包含控制字符")
    return text


def _check_message(message: object) -> str:
    if message is None:
        return ""
    if not isinstance(message, str):
        raise InvalidInput("message", "must be text", "必须是文字")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in message):
        raise InvalidInput("message", "must not contain control characters", "不能包含控制字符")
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidInput("message", f"is {len(message)} characters; at most {MAX_MESSAGE_CHARS}",
                           f"有 {len(message)} 个字符，最多 {MAX_MESSAGE_CHARS} 个")
    return message.strip()


def _check_role(role: object) -> str:
    if role not in m.ROLES:
        raise InvalidInput("role", f"must be one of {', '.join(m.ROLES)}, got {role!r}",
                           f"必须是 {', '.join(m.ROLES)} 之一")
    return str(role)


def _account_info(account: m.Account, organisation: m.Organisation) -> AccountInfo:
    return AccountInfo(account.id, account.login, account.role, organisation.id, organisation.name)


def open_library(url: str | None = None, clock: Callable[[], datetime] = m.utc_now) -> "Library":
    """The library at ``url`` (default: ``PLANNER_DATABASE_URL`` or the local SQLite file,
    sim.library.database), its schema migrated to the newest revision first."""
    from sim.library.database import database_url, make_engine, migrate

    engine = make_engine(url or database_url())
    migrate(engine)
    return Library(engine, clock)


class Library:
    """One database of scenarios, plans and accounts. ``clock`` gives the UTC time (tests move it)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = m.utc_now,
                 check_text: Callable[[str], str] | None = None):
        from sim.library.texts import check_scenario_text

        self.engine, self.clock = engine, clock
        self.check_text = check_text or check_scenario_text

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with DbSession(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # ---------------------------------------------------------------- operator (admin CLI)

    def create_organisation(self, name: str) -> str:
        """A new organisation's id; InvalidInput when the name is taken or not allowed."""
        name = check_name(name, "organisation")
        try:
            with self.transaction() as db:
                organisation = m.Organisation(name=name, created_at=self.clock())
                db.add(organisation)
                db.flush()
                return organisation.id
        except IntegrityError:
            raise InvalidInput("organisation", f"{name!r} exists already", f"「{name}」已存在") from None

    def organisations(self) -> list[tuple[str, str]]:
        """(id, name) of every organisation, by name."""
        with self.transaction() as db:
            return [(o.id, o.name) for o in db.scalars(select(m.Organisation).order_by(m.Organisation.name))]

    def _organisation(self, db: DbSession, name: str) -> m.Organisation:
        organisation = db.scalar(select(m.Organisation).where(m.Organisation.name == name))
        if organisation is None:
            raise NotFound(f"organisation {name!r}", f"组织「{name}」")
        return organisation

    def create_account(self, organisation: str, login: str, password: str | None, role: str) -> AccountInfo:
        """A new account of the organisation named ``organisation``; ``password`` None makes an
        account that cannot sign in (the local workspace's)."""
        from sim.library.passwords import hash_password

        login, role = check_name(login, "login"), _check_role(role)
        hashed = None if password is None else hash_password(password)
        try:
            with self.transaction() as db:
                owner = self._organisation(db, check_name(organisation, "organisation"))
                account = m.Account(organisation_id=owner.id, login=login, role=role, password_hash=hashed,
                                    active=True, created_at=self.clock())
                db.add(account)
                db.flush()
                return _account_info(account, owner)
        except IntegrityError:
            raise InvalidInput("login", f"{login!r} exists already", f"「{login}」已存在") from None

    def reset_password(self, login: str, password: str) -> None:
        """A new password for ``login``; its sessions end."""
        from sim.library.passwords import hash_password

        login, hashed = check_name(login, "login"), hash_password(password)
        with self.transaction() as db:
            account = db.scalar(select(m.Account).where(m.Account.login == login))
            if account is None:
                raise NotFound(f"account {login!r}", f"账号「{login}」")
            account.password_hash = hashed
            for session in db.scalars(select(m.Session).where(m.Session.account_id == account.id,
                                                              m.Session.revoked_at.is_(None))):
                session.revoked_at = self.clock()

    def accounts(self, organisation: str | None = None) -> list[AccountInfo]:
        """Every account (of one organisation when named), by organisation and login."""
        with self.transaction() as db:
            query = select(m.Account, m.Organisation).join(m.Organisation)
            if organisation is not None:
                query = query.where(m.Organisation.id == self._organisation(db, organisation).id)
            rows = db.execute(query.order_by(m.Organisation.name, m.Account.login))
            return [_account_info(a, o) for a, o in rows]

    def account(self, account_id: str) -> AccountInfo:
        with self.transaction() as db:
            row = db.execute(select(m.Account, m.Organisation).join(m.Organisation)
                             .where(m.Account.id == account_id, m.Account.active.is_(True))).first()
            if row is None:
                raise NotFound("account", "账号")
            return _account_info(*row)

    def local_account(self) -> AccountInfo:
        """The one local workspace's account (made on first use): a planner alone on a laptop
        is not asked to sign in; it cannot sign in from elsewhere (it has no password)."""
        try:
            return next(a for a in self.accounts() if a.login == LOCAL_LOGIN and a.organisation == LOCAL_ORGANISATION)
        except StopIteration:
            pass
        try:
            self.create_organisation(LOCAL_ORGANISATION)
        except InvalidInput:
            pass  # made by another process meanwhile
        try:
            return self.create_account(LOCAL_ORGANISATION, LOCAL_LOGIN, None, "admin")
        except InvalidInput:
            return next(a for a in self.accounts() if a.login == LOCAL_LOGIN)

    def workspace(self, account: AccountInfo) -> "Workspace":
        return Workspace(self, account)


class Workspace:
    """One account's view of its organisation's library: nothing of another organisation can be
    read, listed or written through it."""

    def __init__(self, library: Library, account: AccountInfo):
        self.library, self.account = library, account
        self.organisation_id = account.organisation_id

    # -------------------------------------------------------------- scoping and roles

    def _require(self, role: str, action: str, action_zh: str) -> None:
        if m.ROLES.index(self.account.role) < m.ROLES.index(role):
            raise Forbidden(self.account.role, action, action_zh)

    def _owned(self, db: DbSession, model, row_id: object, what: str, what_zh: str):
        """The row ``row_id`` of ``model`` if it is the organisation's; NotFound otherwise (the
        one place every scenario and plan is looked up by id)."""
        found = None
        if isinstance(row_id, str) and _ID.match(row_id):  # anything else cannot be an id: not even asked
            found = db.scalar(select(model).where(model.id == row_id, model.organisation_id == self.organisation_id))
        if found is None:
            raise NotFound(what, what_zh)
        return found

    def _scenario(self, db: DbSession, scenario_id: object) -> m.Scenario:
        return self._owned(db, m.Scenario, scenario_id, "scenario", "场景")

    def _version(self, db: DbSession, scenario: m.Scenario, number: int | None) -> m.Version:
        query = select(m.Version).where(m.Version.scenario_id == scenario.id)
        if number is None:
            query = query.order_by(m.Version.number.desc()).limit(1)
        else:
            if isinstance(number, bool) or not isinstance(number, int):
                raise InvalidInput("version", "must be a whole number", "必须是整数")
            if not 1 <= number <= MAX_VERSION:
                raise NotFound(f"version {number} of scenario {scenario.name!r}", f"场景「{scenario.name}」的版本 {number}")
            query = query.where(m.Version.number == number)
        found = db.scalar(query)
        if found is None:
            raise NotFound(f"version {number} of scenario {scenario.name!r}", f"场景「{scenario.name}」的版本 {number}")
        return found

    def _plan(self, db: DbSession, plan_id: object) -> m.Plan:
        return self._owned(db, m.Plan, plan_id, "plan", "规划")

    def _login(self, db: DbSession, account_id: str) -> str:
        return db.scalar(select(m.Account.login).where(m.Account.id == account_id)) or ""

    def _version_info(self, db: DbSession, scenario: m.Scenario, version: m.Version) -> VersionInfo:
        return VersionInfo(scenario.id, scenario.name, version.number, version.parent_number,
                           self._login(db, version.author_id), version.created_at, version.message, version.yaml_text)

    def _latest(self, db: DbSession, scenario: m.Scenario) -> int:
        return db.scalar(select(func.max(m.Version.number)).where(m.Version.scenario_id == scenario.id)) or 0

    # ---------------------------------------------------------------------- scenarios

    def scenarios(self) -> list[ScenarioInfo]:
        """The organisation's scenarios, by name, each with its latest version."""
        with self.library.transaction() as db:
            rows = db.execute(
                select(m.Scenario, func.max(m.Version.number), func.max(m.Version.created_at))
                .join(m.Version, m.Version.scenario_id == m.Scenario.id)
                .where(m.Scenario.organisation_id == self.organisation_id)
                .group_by(m.Scenario.id).order_by(m.Scenario.name))
            return [ScenarioInfo(s.id, s.name, latest, updated) for s, latest, updated in rows]

    def scenario(self, scenario_id: str) -> ScenarioInfo:
        """One scenario of the organisation, with its latest version."""
        with self.library.transaction() as db:
            self._scenario(db, scenario_id)
        return next(s for s in self.scenarios() if s.id == scenario_id)

    def find(self, name: str) -> ScenarioInfo:
        """The scenario named ``name`` in the organisation."""
        found = next((s for s in self.scenarios() if s.name == name), None)
        if found is None:
            raise NotFound(f"scenario {name!r}", f"场景「{name}」")
        return found

    def create_scenario(self, name: str, yaml_text: str, message: str = "") -> VersionInfo:
        """A new scenario with ``yaml_text`` as its version 1; InvalidInput when the name is taken."""
        self._require("planner", "create scenarios", "新建场景")
        name, message = check_name(name, "name"), _check_message(message)
        text = self.library.check_text(yaml_text)
        now = self.library.clock()
        try:
            with self.library.transaction() as db:
                scenario = m.Scenario(organisation_id=self.organisation_id, name=name, created_at=now)
                db.add(scenario)
                db.flush()
                version = m.Version(scenario_id=scenario.id, number=1, parent_number=None, author_id=self.account.id,
                                    created_at=now, message=message, yaml_text=text)
                db.add(version)
                db.flush()
                return self._version_info(db, scenario, version)
        except IntegrityError:
            raise InvalidInput("name", f"a scenario {name!r} exists already", f"场景「{name}」已存在") from None

    def save_version(self, scenario_id: str, yaml_text: str, base: int | None, message: str = "") -> VersionInfo:
        """Save ``yaml_text`` as the next version, edited from version ``base``; the account's
        draft of the scenario is then gone. When ``base`` is not the latest version the save is
        refused with StaleVersion and the text kept as the account's draft on ``base``."""
        self._require("planner", "save versions", "保存版本")
        message = _check_message(message)
        text = self.library.check_text(yaml_text)
        try:
            with self.library.transaction() as db:
                scenario = self._scenario(db, scenario_id)
                latest = self._latest(db, scenario)
                if base is not None:
                    self._version(db, scenario, base)  # a version that never was is no base
                if base != latest:
                    self._keep_draft(db, scenario, text, base)
                    stale = StaleVersion(scenario.name, base, latest)
                else:
                    version = m.Version(scenario_id=scenario.id, number=latest + 1, parent_number=base,
                                        author_id=self.account.id, created_at=self.library.clock(), message=message,
                                        yaml_text=text)
                    db.add(version)
                    self._drop_draft(db, scenario)
                    db.flush()
                    return self._version_info(db, scenario, version)
        except IntegrityError:  # another save took the number between our read and write
            with self.library.transaction() as db:
                scenario = self._scenario(db, scenario_id)
                self._keep_draft(db, scenario, text, base)
                stale = StaleVersion(scenario.name, base, self._latest(db, scenario))
        raise stale

    def restore(self, scenario_id: str, number: int, message: str | None = None) -> VersionInfo:
        """Version ``number``'s text saved again as the newest version (nothing is deleted)."""
        old = self.version(scenario_id, number)
        latest = self.scenario(scenario_id).latest
        note = message if message is not None else f"restored version {number} / 恢复版本 {number}"
        return self.save_version(scenario_id, old.yaml_text, latest, note)

    def history(self, scenario_id: str) -> list[VersionInfo]:
        """Every version of the scenario, the newest first."""
        with self.library.transaction() as db:
            scenario = self._scenario(db, scenario_id)
            versions = db.scalars(select(m.Version).where(m.Version.scenario_id == scenario.id)
                                  .order_by(m.Version.number.desc()))
            return [self._version_info(db, scenario, v) for v in versions]

    def version(self, scenario_id: str, number: int | None = None) -> VersionInfo:
        """Version ``number`` of the scenario (the latest when None)."""
        with self.library.transaction() as db:
            scenario = self._scenario(db, scenario_id)
            return self._version_info(db, scenario, self._version(db, scenario, number))

    def difference(self, scenario_id: str, a: int, b: int, lang: str = "zh",
                   path_words: Callable[[str, str], str] | None = None,
                   key_words: Callable[[str, str], str] | None = None) -> list[str]:
        """What changed from version ``a`` to version ``b``, one line per field, in ``lang``
        (sim.library.diff); ``path_words`` and ``key_words`` name fields and keys as the app does."""
        from sim.library.diff import difference_words

        old, new = self.version(scenario_id, a), self.version(scenario_id, b)
        return difference_words(old.yaml_text, new.yaml_text, lang, path_words, key_words)

    # ------------------------------------------------------------------------- drafts

    def _keep_draft(self, db: DbSession, scenario: m.Scenario, text: str, base: int | None) -> m.Draft:
        draft = db.scalar(select(m.Draft).where(m.Draft.scenario_id == scenario.id,
                                                m.Draft.account_id == self.account.id))
        if draft is None:
            draft = m.Draft(scenario_id=scenario.id, account_id=self.account.id)
            db.add(draft)
        draft.base_number, draft.yaml_text, draft.saved_at = base, text, self.library.clock()
        db.flush()
        return draft

    def _drop_draft(self, db: DbSession, scenario: m.Scenario) -> None:
        draft = db.scalar(select(m.Draft).where(m.Draft.scenario_id == scenario.id,
                                                m.Draft.account_id == self.account.id))
        if draft is not None:
            db.delete(draft)

    def save_draft(self, scenario_id: str, yaml_text: str, base: int | None) -> DraftInfo:
        """Keep a valid edit as the account's draft of the scenario (replacing the last), on
        version ``base``."""
        self._require("planner", "edit scenarios", "编辑场景")
        text = self.library.check_text(yaml_text)
        if base is not None and (isinstance(base, bool) or not isinstance(base, int)):
            raise InvalidInput("base", "must be a version number", "必须是版本号")
        with self.library.transaction() as db:
            scenario = self._scenario(db, scenario_id)
            if base is not None:
                self._version(db, scenario, base)
            draft = self._keep_draft(db, scenario, text, base)
            return DraftInfo(scenario.id, draft.base_number, draft.saved_at, draft.yaml_text)

    def draft(self, scenario_id: str) -> DraftInfo | None:
        """The account's draft of the scenario, None when it has none."""
        with self.library.transaction() as db:
            scenario = self._scenario(db, scenario_id)
            draft = db.scalar(select(m.Draft).where(m.Draft.scenario_id == scenario.id,
                                                    m.Draft.account_id == self.account.id))
            return None if draft is None else DraftInfo(scenario.id, draft.base_number, draft.saved_at, draft.yaml_text)

    def discard_draft(self, scenario_id: str) -> None:
        with self.library.transaction() as db:
            self._drop_draft(db, self._scenario(db, scenario_id))

    def import_scenarios(self, scenarios: list["ImportedScenario"]) -> list[str]:
        """New scenarios with all their versions and plans, in one transaction (all or none);
        InvalidInput when a name is taken. The versions' authors are the importing account.
        Returns the new scenarios' ids."""
        self._require("planner", "import scenarios", "导入场景")
        checked = []
        for item in scenarios:
            name = check_name(item.name, "name")
            versions = [(self.library.check_text(text), _check_message(message)) for text, message in item.versions]
            if not versions:
                raise InvalidInput("versions", f"{name}: a scenario needs at least one version", f"{name}：至少需要一个版本")
            for number, kind, json_text, files in item.plans:
                _check_plan(kind, json_text, files)
                if not 1 <= number <= len(versions):
                    raise InvalidInput("plan", f"{name}: no version {number}", f"{name}：没有版本 {number}")
            checked.append((name, versions, item.plans))
        now, ids = self.library.clock(), []
        try:
            with self.library.transaction() as db:
                for name, versions, plans in checked:
                    scenario = m.Scenario(organisation_id=self.organisation_id, name=name, created_at=now)
                    db.add(scenario)
                    db.flush()
                    rows = [m.Version(scenario_id=scenario.id, number=i, parent_number=i - 1 or None,
                                      author_id=self.account.id, created_at=now, message=message, yaml_text=text)
                            for i, (text, message) in enumerate(versions, 1)]
                    db.add_all(rows)
                    db.flush()
                    for number, kind, json_text, files in plans:
                        self._add_plan(db, rows[number - 1], kind, json_text, files)
                    ids.append(scenario.id)
        except IntegrityError:
            raise InvalidInput("name", "a scenario of the same name exists already", "已存在同名场景") from None
        return ids

    # -------------------------------------------------------------------------- plans

    def save_plan(self, scenario_id: str, number: int, json_text: str, kind: str = "plan",
                  files: dict[str, bytes] | None = None) -> PlanInfo:
        """Keep a plan.json (``kind`` "plan") or portfolio.json ("portfolio") text made from
        version ``number``, with its proposal files byte for byte."""
        self._require("planner", "keep plans", "保存规划")
        files = dict(files or {})
        _check_plan(kind, json_text, files)
        with self.library.transaction() as db:
            scenario = self._scenario(db, scenario_id)
            return self._plan_info(db, self._add_plan(db, self._version(db, scenario, number), kind, json_text, files))

    def _add_plan(self, db: DbSession, version: m.Version, kind: str, json_text: str, files: dict[str, bytes]) -> m.Plan:
        plan = m.Plan(organisation_id=self.organisation_id, version_id=version.id, kind=kind, json_text=json_text,
                      author_id=self.account.id, created_at=self.library.clock())
        db.add(plan)
        db.flush()
        db.add_all(m.PlanFile(plan_id=plan.id, name=name, data=data) for name, data in sorted(files.items()))
        db.flush()
        return plan

    def _plan_info(self, db: DbSession, plan: m.Plan) -> PlanInfo:
        version = db.get(m.Version, plan.version_id)
        scenario = db.get(m.Scenario, version.scenario_id)
        names = tuple(db.scalars(select(m.PlanFile.name).where(m.PlanFile.plan_id == plan.id).order_by(m.PlanFile.name)))
        return PlanInfo(plan.id, scenario.id, scenario.name, version.number, plan.kind, self._login(db, plan.author_id),
                        plan.created_at, names, plan.json_text)

    def plans(self, scenario_id: str, number: int | None = None) -> list[PlanInfo]:
        """The scenario's kept plans (of version ``number`` only, when given), the newest first."""
        with self.library.transaction() as db:
            scenario = self._scenario(db, scenario_id)
            query = (select(m.Plan).join(m.Version, m.Plan.version_id == m.Version.id)
                     .where(m.Version.scenario_id == scenario.id, m.Plan.organisation_id == self.organisation_id))
            if number is not None:
                query = query.where(m.Version.id == self._version(db, scenario, number).id)
            query = query.order_by(m.Plan.created_at.desc(), m.Version.number.desc(), m.Plan.id)
            return [self._plan_info(db, p) for p in db.scalars(query)]

    def plan(self, plan_id: str) -> PlanInfo:
        with self.library.transaction() as db:
            return self._plan_info(db, self._plan(db, plan_id))

    def plan_file(self, plan_id: str, name: str) -> bytes:
        """A proposal file of a kept plan, byte for byte."""
        with self.library.transaction() as db:
            plan = self._plan(db, plan_id)
            data = db.scalar(select(m.PlanFile.data).where(m.PlanFile.plan_id == plan.id, m.PlanFile.name == str(name)))
            if data is None:
                raise NotFound(f"file {name!r}", f"文件「{name}」")
            return bytes(data)

    # ----------------------------------------------------------------------- accounts

    def accounts(self) -> list[AccountInfo]:
        """The organisation's accounts (admins only)."""
        self._require("admin", "manage accounts", "管理账号")
        return [a for a in self.library.accounts() if a.organisation_id == self.organisation_id]

    def create_account(self, login: str, password: str, role: str) -> AccountInfo:
        """A new account of the organisation (admins only)."""
        from sim.library.passwords import check_password

        self._require("admin", "manage accounts", "管理账号")
        return self.library.create_account(self.account.organisation, login, check_password(password), role)

    def reset_password(self, login: str, password: str) -> None:
        """A new password for an account of the organisation (admins only); its sessions end."""
        self._require("admin", "manage accounts", "管理账号")
        if not any(a.login == login for a in self.accounts()):
            raise NotFound(f"account {login!r}", f"账号「{login}」")
        self.library.reset_password(login, password)


@dataclass(frozen=True)
class ImportedScenario:
    """A scenario to import: its name, its versions' (YAML, message) oldest first, and its plans
    as (version number, kind, JSON text, {file name: bytes})."""

    name: str
    versions: list[tuple[str, str]]
    plans: list[tuple[int, str, str, dict[str, bytes]]]


def _check_plan(kind: object, json_text: object, files: dict) -> None:
    if kind not in m.PLAN_KINDS:
        raise InvalidInput("kind", f"must be one of {', '.join(m.PLAN_KINDS)}", f"必须是 {', '.join(m.PLAN_KINDS)} 之一")
    _check_plan_json(json_text)
    for name, data in files.items():
        if not isinstance(name, str) or not _FILE_NAME.match(name):
            raise InvalidInput("file", f"{name!r} is not a file name (letters, digits, . _ -)",
                               "文件名只能包含字母、数字及 . _ -")
        if not isinstance(data, bytes) or len(data) > MAX_FILE_BYTES:
            raise InvalidInput("file", f"{name}: must be at most {MAX_FILE_BYTES:,} bytes",
                               f"{name}：最多 {MAX_FILE_BYTES:,} 字节")


def _check_plan_json(text: object) -> None:
    import json

    if not isinstance(text, str) or len(text) > MAX_PLAN_CHARS:
        raise InvalidInput("plan", f"must be the text of a plan.json of at most {MAX_PLAN_CHARS:,} characters",
                           f"必须是不超过 {MAX_PLAN_CHARS:,} 个字符的 plan.json 文本")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidInput("plan", f"is not JSON: {exc}", "不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("plan", "must be a JSON object", "必须是 JSON 对象")
