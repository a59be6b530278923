"""Submission state transitions: who may, from which state, with which guard; audit and notifications."""

import pytest
from django.core import mail

from innocounty.audit.models import AuditEvent
from innocounty.monitoring.models import SubmissionState
from innocounty.monitoring.uploads import UploadedFile, receive_upload
from innocounty.monitoring.workflow import TransitionRefused, available_transitions, perform
from innocounty.notifications.models import Notification
from innocounty.programme.data_workflows import SUBMISSION


@pytest.fixture
def with_data(north_submission, north_officer, valid_north_workbook):
    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    return north_submission


def test_the_table_is_declared_in_one_place():
    assert {t.name: (sorted(s.value for s in t.from_states), t.to_state.value) for t in SUBMISSION.transitions} == {
        "submit": (["draft", "returned"], "submitted"),
        "accept": (["submitted"], "accepted"),
        "return": (["submitted"], "returned"),
    }
    assert {t.name for t in SUBMISSION.transitions if t.consequential} == {"submit", "accept"}


def test_submit_accept_happy_path_with_audit_and_notices(with_data, north_officer, ministry,
                                                        django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission = perform(with_data, "submit", north_officer, confirm=True)
    assert submission.state == SubmissionState.SUBMITTED and submission.submitted_by == north_officer
    assert Notification.objects.filter(recipient=ministry, title__contains="已提交").exists()
    with django_capture_on_commit_callbacks(execute=True):
        submission = perform(submission, "accept", ministry, confirm=True)
    assert submission.state == SubmissionState.ACCEPTED and submission.is_locked
    assert Notification.objects.filter(recipient=north_officer, title__contains="已被接收").exists()
    actions = list(AuditEvent.objects.filter(object_id=str(submission.pk), action__startswith="submission.")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["submission.submit", "submission.accept"]
    assert [(t.from_state, t.to_state) for t in submission.transitions.all()] == [
        ("draft", "submitted"), ("submitted", "accepted")]
    assert {m.to[0] for m in mail.outbox} >= {"most@example.org", "north@example.org"}


def test_return_needs_a_reason_then_resubmit(with_data, north_officer, ministry):
    perform(with_data, "submit", north_officer, confirm=True)
    with pytest.raises(TransitionRefused, match="理由"):
        perform(with_data, "return", ministry, "  ")
    returned = perform(with_data, "return", ministry, "I05 数值明显偏大，请核实。")
    assert returned.state == SubmissionState.RETURNED and returned.return_reason.startswith("I05")
    assert Notification.objects.filter(recipient=north_officer, body__contains="I05").exists()
    again = perform(returned, "submit", north_officer, confirm=True)
    assert again.state == SubmissionState.SUBMITTED and again.return_reason == ""


def test_submit_without_data_is_refused(north_submission, north_officer):
    with pytest.raises(TransitionRefused, match="尚未导入"):
        perform(north_submission, "submit", north_officer, confirm=True)


@pytest.mark.parametrize("who", ["south_officer", "ministry", "county_officer", "auditor", "expert"])
def test_only_the_province_may_submit(with_data, who, request):
    with pytest.raises(TransitionRefused) as refused:
        perform(with_data, "submit", request.getfixturevalue(who), confirm=True)
    assert refused.value.forbidden


@pytest.mark.parametrize("who", ["north_officer", "south_officer", "auditor", "county_officer"])
def test_only_the_ministry_may_accept_or_return(with_data, north_officer, who, request):
    perform(with_data, "submit", north_officer, confirm=True)
    for action in ("accept", "return"):
        with pytest.raises(TransitionRefused) as refused:
            perform(with_data, action, request.getfixturevalue(who), "理由", confirm=True)
        assert refused.value.forbidden


def test_accepted_is_final(with_data, north_officer, ministry):
    perform(with_data, "submit", north_officer, confirm=True)
    perform(with_data, "accept", ministry, confirm=True)
    for user, action in ((north_officer, "submit"), (ministry, "return"), (ministry, "accept")):
        with pytest.raises(TransitionRefused, match="已接收"):
            perform(with_data, action, user, "理由", confirm=True)
    assert available_transitions(with_data, ministry) == []


def test_closed_round_refuses_submission(with_data, north_officer, ministry):
    from innocounty.monitoring.rounds import close_round

    close_round(ministry, with_data.data_round, confirm=True)
    with pytest.raises(TransitionRefused, match="关闭"):
        perform(with_data, "submit", north_officer, confirm=True)


def test_available_transitions_follow_role(with_data, north_officer, ministry):
    assert [t.name for t in available_transitions(with_data, north_officer)] == ["submit"]
    assert available_transitions(with_data, ministry) == []
    perform(with_data, "submit", north_officer, confirm=True)
    with_data.refresh_from_db()
    assert [t.name for t in available_transitions(with_data, ministry)] == ["accept", "return"]


@pytest.mark.parametrize("action", ["submit", "accept"])
def test_submit_and_accept_are_refused_without_confirmation(with_data, north_officer, ministry, action):
    if action == "accept":
        perform(with_data, "submit", north_officer, confirm=True)
    user = north_officer if action == "submit" else ministry
    before = AuditEvent.objects.count(), with_data.transitions.count(), Notification.objects.count()
    state = type(with_data).objects.get(pk=with_data.pk).state
    with pytest.raises(TransitionRefused, match="须确认") as refused:
        perform(with_data, action, user)
    assert not refused.value.forbidden
    assert ("审核" if action == "submit" else "锁定") in refused.value.reason  # the consequence is stated
    assert type(with_data).objects.get(pk=with_data.pk).state == state
    assert (AuditEvent.objects.count(), with_data.transitions.count(), Notification.objects.count()) == before


def test_closing_a_round_is_consequential_and_notifies_the_provinces(with_data, ministry, north_officer):
    from innocounty.monitoring.models import DataRound
    from innocounty.monitoring.rounds import close_round

    data_round = with_data.data_round
    with pytest.raises(TransitionRefused, match="须确认"):
        close_round(ministry, data_round)
    assert DataRound.objects.get(pk=data_round.pk).status == "open"
    close_round(ministry, data_round, confirm=True)
    assert DataRound.objects.get(pk=data_round.pk).status == "closed"
    assert AuditEvent.objects.filter(action="data_round.close", object_id=str(data_round.pk)).count() == 1
    assert Notification.objects.filter(recipient=north_officer, title__contains="已关闭").exists()
    with pytest.raises(TransitionRefused, match="已关闭"):
        close_round(ministry, data_round, confirm=True)
