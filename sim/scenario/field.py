"""The ``field`` section of a scenario: teams, work orders, equipment, patrols, incidents,
butlers and fixed posts. It is a template applied to every site (each site gets its own teams,
sized by its own quantities). Documented in docs/scenario.md and docs/field.md."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, NonNegativeFloat, PositiveFloat, field_validator, model_validator

from sim.scenario.distributions import Distribution
from sim.scenario.roster import OpeningHours, Roster, _drop_nulls
from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel

Priority = Literal["emergency", "urgent", "routine", "planned"]
Trade = Literal["electrical", "plumbing", "general"]
#: Roles whose teams keep someone on duty or on call at every hour unless the scenario says otherwise.
ROUND_THE_CLOCK_ROLES = ("guard", "technician")
#: Site quantities an equipment count or an incident rate may scale with.
SiteQuantity = Literal["lifts", "vehicle_gates", "pedestrian_gates", "cameras", "buildings", "households", "pumps"]


class TravelSpec(StrictModel):
    """How people get around the site (see docs/field.md for the geometry)."""

    walking_speed_m_per_s: float = Field(1.2, ge=0.01, le=1e9)
    cart_speed_m_per_s: float = Field(4.0, ge=0.01, le=1e9)
    metric: Literal["rectilinear", "euclidean"] = "rectilinear"
    circuity: float = Field(1.0, ge=1, le=10, description="euclidean distance multiplier")
    access_s: float = Field(90.0, ge=0, le=86400, description="added to every trip: into a building, up, to the door")


class OnCall(StrictModel):
    """On-call cover at home (二线值班/备班, DOMAIN §9): the people of one shift of a technician
    team stay at home on standby instead of being awake on site. Only an emergency calls one out
    (when nobody awake is free); they reach the site office ``call_out_delay_min`` later, do the
    emergencies waiting and go home. Routine work waits for the next awake shift. They are paid
    a standby allowance per shift (planner.costs.on_call), not the shift's wage."""

    shift: Optional[str] = Field(
        None, description="the team's shift worked on call at home; null: every shift awake (the terms below "
        "are those the planner's on-call design option uses)")
    call_out_delay_min: Distribution = Field(
        default_factory=lambda: {"dist": "lognormal", "mean": 20, "sd": 8},
        description="[est] from the call-out to the technician at the site office, travel from home included "
        "(DOMAIN §9: call-out within about 30 min)")
    standby_allowance_yuan_per_shift: float = Field(
        80.0, ge=0, le=100_000, description="[est] per person and on-call shift, instead of the shift's wage")


class Team(StrictModel):
    """A field team at each site. ``role`` decides what work reaches it by default."""

    role: Literal["technician", "guard", "butler", "post"]
    skills: list[Trade] = Field(default_factory=list, description="trades (technicians); a butler team's: the small "
                                "repairs (routine and planned orders) of these trades in its zone that its butlers take "
                                "when they can do them next (docs/field.md, multi-skilled butlers)")
    travel_mode: Literal["walking", "cart"] = "walking"
    stations: Optional[Literal["office", "zones"]] = Field(
        None, description="where idle people wait: they go back to the nearest station (office: the field office; "
        "zones: one at every zone's centre; a butler team: its zone's centre) and shifts start there, spread "
        "over them; null: where the last job ended, shifts at the office (docs/field.md, stations)")
    roster: Roster
    on_call: Optional[OnCall] = Field(None, description="technicians: one shift on call at home (二线值班)")
    opening_hours: Optional[OpeningHours] = Field(
        None, description="when someone of the team must be on duty or on call (a gap in the roster is refused, "
        "so the planner never opens one); default: around the clock for guards and technicians (night patrol, "
        "DOMAIN §2; a technician on site or on call at night, DOMAIN §9), null for other roles: no check")

    @model_validator(mode="before")
    @classmethod
    def _round_the_clock_roles(cls, data):
        if isinstance(data, dict) and "opening_hours" not in data and data.get("role") in ROUND_THE_CLOCK_ROLES:
            data = {**data, "opening_hours": {}}
        return data


