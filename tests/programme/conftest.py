"""Builders for the programme core's tests: a complete plan, a batch, actors and contexts.

The defaults tell one story: the 2018 batch, a window from 1 July to 31 August 2018, Kunshan (昆山市,
320583) in Jiangsu (32) applying, Jiangsu's quota 5, Hebei (13) as the foreign province.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from innocounty.programme import (
    FIRST_BATCH_2018,
    SECOND_BATCH_2023,
    Actor,
    ApplicationSnapshot,
    ApplicationState,
    BatchSnapshot,
    BatchStatus,
    ConstructionPlan,
    KeyTask,
    Milestone,
    PlanSection,
    ProvinceListSnapshot,
    ProvinceListState,
    QuantitativeTarget,
    Role,
    RoleGrant,
    SubjectContext,
    Theme,
    TransitionContext,
    Window,
    Workflow,
)
from innocounty.programme.batch_lifecycle import BatchDraft
from innocounty.programme.machine import InputKind, Transition

YEARS = (2019, 2020, 2021)
IN_WINDOW = date(2018, 7, 15)
KUNSHAN, JIANGYIN, JIANGSU, HEBEI = "320583", "320281", "32", "13"


def section_text(chars: int = 240) -> str:
    body = ("县域创新驱动发展，科技支撑产业升级。" * (chars // 18 + 1))[:chars]
    return f"<p>{body}</p>"


def complete_plan(**changes) -> ConstructionPlan:
    plan = ConstructionPlan(
        theme=Theme.INDUSTRY,
        sections={s.value: section_text() for s in PlanSection},
        key_tasks={t.value: f"围绕{t.label}，制定具体措施并明确责任单位和完成时限。" for t in KeyTask},
        milestones=tuple(Milestone(y, f"{y}年完成阶段性建设任务") for y in YEARS),
        targets=(
            QuantitativeTarget("C1", 2.1, {2019: 2.3, 2020: 2.5, 2021: 2.8}, indicator_name="R&D投入强度"),
            QuantitativeTarget("C2", 40, {2019: 45, 2020: 50, 2021: 55}, indicator_name="高新技术企业数"),
            QuantitativeTarget("C3", 12, {2019: 14, 2020: 16, 2021: 18}, indicator_name="每万人发明专利"),
        ),
    )
    return replace(plan, **changes)


def batch(**changes) -> BatchSnapshot:
    base = BatchSnapshot(
        name="2018年第一批",
        status=BatchStatus.OPEN,
        stages=FIRST_BATCH_2018,
        application_window=Window(date(2018, 7, 1), date(2018, 8, 31)),
        construction_years=YEARS,
        quotas={JIANGSU: 5, HEBEI: 3},
        recommendation_closes=date(2018, 9, 30),
    )
    return replace(base, **changes)


def county_officer(county: str = KUNSHAN, province: str = JIANGSU) -> Actor:
    return Actor((RoleGrant(Role.COUNTY_OFFICER, province_code=province, county_code=county),), user_id=1)


def provincial_officer(province: str = JIANGSU) -> Actor:
    return Actor((RoleGrant(Role.PROVINCIAL_OFFICER, province_code=province),), user_id=2)


def ministry_officer() -> Actor:
    return Actor((RoleGrant(Role.MINISTRY_OFFICER),), user_id=3)


def expert() -> Actor:
    return Actor((RoleGrant(Role.EXPERT),), user_id=4)


def auditor() -> Actor:
    return Actor((RoleGrant(Role.AUDITOR),), user_id=5)


def system() -> Actor:
    return Actor((RoleGrant(Role.SYSTEM),))


def application(state: ApplicationState | None, **changes) -> ApplicationSnapshot:
    base = ApplicationSnapshot(KUNSHAN, JIANGSU, "县级市", state, plan=complete_plan())
    return replace(base, **changes)


def context(
    actor: Actor,
    state: ApplicationState | None = ApplicationState.DRAFT,
    *,
    today: date = IN_WINDOW,
    inputs: dict | None = None,
    province: ProvinceListSnapshot | None = None,
    app: ApplicationSnapshot | None = None,
    **batch_changes,
) -> TransitionContext:
    return TransitionContext(
        actor=actor,
        batch=batch(**batch_changes),
        today=today,
        application=app if app is not None else application(state),
        province=province if province is not None else ProvinceListSnapshot(JIANGSU),
        inputs=inputs or {},
    )


def list_context(
    actor: Actor | None = None,
    *,
    today: date = date(2018, 9, 10),
    inputs: dict | None = None,
    **province_changes,
) -> TransitionContext:
    """A context whose subject is Jiangsu's recommendation list (PROVINCE_LIST): three recommended, in order."""
    province = ProvinceListSnapshot(
        JIANGSU, **{"recommended_count": 3, "priorities": (1, 2, 3), **province_changes}
    )
    return TransitionContext(
        actor=actor or provincial_officer(),
        batch=batch(),
        today=today,
        application=None,
        province=province,
        inputs=inputs or {},
        list_subject=True,
    )


