"""The catalogue of programme stages and a batch's configured sequence chosen from it.

The stages changed between batches (programme.md §6.2): the 2018 batch had 形式审查 → 咨询评议 →
实地考察; the 2023 batch had 形式审查 → 数据评价 → 专家质询 and no field inspection. So the catalogue
is fixed and ordered, and each batch carries its own :class:`StageSequence`, a validated
subsequence of it. The annual progress report repeats once per construction year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .problems import Msg, Problem, gettext_noop


class Stage(StrEnum):
    APPLICATION = "application"
    RECOMMENDATION = "recommendation"
    FORMAL_REVIEW = "formal_review"
    DATA_EVALUATION = "data_evaluation"
    EXPERT_CONSULTATION = "expert_consultation"
    EXPERT_QUESTIONING = "expert_questioning"
    FIELD_INSPECTION = "field_inspection"
    PUBLIC_NOTICE = "public_notice"
    PUBLICATION = "publication"
    CONSTRUCTION = "construction"
    ANNUAL_PROGRESS_REPORT = "annual_progress_report"
    ACCEPTANCE = "acceptance"
    ACCEPTANCE_PUBLICATION = "acceptance_publication"

    @property
    def label(self) -> str:
        return CATALOGUE_BY_STAGE[self].label

    @property
    def position(self) -> int:
        """Place in the catalogue, 0-based; a sequence must follow it."""
        return _POSITION[self]


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    label: str
    required: bool
    description: str
    repeats_per_construction_year: bool = False


# The catalogue, in the only order stages may run. ``required``: every batch must include the stage.
# fmt: off
CATALOGUE: tuple[StageInfo, ...] = (
    StageInfo(Stage.APPLICATION, gettext_noop("申报"), True, gettext_noop("县（市）政府在申报窗口期内提交申报书与建设方案")),
    StageInfo(Stage.RECOMMENDATION, gettext_noop("地方推荐"), True, gettext_noop("省级科技管理部门择优推荐，在名额内排序并报送")),
    StageInfo(Stage.FORMAL_REVIEW, gettext_noop("形式审查"), False, gettext_noop("科技部按清单审查材料完整性与申报资格")),
    StageInfo(
        Stage.DATA_EVALUATION, gettext_noop("数据评价"), False, gettext_noop("依据监测评价数据排序，确定进入专家评议的名单（2023年起）")
    ),
    StageInfo(Stage.EXPERT_CONSULTATION, gettext_noop("咨询评议"), False, gettext_noop("专家对建设方案开展咨询评议")),
    StageInfo(Stage.EXPERT_QUESTIONING, gettext_noop("专家质询"), False, gettext_noop("专家质询（2023年第二批）")),
    StageInfo(Stage.FIELD_INSPECTION, gettext_noop("实地考察"), False, gettext_noop("科技部组织实地考察（2018年首批）")),
    StageInfo(Stage.PUBLIC_NOTICE, gettext_noop("公示"), True, gettext_noop("批准建设名单公示，公示期7天（含首尾两日）")),
    StageInfo(Stage.PUBLICATION, gettext_noop("发文公布"), True, gettext_noop("科技部发文公布批准建设名单")),
    StageInfo(Stage.CONSTRUCTION, gettext_noop("组织建设"), True, gettext_noop("建设周期（通常3年）")),
    StageInfo(
        Stage.ANNUAL_PROGRESS_REPORT,
        gettext_noop("年度建设进展报告"),
        True,
        gettext_noop("每年3月31日前报送上一年度进展报告，经省级审核"),
        repeats_per_construction_year=True,
    ),
    StageInfo(Stage.ACCEPTANCE, gettext_noop("评估验收"), True, gettext_noop("建设期结束后科技部组织评估验收")),
    StageInfo(Stage.ACCEPTANCE_PUBLICATION, gettext_noop("验收结果公布"), True, gettext_noop("发文公布通过验收的创新型县（市）名单")),
)
# fmt: on
CATALOGUE_BY_STAGE = {info.stage: info for info in CATALOGUE}
_POSITION = {info.stage: i for i, info in enumerate(CATALOGUE)}
REQUIRED_STAGES: tuple[Stage, ...] = tuple(info.stage for info in CATALOGUE if info.required)
# The guideline's 咨询评议 step: a batch needs at least one stage in which experts assess the plans.
EXPERT_ASSESSMENT_STAGES: frozenset[Stage] = frozenset({Stage.EXPERT_CONSULTATION, Stage.EXPERT_QUESTIONING})


def validate_stage_sequence(stages: Iterable[str]) -> list[Problem]:
    """Every problem with a proposed sequence (unknown, duplicate, out of order, required missing)."""
    problems: list[Problem] = []
    known: list[Stage] = []
    for i, raw in enumerate(stages):
        try:
            known.append(Stage(raw))
        except ValueError:
            problems.append(Problem("unknown_stage", gettext_noop("未知的阶段：%(stage)s"), f"stages[{i}]",
                                    params={"stage": raw}))  # fmt: skip
    seen: set[Stage] = set()
    for stage in known:
        if stage in seen:
            problems.append(Problem("duplicate_stage", gettext_noop("阶段「%(stage)s」重复出现"), stage.value,
                                    params={"stage": Msg(stage.label)}))  # fmt: skip
        seen.add(stage)
    for before, after in zip(known, known[1:], strict=False):
        if after.position < before.position:
            problems.append(
                Problem(
                    "stage_out_of_order",
                    gettext_noop("阶段「%(after)s」不能排在「%(before)s」之后"),
                    after.value,
                    params={"after": Msg(after.label), "before": Msg(before.label)},
                )
            )
    for stage in REQUIRED_STAGES:
        if stage not in seen:
            problems.append(Problem("required_stage_missing", gettext_noop("缺少必需阶段「%(stage)s」"), stage.value,
                                    params={"stage": Msg(stage.label)}))  # fmt: skip
    if not seen & EXPERT_ASSESSMENT_STAGES:
        problems.append(
            Problem(
                "expert_assessment_missing",
                gettext_noop("至少须包含一个专家评议阶段（咨询评议或专家质询）"),
                "stages",
            )
        )
    return problems


class InvalidStageSequence(ValueError):
    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("；".join(p.text for p in self.problems))


@dataclass(frozen=True)
class StageStep:
    """One step of a batch's expanded timeline; ``year`` is set for each annual progress report."""

    stage: Stage
    year: int | None = None

    @property
    def label(self) -> str:
        if self.year is None:
            return self.stage.label
        return f"{self.stage.label}（{self.year}年度）"


