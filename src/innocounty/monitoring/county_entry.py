"""A county enters its own values for an open round in the browser (县级在线填报).

The form holds one field per column of the round; :func:`check_values` gives, for what is typed, each
field's own problem (type, sign, range) and the rules and outliers of the county with those values in
place. Saving keeps a draft (``CountyEntry.values``; the first save is the ``start`` transition); submitting
(``county_entry.submit``, consequential) is refused while an error remains or a warning is unconfirmed,
and writes the values into the round with the county entry as their provenance
(:mod:`innocounty.monitoring.entry_bindings`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innocounty.audit.chain import record
from innocounty.common import clock
from innocounty.monitoring.columns import Column
from innocounty.monitoring.i18n import in_site_language
from innocounty.monitoring.models import CountyEntry, CountyEntryState, DataRound, IndicatorValue
from innocounty.monitoring.permissions import can_enter_county_data, can_review_county_entries
from innocounty.monitoring.quality import check_round
from innocounty.monitoring.queries import display_columns
from innocounty.monitoring.text_fields import FORM_PREFIX, save_texts, text_fields_of, typed_texts
from innocounty.monitoring.validation import NotANumber, cell_problem, parse_number
from innocounty.monitoring.workflow import TransitionRefused, run

KIND = "county_entry"
EDITABLE = (CountyEntryState.NOT_STARTED, CountyEntryState.DRAFT, CountyEntryState.RETURNED)
MAX_FIELD = 40  # characters of one typed value


def entry_for(data_round: DataRound, county) -> CountyEntry:
    entry, _created = CountyEntry.objects.get_or_create(data_round=data_round, county=county)
    return entry


def stored_values(data_round: DataRound, county) -> dict[str, float | None]:
    return dict(
        IndicatorValue.objects.filter(data_round=data_round, county=county).values_list("code", "value")
    )


def form_values(entry: CountyEntry) -> dict[str, float | None]:
    """What the form shows: the draft, else the round's stored values (e.g. from the province's workbook)."""
    if entry.values:
        return dict(entry.values)
    return stored_values(entry.data_round, entry.county)


def parse_fields(columns: list[Column], raw: dict) -> tuple[dict[str, float | None], dict[str, str]]:
    """(values, field errors in the reader's language) of the typed texts; unknown keys are ignored."""
    values: dict[str, float | None] = {}
    errors: dict[str, str] = {}
    for col in columns:
        if col.code not in raw:  # not sent: left as it is
            continue
        text = raw[col.code]
        text = "" if text is None else str(text)[:MAX_FIELD]
        try:
            value = parse_number(text)
        except NotANumber:
            errors[col.code] = _("不是数值：只能填写数字；没有数据请留空。")
            continue
        if value is not None:
            problem = cell_problem(col, value)
            if problem is not None:
                _rule, template, params = problem
                errors[col.code] = _(template) % params if params else _(template)
                continue
        values[col.code] = value
    return values, errors


def check_values(data_round: DataRound, county, raw: dict, confirmed: list[str] | None = None) -> dict:
    """Everything the form shows about what is typed: field errors, rule violations and outlier flags."""
    columns = display_columns(data_round.framework)
    values, field_errors = parse_fields(columns, raw)
    specs = text_fields_of(data_round.framework)
    texts, text_errors = typed_texts(specs, raw)
    field_errors.update({FORM_PREFIX + code: msg for code, msg in text_errors.items()})
    report = check_round(data_round, overrides={county.code: values}, only={county.code})
    confirmed = set(confirmed or [])
    items = report.items(county.code)
    for item in items:
        if item["severity"] == "warning" and f"{item['kind']}:{item['key']}" in confirmed:
            item["confirmed"] = True
    return {
        "values": values,
        "texts": texts,
        "text_specs": specs,
        "field_errors": field_errors,
        "items": items,
        "errors": len(field_errors) + sum(1 for i in items if i["severity"] == "error"),
        "unconfirmed_warnings": sum(1 for i in items if i["severity"] == "warning" and not i["confirmed"]),
    }


def _require(decision) -> None:
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)


def save_draft(user, entry: CountyEntry, raw: dict, confirmed: list[str] | None = None) -> dict:
    """Keep what is typed (valid fields only; the others stay as they were) and the confirmed warnings; the
    framework's free-text fields (``text__<code>``) are written to the round at once (TextValue, audited)."""
    _require(can_enter_county_data(user, entry.county))
    if not entry.data_round.is_open:
        raise TransitionRefused(_("本轮数据填报已关闭。"))
    if entry.state not in EDITABLE:
        raise TransitionRefused(_("当前状态为“%(state)s”，不能修改。") % {"state": entry.get_state_display()})
    result = check_values(entry.data_round, entry.county, raw, confirmed)
    with transaction.atomic():
        result["texts_changed"] = save_texts(user, entry.data_round, entry.county, result["text_specs"],
                                             result["texts"], "county_entry")
        if entry.state == CountyEntryState.NOT_STARTED:
            run(user, entry, "start", kind=KIND)
            entry.refresh_from_db()
        kept = dict(form_values(entry))
        kept.update(result["values"])
        keys = {f"{i['kind']}:{i['key']}" for i in result["items"] if i["severity"] == "warning"}
        entry.values = kept
        entry.confirmed_warnings = sorted(k for k in (confirmed or []) if k in keys)[:200]
        entry.saved_at, entry.saved_by = clock.now(), user
        entry.save(update_fields=["values", "confirmed_warnings", "saved_at", "saved_by"])
        record(
            user,
            "monitoring.county_entry.saved",
            entry,
            after={
                "fields": len(result["values"]),
                "errors": result["errors"],
                "warnings": result["unconfirmed_warnings"],
            },
            summary=f"保存县级填报草稿：{in_site_language(entry)}",
        )
    return result


def submit(user, entry: CountyEntry, confirm: bool = False) -> CountyEntry:
    _require(can_enter_county_data(user, entry.county))
    run(user, entry, "submit", {"confirm": bool(confirm)}, kind=KIND)
    return CountyEntry.objects.get(pk=entry.pk)


def review(user, entry: CountyEntry, action: str, reason: str = "", confirm: bool = False) -> CountyEntry:
    """The province accepts or returns (with a reason) a county's submitted entry."""
    _require(can_review_county_entries(user, entry.county.province))
    if action not in ("accept", "return"):
        raise TransitionRefused(_("未知的操作。"))
    run(user, entry, action, {"reason": reason.strip(), "confirm": bool(confirm)}, kind=KIND)
    return CountyEntry.objects.get(pk=entry.pk)


def province_entries(data_round: DataRound, province_code: str) -> list[dict]:
    """Every eligible county of the province with its entry's state (not started when it has none)."""
    from innocounty.regions.models import County

    entries = {
        e.county_id: e
        for e in CountyEntry.objects.filter(data_round=data_round, county__province_id=province_code)
    }
    counties = County.objects.eligible().filter(province_id=province_code).order_by("code")
    return [{"county": c, "entry": entries.get(c.code)} for c in counties]
