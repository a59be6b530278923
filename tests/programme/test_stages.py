"""The stage catalogue and a batch's configured sequence."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.programme import (
    CATALOGUE,
    FIRST_BATCH_2018,
    SECOND_BATCH_2023,
    InvalidStageSequence,
    Stage,
    StageSequence,
    validate_stage_sequence,
)
from innocounty.programme.stages import EXPERT_ASSESSMENT_STAGES, REQUIRED_STAGES

OPTIONAL = [s.stage for s in CATALOGUE if not s.required]


def test_catalogue_order_matches_the_programme():
    assert [s.stage.value for s in CATALOGUE] == [
        "application", "recommendation", "formal_review", "data_evaluation", "expert_consultation",
        "expert_questioning", "field_inspection", "public_notice", "publication", "construction",
        "annual_progress_report", "acceptance", "acceptance_publication",
    ]  # fmt: skip
    assert Stage.FORMAL_REVIEW.label == "形式审查" and Stage.PUBLIC_NOTICE.label == "公示"


def test_the_two_real_batches():
    assert FIRST_BATCH_2018.labels[:5] == ("申报", "地方推荐", "形式审查", "咨询评议", "实地考察")
    assert SECOND_BATCH_2023.labels[:5] == ("申报", "地方推荐", "形式审查", "数据评价", "专家质询")
    assert Stage.DATA_EVALUATION not in FIRST_BATCH_2018 and Stage.FIELD_INSPECTION not in SECOND_BATCH_2023


def test_next_and_previous():
    assert SECOND_BATCH_2023.next_after("formal_review") is Stage.DATA_EVALUATION
    assert FIRST_BATCH_2018.next_after(Stage.FORMAL_REVIEW) is Stage.EXPERT_CONSULTATION
    assert FIRST_BATCH_2018.next_after(Stage.ACCEPTANCE_PUBLICATION) is None
    assert FIRST_BATCH_2018.previous_before(Stage.APPLICATION) is None
    assert FIRST_BATCH_2018.previous_before(Stage.PUBLIC_NOTICE) is Stage.FIELD_INSPECTION


def test_steps_repeat_the_annual_report_per_year():
    steps = FIRST_BATCH_2018.steps((2019, 2020, 2021))
    reports = [s for s in steps if s.stage is Stage.ANNUAL_PROGRESS_REPORT]
    assert [s.year for s in reports] == [2019, 2020, 2021]
    assert reports[0].label == "年度建设进展报告（2019年度）"
    assert len(steps) == len(FIRST_BATCH_2018) + 2


def test_every_problem_is_listed():
    problems = validate_stage_sequence(["publication", "application", "application", "bogus"])
    found = {p.code for p in problems}
    assert {"unknown_stage", "duplicate_stage", "stage_out_of_order", "required_stage_missing",
            "expert_assessment_missing"} <= found  # fmt: skip


def test_invalid_sequence_raises_with_chinese_reasons():
    with pytest.raises(InvalidStageSequence, match="缺少必需阶段「公示」") as error:
        StageSequence.of(*[s for s in FIRST_BATCH_2018 if s is not Stage.PUBLIC_NOTICE])
    assert [p.code for p in error.value.problems] == ["required_stage_missing"]


def test_an_expert_stage_is_required():
    stages = [s for s in SECOND_BATCH_2023 if s not in EXPERT_ASSESSMENT_STAGES]
    assert [p.code for p in validate_stage_sequence(stages)] == ["expert_assessment_missing"]


@given(st.sets(st.sampled_from(OPTIONAL)).filter(lambda chosen: chosen & EXPERT_ASSESSMENT_STAGES))
def test_any_catalogue_ordered_choice_with_the_required_stages_is_valid(chosen):
    stages = [s for s in Stage if s in chosen or s in REQUIRED_STAGES]
    assert list(StageSequence(tuple(stages))) == stages


@given(st.permutations(list(FIRST_BATCH_2018)))
def test_a_sequence_is_valid_only_in_catalogue_order(order):
    valid = not validate_stage_sequence(order)
    assert valid == (list(order) == list(FIRST_BATCH_2018))
