"""Building blocks for tests and the demo: experts in the pool, a batch in consultation with candidates."""

from __future__ import annotations

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.applications.factories import make_application, make_batch, make_user
from innocounty.experts.models import Expert
from innocounty.programme import FIRST_BATCH_2018, KeyTask, Theme
from innocounty.regions.models import County


def make_expert(username: str, province: str, fields=None, *, name: str = "", user: User | None = None,
                conflicts=(), orgs=(), active: bool = True, max_load=None) -> Expert:  # fmt: skip
    if user is None:
        user = User.objects.filter(username=username).first() or make_user(username, Role.EXPERT)
    if not RoleAssignment.objects.filter(user=user, role=Role.EXPERT).exists():
        RoleAssignment.objects.create(user=user, role=Role.EXPERT)
    expert = Expert.objects.create(
        user=user, name=name or f"{username}专家", organisation=f"{username}研究院", province_id=province,
        fields=list(fields if fields is not None else [t.value for t in Theme] + [k.value for k in KeyTask]),
        conflict_orgs=list(orgs), active=active, max_load=max_load,
    )  # fmt: skip
    if conflicts:
        expert.conflict_counties.set(County.objects.filter(code__in=conflicts))
    return expert


def consultation_batch(name: str = "咨询评议测试批次", *, quotas=None):
    """A closed batch with the 2018 stages (形式审查 → 咨询评议): FORMAL_REVIEW_PASSED applications go to experts."""
    return make_batch(name, status="closed", quotas=quotas or {"13": 3, "33": 3},
                      stages=[s.value for s in FIRST_BATCH_2018])  # fmt: skip


def candidate(batch, county_code: str, user, theme: str = Theme.INDUSTRY.value):
    return make_application(batch, County.objects.get(code=county_code), user, state="formal_review_passed",
                            theme=theme)  # fmt: skip
