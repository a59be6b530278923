"""Regions API: provinces with belts and counts, counties with filters, one county by code.

Authentication (token or session) is set on the NinjaAPI globally; anonymous requests get 401.
"""

from typing import Annotated

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from innocounty.common.bounds import OFFSET_MAX
from innocounty.regions.models import Belt, County, Province, UnitType, eligible_unit_types

router = Router(tags=["regions"])

CountyCode = Annotated[str, Path(pattern=r"^\d{6}$", description="6-digit division code, e.g. 130123")]
MAX_LIMIT = 500


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[dict] = []


class ProvinceOut(Schema):
    code: str
    name: str
    short_name: str
    belt: Belt
    county_count: int = Field(description="county-level units of every type")
    eligible_county_count: int = Field(description="units whose type may apply to the programme")


class PrefectureRef(Schema):
    code: str
    name: str
    is_grouping: bool = Field(description="a grouping row (市辖区, 省直辖县级行政区划…), not a real prefecture")


class ProvinceRef(Schema):
    code: str
    name: str
    short_name: str
    belt: Belt


class CountyOut(Schema):
    code: str
    name: str
    unit_type: UnitType
    eligible_type: bool = Field(description="its unit type may apply to the programme")
    prefecture: PrefectureRef
    province: ProvinceRef


class CountyPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[CountyOut]


class CountyFilters(Schema):
    province: str | None = Field(None, pattern=r"^\d{2}$", description="2-digit province code, e.g. 13")
    prefecture: str | None = Field(None, pattern=r"^\d{6}$", description="6-digit prefecture code")
    unit_type: UnitType | None = None
    belt: Belt | None = None
    eligible: bool | None = Field(None, description="true: only eligible unit types; false: only the others")
    q: str | None = Field(None, min_length=1, max_length=32, description="part of the name")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=OFFSET_MAX)


ERRORS = {401: ErrorOut, 422: ValidationErrorOut}


@router.get(
    "/provinces",
    response={200: list[ProvinceOut], **ERRORS},
    summary="Province-level units with their belt (东/中/西) and county counts",
)
def provinces(request):
    eligible = Q(counties__unit_type__in=eligible_unit_types())
    return list(
        Province.objects.annotate(
            county_count=Count("counties"), eligible_county_count=Count("counties", filter=eligible)
        ).order_by("code")
    )


@router.get(
    "/counties",
    response={200: CountyPage, **ERRORS},
    summary="County-level units, filtered and paginated (ordered by code)",
)
def counties(request, filters: Query[CountyFilters]):
    queryset = County.objects.select_related("prefecture", "province").with_eligibility().order_by("code")
    if filters.province:
        queryset = queryset.filter(province_id=filters.province)
    if filters.prefecture:
        queryset = queryset.filter(prefecture_id=filters.prefecture)
    if filters.unit_type:
        queryset = queryset.filter(unit_type=filters.unit_type)
    if filters.belt:
        queryset = queryset.in_belt(filters.belt)
    if filters.eligible is not None:
        queryset = queryset.filter(eligible_type=filters.eligible)
    if filters.q:
        queryset = queryset.filter(name__contains=filters.q)
    items = list(queryset[filters.offset : filters.offset + filters.limit])
    return {"total": queryset.count(), "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/counties/{code}",
    response={200: CountyOut, 404: ErrorOut, **ERRORS},
    summary="One county-level unit by its 6-digit code",
)
def county(request, code: CountyCode):
    queryset = County.objects.select_related("prefecture", "province").with_eligibility()
    return get_object_or_404(queryset, code=code)
