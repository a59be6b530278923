import pytest

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.regions.models import County, Prefecture, Province

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def hebei(db):
    province, _ = Province.objects.get_or_create(
        code="13", defaults={"name": "河北省", "short_name": "河北", "belt": "east"}
    )
    prefecture, _ = Prefecture.objects.get_or_create(
        code="130100", defaults={"name": "石家庄市", "province": province}
    )
    County.objects.get_or_create(
        code="130123",
        defaults={"name": "正定县", "unit_type": "县", "prefecture": prefecture, "province": province},
    )
    County.objects.get_or_create(
        code="130102",
        defaults={"name": "长安区", "unit_type": "市辖区", "prefecture": prefecture, "province": province},
    )
    return province


@pytest.fixture
def make_user(db):
    def make(username, role=None, province=None, county=None, **extra):
        user = User.objects.create_user(username=username, password=PASSWORD, **extra)
        if role:
            RoleAssignment.objects.create(user=user, role=role, province=province, county=county)
        return user

    return make


@pytest.fixture
def county_officer(make_user, hebei):
    return make_user("zd", Role.COUNTY_OFFICER, county=County.objects.get(code="130123"))


@pytest.fixture
def provincial_officer(make_user, hebei):
    return make_user("hb", Role.PROVINCIAL_OFFICER, province=hebei)


@pytest.fixture
def ministry_officer(make_user, hebei):
    return make_user("most", Role.MINISTRY_OFFICER, is_staff=True)


@pytest.fixture
def auditor(make_user, hebei):
    return make_user("aud", Role.AUDITOR)


@pytest.fixture
def expert(make_user, hebei):
    return make_user("exp", Role.EXPERT)
