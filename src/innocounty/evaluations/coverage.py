"""What a run covers: its provinces and counties, against the nation's counties eligible for the programme.

A run evaluates the counties that have values in its data scope (e.g. only the provinces whose data the
ministry accepted). Its coverage is stored on the run when it finishes (``EvaluationRun.coverage``)::

    {"provinces": ["13", ...], "counties": 118, "eligible_counties": 1869, "covered_eligible": 118,
     "missing_provinces": ["11", "12", ...], "missing_counties": 1751}

``missing_provinces`` are provinces with eligible counties of which the run evaluated none;
``missing_counties`` are the nation's eligible counties not in the run. A run is **partial** when any
eligible county is missing: publishing it needs an explicit confirmation naming what is missing, and it is
labelled 部分覆盖 wherever it is shown. Runs stored before coverage was recorded are measured from their
result rows on reading (one aggregate query).

Year-on-year moves compare like with like (:func:`comparable`): only when both runs cover the same
provinces, and then only over the counties present in both runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Coverage:
    provinces: tuple[str, ...]
    counties: int
    eligible_counties: int
    covered_eligible: int
    missing_provinces: tuple[str, ...]
    missing_counties: int

    @property
    def share(self) -> float | None:
        """Share of the nation's eligible counties the run evaluated (0–1), None when there are none."""
        return self.covered_eligible / self.eligible_counties if self.eligible_counties else None

    @property
    def partial(self) -> bool:
        return self.missing_counties > 0

    def as_json(self) -> dict:
        return {"provinces": list(self.provinces), "counties": self.counties,
                "eligible_counties": self.eligible_counties, "covered_eligible": self.covered_eligible,
                "missing_provinces": list(self.missing_provinces), "missing_counties": self.missing_counties,
                "share": self.share, "partial": self.partial}

    def province_names(self, codes) -> list[str]:
        from innocounty.regions.models import Province

        names = dict(Province.objects.filter(code__in=list(codes)).values_list("code", "name"))
        return [names.get(code, code) for code in codes]

    def summary(self) -> str:
        """"全国 1869/1869 个县（市）" or "部分覆盖：河北省，118/1869 个县（市）（6.3%）"."""
        if not self.partial:
            return _("全国：%(n)d/%(total)d 个符合条件的县（市）") % {
                "n": self.covered_eligible, "total": self.eligible_counties}
        return _("部分覆盖：%(provinces)s，%(n)d/%(total)d 个符合条件的县（市）（%(share)s）") % {
            "provinces": "、".join(self.province_names(self.provinces)) or "—", "n": self.covered_eligible,
            "total": self.eligible_counties, "share": f"{(self.share or 0) * 100:.1f}%"}

    def missing_text(self) -> str:
        """What a partial run lacks, for the publishing confirmation."""
        parts = []
        if self.missing_provinces:
            names = self.province_names(self.missing_provinces)
            parts.append(ngettext("缺少 %(n)d 个省份：%(names)s", "缺少 %(n)d 个省份：%(names)s", len(names)) % {
                "n": len(names), "names": "、".join(names)})
        parts.append(_("共缺少 %(n)d 个符合条件的县（市）") % {"n": self.missing_counties})
        return "；".join(parts)


def measure(county_codes, year: int | None = None) -> Coverage:
    """The coverage of a set of evaluated county codes against the eligible counties of the regions valid in
    ``year`` (today's when None)."""
    from innocounty.regions.models import County

    codes = set(county_codes)
    evaluated = Counter(County.objects.filter(code__in=codes).values_list("province_id", flat=True))
    units = County.objects.valid_in(year) if year is not None else County.objects.filter(valid_to__isnull=True)
    eligible = dict(units.eligible().values_list("code", "province_id"))
    by_province = Counter(eligible.values())
    covered = sum(1 for code in codes if code in eligible)
    return Coverage(
        provinces=tuple(sorted(evaluated)), counties=len(codes), eligible_counties=len(eligible),
        covered_eligible=covered,
        missing_provinces=tuple(sorted(p for p in by_province if p not in evaluated)),
        missing_counties=len(eligible) - covered,
    )


def _from_json(data: dict) -> Coverage:
    return Coverage(
        provinces=tuple(data.get("provinces", ())), counties=int(data.get("counties", 0)),
        eligible_counties=int(data.get("eligible_counties", 0)),
        covered_eligible=int(data.get("covered_eligible", 0)),
        missing_provinces=tuple(data.get("missing_provinces", ())),
        missing_counties=int(data.get("missing_counties", 0)),
    )


def coverage(run) -> Coverage:
    """The run's coverage: as stored, or measured from its result rows for runs stored before it was kept."""
    if run is None:
        return None
    cached = getattr(run, "_coverage", None)
    if cached is not None:
        return cached
    if run.coverage:
        value = _from_json(run.coverage)
    else:
        from innocounty.evaluations.models import CountyResult

        value = measure(CountyResult.objects.filter(run=run).values_list("county_id", flat=True), run.year)
    run._coverage = value
    return value


def comparable(previous, run) -> bool:
    """Whether year-on-year moves between ``previous`` and ``run`` compare like with like: both cover the
    same provinces."""
    if previous is None or run is None:
        return False
    return set(coverage(previous).provinces) == set(coverage(run).provinces)