def batch_draft(**changes) -> BatchDraft:
    """A batch being prepared whose set-up is complete (BATCH.open is allowed)."""
    base = BatchDraft(
        status=BatchStatus.DRAFT,
        stages=[s.value for s in SECOND_BATCH_2023],
        themes=[t.value for t in Theme],
        application_opens=date(2018, 7, 1),
        application_closes=date(2018, 8, 31),
        recommendation_closes=date(2018, 9, 30),
        quotas={JIANGSU: 5, HEBEI: 3},
        construction_years=YEARS,
    )
    return replace(base, **changes)


def evaluation_facts(**changes) -> dict:
    """What DATA_EVALUATION's guards and consequence read: nothing pending, the 2023 batch."""
    return {"pending": 0, "selected": 12, "missing_lists": 2, "days_left": 5,
            "batch": batch(stages=SECOND_BATCH_2023), **changes}  # fmt: skip


# Inputs whose guards read the value (the approval workflows): a valid one.
GOOD_VALUES = {"decision": "approve", "outcome": "remove", "document_number": "国科发农〔2018〕76号",
               "document_date": "2018-07-14", "recheck_on": "2022-07-05", "deadline": "2099-12-31"}


def good_inputs(t: Transition, *, confirm: bool = True) -> dict:
    """A valid value for every required input of ``t`` (and the confirmation when it is consequential)."""
    values = {InputKind.TEXT: "说明", InputKind.INT: 1, InputKind.BOOL: True, InputKind.LIST: ["item"]}
    inputs = {}
    for i in t.inputs:
        if i.required and i.name in GOOD_VALUES:
            inputs[i.name] = GOOD_VALUES[i.name]
        elif i.required:
            inputs[i.name] = (
                i.minimum if i.kind is InputKind.INT and i.minimum is not None else values[i.kind]
            )
    if confirm and t.consequential:
        inputs["confirm"] = True
    return inputs


