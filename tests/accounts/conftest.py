"""Users with each role on a few real counties (created here if the regions fixture is not loaded)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.regions.models import County, Prefecture, Province

PASSWORD = "Zhengding-2026-secret"


def _province(code, name, short_name, belt):
    return Province.objects.get_or_create(
        code=code, defaults={"name": name, "short_name": short_name, "belt": belt}
    )[0]


def _county(code, name, unit_type, prefecture):
    defaults = {
        "name": name,
        "unit_type": unit_type,
        "prefecture": prefecture,
        "province": prefecture.province,
    }
    return County.objects.get_or_create(code=code, defaults=defaults)[0]


@pytest.fixture
def regions(db):
    hebei = _province("13", "河北省", "冀", "east")
    shanxi = _province("14", "山西省", "晋", "central")
    shijiazhuang = Prefecture.objects.get_or_create(
        code="130100", defaults={"name": "石家庄市", "province": hebei}
    )[0]
    taiyuan = Prefecture.objects.get_or_create(
        code="140100", defaults={"name": "太原市", "province": shanxi}
    )[0]
    return SimpleNamespace(
        hebei=hebei,
        shanxi=shanxi,
        zhengding=_county("130123", "正定县", "县", shijiazhuang),
        xinji=_county("130181", "辛集市", "县级市", shijiazhuang),
        qingxu=_county("140121", "清徐县", "县", taiyuan),
    )


@pytest.fixture
def make_user(db):
    def make(username, *roles, password=PASSWORD, **fields):
        """``roles``: (role, scope) pairs, scope a County, a Province or None."""
        user = User.objects.create_user(username=username, password=password, **fields)
        for role, scope in roles:
            county = scope if isinstance(scope, County) else None
            province = scope if isinstance(scope, Province) else None
            RoleAssignment.objects.create(user=user, role=role, county=county, province=province)
        return user

    return make


@pytest.fixture
def people(regions, make_user):
    """One user per role, plus a user holding several roles, one without roles, an inactive one."""
    return SimpleNamespace(
        county_officer=make_user(
            "zhengding", (Role.COUNTY_OFFICER, regions.zhengding), display_name="正定县科技局"
        ),
        provincial_officer=make_user("hebei", (Role.PROVINCIAL_OFFICER, regions.hebei)),
        ministry_officer=make_user("most", (Role.MINISTRY_OFFICER, None), is_staff=True),
        auditor=make_user("auditor", (Role.AUDITOR, None), is_staff=True),
        expert=make_user("expert", (Role.EXPERT, None)),
        several=make_user(
            "several", (Role.COUNTY_OFFICER, regions.xinji), (Role.PROVINCIAL_OFFICER, regions.shanxi)
        ),
        nobody=make_user("nobody"),
        inactive=make_user("retired", (Role.MINISTRY_OFFICER, None), is_active=False),
        anonymous=AnonymousUser(),
    )
