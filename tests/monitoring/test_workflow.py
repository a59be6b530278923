"""Submission state transitions: who may, from which state, with which guard; audit and notifications."""

import pytest
from django.core import mail

from innocounty.audit.models import AuditEvent
from innocounty.monitoring.models import SubmissionState
from innocounty.monitoring.uploads import UploadedFile, receive_upload
from innocounty.monitoring.workflow import TRANSITIONS, TransitionRefused, available_transitions, perform
from innocounty.notifications.models import Notification


@pytest.fixture
def with_data(north_submission, north_officer, valid_north_workbook):
    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    return north_submission


def test_the_table_is_declared_in_one_place():
    assert {name: (sorted(t.sources), t.target) for name, t in TRANSITIONS.items()} == {
        "submit": (["draft", "returned"], "submitted"),
        "accept": (["submitted"], "accepted"),
        "return": (["submitted"], "returned"),
    }


def test_submit_accept_happy_path_with_audit_and_notices(with_data, north_officer, ministry,
                                                        django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission = perform(with_data, "submit", north_officer)
    assert submission.state == SubmissionState.SUBMITTED and submission.submitted_by == north_officer
    assert Notification.objects.filter(recipient=ministry, title__contains="已提交").exists()
    with django_capture_on_commit_callbacks(execute=True):
        submission = perform(submission, "accept", ministry)
    assert submission.state == SubmissionState.ACCEPTED and submission.is_locked
    assert Notification.objects.filter(recipient=north_officer, title__contains="已被接收").exists()
    actions = list(AuditEvent.objects.filter(object_id=str(submission.pk), action__startswith="monitoring.submission")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["monitoring.submission.submit", "monitoring.submission.accept"]
    assert [(t.from_state, t.to_state) for t in submission.transitions.all()] == [
        ("draft", "submitted"), ("submitted", "accepted")]
    assert {m.to[0] for m in mail.outbox} >= {"most@example.org", "north@example.org"}


def test_return_needs_a_reason_then_resubmit(with_data, north_officer, ministry):
    perform(with_data, "submit", north_officer)
    with pytest.raises(TransitionRefused, match="原因"):
        perform(with_data, "return", ministry, "  ")
    returned = perform(with_data, "return", ministry, "I05 数值明显偏大，请核实。")
    assert returned.state == SubmissionState.RETURNED and returned.return_reason.startswith("I05")
    assert Notification.objects.filter(recipient=north_officer, body__contains="I05").exists()
    again = perform(returned, "submit", north_officer)
    assert again.state == SubmissionState.SUBMITTED and again.return_reason == ""


def test_submit_without_data_is_refused(north_submission, north_officer):
    with pytest.raises(TransitionRefused, match="尚未导入"):
        perform(north_submission, "submit", north_officer)


@pytest.mark.parametrize("who", ["south_officer", "ministry", "county_officer", "auditor", "expert"])
def test_only_the_province_may_submit(with_data, who, request):
    with pytest.raises(TransitionRefused) as refused:
        perform(with_data, "submit", request.getfixturevalue(who))
    assert refused.value.forbidden


@pytest.mark.parametrize("who", ["north_officer", "south_officer", "auditor", "county_officer"])
def test_only_the_ministry_may_accept_or_return(with_data, north_officer, who, request):
    perform(with_data, "submit", north_officer)
    for action in ("accept", "return"):
        with pytest.raises(TransitionRefused) as refused:
            perform(with_data, action, request.getfixturevalue(who), "理由")
        assert refused.value.forbidden


def test_accepted_is_final(with_data, north_officer, ministry):
    perform(with_data, "submit", north_officer)
    perform(with_data, "accept", ministry)
    for user, action in ((north_officer, "submit"), (ministry, "return"), (ministry, "accept")):
        with pytest.raises(TransitionRefused, match="已接收"):
            perform(with_data, action, user, "理由")
    assert available_transitions(with_data, ministry) == []


def test_closed_round_refuses_submission(with_data, north_officer, ministry):
    from innocounty.monitoring.rounds import close_round

    close_round(ministry, with_data.data_round)
    with pytest.raises(TransitionRefused, match="关闭"):
        perform(with_data, "submit", north_officer)


def test_available_transitions_follow_role(with_data, north_officer, ministry):
    assert [t.name for t in available_transitions(with_data, north_officer)] == ["submit"]
    assert available_transitions(with_data, ministry) == []
    perform(with_data, "submit", north_officer)
    with_data.refresh_from_db()
    assert [t.name for t in available_transitions(with_data, ministry)] == ["accept", "return"]