@dataclass(frozen=True)
class StageSequence:
    """A batch's configured stages: a validated subsequence of :data:`CATALOGUE`."""

    stages: tuple[Stage, ...]

    def __post_init__(self) -> None:
        problems = validate_stage_sequence(self.stages)
        if problems:
            raise InvalidStageSequence(problems)
        object.__setattr__(self, "stages", tuple(Stage(s) for s in self.stages))

    @classmethod
    def of(cls, *stages: str) -> StageSequence:
        return cls(tuple(Stage(s) for s in stages))

    def __contains__(self, stage: object) -> bool:
        return stage in self.stages

    def __iter__(self):
        return iter(self.stages)

    def __len__(self) -> int:
        return len(self.stages)

    def includes(self, stage: Stage | str) -> bool:
        return Stage(stage) in self.stages

    def next_after(self, stage: Stage | str) -> Stage | None:
        """The stage that follows ``stage`` in this batch; None after the last."""
        i = self.stages.index(Stage(stage))
        return self.stages[i + 1] if i + 1 < len(self.stages) else None

    def previous_before(self, stage: Stage | str) -> Stage | None:
        i = self.stages.index(Stage(stage))
        return self.stages[i - 1] if i > 0 else None

    def steps(self, reporting_years: Sequence[int]) -> tuple[StageStep, ...]:
        """The timeline with the annual progress report repeated once per reporting year."""
        out: list[StageStep] = []
        for stage in self.stages:
            if CATALOGUE_BY_STAGE[stage].repeats_per_construction_year:
                out.extend(StageStep(stage, year) for year in reporting_years)
            else:
                out.append(StageStep(stage))
        return tuple(out)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.stages)


_AFTER_SELECTION = (
    Stage.PUBLIC_NOTICE,
    Stage.PUBLICATION,
    Stage.CONSTRUCTION,
    Stage.ANNUAL_PROGRESS_REPORT,
    Stage.ACCEPTANCE,
    Stage.ACCEPTANCE_PUBLICATION,
)
# As the 2018 公示 states its steps: 地方推荐 → 形式审查 → 咨询评议 → 实地考察.
FIRST_BATCH_2018 = StageSequence(
    (
        Stage.APPLICATION,
        Stage.RECOMMENDATION,
        Stage.FORMAL_REVIEW,
        Stage.EXPERT_CONSULTATION,
        Stage.FIELD_INSPECTION,
        *_AFTER_SELECTION,
    )
)
# As the 2023 notice states its steps: 地方推荐 → 形式审查 → 数据评价 → 专家质询.
SECOND_BATCH_2023 = StageSequence(
    (
        Stage.APPLICATION,
        Stage.RECOMMENDATION,
        Stage.FORMAL_REVIEW,
        Stage.DATA_EVALUATION,
        Stage.EXPERT_QUESTIONING,
        *_AFTER_SELECTION,
    )
)
