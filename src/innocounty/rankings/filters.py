"""The filters and sort order of a ranking list, parsed once from a page's query string or the API's
parameters, and applied to a run's county result rows (:func:`innocounty.evaluations.queries.county_results`)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.db.models import F, FloatField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext, gettext_lazy

from innocounty.common.params import parse_int
from innocounty.regions.models import Belt, UnitType

# Themes exist only where the programme-lifecycle app records them (a county's application).
try:
    from innocounty.applications.models import THEME_CHOICES
    from innocounty.applications.permissions import applications_visible_to
    from innocounty.programme import ApplicationState
except ImportError:  # pragma: no cover - the lifecycle app is part of the platform
    THEME_CHOICES, applications_visible_to, ApplicationState = [], None, None

PAGE_SIZE = 50
ELIGIBILITY_CHOICES = [("yes", gettext_lazy("位居本省前列")), ("no", gettext_lazy("未达到"))]
# sort key → (expression builder, natural direction: True = descending is "best first")
SORTS = {
    "national_rank": ("national_rank", False),
    "province_rank": ("province_rank", False),
    "index": ("index_score", True),
    "name": ("county_id", False),
}
DIRECTIONS = ("asc", "desc")


def theme_choices(user) -> list[tuple[str, str]]:
    """The theme filter is offered to users who can see some applications (themes come from them)."""
    if applications_visible_to is None or not applications_visible_to(user).exists():
        return []
    return list(THEME_CHOICES)


@dataclass(frozen=True)
class RankingFilter:
    belt: str = ""
    province: str = ""
    unit_type: str = ""
    theme: str = ""
    eligible: str = ""
    q: str = ""
    sort: str = "national_rank"
    dir: str = ""

    @classmethod
    def parse(cls, params, dimension_codes=(), themes=()) -> tuple[RankingFilter, list[str]]:
        """(filter, problems): unknown values are dropped and reported (the API answers 422 with them)."""
        problems = []
        values = {}
        allowed = {
            "belt": set(Belt.values), "unit_type": set(UnitType.values), "eligible": {"yes", "no"},
            "theme": {code for code, _label in themes}, "dir": set(DIRECTIONS),
            "sort": set(SORTS) | {f"dim:{code}" for code in dimension_codes},
        }
        for f in fields(cls):
            raw = params.get(f.name)
            if raw in (None, ""):
                continue
            raw = str(raw).strip()
            if f.name == "province" and not (len(raw) == 2 and parse_int(raw, 0, 99) is not None):
                problems.append(gettext("province=%(value)s：省份代码应为两位数字") % {"value": raw})
                continue
            if f.name in allowed and raw not in allowed[f.name]:
                problems.append(gettext("%(name)s=%(value)s：不支持的取值") % {"name": f.name, "value": raw})
                continue
            values[f.name] = raw[:40]
        return cls(**values), problems

    def with_province(self, code: str) -> RankingFilter:
        return replace(self, province=code)

    @property
    def descending(self) -> bool:
        if self.dir:
            return self.dir == "desc"
        return self.sort.startswith("dim:") or SORTS.get(self.sort, ("", False))[1]

    def querystring(self, **overrides) -> str:
        """The filter as a query string (without page), with ``overrides`` applied; empty values left out."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(overrides)
        return urlencode({k: v for k, v in data.items() if v not in ("", None)})

    def sort_link(self, key: str) -> str:
        """Query string that sorts by ``key``, toggling the direction when already sorted by it."""
        if self.sort == key:
            return self.querystring(sort=key, dir="asc" if self.descending else "desc")
        return self.querystring(sort=key, dir="")

    def apply(self, rows, user=None):
        """Filter and order a CountyResult queryset."""
        if self.belt:
            rows = rows.filter(belt=self.belt)
        if self.province:
            rows = rows.filter(province_id=self.province)
        if self.unit_type:
            rows = rows.filter(unit_type=self.unit_type)
        if self.eligible:
            rows = rows.filter(eligible=self.eligible == "yes")
        if self.q:
            rows = rows.filter(county_name__contains=self.q)
        if self.theme and applications_visible_to is not None:
            applications = applications_visible_to(user).filter(theme=self.theme).exclude(
                state=ApplicationState.WITHDRAWN.value)
            rows = rows.filter(county_id__in=applications.values("county_id"))
        return self.order(rows)

    def order(self, rows):
        if self.sort.startswith("dim:"):
            rows = rows.annotate(sort_value=Cast(KT(f"dimension_scores__{self.sort[4:]}"), FloatField()))
            column = "sort_value"
        else:
            column = SORTS.get(self.sort, SORTS["national_rank"])[0]
        expression = F(column).desc(nulls_last=True) if self.descending else F(column).asc(nulls_last=True)
        return rows.order_by(expression, "county_id")