class TradeMix(StrictModel):
    """Shares of the trades a work order needs (they must add up to 1)."""

    electrical: NonNegativeFloat = 0.0
    plumbing: NonNegativeFloat = 0.0
    general: NonNegativeFloat = 0.0

    @model_validator(mode="after")
    def _sums_to_one(self) -> "TradeMix":
        total = self.electrical + self.plumbing + self.general
        if abs(total - 1.0) > 1e-6:
            raise problem("trade_shares", total=total)
        return self


class CallWorkOrder(StrictModel):
    """The work order (工单) a handled call of this type opens."""

    share: float = Field(1.0, ge=0, le=1, description="share of handled calls that open one")
    priority: Priority = "routine"
    trades: TradeMix = Field(default_factory=lambda: TradeMix(general=1.0))
    work_time_min: Distribution


class PlannedJob(StrictModel):
    """Planned maintenance (日常维护保养): ``jobs`` work orders every ``every_days`` days at ``start``."""

    every_days: float = Field(ge=1 / 24, le=3660, description="days between jobs (at least an hour)")
    jobs: float = Field(1, gt=0, le=100_000, description="per site, or per unit with per")
    per: Optional[SiteQuantity] = None
    start: str = Field("09:00", description="HH:MM")
    trade: Trade = "general"
    work_time_min: Distribution
    within_h: Optional[PositiveFloat] = Field(
        None, description="each job closed within this many hours of falling due (work_orders.planned "
        "completion_within_target); default: the job's period (every_days × 24 h), at most "
        "targets.field.planned_completion.within_h, so a daily job is due the same day and a monthly one "
        "within the target's week")

    _start = field_validator("start")(classmethod(lambda cls, v: _time_of_day(v)))


class PartsWait(StrictModel):
    """A share of repairs needs parts: the technician leaves, returns after the wait."""

    share: float = Field(0.0, ge=0, le=1)
    delay_h: Distribution = Field(default_factory=lambda: {"dist": "deterministic", "value": 24})
    second_visit_min: Distribution = Field(default_factory=lambda: {"dist": "deterministic", "value": 20})


class Rework(StrictModel):
    """A share of repairs is not fixed the first time (返修) and comes back days later."""

    share: float = Field(0.0, ge=0, le=1)
    delay_days: Distribution = Field(default_factory=lambda: {"dist": "exponential", "mean": 3})


class WorkOrders(StrictModel):
    """Where work orders come from and how they are dispatched."""

    dispatch_delay_min: Distribution = Field(default_factory=lambda: {"dist": "deterministic", "value": 0},
                                             description="from report to a technician being asked")
    from_calls: dict[str, CallWorkOrder] = Field(default_factory=dict, description="by call type name")
    patrol_fault_share: float = Field(0.0, ge=0, le=1, description="share of patrol and inspection checkpoint visits finding a fault")
    patrol_fault_work_min: Distribution = Field(default_factory=lambda: {"dist": "lognormal", "mean": 20, "sd": 10})
    planned: dict[str, PlannedJob] = Field(default_factory=dict)
    vacant_checks_per_week: float = Field(1.0, ge=0, le=100, description="per vacant unit (空置房)")
    vacant_check_min: Distribution = Field(default_factory=lambda: {"dist": "deterministic", "value": 5})
    parts_wait: PartsWait = Field(default_factory=PartsWait)
    rework: Rework = Field(default_factory=Rework)

    _named = field_validator("from_calls", "planned", mode="before")(classmethod(lambda cls, v: _drop_nulls(v)))


