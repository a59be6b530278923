"""Deadline reminders of the approval stage (sent once each, see :mod:`innocounty.notifications.reminders`):

- an open question: its county's officers, two days before the deadline (``question:<id>:before-2``) and on
  the deadline day (``question:<id>:due``);
- a list on notice: the ministry, on the day after the period's last day (``approval_list:<id>:notice-over``:
  the list may now be finalised, once every objection is resolved).
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from innocounty.approvals.models import ApprovalList, Question
from innocounty.common.clock import CHINA
from innocounty.notifications.recipients import users_for
from innocounty.notifications.reminders import DueReminder, reminder_source
from innocounty.programme import Recipient, Role
from innocounty.programme.approval import ApprovalListState, QuestionState


@reminder_source("approvals")
def due(now):
    today = now.astimezone(CHINA).date()
    open_questions = Question.objects.filter(state=QuestionState.OPEN.value, deadline__gte=today,
                                             deadline__lte=today + timedelta(days=2)).select_related("application__county")  # fmt: skip
    for q in open_questions:
        occasion = "due" if q.deadline == today else "before-2"
        county = q.application.county
        yield DueReminder(
            key=f"question:{q.pk}:{occasion}",
            recipients=tuple(users_for(Recipient(Role.COUNTY_OFFICER, county.province_id, county.pk))),
            title=f"{county.name}：质询答复期限{q.deadline.isoformat()}", body=q.text[:200],
            url=reverse("approvals:questions", args=[q.application_id]),
        )  # fmt: skip
    for lst in ApprovalList.objects.filter(state=ApprovalListState.ON_NOTICE.value, notice_ends__lt=today).select_related("batch"):
        yield DueReminder(
            key=f"approval_list:{lst.pk}:notice-over",
            recipients=tuple(users_for(Recipient(Role.MINISTRY_OFFICER))),
            title=f"{lst.batch.name}批准建设名单公示期已满（{lst.notice_ends.isoformat()}）", body="",
            url=reverse("approvals:list", args=[lst.batch_id]),
        )  # fmt: skip
