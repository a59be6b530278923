"""Comments on a county's row: the county's officers and its province talk about the figures."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role, User
from innocounty.audit.chain import record
from innocounty.monitoring.columns import columns_for_framework
from innocounty.monitoring.i18n import site_language
from innocounty.monitoring.models import DataComment, DataRound
from innocounty.monitoring.permissions import can_comment_county_row
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.notifications import recipients as notifications

MAX_TEXT = 2000
INDICATOR_CODE_LENGTH = DataComment._meta.get_field("indicator_code").max_length


def _checked(data_round: DataRound, text: str, indicator_code: str) -> tuple[str, str]:
    """The comment's text and indicator code, or a refusal naming the problem (checked before any write)."""
    if not data_round.is_open:
        raise TransitionRefused(_("%(round)s已关闭，不能再发表意见。") % {"round": data_round})
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(_("意见不能为空。"))
    if len(text) > MAX_TEXT:
        raise TransitionRefused(_("意见最多 %(limit)d 字，现为 %(length)d 字。") % {"limit": MAX_TEXT, "length": len(text)})
    code = (indicator_code or "").strip()
    if code:
        known = {c.code for c in columns_for_framework(data_round.framework)}
        if len(code) > INDICATOR_CODE_LENGTH or code not in known:
            shown = code if len(code) <= INDICATOR_CODE_LENGTH else code[:INDICATOR_CODE_LENGTH] + "…"
            raise TransitionRefused(_("指标“%(code)s”不属于本轮的指标体系（%(framework)s）。") % {
                "code": shown, "framework": data_round.framework.name,
            })
    return text, code


def add_comment(user, data_round: DataRound, county, text: str, indicator_code: str = "") -> DataComment:
    """Store the comment and tell the other side (the province, or the county's officers)."""
    decision = can_comment_county_row(user, county)
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)
    text, indicator_code = _checked(data_round, text, indicator_code)
    with transaction.atomic():
        comment = DataComment.objects.create(
            data_round=data_round, county=county, author=user, indicator_code=indicator_code, text=text
        )
        record(user, "monitoring.comment.added", comment,
               after={"county": county.code, "indicator_code": indicator_code, "length": len(text)},
               summary=f"{county.name} {data_round.year} 年度数据意见")
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