class Equipment(StrictModel):
    """A class of equipment: ``count`` units (or one per ``per`` of the site), failing at
    random; a failure is a work order for a trade, or a contractor visit (lifts)."""

    count: Optional[float] = Field(None, ge=0, le=100_000)
    per: Optional[SiteQuantity] = None
    failures_per_unit_per_year: float = Field(ge=0, le=10_000_000)
    priority: Priority = "urgent"
    trade: Optional[Trade] = Field("general", description="null: repaired by a contractor")
    work_time_min: Distribution
    contractor_arrival_min: Optional[Distribution] = None
    parts_wait: Optional[PartsWait] = Field(
        None, description="this class's parts waits (the unit stays down until the second visit); null: "
        "work_orders.parts_wait (contractor repairs: none)")
    source: str = Field("[est]", max_length=300, description="where the failure and repair figures come from; "
                        "DOMAIN and the seeds give none: fit them from the site's failure work orders (docs/metrics.md)")

    @model_validator(mode="after")
    def _consistent(self) -> "Equipment":
        if (self.count is None) == (self.per is None):
            raise problem("count_or_per")
        if self.trade is None and self.contractor_arrival_min is None:
            raise problem("contractor_arrival")
        return self


def _time_of_day(value: str, allow_24: bool = False) -> str:
    from sim.scenario.roster import _clock_minutes

    if not (allow_24 and value == "24:00"):
        _clock_minutes(value)
    return value


class PatrolWindow(StrictModel):
    """Rounds start every ``every_h`` hours from ``start`` until ``end`` (may wrap midnight)."""

    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM, or 24:00")
    every_h: float = Field(ge=0.05, le=24 * 366, description="hours between rounds (at least 3 minutes)")

    _start = field_validator("start")(classmethod(lambda cls, v: _time_of_day(v)))
    _end = field_validator("end")(classmethod(lambda cls, v: _time_of_day(v, allow_24=True)))


class PatrolRoute(StrictModel):
    """A security patrol route (巡逻): a loop of checkpoints (巡更点) around the site."""

    team: str = "guards"
    checkpoints: int = Field(ge=1, le=10_000)
    check_s: Distribution = Field(default_factory=lambda: {"dist": "deterministic", "value": 30})
    schedule: list[PatrolWindow] = Field(min_length=1)


class Specialist(StrictModel):
    """Who comes after the guard's first response (a lift entrapment's rescuer, a technician at a
    verified alarm): a technician ``team`` (dispatched at once, as an emergency: an on-call one is
    called out), or a contractor (``team: null``) arriving ``contractor_arrival_min`` after the report."""

    team: Optional[str] = Field(None, description="technician team; null: a contractor (lift rescue)")
    contractor_arrival_min: Optional[Distribution] = None
    work_time_min: Distribution

    @model_validator(mode="after")
    def _who(self) -> "Specialist":
        if (self.team is None) == (self.contractor_arrival_min is None):
            raise ValueError("give exactly one of team (a technician team) or contractor_arrival_min (a contractor)")
        return self


class Incident(StrictModel):
    """Incidents a guard must attend: random (per site, or per unit with ``per``), or the
    verified share of a remote-operation type (an alarm checked on camera). With ``specialist``
    the guard gives the first response and a technician or contractor comes too."""

    team: str = "guards"
    rate_per_day: Optional[float] = Field(None, ge=0, le=1_000_000)
    rate_per_unit_per_year: Optional[float] = Field(None, ge=0, le=10_000_000)
    per: Optional[SiteQuantity] = None
    from_remote_op: Optional[str] = None
    verified_share: float = Field(1.0, ge=0, le=1)
    handle_time_min: Distribution
    priority: Priority = "emergency"
    specialist: Optional[Specialist] = Field(
        None, description="a technician or contractor who comes as well; the response is then measured to "
        "the first arrival (incidents) and to the specialist's (incidents.specialist) apart")

    @model_validator(mode="after")
    def _one_source(self) -> "Incident":
        sources = [self.rate_per_day is not None, self.rate_per_unit_per_year is not None, self.from_remote_op is not None]
        if sum(sources) != 1:
            raise problem("one_rate_source")
        if self.rate_per_unit_per_year is not None and self.per is None:
            raise problem("rate_needs_per")
        return self


