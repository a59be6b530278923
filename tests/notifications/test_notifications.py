import pytest
from django.core import mail
from django.urls import reverse

from innocounty.accounts.models import User
from innocounty.notifications.models import Notification
from innocounty.notifications.service import notify, unread_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return User.objects.create_user("alice", email="alice@example.org", password="x-secret-123456")


@pytest.fixture
def bob():
    return User.objects.create_user("bob", email="", password="x-secret-123456")


def test_notify_creates_one_notice_per_active_recipient_and_mails_after_commit(
    alice, bob, django_capture_on_commit_callbacks
):
    inactive = User.objects.create_user("carol", email="carol@example.org", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            [alice, bob, alice, inactive, None], "申报已退回", "请补充建设方案。", "/applications/1/"
        )
    assert sorted(r.recipient.username for r in rows) == ["alice", "bob"]
    assert len(mail.outbox) == 1  # bob has no address, carol is inactive
    assert mail.outbox[0].to == ["alice@example.org"]
    assert mail.outbox[0].subject == "申报已退回"
    assert "/applications/1/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=alice).emailed is True
    assert Notification.objects.get(recipient=bob).emailed is False


def test_no_email_is_sent_when_the_transaction_rolls_back(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([alice], "t", "b")
    assert len(callbacks) == 1 and mail.outbox == []


def test_inbox_lists_only_own_notices_and_marks_read(client, alice, bob):
    notify([alice], "给 alice 的通知", url="/regions/", email=False)
    notify([bob], "给 bob 的通知", email=False)
    client.force_login(alice)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert "给 alice 的通知" in body and "给 bob 的通知" not in body
    assert unread_count(alice) == 1
    notice = Notification.objects.get(recipient=alice)
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/regions/"
    assert unread_count(alice) == 0


def test_marking_another_users_notice_is_a_404(client, alice, bob):
    (theirs,) = notify([bob], "私人通知", email=False)
    client.force_login(alice)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_external_links_are_not_followed_after_marking_read(client, alice):
    (notice,) = notify([alice], "外链", url="https://evil.example/", email=False)
    client.force_login(alice)
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read(client, alice):
    notify([alice], "一", email=False)
    notify([alice], "二", email=False)
    client.force_login(alice)
    client.post(reverse("notifications:mark_all_read"))
    assert unread_count(alice) == 0


def test_api_lists_own_notices_and_filters_unread(client, alice, bob):
    notify([alice], "A1", email=False)
    (read,) = notify([alice], "A2", email=False)
    notify([bob], "B1", email=False)
    client.force_login(alice)
    client.post(reverse("notifications:mark_read", args=[read.pk]))
    titles = [n["title"] for n in client.get("/api/notifications/").json()]
    assert sorted(titles) == ["A1", "A2"]
    unread = [n["title"] for n in client.get("/api/notifications/?unread=true").json()]
    assert unread == ["A1"]


def test_api_requires_authentication(client):
    assert client.get("/api/notifications/").status_code == 401
