"""Comments on a county's row: the county's officers and its province talk about the figures."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role, User
from innocounty.monitoring import notifications
from innocounty.monitoring.i18n import site_language
from innocounty.monitoring.models import DataComment, DataRound
from innocounty.monitoring.permissions import can_comment_county_row
from innocounty.monitoring.workflow import TransitionRefused


def add_comment(user, data_round: DataRound, county, text: str, indicator_code: str = "") -> DataComment:
    """Store the comment and tell the other side (the province, or the county's officers)."""
    decision = can_comment_county_row(user, county)
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)
    text = text.strip()
    if not text:
        raise TransitionRefused(_("意见不能为空。"))
    with transaction.atomic():
        comment = DataComment.objects.create(
            data_round=data_round, county=county, author=user, indicator_code=indicator_code, text=text[:2000]
        )
        county_officers = list(
            User.objects.filter(is_active=True, role_assignments__role=Role.COUNTY_OFFICER,
                                role_assignments__county=county).distinct()
        )
        if any(u.pk == user.pk for u in county_officers):
            recipients = notifications.provincial_officers(county.province_id)
        else:
            recipients = county_officers
        with site_language():  # the notification is stored; the recipients' language is not the author's
            title = _("%(county)s %(year)d 年度数据有新意见") % {"county": county.name, "year": data_round.year}
        notifications.notify(
            [u for u in recipients if u.pk != user.pk], title, f"{user}：{text[:200]}",
            reverse("monitoring:county", args=[data_round.pk, county.code]),
        )
    return comment
