"""Where each role reviews: the review index (``/reviews/``) and the province's desk of the current batch."""

from __future__ import annotations

from django.urls import reverse

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import user_roles
from innocounty.batches.models import Batch


def current_batch():
    """The newest batch somebody still works in (open before closed, then by year)."""
    batches = list(Batch.objects.current())
    batches.sort(key=lambda b: (b.status != "open", -b.year, -b.pk))
    return batches[0] if batches else None


def current_desk_url(user) -> str | None:
    """A provincial officer's desk of the current batch; None for other roles or without a batch."""
    provinces = [
        a.province_id for a in user_roles(user) if a.role == Role.PROVINCIAL_OFFICER and a.province_id
    ]
    if len(provinces) != 1:
        return None
    batch = current_batch()
    if batch is None:
        return None
    return reverse("reviews:province", args=[batch.pk, provinces[0]])


def desks_for(user) -> list[dict]:
    """Per batch (newest first), the review pages this user may open."""
    roles = user_roles(user)
    provinces = sorted({a.province for a in roles if a.role == Role.PROVINCIAL_OFFICER and a.province_id},
                       key=lambda p: p.code)  # fmt: skip
    nation = any(a.role in (Role.MINISTRY_OFFICER, Role.AUDITOR) for a in roles)
    rows = []
    for batch in Batch.objects.exclude(status="draft"):
        links = [(reverse("reviews:province", args=[batch.pk, p.code]), p.name) for p in provinces]
        if nation:
            from django.utils.translation import gettext as _

            links += [
                (reverse("reviews:overview", args=[batch.pk]), _("各省推荐情况")),
                (reverse("reviews:formal_list", args=[batch.pk]), _("形式审查")),
                (reverse("reviews:data_evaluation", args=[batch.pk]), _("数据评价")),
            ]
        if links:
            rows.append({"batch": batch, "links": links})
    return rows
