"""The shell: the public landing page, each role's home page and the directory of county-level units."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from innocounty.accounts.models import Role
from innocounty.dashboard.todos import todos_for
from innocounty.regions.models import Belt, County, Province, UnitType


def home(request):
    if not request.user.is_authenticated:
        return render(request, "dashboard/landing.html", {"belts": _belt_summary()})
    sections = []
    for assignment in request.user.role_assignments.select_related(
        "province", "county__province", "county__prefecture"
    ).order_by("role"):
        sections.append(
            {
                "assignment": assignment,
                "todos": todos_for(request.user, assignment),
                "scope": _scope_summary(assignment),
            }
        )
    return render(request, "dashboard/home.html", {"sections": sections})


def _belt_summary() -> list[dict]:
    rows = {
        r["province__belt"]: r["n"]
        for r in County.objects.values("province__belt").annotate(n=Count("code")).order_by()
    }
    return [{"belt": label, "count": rows.get(value, 0)} for value, label in Belt.choices]


def _scope_summary(assignment) -> dict:
    """Facts about the assignment's scope shown beside the to-do list."""
    if assignment.role == Role.COUNTY_OFFICER:
        return {"county": assignment.county}
    if assignment.role == Role.PROVINCIAL_OFFICER:
        by_type = (
            County.objects.filter(province=assignment.province)
            .values("unit_type")
            .annotate(n=Count("code"))
            .order_by("unit_type")
        )
        return {"province": assignment.province, "by_type": list(by_type)}
    if assignment.role in (Role.MINISTRY_OFFICER, Role.AUDITOR):
        return {
            "provinces": Province.objects.count(),
            "counties": County.objects.count(),
            "belts": _belt_summary(),
        }
    return {}


@login_required
def regions(request):
    """Directory of county-level units, filterable by province, type, belt and name or code."""
    counties = County.objects.select_related("province", "prefecture").order_by("code")
    province = request.GET.get("province", "")
    unit_type = request.GET.get("unit_type", "")
    belt = request.GET.get("belt", "")
    query = request.GET.get("q", "").strip()[:32]
    if province:
        counties = counties.filter(province_id=province)
    if unit_type in UnitType.values:
        counties = counties.filter(unit_type=unit_type)
    if belt in Belt.values:
        counties = counties.filter(province__belt=belt)
    if query:
        counties = counties.filter(Q(name__contains=query) | Q(code__startswith=query))
    page = Paginator(counties, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "dashboard/regions.html",
        {
            "page": page,
            "provinces": Province.objects.order_by("code"),
            "unit_types": UnitType.choices,
            "belts": Belt.choices,
            "filters": {"province": province, "unit_type": unit_type, "belt": belt, "q": query},
            "querystring": params.urlencode(),
        },
    )
