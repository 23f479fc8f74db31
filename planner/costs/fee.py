"""The one fee figure every output prints (the app, the summary, the proposal's text and tables,
the workbook): the break-even fee at the site's collection rate beside the fee charged and the
annual surplus or shortfall at that fee, and "what this fee buys": the strongest service grade
whose staffing norms (DOMAIN §5, :mod:`planner.costs.norms`) break even at the fee charged. It is
judged by the norms of each grade, costed at the site, not by the plan's optimised staffing, and
every sentence that states it says so.

:func:`fee_figure` computes it from a :class:`~planner.costs.budget.Budget` once, when the plan is
made; plan.json keeps it under ``fee`` and every output reads it from there (:func:`fee_of_plan`,
with the same figures recomputed from the budget's summary for a plan.json written before).
:func:`fee_sentence` words it in Chinese or English; the texts that print it all call it.

Definitions (planner.costs.budget): break-even fee = (total − other income) / (floor area × 12 ×
effective collection rate); surplus = income at the fee charged − total (the target margin is in
the total, so a surplus is above the target margin and a shortfall below it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Mapping

from planner.costs.budget import Budget

#: Service grades, strongest first (grade 1 is the highest standard).
GRADES: tuple[int, ...] = (1, 2, 3, 4)


@dataclass(frozen=True)
class FeeFigure:
    """The fee figure of one budget. ``grade_break_even`` maps each service grade to the
    break-even fee of its norms' staffing; ``grade_bought`` is the strongest grade whose
    break-even fee is at most the fee charged (None when even the weakest costs more)."""

    fee_charged: float
    break_even_fee: float
    collection_rate: float
    effective_collection_rate: float
    income_yuan_per_year: float
    total_yuan_per_year: float
    surplus_yuan_per_year: float
    grade_break_even: dict[int, float]
    grade_bought: int | None

    @property
    def breaks_even(self) -> bool:
        return self.surplus_yuan_per_year >= 0

    def to_dict(self) -> dict:
        out = asdict(self)
        out["grade_break_even"] = {str(g): fee for g, fee in self.grade_break_even.items()}
        out["breaks_even"] = self.breaks_even
        return out


def strongest_grade(fee_charged: float, grade_break_even: Mapping[int, float]) -> int | None:
    """The strongest (lowest-numbered) grade whose break-even fee is ≤ the fee charged."""
    for grade in sorted(grade_break_even):
        if grade_break_even[grade] <= fee_charged + 1e-9:
            return grade
    return None


def fee_figure(budget: Budget, grade_budget: Callable[[int], Budget | None] | None = None) -> FeeFigure:
    """The fee figure of ``budget``; ``grade_budget(g)`` gives the norms' budget of service grade
    ``g`` at the same site and costs (None: no grades are compared)."""
    grades: dict[int, float] = {}
    if grade_budget is not None:
        for grade in GRADES:
            other = grade_budget(grade)
            if other is not None:
                grades[grade] = other.break_even_fee_yuan_per_m2_month
    fee = budget.costs.fee_yuan_per_m2_month
    return FeeFigure(fee_charged=fee, break_even_fee=budget.break_even_fee_yuan_per_m2_month,
                     collection_rate=budget.costs.collection_rate,
                     effective_collection_rate=budget.fee_base_m2_months / (budget.site.floor_area_m2 * 12),
                     income_yuan_per_year=budget.income_yuan_per_year, total_yuan_per_year=budget.total_yuan_per_year,
                     surplus_yuan_per_year=budget.surplus_yuan_per_year, grade_break_even=grades,
                     grade_bought=strongest_grade(fee, grades) if grades else None)


def fee_of_plan(plan: Mapping) -> dict | None:
    """The fee figure of a plan.json (``plan["fee"]``), or the same figures taken from its
    budget's summary when the plan predates it (no grade comparison then); None without a budget."""
    if plan.get("fee"):
        return dict(plan["fee"])
    budget = plan.get("budget")
    if not budget:
        return None
    surplus = budget["surplus_yuan_per_year"]
    return {"fee_charged": budget["fee_yuan_per_m2_month"], "break_even_fee": budget["break_even_fee_yuan_per_m2_month"],
            "collection_rate": budget["collection_rate"],
            "effective_collection_rate": budget.get("effective_collection_rate", budget["collection_rate"]),
            "income_yuan_per_year": budget["income_yuan_per_year"], "total_yuan_per_year": budget["total_yuan_per_year"],
            "surplus_yuan_per_year": surplus, "grade_break_even": {}, "grade_bought": None, "breaks_even": surplus >= 0}




def fee_sentence(fee: Mapping, lang: str, submission: bool = False) -> str:
    """The fee figure in one sentence, Chinese (``lang="zh"``) or English: every output that
    states the fee prints this. ``submission``: the bid's sentence, the fee the plan's costs need
    (the balance at today's fee and the grades it buys are the team's review)."""
    be, charged = f"{fee['break_even_fee']:.2f}", f"{fee['fee_charged']:.2f}"
    collection = f"{fee['collection_rate'] * 100:.0f}%"
    if submission:
        return (f"按收缴率{collection}测算，本方案年度费用（含目标利润）对应的物业服务费标准为{be}元/㎡·月。" if lang == "zh"
                else f"At a {collection} collection rate, the plan's annual cost (target margin included) "
                     f"corresponds to a fee of {be} yuan/m²·month.")
    amount = f"{abs(fee['surplus_yuan_per_year']):,.0f}"
    grade = fee.get("grade_bought")
    grades = fee.get("grade_break_even") or {}
    if lang == "zh":
        text = (f"按收缴率{collection}测算，盈亏平衡收费标准为{be}元/㎡·月；现行收费标准{charged}元/㎡·月，"
                + (f"年度结余{amount}元" if fee["surplus_yuan_per_year"] >= 0 else f"年度缺口{amount}元") + "（已含目标利润）。")
        if grades:
            text += ("该收费标准能支撑的服务等级，按各等级服务标准的人员配置定额分别判断（而非本方案的优化配置）："
                     "以每一等级的定额人员在本项目测算盈亏平衡收费，"
                     + (f"不高于现行收费的最高等级为{grade}级，即现行收费可支撑{grade}级服务标准。" if grade is not None
                        else "各等级的盈亏平衡收费均高于现行收费，该收费标准低于四级服务标准。"))
        return text
    text = (f"At a {collection} collection rate the break-even fee is {be} yuan/m²·month; at the {charged} "
            f"yuan/m²·month charged, the year shows a "
            + (f"surplus of {amount} yuan" if fee["surplus_yuan_per_year"] >= 0 else f"shortfall of {amount} yuan")
            + " (target margin included).")
    if grades:
        text += (" What this fee buys is judged by the staffing norms of each grade (not by this plan's optimised "
                 "staffing): each grade's norms are costed at this site, and "
                 + (f"the strongest grade whose break-even fee is at most the fee charged is grade {grade}: "
                    f"this fee pays for service grade {grade}." if grade is not None
                    else "every grade's break-even fee is above the fee charged: this fee is below grade 4."))
    return text
