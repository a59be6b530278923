"""The county entry (``county_entry``) bound to the workflow adapter: its context, effects and notices.

Submitting writes the entry's values into the round (:func:`write_entry_values`): one upload row of source
``county_entry`` stands for the act, so every value keeps who, how and when, and a change gets its revision
exactly as a workbook's does. Registered from ``MonitoringConfig.ready()``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.common import clock
from innocounty.monitoring.bindings import _officers, _reason
from innocounty.monitoring.i18n import site_language
from innocounty.monitoring.importing import save_values
from innocounty.monitoring.models import CountyEntry, ProvinceSubmission, Upload, UploadSource, UploadStatus
from innocounty.notifications import recipients as notifications
from innocounty.programme import Recipient, Role, SubjectContext
from innocounty.programme.data_workflows import COUNTY_ENTRY, CountyEntryState
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, Change, bind


class _Facts(Mapping):
    """Facts computed when a guard first reads them (the checks of the values cost a screening)."""

    def __init__(self, entry: CountyEntry):
        self.entry = entry
        self._data: dict | None = None
        self._cheap = {"round_open": entry.data_round.is_open, "province_open": _province_open(entry)}

    def _load(self) -> dict:
        if self._data is None:
            from innocounty.monitoring.county_entry import check_values

            result = check_values(
                self.entry.data_round,
                self.entry.county,
                self.entry.values or {},
                self.entry.confirmed_warnings,
            )
            self._data = {
                **self._cheap,
                "errors": result["errors"],
                "unconfirmed_warnings": result["unconfirmed_warnings"],
            }
        return self._data

    def __getitem__(self, key):
        if key in self._cheap:
            return self._cheap[key]
        return self._load()[key]

    def __iter__(self):
        return iter(self._load())

    def __len__(self):
        return len(self._load())


def _submission(entry: CountyEntry) -> ProvinceSubmission | None:
    return ProvinceSubmission.objects.filter(
        data_round=entry.data_round, province_id=entry.county.province_id
    ).first()


def _province_open(entry: CountyEntry) -> bool:
    submission = _submission(entry)
    return submission is None or submission.state in ("draft", "returned")


def entry_context(user, entry: CountyEntry, inputs=None, via=None) -> SubjectContext:
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=CountyEntryState(entry.state),
                          county_code=entry.county_id, province_code=entry.county.province_id,
                          facts=_Facts(entry), inputs=inputs or {}, via=via)  # fmt: skip


def _summary(entry: CountyEntry, label: str, inputs) -> str:
    with site_language():
        return f"{_(label)}：{entry}"


def _notice(entry: CountyEntry, label: str, inputs) -> tuple[str, str, str]:
    url = reverse("monitoring:county_entry", args=[entry.data_round_id, entry.county_id])
    with site_language():
        county, year = entry.county.name, entry.data_round.year
        if entry.state == CountyEntryState.SUBMITTED:
            return (
                _("%(county)s已提交 %(year)d 年度县级填报") % {"county": county, "year": year},
                _("请审核后接收或退回。"),
                url,
            )
        if entry.state == CountyEntryState.ACCEPTED:
            return (
                _("%(year)d 年度县级填报已被省级接收") % {"year": year},
                _("省级科技管理部门已接收本县数据。"),
                url,
            )
        return (
            _("%(year)d 年度县级填报被退回") % {"year": year},
            _("退回原因：%(reason)s\n请修改后重新提交。") % {"reason": _reason(inputs)},
            url,
        )


def _recipients(recipient: Recipient, entry: CountyEntry) -> list:
    if recipient.role is Role.COUNTY_OFFICER:
        return notifications.users_for(recipient, [entry.county_id])
    return _officers(recipient)


COUNTY_ENTRY_BINDING = Binding(
    workflow=COUNTY_ENTRY, model=CountyEntry, context=entry_context, summary=_summary, notice=_notice,
    recipients=_recipients, select_related=("data_round__framework", "county__province"),
)  # fmt: skip


def write_entry_values(entry: CountyEntry, user, at) -> Upload:
    """The entry's values into the round (created or changed, with revisions), from one ``county_entry`` upload."""
    payload = json.dumps(entry.values, sort_keys=True).encode()
    with site_language():
        name = _("%(county)s县级在线填报") % {"county": entry.county.name}
    upload = Upload.objects.create(
        data_round=entry.data_round,
        submission=_submission(entry),
        uploaded_by=user,
        original_name=name[:255],
        size=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        status=UploadStatus.IMPORTED,
        source=UploadSource.COUNTY_ENTRY,
        county_entry=entry,
        row_count=1,
        imported_at=at,
        report={"county_entry": entry.pk},
    )
    values = {code: (None if v is None else float(v)) for code, v in (entry.values or {}).items()}
    result = save_values(entry.data_round, {entry.county_id: values}, upload, user)
    Upload.objects.filter(pk=upload.pk).update(values_created=result.created, values_changed=result.changed)
    return upload


@COUNTY_ENTRY_BINDING.effect("write_values")
def _write_values(change: Change) -> None:
    write_entry_values(change.subject, change.user, change.at)


@COUNTY_ENTRY_BINDING.effect("stamp_submitted")
def _stamp_submitted(change: Change) -> None:
    entry = change.subject
    entry.submitted_at, entry.submitted_by, entry.return_reason = change.at, change.user, ""
    entry.save(update_fields=["submitted_at", "submitted_by", "return_reason"])


@COUNTY_ENTRY_BINDING.effect("stamp_reviewed")
def _stamp_reviewed(change: Change) -> None:
    entry = change.subject
    entry.reviewed_at, entry.reviewed_by = change.at, change.user
    entry.return_reason = (
        _reason(change.inputs) if change.outcome.to_state is CountyEntryState.RETURNED else ""
    )
    entry.save(update_fields=["reviewed_at", "reviewed_by", "return_reason"])


bind(COUNTY_ENTRY_BINDING)
