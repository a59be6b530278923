from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from innocounty.common.bounds import DbId
from innocounty.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class Message(Schema):
    detail: str


@router.get(
    "/",
    response={200: list[NotificationOut], 401: Message, 422: dict},
    summary="My notices, newest first (at most 100)",
)
def list_notifications(request, unread: bool = False):
    notices = Notification.objects.filter(recipient=request.auth)
    if unread:
        notices = notices.filter(read_at__isnull=True)
    return list(notices[:100])


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, 401: Message, 404: Message, 422: dict},
    summary="Mark a notice read",
)
def read_notification(request, notification_id: DbId):
    notice = get_object_or_404(Notification, pk=notification_id, recipient=request.auth)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
