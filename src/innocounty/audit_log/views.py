from django.core.paginator import Paginator
from django.shortcuts import render

from innocounty.accounts.guards import require
from innocounty.accounts.permissions import can_view_audit_log
from innocounty.audit.filters import filter_events, recorded_actions
from innocounty.audit.labels import action_label

PAGE_SIZE = 50
FILTER_NAMES = ("action", "actor", "object_type", "object_id", "text")


@require(can_view_audit_log)
def event_list(request):
    filters = {name: request.GET.get(name, "").strip() for name in FILTER_NAMES}
    page = Paginator(filter_events(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    for event in page.object_list:
        event.action_label = action_label(event.action)
    actions = sorted(((code, action_label(code)) for code in recorded_actions()), key=lambda a: a[1])
    context = {"page": page, "filters": filters, "actions": actions, "query": query.urlencode()}
    return render(request, "audit/event_list.html", context)