class Butlers(StrictModel):
    """The butlers' (管家) own duties in their zone; one team per zone does them."""

    team: str = "butlers"
    inspection_checkpoints: int = Field(12, ge=1, le=10_000, description="daily zone inspection stops")
    inspection_check_min: Distribution = Field(default_factory=lambda: {"dist": "deterministic", "value": 3})
    inspection_start: str = "07:30"
    visits_per_household_per_month: float = Field(1.0, ge=0, le=100)
    visit_min: Distribution = Field(default_factory=lambda: {"dist": "lognormal", "mean": 15, "sd": 8})
    visit_hours: tuple[str, str] = Field(("14:00", "20:00"), description="when residents are in: visits start "
                                         "then, and one reached outside them finds nobody home")
    not_home_share: float = Field(0.3, ge=0, lt=1, description="[est] share of visits (in visit hours) finding "
                                  "nobody home: a revisit is owed, the next day at the start of the visit hours. No "
                                  "figure in DOMAIN or the seeds: fit it from the butlers' visit log (docs/metrics.md)")
    not_home_min: Distribution = Field(default_factory=lambda: {"dist": "deterministic", "value": 2},
                                       description="[est] knocking, leaving a card, when nobody is home")
    visit_attempts: int = Field(3, ge=1, le=100, description="[est] attempts at a household before the visit is "
                                "given up for the month (not covered); no figure in DOMAIN or the seeds: the "
                                "company's visit rule (docs/metrics.md)")
    walk_ins_per_household_per_month: float = Field(0.05, ge=0, le=100)
    walk_in_min: Distribution = Field(default_factory=lambda: {"dist": "lognormal", "mean": 10, "sd": 5})
    complaint_follow_up: Optional[str] = Field("complaint", description="call type whose handled calls a butler follows up")
    follow_up_min: Distribution = Field(default_factory=lambda: {"dist": "lognormal", "mean": 20, "sd": 10})
    follow_up_deadline_h: PositiveFloat = 24.0
    return_visits_by: Literal["centre", "butlers"] = "centre"

    _inspection = field_validator("inspection_start")(classmethod(lambda cls, v: _time_of_day(v)))

    @field_validator("visit_hours")
    @classmethod
    def _visit_hours(cls, value):
        return (_time_of_day(value[0]), _time_of_day(value[1], allow_24=True))


class PostCover(StrictModel):
    """Contacts a fixed post answers for the contact centre in given hours (the fire control room
    takes the hotline at night while the service desk is closed, DOMAIN §9 夜间值守): a contact of
    one of ``kinds`` from the post's site that arises inside ``hours`` joins the post's queue
    instead of the centre's (one waiting when the hours begin stays where it is)."""

    kinds: list[str] = Field(min_length=1, description="contact kinds (calls, remote_ops, expert, tickets, "
                             "return_visits) or kind.type; calls include their callbacks")
    hours: list[tuple[str, str]] = Field(min_length=1, description="clock intervals [start, end), HH:MM; an end "
                                         "at or before its start runs past midnight (23:00-07:00)")

    @field_validator("hours")
    @classmethod
    def _hours(cls, value):
        return [(_time_of_day(a), _time_of_day(b, allow_24=True)) for a, b in value]

    def windows_min(self) -> list[tuple[int, int]]:
        """The hours as minute intervals of the day [a, b) with b > a (an interval past midnight
        as b beyond 1440)."""
        from sim.scenario.roster import _clock_minutes

        out = []
        for a, b in self.hours:
            start, end = _clock_minutes(a), 1440 if b == "24:00" else _clock_minutes(b)
            out.append((start, end if end > start else end + 1440))
        return out

    def covers_minute(self, minute_of_day: float) -> bool:
        """Whether the clock time (minutes after midnight) lies in the hours."""
        return any(a <= minute_of_day < b or a <= minute_of_day + 1440 < b for a, b in self.windows_min())


