"""Construction plan: themes, key tasks, sections with length rules, milestones, targets, completeness."""

from dataclasses import replace

from innocounty.programme import (
    ConstructionPlan,
    KeyTask,
    LengthRule,
    Milestone,
    PlanRules,
    PlanSection,
    QuantitativeTarget,
    Theme,
    completeness,
    missing_sections,
)
from innocounty.programme.plans import Direction


def codes(problems):
    return [p.code for p in problems]


def test_identifiers_and_chinese_labels():
    assert [t.label for t in Theme] == ["科技支撑产业发展", "科技支撑生态文明", "科技支撑民生改善"]
    assert [s.value for s in PlanSection] == [
        "basis", "approach_and_goals", "positioning", "tasks", "schedule", "organisation",
        "policies_and_safeguards",
    ]  # fmt: skip
    assert PlanSection.ORGANISATION.title == "组织管理与运行机制"
    assert len(KeyTask) == 6 and KeyTask.TECHNOLOGY_TRANSFER.label == "抓科技成果转移转化"


def test_complete_plan_has_no_problems(b):
    assert completeness(b.complete_plan(), construction_years=b.YEARS) == []


def test_empty_plan_lists_every_missing_part(b):
    problems = completeness(ConstructionPlan(), construction_years=b.YEARS)
    assert codes(problems) == (
        ["theme_missing"] + ["section_missing"] * 7 + ["key_task_missing"] * 6
        + ["milestones_missing_for_year"] * 3 + ["targets_too_few"]
    )  # fmt: skip
    assert all(p.message and p.path for p in problems)
    assert problems[1].text == "「建设基础」未填写" and problems[1].path == "sections.basis"


def test_section_length_counts_text_not_markup(b):
    padded = "<p><strong>" + "字" * 150 + "</strong></p>" + "<p>&nbsp;</p>" * 100
    plan = b.complete_plan(sections={**b.complete_plan().sections, "basis": padded})
    [problem] = completeness(plan, construction_years=b.YEARS)
    assert problem.code == "section_too_short" and "当前150字" in problem.text


def test_section_length_bounds_are_inclusive_and_configurable(b):
    sections = {**b.complete_plan().sections, "basis": "字" * 200}
    assert completeness(b.complete_plan(sections=sections), construction_years=b.YEARS) == []
    rules = PlanRules(section_length_overrides={"basis": LengthRule(10, 199)})
    [problem] = completeness(b.complete_plan(sections=sections), construction_years=b.YEARS, rules=rules)
    assert problem.code == "section_too_long" and problem.path == "sections.basis"


def test_extra_sections_are_allowed(b):
    plan = b.complete_plan(sections={**b.complete_plan().sections, "annexes": "<p>附件目录</p>"})
    assert completeness(plan, construction_years=b.YEARS) == []


def test_key_tasks_each_need_a_description(b):
    tasks = dict(b.complete_plan().key_tasks)
    del tasks["public_benefit"]
    tasks["leading_industry"] = "略"
    tasks["made_up"] = "围绕某任务制定具体措施并明确责任单位和完成时限。"
    problems = completeness(b.complete_plan(key_tasks=tasks), construction_years=b.YEARS)
    assert {(p.code, p.path) for p in problems} == {
        ("key_task_unknown", "key_tasks.made_up"),
        ("key_task_too_short", "key_tasks.leading_industry"),
        ("key_task_missing", "key_tasks.public_benefit"),
    }


def test_each_construction_year_needs_a_milestone(b):
    plan = b.complete_plan(
        milestones=(Milestone(2019, "完成园区规划"), Milestone(2023, "全面建成"), Milestone(2021, ""))
    )
    problems = completeness(plan, construction_years=b.YEARS)
    assert {(p.code, p.path) for p in problems} == {
        ("milestone_outside_period", "milestones[1]"),
        ("milestone_empty", "milestones[2]"),
        ("milestones_missing_for_year", "milestones.2020"),
        ("milestones_missing_for_year", "milestones.2021"),
    }


def test_target_problems_have_paths(b):
    plan = b.complete_plan(
        targets=(
            QuantitativeTarget("C1", None, {2019: 1, 2021: 3, 2025: 9}),
            QuantitativeTarget("C1", 1, {2019: 2, 2020: 3, 2021: 4}),
            QuantitativeTarget(" ", 1, {2019: 2, 2020: 3, 2021: 4}),
            QuantitativeTarget("ZZ", 1, {2019: 2, 2020: 3, 2021: 4}),
        )
    )
    rules = PlanRules(known_indicator_codes=frozenset({"C1", "C2"}))
    problems = completeness(plan, construction_years=b.YEARS, rules=rules)
    assert {(p.code, p.path) for p in problems} == {
        ("target_duplicate", "targets[0].indicator_code"),
        ("target_baseline_missing", "targets[0].baseline"),
        ("target_year_outside_period", "targets[0].values.2025"),
        ("target_value_missing", "targets[0].values.2020"),
        ("target_duplicate", "targets[1].indicator_code"),
        ("target_indicator_missing", "targets[2].indicator_code"),
        ("target_indicator_unknown", "targets[3].indicator_code"),
    }


def test_too_few_targets(b):
    plan = b.complete_plan(targets=b.complete_plan().targets[:2])
    [problem] = completeness(plan, construction_years=b.YEARS)
    assert problem.code == "targets_too_few" and "当前2项" in problem.text


def test_direction_aware_warnings(b):
    lower = QuantitativeTarget("E1", 0.5, {2019: 0.45, 2020: 0.48, 2021: 0.6}, Direction.LOWER_IS_BETTER)
    higher = QuantitativeTarget("C9", 10, {2019: 12, 2020: 11, 2021: 13})
    plan = b.complete_plan(targets=(*b.complete_plan().targets, lower, higher))
    problems = completeness(plan, construction_years=b.YEARS)
    assert all(not p.is_error for p in problems)
    assert {(p.code, p.path) for p in problems} == {
        ("target_regresses", "targets[3].values.2020"),
        ("target_not_improving", "targets[3].values.2021"),
        ("target_regresses", "targets[4].values.2020"),
    }


def test_missing_sections_checks_presence_only(b):
    sections = dict(b.complete_plan().sections)
    sections["schedule"] = "<p>短</p>"
    sections["tasks"] = "<p> </p>"
    assert missing_sections(replace(b.complete_plan(), sections=sections)) == [PlanSection.TASKS]
