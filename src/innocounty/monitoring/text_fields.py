"""Framework-specific free-text fields (e.g. Hunan's 特色指标, ``feature_statement``): declared by a framework,
collected per round and county, shown on the county profile beside the scores. Not scored.

A framework declares them on its root row, column ``text_fields``:
``feature_statement:特色指标:Feature statement:200`` (code : Chinese name : English name : maximum length;
several separated by ``;``). The column is kept in the node's ``extra`` like any other extra column, so frameworks
imported later can declare fields too. Values are :class:`TextValue` rows (round, county, field code), entered on
the county's page of the round by the county's officers or its province's while the round is open, audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.audit.chain import record
from innocounty.common.fields import ClockTimeField

MAX_TEXT = 2000          # no field may ask for more
DECLARATION = "text_fields"
FORM_PREFIX = "text__"   # the county entry form's field names: text__<code>


@dataclass(frozen=True)
class TextFieldSpec:
    code: str
    name: str
    name_en: str
    max_length: int


def parse_declaration(text) -> list[TextFieldSpec]:
    """``code:名称:English:200; …`` → specs (malformed entries are skipped: the framework file is the ministry's)."""
    specs = []
    for part in str(text or "").split(";"):
        bits = [b.strip() for b in part.split(":")]
        if len(bits) != 4 or not bits[0] or not bits[0].replace("_", "").isalnum():
            continue
        try:
            length = int(bits[3])
        except ValueError:
            continue
        if 1 <= length <= MAX_TEXT:
            specs.append(TextFieldSpec(bits[0][:32], bits[1] or bits[0], bits[2], length))
    return specs


def text_fields_of(framework) -> list[TextFieldSpec]:
    """The free-text fields a stored framework version declares (on its root node)."""
    if framework is None:
        return []
    root = framework.nodes.filter(parent__isnull=True).only("extra").first()
    return parse_declaration((root.extra or {}).get(DECLARATION)) if root else []


class TextValue(models.Model):
    """One free-text value of one county in one round (e.g. its 特色指标)."""

    data_round = models.ForeignKey("monitoring.DataRound", on_delete=models.PROTECT, related_name="text_values",
                                   verbose_name=_("数据填报轮次"))
    county = models.ForeignKey("regions.County", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("县（市）"))
    code = models.CharField(_("字段代码"), max_length=32)
    text = models.TextField(_("内容"), max_length=MAX_TEXT, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("填写人"))
    updated_at = ClockTimeField(_("填写时间"), on_update=True)

    class Meta:
        app_label = "monitoring"
        ordering = ["data_round", "county", "code"]
        verbose_name = _("文字类指标")
        verbose_name_plural = _("文字类指标")
        constraints = [models.UniqueConstraint(fields=["data_round", "county", "code"], name="text_value_unique")]

    def __str__(self) -> str:
        return f"{self.county_id} · {self.code}"


def texts_for(data_round, county_code: str) -> list[dict]:
    """The round's declared fields for a county with their values (empty text when none was entered)."""
    if data_round is None:
        return []
    specs = text_fields_of(data_round.framework)
    values = {v.code: v for v in TextValue.objects.filter(data_round=data_round, county_id=county_code)}
    return [{"spec": s, "text": values[s.code].text if s.code in values else "",
             "updated_at": values[s.code].updated_at if s.code in values else None} for s in specs]


def too_long(spec: TextFieldSpec, text: str) -> bool:
    return len(text) > spec.max_length


def typed_texts(specs: list[TextFieldSpec], raw: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The county entry form's ``text__<code>`` fields → ({code: text}, {code: error}); fields not sent are
    left as they are; a text longer than its field allows is an error (nothing of it is kept)."""
    texts, errors = {}, {}
    for spec in specs:
        key = FORM_PREFIX + spec.code
        if key not in raw:
            continue
        text = str(raw[key] or "").strip()
        if too_long(spec, text):
            errors[spec.code] = str(_("“%(name)s”最多 %(n)d 字，现为 %(len)d 字。") % {
                "name": spec.name, "n": spec.max_length, "len": len(text)})
        else:
            texts[spec.code] = text
    return texts, errors


def save_texts(user, data_round, county, specs: list[TextFieldSpec], texts: dict[str, str], via: str) -> int:
    """Write the changed texts (call inside a transaction): ``updated_by`` and an audit record each, ``via``
    naming where they were entered (the texts page, the county entry form, a workbook upload). Returns how
    many changed."""
    before = {v.code: v for v in TextValue.objects.filter(data_round=data_round, county=county)}
    changed = 0
    for spec in specs:
        if spec.code not in texts:
            continue
        text = texts[spec.code]
        old = before[spec.code].text if spec.code in before else ""
        if text == old:
            continue
        value = before.get(spec.code) or TextValue(data_round=data_round, county=county, code=spec.code)
        value.text, value.updated_by = text, user
        value.save()
        record(user, "monitoring.text_value.saved", value, before={"text": old}, after={"text": text, "via": via},
               summary=f"{county.name}：{spec.name}")
        changed += 1
    return changed