class Post(StrictModel):
    """A fixed post (固定岗): a guard at a gate or in the monitoring room handling the listed
    remote-operation types (and calls, if listed) of this site in the traditional model. Under
    centralised control (seed 000) the posts that do not move are replaced by the centre's remote
    seats and not staffed, except those that keep their own switch ``staffed_when_centralised``
    (a fire control room by default: GB 25506-2010 §4.2.1 keeps it on duty under either model);
    such a post handles then only ``handles_when_centralised`` (its own site's remote operations,
    never the group's phone) and covers nothing for the centre."""

    handles: list[str] = Field(min_length=1, description="remote_ops.<type>, or calls")
    kind: Literal["entrance", "car_park", "fire_control", "other"] = Field(
        "other", description="what the post is for, for the planner's compliance checks (DOMAIN §9): entrance posts "
        "together keep one guard per site entrance on duty every hour; car_park posts one per car park; a "
        "fire_control room two certified people on every shift (GB 25506-2010 §4.2.1)")
    min_people_per_shift: int = Field(0, ge=0, le=1000, description="people every shift of the post must have "
                                      "(the planner never goes below; fire_control: at least 2)")
    roster: Roster
    opening_hours: Optional[OpeningHours] = Field(default_factory=OpeningHours,
                                                  description="when the post must be manned; null: no check")
    covers: Optional[PostCover] = Field(None, description="contacts the post answers for the contact centre "
                                        "in given hours (the fire control room takes the hotline at night); "
                                        "null: none")
    staffed_when_centralised: Optional[bool] = Field(
        None, description="whether the post is staffed under centralised control too; null: a fire_control room "
        "yes (GB 25506-2010 §4.2.1), every other post no (the centre's remote seats replace it, seed 000)")
    handles_when_centralised: list[str] = Field(
        default_factory=list, description="what a post staffed under centralised control still handles for its "
        "own site: remote_ops or remote_ops.<type> only (the fire control room checking its site's alarms, a "
        "design option the planner weighs against the centre's seats); never calls: the group's phone is the "
        "centre's")

    @field_validator("handles_when_centralised")
    @classmethod
    def _centralised_handles(cls, value):
        for item in value:
            if item.split(".", 1)[0] != "remote_ops":
                raise problem("centralised_remote_only", item=item, kind=item.split(".", 1)[0])
        return value

    def staffed_under(self, operating_model: str) -> bool:
        """Whether the post is staffed under ``operating_model``."""
        if operating_model == "traditional":
            return True
        if self.staffed_when_centralised is not None:
            return self.staffed_when_centralised
        return self.kind == "fire_control"

    def handles_under(self, operating_model: str) -> list[str]:
        """The contact kinds and types the post handles under ``operating_model``."""
        return list(self.handles) if operating_model == "traditional" else list(self.handles_when_centralised)

    def covers_under(self, operating_model: str) -> Optional[PostCover]:
        """What the post answers for the contact centre under ``operating_model`` (nothing under
        centralised control: the group's phone is the centre's)."""
        return self.covers if operating_model == "traditional" else None


class FieldOps(StrictModel):
    """Everything outside the contact centre, applied to every site."""

    travel: TravelSpec = Field(default_factory=TravelSpec)
    teams: dict[str, Team] = Field(default_factory=dict)
    work_orders: WorkOrders = Field(default_factory=WorkOrders)
    equipment: dict[str, Equipment] = Field(default_factory=dict)
    patrols: dict[str, PatrolRoute] = Field(default_factory=dict)
    incidents: dict[str, Incident] = Field(default_factory=dict)
    butlers: Optional[Butlers] = None
    posts: dict[str, Post] = Field(default_factory=dict)

    _named = field_validator("teams", "equipment", "patrols", "incidents", "posts", mode="before")(
        classmethod(lambda cls, v: _drop_nulls(v)))