def workflow_context(
    workflow: Workflow,
    state,
    actor: Actor,
    *,
    inputs: dict | None = None,
    via: str | None = None,
    facts=None,
):
    """A context for ``workflow`` whose subject is in ``state`` and in which every guard passes: the
    2023 batch (it has data evaluation), Kunshan's application, Jiangsu's list of three."""
    inputs = inputs or {}
    if workflow.kind == "application":
        ctx = context(actor, app=application(state, recommendation_priority=1), inputs=inputs,
                      stages=SECOND_BATCH_2023)  # fmt: skip
        return replace(ctx, via=via)
    if workflow.kind == "province_list":
        assert state in ProvinceListState, "a province's list always exists"
        return replace(
            list_context(actor, inputs=inputs, submitted=state is ProvinceListState.SUBMITTED), via=via
        )
    if workflow.kind == "data_evaluation":
        return SubjectContext(actor, IN_WINDOW, state, facts=facts if facts is not None else evaluation_facts(),
                              inputs=inputs)  # fmt: skip
    if workflow.kind == "batch":
        return SubjectContext(actor, IN_WINDOW, state, facts=facts if facts is not None else batch_draft(),
                              inputs=inputs)  # fmt: skip
    if workflow.kind in ("assignment", "review"):  # an expert's seat on Kunshan's panel (the expert: user 4)
        return SubjectContext(actor, IN_WINDOW, state, county_code=KUNSHAN, province_code=JIANGSU,
                              assignees=frozenset({4}), facts=facts if facts is not None else {"declared": True},
                              inputs=inputs, via=via)  # fmt: skip
    if workflow.kind in ("acceptance", "acceptance_list"):  # Kunshan's acceptance, its period over, all in
        good = {"last_year": IN_WINDOW.year - 1, "summary_chars": 100, "reviews_expected": 3, "reviews_in": 3,
                "projects": 1, "undecided": 0, "notice_ends": None}  # fmt: skip
        return SubjectContext(actor, IN_WINDOW, state, county_code=KUNSHAN, province_code=JIANGSU,
                              facts=facts if facts is not None else good, inputs=inputs, via=via)  # fmt: skip
    if workflow.kind == "annual_report":  # Kunshan's report on the year before, complete
        return SubjectContext(actor, IN_WINDOW, state, county_code=KUNSHAN, province_code=JIANGSU,
                              facts=facts if facts is not None else {"year": IN_WINDOW.year - 1},
                              inputs=inputs, via=via)  # fmt: skip
    if workflow.kind in APPROVAL_KINDS:
        return SubjectContext(actor, IN_WINDOW, state, county_code=KUNSHAN, province_code=JIANGSU,
                              facts=facts if facts is not None else approval_facts(workflow.kind), inputs=inputs,
                              via=via)  # fmt: skip
    # The monitoring and evaluation subjects: a Jiangsu subject whose facts let every guard pass.
    good_facts = {"submission": {"round_open": True, "has_values": True}, "data_round": {"not_accepted": 2},
                  "upload": {"round_open": True},
                  "county_entry": {"round_open": True, "province_open": True, "errors": 0, "unconfirmed_warnings": 0},
                  "run_publication": {"succeeded": True, "partial": False}}  # fmt: skip
    return SubjectContext(actor, IN_WINDOW, state, province_code=JIANGSU,
                          county_code=KUNSHAN if workflow.kind == "county_entry" else None,
                          facts=facts if facts is not None else good_facts.get(workflow.kind, {}),
                          inputs=inputs, via=via)  # fmt: skip


APPROVAL_KINDS = ("question", "inspection", "approval_list", "objection")


def approval_facts(kind: str):
    """Facts of the approval workflows in which every guard passes (today: ``IN_WINDOW``)."""
    from datetime import timedelta

    from innocounty.programme.approval_rules import ListCandidate, ListDecision, ListFacts, NoticePeriod

    if kind == "question":
        return {"deadline": IN_WINDOW + timedelta(days=10)}
    if kind == "inspection":
        return {"starts": IN_WINDOW - timedelta(days=5), "ends": IN_WINDOW - timedelta(days=3), "team": "考察组",
                "conclusion": "recommend"}  # fmt: skip
    notice = NoticePeriod(IN_WINDOW - timedelta(days=10), IN_WINDOW - timedelta(days=4))
    if kind == "objection":
        return {"list_on_notice": True, "notice": NoticePeriod(IN_WINDOW - timedelta(days=2), IN_WINDOW + timedelta(days=4))}
    return ListFacts(candidates=(ListCandidate(1, KUNSHAN, "industry", 90.0),), decisions={1: ListDecision.APPROVE},
                     notice=notice)  # fmt: skip


class Builders:
    """The builders above, handed to tests as one fixture (tests import no helper modules)."""

    YEARS, IN_WINDOW, KUNSHAN, JIANGYIN, JIANGSU, HEBEI = YEARS, IN_WINDOW, KUNSHAN, JIANGYIN, JIANGSU, HEBEI
    section_text = staticmethod(section_text)
    complete_plan = staticmethod(complete_plan)
    batch = staticmethod(batch)
    county_officer = staticmethod(county_officer)
    provincial_officer = staticmethod(provincial_officer)
    ministry_officer = staticmethod(ministry_officer)
    expert = staticmethod(expert)
    auditor = staticmethod(auditor)
    system = staticmethod(system)
    application = staticmethod(application)
    context = staticmethod(context)
    list_context = staticmethod(list_context)
    batch_draft = staticmethod(batch_draft)
    evaluation_facts = staticmethod(evaluation_facts)
    workflow_context = staticmethod(workflow_context)
    good_inputs = staticmethod(good_inputs)


@pytest.fixture
def b() -> type[Builders]:
    return Builders
