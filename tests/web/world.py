"""The fixture world of the authorization matrix and the schema fuzz: one batch, applications of two
counties in two provinces, an open monitoring round with its submissions and an upload, a published
evaluation run, attachments, versions, comments and a notice, and one user per role in and out of scope.

The object every path parameter names belongs to 正定县 (130123, Hebei): ``county_in`` is its county
officer, ``county_out`` the officer of 固安县 (same province), ``province_in`` Hebei's officer,
``province_out`` Zhejiang's. Plain functions (no fixtures), so a module-scoped fixture can build it once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

# The subjects: ``application`` (正定县's draft, shared with Hebei for guidance, in ``drafting``), ``submitted``
# (正定县's submitted application in ``batch``, the batch under review), ``attachment``/``version``/``comment``
# (of the draft), ``round`` (open, 2024) with Hebei's ``submission`` and an ``upload`` needing confirmation,
# ``run`` (published), ``framework``, ``notification`` (for 正定县's officer).
ROLES = ("county_in", "county_out", "province_in", "province_out", "ministry", "auditor", "expert_in", "expert", "norole",
         "anonymous")  # fmt: skip


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (anonymous: None)
    objects: dict = field(default_factory=dict)  # name -> model instance
    tokens: dict = field(default_factory=dict)  # role -> clear API token

    def __getitem__(self, name):
        return self.objects[name]


def build_world() -> World:
    from innocounty.accounts.tokens import create_token
    from innocounty.applications.factories import Cast, make_application, make_batch, make_user
    from innocounty.applications.models import Attachment, PlanComment, PlanVersion
    from innocounty.common import clock
    from innocounty.monitoring.models import Framework, ProvinceSubmission, Upload
    from innocounty.monitoring.rounds import open_round
    from innocounty.notifications.models import Notification

    cast = Cast()
    world = World()
    world.users = {"county_in": cast.county, "county_out": cast.county_guan, "province_in": cast.province,
                   "province_out": cast.province_zj, "ministry": cast.ministry, "auditor": cast.auditor,
                   "expert": cast.expert, "expert_in": make_user("exp_in"), "norole": make_user("nobody"),
                   "anonymous": None}  # fmt: skip
    batch = make_batch(quotas={"13": 2, "33": 1})  # the batch under review
    submitted = make_application(batch, cast.zhengding, cast.county, state="submitted")
    other = make_application(batch, cast.anji, cast.county_anji, state="submitted")
    drafting = make_batch("第二批次", quotas={"13": 1, "33": 1})  # a batch where 正定县 is drafting
    application = make_application(drafting, cast.zhengding, cast.county)
    application.shared_with_province, application.shared_at = True, clock.now()  # the province may guide it
    application.save(update_fields=["shared_with_province", "shared_at"])
    now = clock.now()
    attachment = Attachment(application=application, token="matrix0token0000000000000000001", title="附件",
                            original_name="plan.pdf", kind="pdf", size=8, sha256="0" * 64, uploaded_by=cast.county,
                            uploaded_at=now)  # fmt: skip
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=True)
    version = PlanVersion.objects.create(application=application, number=1, content={"theme": application.theme},
                                         submitted_by=cast.county, submitted_at=now)  # fmt: skip
    comment = PlanComment.objects.create(application=application, part="general", text="请补充", author=cast.province,
                                         created_at=now)  # fmt: skip
    framework = Framework.objects.get(code="provisional-23", version="1")
    data_round = open_round(cast.ministry, 2024, framework, dt.date(2025, 6, 30))
    submission = ProvinceSubmission.objects.get(data_round=data_round, province_id="13")
    upload = Upload(data_round=data_round, submission=submission, uploaded_by=cast.province, original_name="hb.xlsx",
                    size=4, sha256="0" * 64, status="needs_confirmation", report={"issues": []})  # fmt: skip
    upload.file.save("hb.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    upload.save()
    run = published_run(cast.ministry, [cast.zhengding.code, cast.guan.code, cast.anji.code])
    notice = Notification.objects.create(recipient=cast.county, title="通知", created_at=now)
    world.objects.update(_consultation(world.users, cast))
    from innocounty.monitoring.quality_models import ValidationRule

    world.objects["rule"] = ValidationRule.objects.create(framework=framework, code="matrix", left="I01", operator=">=",
                                                          right="0", message_zh="不得为负")  # fmt: skip
    world.objects = {**world.objects, "batch": batch, "submitted": submitted, "application": application, "drafting": drafting,
                     "other_application": other,
                     "attachment": attachment, "version": version, "comment": comment, "round": data_round,
                     "submission": submission, "upload": upload, "framework": framework, "run": run,
                     "notification": notice, "county": cast.zhengding, "province": cast.hebei, "cast": cast}  # fmt: skip
    made = {role: create_token(user, "matrix") for role, user in world.users.items() if user is not None}
    world.tokens = {role: clear for role, (clear, _row) in made.items()}
    world.objects["api_token"] = made["county_in"][1]
    return world


def _consultation(users, cast) -> dict:
    """A closed batch in expert consultation: 正定县's candidate with ``expert_in`` on its panel (declared, a
    draft review); ``expert`` is in the pool too but on no panel. Set up directly (seeded states)."""
    from innocounty.common import clock
    from innocounty.common.states import seeding_states
    from innocounty.experts.factories import candidate, consultation_batch, make_expert
    from innocounty.experts.models import Assignment, Review

    batch = consultation_batch(quotas={"13": 2, "33": 2})
    application = candidate(batch, cast.zhengding.code, cast.county)
    assigned = make_expert("exp_in", "33", user=users["expert_in"])
    make_expert("exp", "44", user=users["expert"])
    with seeding_states():
        assignment = Assignment.objects.create(batch=batch, application=application, expert=assigned,
                                               state="declared", created_by=cast.ministry, created_at=clock.now())  # fmt: skip
        review = Review.objects.create(assignment=assignment, application=application, expert=assigned)
    return {"consultation": batch, "candidate": application, "assignment": assignment, "review": review,
            "expert_profile": assigned}  # fmt: skip


def published_run(ministry, counties):
    """A published (public) evaluation run of 2023 over a three-indicator framework and a dozen real
    counties of Hebei and Zhejiang, so results, rankings, profiles and maps answer with content."""
    from django.utils import timezone

    from innocounty.common.states import seeding_states
    from innocounty.evaluations.runs import publish_run, start_run
    from innocounty.monitoring.frameworks import store_nodes
    from innocounty.monitoring.models import (
        DataRound,
        Framework,
        FrameworkNode,
        IndicatorValue,
        ProvinceSubmission,
        RoundStatus,
        SubmissionState,
        Upload,
        UploadStatus,
    )
    from innocounty.regions.models import County

    with seeding_states():  # an active framework set up directly
        framework = Framework.objects.create(code="fuzz-3", version="1", name="测试指标体系", source_name="fuzz-3.csv",
                                             source_sha256="0" * 64, status="active")  # fmt: skip
    nodes = [("INDEX", "综合指数", 3, "", 1), ("D1", "投入", 2, "INDEX", 1), ("D2", "绩效", 2, "INDEX", 1),
             ("I01", "指标一", 1, "D1", 1), ("I02", "指标二", 1, "D1", 1), ("I03", "指标三", 1, "D2", -1)]  # fmt: skip
    store_nodes(FrameworkNode, framework, [
        {"position": i, "code": code, "name": name, "name_en": "", "level": level, "parent": parent, "weight": 1.0,
         "direction": direction, "unit": "", "denominator": "", "node_type": "Indicator" if level == 1 else "Aggregate",
         "extra": {}}
        for i, (code, name, level, parent, direction) in enumerate(nodes, start=1)
    ])  # fmt: skip
    with seeding_states():  # a closed round with accepted submissions set up directly
        data_round = DataRound.objects.create(year=2023, framework=framework, deadline=dt.date(2024, 3, 31),
                                              status=RoundStatus.CLOSED, opened_by=ministry)  # fmt: skip
        for province in ("13", "33"):
            ProvinceSubmission.objects.create(
                data_round=data_round, province_id=province, state=SubmissionState.ACCEPTED
            )
    upload = Upload.objects.create(data_round=data_round, uploaded_by=ministry, original_name="fuzz.xlsx", size=1,
                                   sha256="0" * 64, status=UploadStatus.IMPORTED)  # fmt: skip
    codes = list(counties) + [c for p in ("13", "33")
                              for c in County.objects.filter(province_id=p).order_by("code").values_list("code", flat=True)[:5]]  # fmt: skip
    now = timezone.now()
    IndicatorValue.objects.bulk_create([
        IndicatorValue(data_round=data_round, county_id=code, code=f"I0{j}", value=float((i * 7 + j * 3) % 11 + 1),
                       upload=upload, updated_by=ministry, updated_at=now)
        for i, code in enumerate(dict.fromkeys(codes)) for j in (1, 2, 3)
    ])  # fmt: skip
    method = {"impute": {"method": "none"}, "treat": {"method": "none"},
              "normalise": {"method": "minmax", "range": [0, 100]}, "aggregate": {"method": "arithmetic"},
              "group_by": ["province"], "groups": {"fixed": False}}  # fmt: skip
    run = start_run(ministry, 2023, framework, method, 5, 7)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    publish_run(ministry, run, public_visible=True, confirm_partial=True, confirm=True)
    run.refresh_from_db()
    return run
