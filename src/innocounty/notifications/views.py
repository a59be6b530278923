from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from innocounty.notifications.models import Notification


@login_required
def inbox(request):
    notices = Notification.objects.filter(recipient=request.user)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "querystring": ""})


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one of the user's own notices read and follow its link (another user's notice is a 404)."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    target = (
        notice.url if url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}) else ""
    )
    return redirect(target or "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:inbox")
