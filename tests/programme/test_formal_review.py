"""The formal review checklist: five checks, each with its reasons."""

from innocounty.programme import ApplicationState, ConstructionPlan, Theme, formal_review_checklist


def test_a_good_forwarded_application_passes_every_check(b):
    app = b.application(ApplicationState.FORWARDED, recommendation_priority=2)
    items = formal_review_checklist(app, b.batch())
    assert [i.code for i in items] == [
        "complete", "unit_type_eligible", "theme_chosen", "plan_sections_present",
        "provincial_recommendation_present",
    ]  # fmt: skip
    assert all(i.passed for i in items)


def test_each_check_fails_with_its_reason(b):
    app = b.application(ApplicationState.RECOMMENDED, unit_type="市辖区", plan=ConstructionPlan())
    items = {i.code: i for i in formal_review_checklist(app, b.batch())}
    assert not any(i.passed for i in items.values())
    assert len(items["plan_sections_present"].problems) == 7
    assert items["provincial_recommendation_present"].problems[0].code == "recommendation_missing"
    assert items["complete"].problems[0].code == "theme_missing"


def test_theme_not_offered(b):
    app = b.application(ApplicationState.FORWARDED, recommendation_priority=1)
    items = {i.code: i for i in formal_review_checklist(app, b.batch(themes=frozenset({Theme.LIVELIHOOD})))}
    assert [p.code for p in items["theme_chosen"].problems] == ["theme_not_offered"]
