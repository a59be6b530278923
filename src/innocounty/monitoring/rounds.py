"""Opening and closing a data round: the ministry's call for one monitoring year's county data."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.audit.chain import record
from innocounty.common.bounds import YEAR_MAX, YEAR_MIN
from innocounty.monitoring.i18n import site_language
from innocounty.monitoring.models import (
    DataRound,
    Framework,
    FrameworkStatus,
    ProvinceSubmission,
)
from innocounty.monitoring.permissions import can_open_round
from innocounty.monitoring.workflow import TransitionRefused, run
from innocounty.notifications import recipients as notifications
from innocounty.regions.models import Province


def open_round(user, year: int, framework: Framework, deadline: dt.date, notes: str = "") -> DataRound:
    """Create the round and one draft submission per province that has counties; tell the provinces."""
    decision = can_open_round(user)
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)
    problems = []
    if not YEAR_MIN <= year <= YEAR_MAX:  # every caller is bounded too; this guards the notifications
        problems.append(_("监测年度须在 %(minimum)d 至 %(maximum)d 之间（收到 %(year)d）。") % {
            "minimum": YEAR_MIN, "maximum": YEAR_MAX, "year": year,
        })
    if framework.status != FrameworkStatus.ACTIVE:
        problems.append(_("%(framework)s 尚未启用（当前：%(status)s），请先启用。") % {
            "framework": framework, "status": framework.get_status_display(),
        })
    if DataRound.objects.filter(year=year).exists():
        problems.append(_("%(year)d 年度的数据填报轮次已存在。") % {"year": year})
    if problems:
        raise TransitionRefused(" ".join(problems))
    with transaction.atomic():
        data_round = DataRound.objects.create(
            year=year, framework=framework, deadline=deadline, notes=notes, opened_by=user
        )
        provinces = list(Province.objects.filter(counties__isnull=False).distinct().order_by("code"))
        ProvinceSubmission.objects.bulk_create(
            [ProvinceSubmission(data_round=data_round, province=p) for p in provinces]
        )
        with site_language():  # stored texts: the same whatever the actor's language
            record(user, "monitoring.round.opened", data_round,
                   after={"year": year, "framework": str(framework), "deadline": deadline.isoformat(),
                          "provinces": len(provinces)},
                   summary=f"发起{data_round}填报")
            notifications.notify(
                notifications.provincial_officers(),
                _("%(year)d 年度县（市）创新能力监测数据开始填报") % {"year": year},
                _("请于 %(deadline)s 前下载模板、填报并提交本省数据。指标体系：%(framework)s。") % {
                    "deadline": f"{deadline:%Y-%m-%d}", "framework": framework,
                },
                reverse("monitoring:rounds"),
            )
    return data_round


def close_round(user, data_round: DataRound, confirm: bool = False) -> DataRound:
    """Stop uploads and submissions for the round (accepted data stays as it is): the ``data_round``
    workflow's ``close``, consequential (refused unless ``confirm``); the provinces are told."""
    decision = can_open_round(user)
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)
    run(user, data_round, "close", {"confirm": bool(confirm)}, kind="data_round")
    return data_round
