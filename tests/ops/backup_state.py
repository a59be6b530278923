"""Helper process of tests/ops/test_backup_restore.py: ``seed`` writes records, audit events and private files
into the instance of the environment; ``state`` prints every table's rows (hashed), the files and the audit
chain's verdict as JSON, for comparing the original with the restored instance."""

import hashlib
import json
import os
import sys

import django

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "src"))
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402


def seed():
    from pathlib import Path

    from innocounty.accounts.models import Role, RoleAssignment, User
    from innocounty.audit.chain import record
    from innocounty.regions.models import County

    county = County.objects.get(code="130123")
    for i in range(3):
        user = User.objects.create_user(f"officer{i}", password="pw-for-backups-123", display_name=f"干部{i}")
        RoleAssignment.objects.create(user=user, role=Role.COUNTY_OFFICER, county=county)
        record(user, "user.created", user, after={"n": i}, summary=f"创建用户 {i}")
    media = Path(settings.MEDIA_ROOT)
    for name, size in [("uploads/2024/97/data.xlsx", 20_000), ("attachments/1/plan.pdf", 5_000),
                       ("documents/run-1/county.docx", 7_000)]:  # fmt: skip
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(hashlib.sha256(name.encode()).digest() * (size // 32))


def state() -> dict:
    from pathlib import Path

    from innocounty.audit.chain import verify_chain
    from innocounty.ops.backup import file_list

    tables = {}
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in existing and not model._meta.proxy:
            rows = model._base_manager.order_by("pk").values_list()
            digest = hashlib.sha256(repr([tuple(map(str, r)) for r in rows]).encode()).hexdigest()
            tables[model._meta.db_table] = [rows.count(), digest]
    report = verify_chain()
    return {
        "tables": tables,
        "files": file_list(Path(settings.MEDIA_ROOT)),
        "audit": [report.ok, report.checked],
    }


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed()
    else:
        print(json.dumps(state()))
