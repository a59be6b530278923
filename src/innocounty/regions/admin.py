"""Django admin for regions: divisions are read-only (they come from the fixture); eligibility is editable."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from innocounty.common.admin import ReadOnlyAdmin
from innocounty.regions.models import (
    County,
    Prefecture,
    Province,
    Succession,
    UnitTypeEligibility,
    eligible_unit_types,
)


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "short_name", "belt", "county_count", "eligible_county_count"]
    list_filter = ["belt"]
    search_fields = ["code", "name", "short_name"]

    def get_queryset(self, request):
        eligible = Q(counties__unit_type__in=eligible_unit_types())
        return super().get_queryset(request).annotate(
            county_count=Count("counties"), eligible_county_count=Count("counties", filter=eligible)
        )

    @admin.display(description=_("县级单位数"), ordering="county_count")
    def county_count(self, obj):
        return obj.county_count

    @admin.display(description=_("可申报单位数"), ordering="eligible_county_count")
    def eligible_county_count(self, obj):
        return obj.eligible_county_count


@admin.register(Prefecture)
class PrefectureAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "province", "is_grouping", "county_count"]
    list_filter = ["province__belt", "is_grouping", "province"]
    list_select_related = ["province"]
    search_fields = ["^code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(county_count=Count("counties"))

    @admin.display(description=_("县级单位数"), ordering="county_count")
    def county_count(self, obj):
        return obj.county_count


class EligibleTypeFilter(admin.SimpleListFilter):
    title = _("可申报")
    parameter_name = "eligible"

    def lookups(self, request, model_admin):
        return [("yes", _("是")), ("no", _("否"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.eligible()
        if self.value() == "no":
            return queryset.exclude(unit_type__in=eligible_unit_types())
        return queryset


@admin.register(County)
class CountyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit_type", "prefecture", "province", "belt", "is_eligible_type", "valid_from",
                    "valid_to"]
    list_filter = ["province__belt", "unit_type", EligibleTypeFilter, "province"]
    list_select_related = ["prefecture", "province"]
    search_fields = ["^code", "name"]
    list_per_page = 50

    @admin.display(description=_("区域（东中西）"), ordering="province__belt")
    def belt(self, obj):
        return obj.province.get_belt_display()

    def get_queryset(self, request):
        return super().get_queryset(request).with_eligibility()

    @admin.display(description=_("可申报"), boolean=True, ordering="eligible_type")
    def is_eligible_type(self, obj):
        return obj.eligible_type


@admin.register(Succession)
class SuccessionAdmin(ReadOnlyAdmin):
    """The succession table (from regions/data/successions.csv; read-only here)."""

    list_display = ["date", "kind", "predecessor", "successor", "source"]
    list_filter = ["kind"]
    list_select_related = ["predecessor", "successor"]
    search_fields = ["^predecessor__code", "^successor__code", "predecessor__name", "successor__name"]


@admin.register(UnitTypeEligibility)
class UnitTypeEligibilityAdmin(admin.ModelAdmin):
    """Which county-level unit types may apply to the programme (default: all but 市辖区)."""

    list_display = ["unit_type", "eligible", "county_count"]
    list_editable = ["eligible"]
    fields = ["unit_type", "eligible"]
    readonly_fields = ["unit_type"]

    def get_queryset(self, request):
        counties = County.objects.filter(unit_type=OuterRef("unit_type")).order_by()
        count = counties.values("unit_type").annotate(n=Count("code")).values("n")
        return super().get_queryset(request).annotate(county_count=Coalesce(Subquery(count), 0))

    @admin.display(description=_("县级单位数"), ordering="county_count")
    def county_count(self, obj):
        return obj.county_count

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
