"""Issue 8 item 31: a county shares its draft with its province, which comments per part before
submission; the county answers; all of it stays in the application's history."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.applications.models import ApplicationEvent, PlanComment
from innocounty.audit.models import AuditEvent
from innocounty.common.states import seeding_states
from innocounty.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _share(client, app, shared=True):
    return client.post(reverse("applications:sharing", args=[app.pk]), {"shared": "1" if shared else "0"})


def test_a_draft_is_hidden_from_the_province_until_shared(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.province)
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 404
    client.force_login(cast.county)
    assert _share(client, app).status_code == 302
    app.refresh_from_db()
    assert app.shared_with_province
    assert AuditEvent.objects.filter(action="application.share_draft").exists()
    assert Notification.objects.filter(recipient=cast.province).exists()
    client.force_login(cast.province)
    page = client.get(reverse("applications:detail", args=[app.pk]))
    assert page.status_code == 200 and 'data-testid="comment-form"' in page.content.decode()
    # Another province still sees nothing.
    client.force_login(cast.province_zj)
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 404
    assert client.get(f"/api/applications/{app.pk}").status_code == 404


def test_only_the_county_shares(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county_guan)
    assert _share(client, app).status_code == 404
    app.shared_with_province = True
    app.save()
    client.force_login(cast.province)
    assert _share(client, app, False).status_code == 403
    app.refresh_from_db()
    assert app.shared_with_province


def test_province_comments_per_part_and_county_answers(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    _share(client, app)
    client.force_login(cast.province)
    client.post(
        reverse("applications:comment", args=[app.pk]), {"part": "basis", "text": "请补充近三年研发投入数据"}
    )
    comment = PlanComment.objects.get()
    assert comment.part == "basis" and comment.author == cast.province
    assert (
        client.post(
            reverse("applications:comment", args=[app.pk]), {"part": "nowhere", "text": "x"}
        ).status_code
        == 302
    )
    assert PlanComment.objects.count() == 1  # an unknown part is refused with a message
    # The county sees the comment beside the section and answers it.
    client.force_login(cast.county)
    editor = client.get(reverse("applications:edit", args=[app.pk])).content.decode()
    assert "请补充近三年研发投入数据" in editor and 'data-testid="comments-basis"' in editor
    client.post(
        reverse("applications:answer", args=[app.pk, comment.pk]), {"answer": "已在第二段补充2021—2023年数据"}
    )
    comment.refresh_from_db()
    assert comment.answer.startswith("已在第二段") and comment.answered_by == cast.county
    again = client.post(reverse("applications:answer", args=[app.pk, comment.pk]), {"answer": "改写答复"})
    assert again.status_code == 302
    comment.refresh_from_db()
    assert comment.answer.startswith("已在第二段")  # answers are not rewritten
    # Both stay in the history, also after submission, for everyone who sees the application.
    names = list(ApplicationEvent.objects.filter(application=app).values_list("transition", flat=True))
    assert names == ["share_draft", "guidance_comment", "guidance_answer"]
    with seeding_states():  # the later steps are not this test's subject
        app.state = "forwarded"
        app.save()
    client.force_login(cast.ministry)
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "请补充近三年研发投入数据" in detail and "已在第二段补充2021—2023年数据" in detail


def test_no_comments_after_submission_or_without_sharing(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.province)
    response = client.post(reverse("applications:comment", args=[app.pk]), {"part": "basis", "text": "意见"})
    assert response.status_code == 403 and not PlanComment.objects.exists()
    draft = make_application(batch, cast.guan, cast.county_guan)
    assert (
        client.post(
            reverse("applications:comment", args=[draft.pk]), {"part": "basis", "text": "意见"}
        ).status_code
        == 404
    )


def test_guidance_through_the_api(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    shared = client.put(
        f"/api/applications/{app.pk}/sharing", {"shared": True}, content_type="application/json"
    )
    assert shared.status_code == 200 and shared.json()["shared_with_province"] is True
    client.force_login(cast.province)
    empty = client.post(f"/api/applications/{app.pk}/comments", {"part": "targets", "text": " "},
                        content_type="application/json")  # fmt: skip
    assert empty.status_code == 400 and empty.json()["reasons"][0]["path"] == "text"
    made = client.post(f"/api/applications/{app.pk}/comments", {"part": "targets", "text": "目标偏低"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    client.force_login(cast.county)
    answered = client.post(f"/api/applications/{app.pk}/comments/{made.json()['id']}/answer",
                           {"answer": "已提高2027年目标"}, content_type="application/json")  # fmt: skip
    assert answered.status_code == 200 and answered.json()["answer"] == "已提高2027年目标"
    listed = client.get(f"/api/applications/{app.pk}/comments").json()
    assert [(c["part"], c["text"], c["answer"]) for c in listed] == [
        ("targets", "目标偏低", "已提高2027年目标")
    ]


def test_shared_drafts_and_open_comments_are_to_dos(client, cast, batch):
    from innocounty.applications.todos import county_application_todos, province_guidance_todos

    app = make_application(batch, cast.zhengding, cast.county)
    province_role = cast.province.role_assignments.get()
    assert province_guidance_todos(cast.province, province_role) == []
    client.force_login(cast.county)
    _share(client, app)
    [item] = province_guidance_todos(cast.province, province_role)
    assert cast.zhengding.name in item.title
    client.force_login(cast.province)
    client.post(reverse("applications:comment", args=[app.pk]), {"part": "general", "text": "总体思路需聚焦主导产业"})
    titles = [i.title for i in county_application_todos(cast.county, cast.county.role_assignments.get())]
    assert any("1条指导意见待答复" in t for t in titles)
