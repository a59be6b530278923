"""A ministry officer, an auditor and a provincial officer (on 河北省, created here if not loaded)."""

from types import SimpleNamespace

import pytest

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.regions.models import Province


def _user(username, role, province=None, **fields):
    user = User.objects.create_user(username=username, password="Audit-trail-2026", **fields)
    RoleAssignment.objects.create(user=user, role=role, province=province)
    return user


@pytest.fixture
def people(db):
    hebei = Province.objects.get_or_create(
        code="13", defaults={"name": "河北省", "short_name": "冀", "belt": "east"}
    )[0]
    return SimpleNamespace(
        ministry_officer=_user("most", Role.MINISTRY_OFFICER, display_name="科技部创新处"),
        auditor=_user("auditor", Role.AUDITOR),
        provincial_officer=_user("hebei", Role.PROVINCIAL_OFFICER, hebei),
    )
