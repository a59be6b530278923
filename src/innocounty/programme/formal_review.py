"""The ministry's formal review (形式审查) checklist, computed from the application snapshot.

The issue names five checks: completeness, eligibility of the unit type, theme chosen, plan sections
present, provincial recommendation present. The review page shows each with pass/fail and why;
``pass_formal_review`` is refused unless all pass (``fail_formal_review`` needs only a reason).
"""

from __future__ import annotations

from dataclasses import dataclass

from .context import ApplicationSnapshot, BatchSnapshot
from .plans import completeness, missing_sections
from .problems import Msg, Problem, errors_in, gettext_noop
from .states import ApplicationState

# States in which the province's recommendation has reached the ministry.
_FORWARDED_OR_LATER = frozenset(
    {
        ApplicationState.FORWARDED,
        ApplicationState.FORMAL_REVIEW_PASSED,
        ApplicationState.FORMAL_REVIEW_FAILED,
        ApplicationState.SELECTED_FOR_CONSULTATION,
        ApplicationState.NOT_SELECTED,
    }
)


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    problems: tuple[Problem, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems


def formal_review_checklist(
    application: ApplicationSnapshot, batch: BatchSnapshot
) -> tuple[ChecklistItem, ...]:
    """The five checks, in the order the review page shows them."""
    plan = application.plan
    incomplete = errors_in(completeness(plan, construction_years=batch.construction_years))

    unit_type: list[Problem] = []
    if application.unit_type not in batch.eligible_unit_types:
        unit_type.append(
            Problem(
                "unit_type_not_eligible",
                gettext_noop("申报单位类型「%(type)s」不在本批次申报范围内"),
                "unit_type",
                params={"type": application.unit_type},
            )
        )

    theme: list[Problem] = []
    if plan.theme is None:
        theme.append(Problem("theme_missing", gettext_noop("未选择建设主题"), "theme"))
    elif plan.theme not in batch.themes:
        theme.append(
            Problem(
                "theme_not_offered",
                gettext_noop("本批次未开放建设主题「%(theme)s」"),
                "theme",
                params={"theme": Msg(plan.theme.label)},
            )
        )

    sections = [
        Problem(
            "section_missing",
            gettext_noop("建设方案缺少「%(section)s」"),
            f"sections.{section.value}",
            params={"section": Msg(section.title)},
        )
        for section in missing_sections(plan)
    ]

    recommendation: list[Problem] = []
    if application.recommendation_priority is None or application.state not in _FORWARDED_OR_LATER:
        recommendation.append(
            Problem(
                "recommendation_missing",
                gettext_noop("无省级科技管理部门的推荐（或推荐名单尚未报送）"),
                "recommendation",
            )
        )

    return (
        ChecklistItem("complete", gettext_noop("申报材料完整"), tuple(incomplete)),
        ChecklistItem("unit_type_eligible", gettext_noop("申报单位类型符合要求"), tuple(unit_type)),
        ChecklistItem("theme_chosen", gettext_noop("已选择本批次开放的建设主题"), tuple(theme)),
        ChecklistItem("plan_sections_present", gettext_noop("建设方案七个部分齐全"), tuple(sections)),
        ChecklistItem("provincial_recommendation_present", gettext_noop("有省级推荐"), tuple(recommendation)),
    )