class ResponseTarget(StrictModel):
    """At least ``share`` of work orders of a priority reached within ``within_min``."""

    within_min: PositiveFloat
    share: float = Field(0.9, ge=0, le=1)
    clock: Literal["elapsed", "working"] = Field(
        "elapsed", description="elapsed: the clock runs at every hour; working: it runs only in working time "
        "(calendar.working_hours, holidays apart), so a report at night starts it at the next working instant")


class CompletionTarget(StrictModel):
    """At least ``share`` of the work orders of a source closed within ``within_h`` of being opened."""

    within_h: PositiveFloat = 24.0
    share: float = Field(0.95, ge=0, le=1)
    parts_wait_paused: bool = Field(
        True, description="the clock stops while an order waits for parts (待料时间不计, as a property company's "
        "维修及时率 is usually counted [est]): no staffing shortens a supplier's delivery; false: elapsed time "
        "from the report")


class FieldTargets(StrictModel):
    """Field commitments (服务承诺); null switches one off."""

    response: dict[Priority, ResponseTarget] = Field(default_factory=lambda: {
        "emergency": ResponseTarget(within_min=30, share=0.95),
        "urgent": ResponseTarget(within_min=30, share=0.9),
        "routine": ResponseTarget(within_min=15, share=0.8, clock="working"),
    })
    incident_response: Optional[ResponseTarget] = Field(
        default_factory=lambda: ResponseTarget(within_min=5, share=0.9),
        description="first person on site (a guard, or the specialist if sooner) at an incident")
    specialist_response: Optional[ResponseTarget] = Field(
        default_factory=lambda: ResponseTarget(within_min=30, share=0.95),
        description="the specialist (technician or lift rescuer) on site at an incident with one "
        "(incidents.specialist); DOMAIN §3: lift rescuers 99.8% within 30 min [src Qingdao/Jinan], share [est]")
    patrol_rounds: Optional[float] = Field(0.95, ge=0, le=1, description="rounds done ÷ required, at least")
    facility_availability: Optional[float] = Field(0.98, ge=0, le=1, description="all equipment together")
    equipment_availability: Optional[float] = Field(
        0.98, ge=0, le=1, description="each equipment class on its own (equipment availability [class]), at least "
        "(seed 000: public facilities in working order ≥ 98%)")
    visit_coverage: Optional[float] = Field(0.95, ge=0, le=1, description="household visits that found someone home ÷ quota "
                                          "(butlers.visit_coverage; nobody home is modelled: not_home_share)")
    inspection_completion: Optional[float] = Field(
        0.95, ge=0, le=1, description="butlers' daily zone inspections finished ÷ required, at least (seed 001: "
        "zone inspection at least daily; butlers.inspection_completion)")
    max_utilisation: Optional[float] = Field(0.85, gt=0, le=1, description="technicians")
    request_completion: Optional[CompletionTarget] = Field(
        default_factory=CompletionTarget,
        description="residents' repair requests (work orders from calls, reworks apart) closed within within_h of "
        "the report (work_orders.requests completion_within_target)")
    found_completion: Optional[CompletionTarget] = Field(
        default_factory=lambda: CompletionTarget(within_h=72, share=0.9),
        description="[est] faults found on patrols and inspections (work_orders.found; not owners' reports, so not in "
        "the priorities' response targets) closed within within_h")
    planned_completion: Optional[CompletionTarget] = Field(
        default_factory=lambda: CompletionTarget(within_h=168, share=0.95),
        description="[est] planned work (maintenance batches, vacant-unit checks: work_orders.planned) closed within "
        "within_h of falling due; 7 days: before the next weekly round (DOMAIN §3 names weekly and monthly "
        "planned work, no completion window)")
    follow_up_on_time: Optional[float] = Field(
        0.95, ge=0, le=1, description="butlers' complaint follow-ups (and return visits they make) done within their "
        "deadline (field.butlers.follow_up_deadline_h, a day), at least")

