"""Set-up and check of benchmarks/bench_load.py, run inside Django (``python benchmarks/load_setup.py ...``).

    setup N OUT.json   a load batch open today (quotas for every province), N county officers with API
                       tokens (N counties of the batch's eligible unit types), one province officer per
                       province with a session, the plan payloads; written to OUT.json
    check IN.json      the rows the load left: applications, submitted ones, frozen versions, audit events,
                       per county, and whether the audit chain verifies; printed as JSON
"""

from __future__ import annotations

import json
import sys
import time

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import Count  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from innocounty.accounts.models import Role, RoleAssignment, User  # noqa: E402
from innocounty.accounts.tokens import create_token  # noqa: E402
from innocounty.applications.factories import complete_plan_json, make_batch  # noqa: E402
from innocounty.applications.models import Application, PlanVersion  # noqa: E402
from innocounty.audit.chain import verify_chain  # noqa: E402
from innocounty.audit.models import AuditEvent  # noqa: E402
from innocounty.common import clock  # noqa: E402
from innocounty.regions.models import County, Province, eligible_unit_types  # noqa: E402
from innocounty.twofactor.policy import VERIFIED_AT  # noqa: E402


def session_for(user) -> str:
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # two-factor login: the officer's session has passed the second factor (an authenticator)
    device = TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
    s[DEVICE_ID_SESSION_KEY] = device.persistent_id
    s[VERIFIED_AT] = time.time()
    s.create()
    return s.session_key


def setup(n: int, out: str) -> None:
    stamp = clock.now().strftime("%H%M%S")
    provinces = list(Province.objects.order_by("code"))
    batch = make_batch(f"负载测试批次 {stamp}", quotas={p.code: 5 for p in provinces})
    counties = list(County.objects.filter(unit_type__in=eligible_unit_types()).order_by("code")[:n])
    if len(counties) < n:
        raise SystemExit(f"only {len(counties)} counties of the eligible unit types")
    plan = complete_plan_json(batch.construction_years)
    payload = {
        "sections": plan["sections"],
        "plan": {"theme": plan["theme"], "key_tasks": plan["key_tasks"],
                 "milestones": {str(m["year"]): m["text"] for m in plan["milestones"]},
                 "targets": [{"indicator_code": t["indicator_code"], "baseline": t["baseline"],
                              "baseline_reason": "（负载测试）基线取自县统计局年报。", "values": t["values"]}
                             for t in plan["targets"]]},
    }  # fmt: skip
    users = User.objects.bulk_create(
        [User(username=f"load{stamp}_{c.code}", email=f"load{stamp}_{c.code}@example.org") for c in counties]
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role=Role.COUNTY_OFFICER, county=c) for u, c in zip(users, counties, strict=True)]
    )
    tokens = [create_token(u, "load test", days=1)[0] for u in users]
    officers = []
    for p in provinces:
        officer = User.objects.create(username=f"load{stamp}_p{p.code}")
        RoleAssignment.objects.create(user=officer, role=Role.PROVINCIAL_OFFICER, province=p)
        officers.append({"province": p.code, "session": session_for(officer)})
    with open(out, "w") as f:
        json.dump({"batch": batch.pk, "counties": [{"code": c.code, "token": t} for c, t in zip(counties, tokens, strict=True)],
                   "provinces": officers, "payload": payload}, f, ensure_ascii=False)  # fmt: skip


def check(path: str) -> None:
    with open(path) as f:
        plan = json.load(f)
    apps = Application.objects.filter(batch_id=plan["batch"])
    per_county = apps.values("county_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    ids = list(apps.values_list("pk", flat=True))
    versions = PlanVersion.objects.filter(application_id__in=ids)
    print(json.dumps({
        "applications": apps.count(), "counties_with_more_than_one": per_county,
        "submitted": apps.filter(state="submitted").count(), "versions": versions.count(),
        "applications_with_more_than_one_version": versions.values("application_id").annotate(n=Count("pk"))
        .filter(n__gt=1).count(),
        "submit_audit_events": AuditEvent.objects.filter(action="application.submit", object_id__in=[str(i) for i in ids]).count(),
        "audit_chain_ok": bool(verify_chain().ok),
    }))  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]), sys.argv[3])
    else:
        check(sys.argv[2])
