"""Read models shared by the pages and the API: what a round, a submission and a county's row look like."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from django.db.models import Count, Q
from django.utils.translation import gettext

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import has_nation_wide_role, user_roles
from innocounty.monitoring.columns import Column, columns_for_framework
from innocounty.monitoring.i18n import is_english
from innocounty.monitoring.models import (
    DataRound,
    IndicatorValue,
    IndicatorValueRevision,
    ProvinceSubmission,
    SubmissionState,
)
from innocounty.monitoring.template import TemplateCounty, TemplateSpec
from innocounty.monitoring.uploads import change_factor, previous_values
from innocounty.regions.models import County


def user_province_codes(user) -> set[str]:
    return {a.province_id for a in user_roles(user) if a.role == Role.PROVINCIAL_OFFICER}


def user_county_codes(user) -> set[str]:
    return {a.county_id for a in user_roles(user) if a.role == Role.COUNTY_OFFICER}


def submissions_visible_to(user):
    """Submissions the user may open: all for ministry and auditors, their provinces' otherwise."""
    submissions = ProvinceSubmission.objects.select_related("data_round", "province")
    if has_nation_wide_role(user):
        return submissions
    return submissions.filter(province_id__in=user_province_codes(user))


def round_status_counts(data_round: DataRound) -> dict[str, int]:
    counts = Counter(data_round.submissions.values_list("state", flat=True))
    return {state: counts.get(state, 0) for state in SubmissionState.values}


def submission_table(data_round: DataRound):
    """Every province's submission in a round with its number of counties with data."""
    with_data = dict(
        IndicatorValue.objects.filter(data_round=data_round, value__isnull=False)
        .values("county__province_id").annotate(n=Count("county_id", distinct=True))
        .values_list("county__province_id", "n")
    )
    submissions = list(data_round.submissions.select_related("province", "submitted_by", "reviewed_by"))
    for submission in submissions:
        submission.counties_with_data = with_data.get(submission.province_id, 0)
    return submissions


def template_counties(submission: ProvinceSubmission) -> list[County]:
    """The programme-eligible unit types of the province, plus any county that already has data this round."""
    has_values = IndicatorValue.objects.filter(data_round=submission.data_round).values("county_id")
    return list(
        County.objects.filter(province_id=submission.province_id)
        .filter(Q(pk__in=County.objects.eligible().values("pk")) | Q(pk__in=has_values))
        .select_related("prefecture").order_by("code")
    )


def display_columns(framework) -> list[Column]:
    """The round's columns as shown to the reader: the unit-data names (catalogue strings) translated, and the
    indicators named in English (``FrameworkNode.name_en``) for an English reader. Codes and kinds unchanged."""
    columns = columns_for_framework(framework)
    names_en = {}
    if is_english():
        names_en = {code: name for code, name in framework.indicator_nodes().values_list("code", "name_en") if name}
    shown = []
    for c in columns:
        if c.kind == "unit_data":
            c = replace(c, name=gettext(c.name), unit=gettext(c.unit) if c.unit else "")
        elif c.code in names_en:
            c = replace(c, name=names_en[c.code])
        shown.append(c)
    return shown


def template_spec(submission: ProvinceSubmission) -> TemplateSpec:
    data_round = submission.data_round
    counties = template_counties(submission)
    return TemplateSpec(
        year=data_round.year, province_name=submission.province.name, framework_name=str(data_round.framework),
        deadline=f"{data_round.deadline:%Y-%m-%d}", columns=display_columns(data_round.framework),
        counties=[TemplateCounty(c.code, c.name, c.prefecture.name) for c in counties],
        previous_year=data_round.year - 1, previous=previous_values(data_round, [submission.province_id]),
        change_factor=change_factor(),
    )


def county_progress(submission: ProvinceSubmission) -> list[dict]:
    """Per county of the template: how many of the round's columns hold a value."""
    total = len(columns_for_framework(submission.data_round.framework))
    filled = dict(
        IndicatorValue.objects.filter(data_round=submission.data_round, county__province_id=submission.province_id,
                                      value__isnull=False)
        .values("county_id").annotate(n=Count("pk")).values_list("county_id", "n")
    )
    from innocounty.monitoring.models import CountyEntry, CountyEntryState

    labels = dict(CountyEntryState.choices)
    states = dict(CountyEntry.objects.filter(data_round=submission.data_round, county__province_id=submission.province_id)
                  .values_list("county_id", "state"))
    return [
        {"county": c, "filled": filled.get(c.code, 0), "total": total,
         "entry_state": labels[states.get(c.code, CountyEntryState.NOT_STARTED)]} for c in template_counties(submission)
    ]


@dataclass
class CountyValueRow:
    column: Column
    value: float | None
    previous: float | None
    source: str
    method: str
    updated_by: str
    updated_at: object
    revisions: list


def county_values(data_round: DataRound, county: County) -> list[CountyValueRow]:
    columns = display_columns(data_round.framework)
    current = {
        v.code: v for v in IndicatorValue.objects.filter(data_round=data_round, county=county)
        .select_related("upload", "updated_by")
    }
    previous = dict(
        IndicatorValue.objects.filter(data_round__year=data_round.year - 1, county=county)
        .values_list("code", "value")
    )
    revisions: dict[int, list] = {}
    for revision in IndicatorValueRevision.objects.filter(
        indicator_value__in=[v.pk for v in current.values()]
    ).select_related("changed_by", "old_upload").order_by("changed_at", "pk"):
        revisions.setdefault(revision.indicator_value_id, []).append(revision)
    rows = []
    for col in columns:
        value = current.get(col.code)
        rows.append(CountyValueRow(
            column=col, value=value.value if value else None, previous=previous.get(col.code),
            source=value.upload.original_name if value else "",
            method=value.upload.get_source_display() if value else "", updated_by=str(value.updated_by) if value else "",
            updated_at=value.updated_at if value else None, revisions=revisions.get(value.pk, []) if value else [],
        ))
    return rows


def submission_of(data_round: DataRound, county: County) -> ProvinceSubmission | None:
    return data_round.submissions.filter(province_id=county.province_id).first()
