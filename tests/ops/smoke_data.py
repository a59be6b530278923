"""Data for the production smoke test, written into its fresh PostgreSQL database by a separate process
(``python tests/ops/smoke_data.py`` with the production environment): two made-up provinces with six counties,
a three-indicator framework, an accepted data round, and a ministry officer with an authenticator. Prints JSON
with what the test needs (the framework id, the officer's TOTP key)."""

import datetime as dt
import json
import os
import sys

import django

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.web.settings.production")
django.setup()

from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from innocounty.accounts.models import Role, RoleAssignment, User  # noqa: E402
from innocounty.common.states import seeding_states  # noqa: E402
from innocounty.monitoring.frameworks import store_nodes  # noqa: E402
from innocounty.monitoring.models import (  # noqa: E402
    DataRound,
    Framework,
    FrameworkNode,
    IndicatorValue,
    ProvinceSubmission,
    Upload,
)
from innocounty.regions.models import County, Prefecture, Province  # noqa: E402

PASSWORD = "smoke-test-password-42"
VALUES = {"970121": (10, 5, 1), "970122": (20, 1, 2), "970123": (30, 4, 3), "980121": (50, 3, 5)}


def seed() -> dict:
    officer = User.objects.create_user("smoke-ministry", password=PASSWORD, is_staff=True)
    RoleAssignment.objects.create(user=officer, role=Role.MINISTRY_OFFICER)
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    north = Province.objects.create(code="97", name="北测省", short_name="北测", belt="east")
    south = Province.objects.create(code="98", name="南测省", short_name="南测", belt="west")
    prefectures = {"97": Prefecture.objects.create(code="970100", name="北一市", province=north),
                   "98": Prefecture.objects.create(code="980100", name="南一市", province=south)}  # fmt: skip
    for code in VALUES:
        County.objects.create(code=code, name=f"测{code[-2:]}县", unit_type="县", prefecture=prefectures[code[:2]],
                              province_id=code[:2])  # fmt: skip
    County.objects.exclude(province_id__in=("97", "98")).update(unit_type="市辖区")
    with seeding_states():
        framework = Framework.objects.create(code="smoke-3", version="1", name="冒烟测试指标体系",
                                             source_name="smoke.csv", source_sha256="0" * 64, status="active")  # fmt: skip
    nodes = [("INDEX", "综合指数", 3, "", 1), ("D1", "投入", 2, "INDEX", 1), ("D2", "绩效", 2, "INDEX", 1),
             ("I01", "指标一", 1, "D1", 1), ("I02", "指标二", 1, "D1", 1), ("I03", "指标三", 1, "D2", -1)]  # fmt: skip
    store_nodes(FrameworkNode, framework, [
        {"position": i, "code": code, "name": name, "name_en": "", "level": level, "parent": parent, "weight": 1.0,
         "direction": direction, "unit": "", "denominator": "", "node_type": "Indicator" if level == 1 else "Aggregate",
         "extra": {}}
        for i, (code, name, level, parent, direction) in enumerate(nodes, start=1)
    ])  # fmt: skip
    with seeding_states():
        data_round = DataRound.objects.create(year=2024, framework=framework, deadline=dt.date(2025, 3, 31),
                                              status="closed", opened_by=officer)  # fmt: skip
        for province in ("97", "98"):
            ProvinceSubmission.objects.create(data_round=data_round, province_id=province, state="accepted")
    upload = Upload.objects.create(data_round=data_round, uploaded_by=officer, original_name="smoke.xlsx", size=1,
                                   sha256="0" * 64, status="imported")  # fmt: skip
    IndicatorValue.objects.bulk_create([
        IndicatorValue(data_round=data_round, county_id=county, code=f"I0{j + 1}", value=value, upload=upload,
                       updated_by=officer, updated_at=timezone.now())
        for county, row in VALUES.items() for j, value in enumerate(row)
    ])  # fmt: skip
    return {"framework": framework.pk, "key": device.key, "username": officer.username, "password": PASSWORD}


if __name__ == "__main__":
    print(json.dumps(seed()))
