"""Who may reach what: the classification the authorization matrix (test_authorization_matrix.py) checks.

Every URL pattern of the site (by its name) and every API operation (``METHOD /api/path/``) is declared here
with the roles that are **allowed**; every other role of :data:`world.ROLES` must be refused. A pattern or an
operation missing from this table fails the matrix, naming it: a new view is classified before it merges.

* ``page(allowed, subject, **params)`` — a page read with GET: allowed roles get 200 (or ``ok=``), others
  a redirect to the login page (anonymous) or 403/404.
* ``act(allowed, subject, **params)`` — a state-changing POST (sent with the CSRF check off and an empty
  body): allowed roles are not refused (no 401/403, no login redirect, no 5xx), all others are refused.
* API operations the same way (``read`` / ``write``): refused is 401 (anonymous), 403 or 404.

``subject`` names the world object (tests/web/world.py) whose primary key fills ``pk``; the other path
parameters come from :func:`path_kwargs` (``code`` is the subject's county, ``province_code`` its province…).
Role names: ``county_in`` (正定县, the subject's county), ``county_out`` (固安县, same province),
``province_in`` (Hebei), ``province_out`` (Zhejiang), ``ministry``, ``auditor``, ``expert_in`` (on the panel of
正定县's candidate in the consultation batch), ``expert`` (in the pool, on no panel),
``norole`` (signed in, no role), ``anonymous``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.web.world import ROLES

# Patterns the matrix does not check, and why: Django's admin (its own permission model, staff only),
# static files (DEBUG only), the language switch (public, changes nothing but the session's language).
SKIPPED_PREFIXES = ("admin/", "i18n/", "^static/", "static/")

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY = frozenset()
MINISTRY = frozenset({"ministry"})
STAFF = frozenset({"ministry", "auditor"})  # the nation, read-only for the auditor
PROVINCE = frozenset({"province_in"})
COUNTY = frozenset({"county_in"})
OFFICERS = frozenset({"county_in", "county_out", "province_in", "province_out", "ministry", "auditor"})
# Those who see the subject's province (Hebei) / county (正定县)
PROVINCE_READERS = STAFF | PROVINCE
COUNTY_READERS = STAFF | PROVINCE | COUNTY
DRAFT_READERS = COUNTY | PROVINCE  # a draft shared for guidance: not yet the ministry's
ROLE_HOLDERS = SIGNED_IN - {"norole"}
PROVINCES = frozenset({"province_in", "province_out"})
EXPERT = frozenset({"expert_in"})  # the expert on the subject's panel
EXPERTS = frozenset({"expert_in", "expert"})  # anyone in the pool (their own pages)


@dataclass(frozen=True)
class Access:
    allowed: frozenset
    subject: str = ""
    method: str = "GET"
    params: dict = field(default_factory=dict)
    ok: tuple = (200,)
    body: dict | None = None  # the request body of a write (API: JSON unless it holds FILE)

    @property
    def writes(self) -> bool:
        return self.method not in ("GET", "HEAD")


def page(allowed, subject="", ok=(200,), **params) -> Access:
    return Access(frozenset(allowed), subject, "GET", params, ok)


def act(allowed, subject="", method="POST", body=None, **params) -> Access:
    return Access(frozenset(allowed), subject, method, params, body=body)


read, write = page, act
FILE = "<a small file>"  # replaced by an uploaded file in the request


def path_kwargs(world, access: Access, names) -> dict:
    """The value of each path parameter ``names`` for ``access`` in ``world``."""
    subject = world[access.subject] if access.subject else None
    values = {}
    for name in names:
        if name in access.params:
            value = access.params[name]
            values[name] = world[value[1:]].pk if isinstance(value, str) and value.startswith("@") else value
        elif name in (
            "pk",
            "round_id",
            "run_id",
            "submission_id",
            "upload_id",
            "framework_id",
            "notification_id",
        ):
            values[name] = subject.pk
        elif name == "batch_pk":
            values[name] = world["batch"].pk
        elif name == "attachment_pk":
            values[name] = world["attachment"].pk
        elif name == "comment_pk":
            values[name] = world["comment"].pk
        elif name == "code":
            values[name] = world["county"].code
        elif name == "province_code":
            values[name] = world["province"].code
        else:
            raise KeyError(f"no value for path parameter {name!r}: give it in the table ({access})")
    return values


PAGES: dict[str, Access] = {
    "api-root": page(EVERYONE, ok=(302,)),  # to the API's documentation
    "accounts:login": page(EVERYONE, ok=(200, 302)),  # signed-in users go on to the home page
    "accounts:logout": act(EVERYONE),
    "accounts:password_change": page(SIGNED_IN),
    "accounts:password_change_done": page(SIGNED_IN),
    "accounts:tokens": page(SIGNED_IN),  # one's own tokens
    "accounts:token_revoke": page(COUNTY, "api_token"),  # the confirmation page: the owner's only
    "audit:event_list": page(STAFF),
    "notifications:inbox": page(SIGNED_IN),
    "notifications:mark_read": act(COUNTY, "notification"),  # one's own notices only
    "notifications:mark_all_read": act(SIGNED_IN),
    "evaluations:runs": page(ROLE_HOLDERS),
    "evaluations:run_create": page(MINISTRY),
    "evaluations:run": page(ROLE_HOLDERS, "run"),  # a published run
    "evaluations:run_progress": page(ROLE_HOLDERS, "run"),
    "evaluations:audit_export": page(ROLE_HOLDERS, "run", fmt="csv"),
    "evaluations:publish": act(MINISTRY, "run"),
    "evaluations:retry": act(MINISTRY, "run"),
    "evaluations:compare": page(SIGNED_IN),  # published runs only for those without a role
    "monitoring:rounds": page(ROLE_HOLDERS),
    "monitoring:round_create": page(MINISTRY),
    "monitoring:round": page(
        STAFF | PROVINCES, "round", ok=(200, 302)
    ),  # a province: on to its own submission
    "monitoring:round_close": act(MINISTRY, "round"),
    "monitoring:round_export": page(STAFF, "round"),
    "monitoring:county": page(COUNTY_READERS, "round"),
    "monitoring:submission": page(PROVINCE_READERS, "submission"),
    "monitoring:template": page(PROVINCE, "submission"),
    "monitoring:upload_create": act(PROVINCE, "submission"),
    "monitoring:transition": act(PROVINCE, "submission", action="submit"),
    "monitoring:submission_export": page(PROVINCE_READERS, "submission"),
    "monitoring:upload": page(PROVINCE_READERS, "upload"),
    "monitoring:upload_confirm": act(PROVINCE, "upload"),
    "monitoring:upload_file": page(PROVINCE_READERS, "upload"),
    "monitoring:frameworks": page(SIGNED_IN),
    "monitoring:framework_import": page(MINISTRY),
    "monitoring:framework": page(SIGNED_IN, "framework"),
    "monitoring:framework_activate": act(MINISTRY, "framework"),
    # 404 for those in scope while the round's framework has no free-text fields
    "monitoring_texts:county_texts": page(COUNTY_READERS, "round", ok=(200, 404)),
    "batches:list": page(SIGNED_IN),
    "batches:create": page(MINISTRY),
    "batches:detail": page(SIGNED_IN, "batch"),
    "batches:edit": page(MINISTRY, "batch"),
    "batches:transition": act(MINISTRY, "batch", name="close"),
    "applications:list": page(SIGNED_IN),
    "applications:create": act(COUNTY, "batch", body={"county": "130123"}, batch_pk="@drafting"),
    "applications:detail": page(DRAFT_READERS, "application"),
    "applications:edit": page(COUNTY, "application"),
    "applications:section": act(COUNTY, "application", key="basis"),
    "applications:tasks": act(COUNTY, "application"),
    "applications:milestones": act(COUNTY, "application"),
    "applications:targets": act(COUNTY, "application"),
    "applications:attachment_upload": act(COUNTY, "application"),
    "applications:attachment_remove": act(COUNTY, "application"),
    "applications:sharing": act(COUNTY, "application"),
    "applications:comment": act(PROVINCE, "application"),
    "applications:answer": act(COUNTY, "application"),
    "applications:transition": act(COUNTY, "application", name="submit"),
    "applications:versions": page(DRAFT_READERS, "application"),
    "applications:compare": page(DRAFT_READERS, "application"),
    "applications:attachment": page(DRAFT_READERS, "attachment"),
    "reviews:index": page(STAFF | PROVINCES),
    "reviews:overview": page(STAFF, batch_pk="@batch"),
    "reviews:province": page(PROVINCE_READERS, batch_pk="@batch", code="13"),
    "reviews:submit_list": act(PROVINCE, batch_pk="@batch", code="13"),
    "reviews:priority": act(PROVINCE, "submitted"),
    "reviews:formal_list": page(STAFF, batch_pk="@batch"),
    "reviews:formal_review": page(STAFF, "submitted"),
    "reviews:data_evaluation": page(STAFF, batch_pk="@batch"),
    "reviews:data_evaluation_indicators": page(STAFF, batch_pk="@batch"),
    "reviews:close_evaluation": act(MINISTRY, batch_pk="@batch"),
    "reviews:mark": act(MINISTRY, "submitted"),
    # Public: the published rankings, profiles, maps, eligibility, PDFs, exports and open data
    "rankings:list": page(EVERYONE),
    "rankings:export": page(EVERYONE, fmt="csv"),
    "rankings:province": page(EVERYONE),
    "rankings:county": page(EVERYONE),
    "rankings:county_pdf": page(EVERYONE),
    "rankings:map": page(EVERYONE),
    "rankings:map_data": page(EVERYONE),
    "rankings:map_province": page(EVERYONE),
    "rankings:map_province_data": page(EVERYONE),
    "rankings:eligibility_overview": page(EVERYONE),
    "rankings:eligibility": page(EVERYONE),
    "opendata:index": page(EVERYONE),
    "opendata:run": page(EVERYONE, "run"),
    "opendata:datapackage_json": page(EVERYONE, "run"),
    "opendata:datapackage_zip": page(EVERYONE, "run"),
    "opendata:resource": page(EVERYONE, "run", name="county_results"),
    # Expert consultation (experts): the pool and panels are the ministry's; an expert sees only their own work
    "experts:index": page(SIGNED_IN, ok=(302,)),  # on to one's own desk (experts) or the panels (ministry)
    "experts:pool": page(MINISTRY),
    "experts:add": page(MINISTRY),
    "experts:import": page(MINISTRY),
    "experts:template": page(MINISTRY),
    "experts:edit": page(MINISTRY, "expert_profile"),
    "experts:toggle": act(MINISTRY, "expert_profile"),
    "experts:batches": page(STAFF),
    "experts:batch": page(STAFF, batch_pk="@consultation"),
    "experts:settings": act(MINISTRY, batch_pk="@consultation"),
    "experts:propose": act(MINISTRY, batch_pk="@consultation"),
    "experts:slot": act(
        MINISTRY, batch_pk="@consultation", body={"application": "@candidate", "expert": "@expert_profile"}
    ),
    "experts:confirm": act(MINISTRY, batch_pk="@consultation"),
    "experts:rubric": page(STAFF, batch_pk="@consultation"),
    "experts:replacements": page(MINISTRY, batch_pk="@consultation", app_pk="@candidate"),
    "experts:remove": act(MINISTRY, "assignment"),
    "experts:panel": page(STAFF, app_pk="@candidate"),
    "experts:reopen": act(MINISTRY, "review"),
    "experts:mine": page(EXPERTS),
    "experts:profile": page(EXPERTS),
    "experts:act": act(EXPERT, "assignment", name="decline"),
    "experts:review": page(EXPERT, "assignment"),
    # Monitoring data quality: county entry, province review, rules, reporting rates
    "monitoring:county_entry": page(COUNTY_READERS, "round"),
    "monitoring:entry_check": act(COUNTY, "round"),
    "monitoring:entry_transition": act(COUNTY, "round", action="submit"),
    "monitoring:province_entries": page(PROVINCE_READERS, "round", province="13"),
    "monitoring:quality": page(STAFF | PROVINCES, "round"),  # each province sees its own counties
    "monitoring:confirm_flag": act(PROVINCE, "round", body={"county": "130123", "kind": "rule", "key": "R1"}),
    "monitoring:thresholds": page(MINISTRY, "round"),
    "monitoring:reporting": page(OFFICERS, "round"),  # reporting rates of the whole round, to every officer
    "monitoring:reporting_export": page(OFFICERS, "round"),
    "monitoring:reporting_map": page(STAFF, "round"),
    "monitoring:rules": page(SIGNED_IN, "framework"),
    "monitoring:rule_export": page(SIGNED_IN, "framework", fmt="csv"),
    "monitoring:rule_edit": page(MINISTRY, "framework", rule_id="@rule"),
    "monitoring:rule_delete": act(MINISTRY, "framework", rule_id="@rule"),
    # Landed at 21:15 on main; the pages without path parameters are classified, the rest are PENDING below
    "approvals:index": page(STAFF),
    "approvals:templates": page(STAFF),
    "construction:index": page(OFFICERS),
    "ops:healthz": page(EVERYONE),
    "overview:dashboard": page(EVERYONE),  # public as built (published figures only) — to be confirmed
    "overview:effect": page(EVERYONE),
    "overview:effect_data": page(EVERYONE, ok=(404,)),  # 404 until an effect analysis exists
    "overview:map_data": page(EVERYONE),
    "public:approved": page(EVERYONE),
    "public:approved_map_data": page(EVERYONE),
    "public:notices": page(EVERYONE),
    "twofactor:security": page(SIGNED_IN),
    "twofactor:enrol": page(SIGNED_IN),
    "twofactor:verify": page(SIGNED_IN, ok=(200, 302)),  # those without a device: on to the home page
    "twofactor:regenerate": act(SIGNED_IN),
    "twofactor:remove": act(SIGNED_IN),
    "dashboard:home": page(EVERYONE),
    "dashboard:regions": page(SIGNED_IN),
    # Landed last (acceptance, the approval plan, the sensitivity export): the pages without path parameters are
    # classified, the rest are PENDING below until the world holds an acceptance round
    "acceptance:index": page(SIGNED_IN),  # each caller sees the acceptances in their scope (none: an empty desk)
    "innovative:counties": page(EVERYONE),
    "innovative:map_data": page(EVERYONE),
}

# API operations by ``METHOD /api/path`` (path parameters as in the schema, without the trailing slash).
OPERATIONS: dict[str, Access] = {
    "GET /api/regions/provinces": read(SIGNED_IN),
    "GET /api/regions/counties": read(SIGNED_IN),
    "GET /api/regions/counties/{code}": read(SIGNED_IN),
    "GET /api/accounts/me": read(SIGNED_IN),
    "GET /api/audit/events": read(STAFF),
    "GET /api/audit/chain": read(STAFF),
    "GET /api/notifications": read(SIGNED_IN),
    "POST /api/notifications/{notification_id}/read": write(COUNTY, "notification"),
    "GET /api/monitoring/rounds": read(ROLE_HOLDERS),
    "POST /api/monitoring/rounds": write(
        MINISTRY, body={"year": 2031, "framework_id": 1, "deadline": "2032-03-31"}
    ),
    "GET /api/monitoring/rounds/{round_id}/submissions": read(ROLE_HOLDERS, "round"),  # filtered to one's own
    "GET /api/monitoring/rounds/{round_id}/counties/{code}": read(COUNTY_READERS, "round"),
    "POST /api/monitoring/rounds/{round_id}/counties/{code}/comments": write(
        COUNTY | PROVINCE, "round", body={"part": "general", "text": "请核实"}
    ),
    "GET /api/monitoring/rounds/{round_id}/export.csv": read(STAFF, "round"),
    "GET /api/monitoring/frameworks": read(SIGNED_IN),
    "POST /api/monitoring/frameworks": write(MINISTRY, body={"file": FILE, "code": "matrix"}),
    "GET /api/monitoring/frameworks/{framework_id}": read(SIGNED_IN, "framework"),
    "POST /api/monitoring/frameworks/{framework_id}/activate": write(MINISTRY, "framework", body={}),
    "GET /api/monitoring/submissions/{submission_id}": read(PROVINCE_READERS, "submission"),
    "GET /api/monitoring/submissions/{submission_id}/template": read(PROVINCE, "submission"),
    "POST /api/monitoring/submissions/{submission_id}/uploads": write(
        PROVINCE, "submission", body={"file": FILE}
    ),
    "GET /api/monitoring/uploads/{upload_id}": read(PROVINCE_READERS, "upload"),
    "POST /api/monitoring/uploads/{upload_id}/confirm": write(PROVINCE, "upload", body={}),
    "POST /api/monitoring/submissions/{submission_id}/submit": write(PROVINCE, "submission", body={}),
    "POST /api/monitoring/submissions/{submission_id}/accept": write(MINISTRY, "submission", body={}),
    "POST /api/monitoring/submissions/{submission_id}/return": write(
        MINISTRY, "submission", body={"reason": "缺数据"}
    ),
    "GET /api/batches": read(SIGNED_IN),
    "POST /api/batches": write(
        MINISTRY,
        body={
            "name": "矩阵批次",
            "year": 2030,
            "application_opens": "2030-01-01",
            "application_closes": "2030-02-01",
            "construction_start_year": 2031,
        },
    ),
    "GET /api/batches/{pk}": read(SIGNED_IN, "batch"),
    "PUT /api/batches/{pk}": write(
        MINISTRY,
        "batch",
        method="PUT",
        body={
            "name": "矩阵批次",
            "year": 2030,
            "application_opens": "2030-01-01",
            "application_closes": "2030-02-01",
            "construction_start_year": 2031,
        },
    ),
    "POST /api/batches/{pk}/{name}": write(MINISTRY, "batch", body={}, name="close"),
    "PUT /api/applications/{pk}/sharing": write(COUNTY, "application", method="PUT", body={"shared": True}),
    "GET /api/applications/{pk}/comments": read(DRAFT_READERS, "application"),
    "POST /api/applications/{pk}/comments": write(
        PROVINCE, "application", body={"part": "general", "text": "请补充"}
    ),
    "POST /api/applications/{pk}/comments/{comment_pk}/answer": write(
        COUNTY, "application", body={"answer": "已补充"}
    ),
    "GET /api/applications/{pk}/versions": read(DRAFT_READERS, "application"),
    "GET /api/applications/{pk}/compare": read(DRAFT_READERS, "application", query={"a": 1, "b": "working"}),
    "GET /api/applications": read(SIGNED_IN),  # filtered to what each may see
    "POST /api/applications": write(COUNTY, body={"batch_id": "@drafting", "county_code": "130123"}),
    "GET /api/applications/{pk}": read(DRAFT_READERS, "application"),
    "PUT /api/applications/{pk}/sections/{key}": write(
        COUNTY, "application", method="PUT", body={}, key="basis"
    ),
    "PATCH /api/applications/{pk}/plan": write(COUNTY, "application", method="PATCH", body={}),
    "POST /api/applications/{pk}/transitions/{name}": write(COUNTY, "application", body={}, name="submit"),
    "GET /api/applications/{pk}/attachments": read(DRAFT_READERS, "application"),
    "POST /api/applications/{pk}/attachments": write(COUNTY, "application", body={"file": FILE}),
    "DELETE /api/applications/{pk}/attachments/{attachment_pk}": write(
        COUNTY, "application", method="DELETE"
    ),
    "GET /api/applications/attachments/{pk}/download": read(DRAFT_READERS, "attachment"),
    "GET /api/reviews/batches/{pk}/provinces/{code}": read(PROVINCE_READERS, "batch", code="13"),
    "POST /api/reviews/batches/{pk}/provinces/{code}/submit": write(PROVINCE, "batch", body={}, code="13"),
    "POST /api/reviews/applications/{pk}/priority": write(PROVINCE, "submitted", body={"priority": 1}),
    "GET /api/reviews/applications/{pk}/formal-review": read(STAFF, "submitted"),
    "POST /api/reviews/applications/{pk}/formal-review": write(
        MINISTRY, "submitted", body={"decision": "pass"}
    ),
    "GET /api/reviews/batches/{pk}/data-evaluation": read(STAFF, "batch"),
    "POST /api/reviews/applications/{pk}/consultation": write(MINISTRY, "submitted", body={"selected": True}),
    "POST /api/reviews/batches/{pk}/data-evaluation/close": write(MINISTRY, "batch", body={}),
    "GET /api/evaluations/runs": read(ROLE_HOLDERS),
    "POST /api/evaluations/runs": write(MINISTRY, body={"year": 2023, "framework_id": "@framework"}),
    "GET /api/evaluations/compare": read(ROLE_HOLDERS, query={"a": "@run", "b": "@run"}),
    "GET /api/evaluations/runs/{run_id}": read(ROLE_HOLDERS, "run"),
    "GET /api/evaluations/runs/{run_id}/audit": read(ROLE_HOLDERS, "run"),
    "GET /api/evaluations/runs/{run_id}/progress": read(ROLE_HOLDERS, "run"),
    "POST /api/evaluations/runs/{run_id}/publish": write(MINISTRY, "run", body={}),
    "POST /api/evaluations/runs/{run_id}/retry": write(MINISTRY, "run", body={}),
    "GET /api/evaluations/runs/{run_id}/results": read(ROLE_HOLDERS, "run"),
    "GET /api/evaluations/runs/{run_id}/results/{code}": read(ROLE_HOLDERS, "run"),
    "GET /api/experts/assignments": read(EXPERTS),  # one's own
    "GET /api/experts/assignments/{pk}/review": read(EXPERT, "assignment"),
    "PUT /api/experts/assignments/{pk}/review": write(EXPERT, "assignment", method="PUT", body={}),
    "POST /api/experts/assignments/{pk}/review/submit": write(EXPERT, "assignment", body={}),
    "POST /api/experts/assignments/{pk}/acts/{action}": write(
        EXPERT, "assignment", body={"reason": "x"}, action="decline"
    ),
    "GET /api/experts/pool": read(MINISTRY),
    "GET /api/experts/batches/{pk}/panels": read(STAFF, "consultation"),
    "POST /api/experts/batches/{pk}/propose": write(MINISTRY, "consultation", body={}),
    "POST /api/experts/batches/{pk}/slots": write(
        MINISTRY, "consultation", body={"application_id": "@candidate", "expert_id": "@expert_profile"}
    ),
    "POST /api/experts/batches/{pk}/confirm": write(MINISTRY, "consultation", body={}),
    "GET /api/monitoring/frameworks/{framework_id}/rules": read(SIGNED_IN, "framework"),
    "GET /api/monitoring/rounds/{round_id}/entries/{code}": read(COUNTY_READERS, "round"),
    "PUT /api/monitoring/rounds/{round_id}/entries/{code}": write(COUNTY, "round", method="PUT", body={}),
    "POST /api/monitoring/rounds/{round_id}/entries/{code}/check": write(COUNTY, "round", body={}),
    "POST /api/monitoring/rounds/{round_id}/entries/{code}/{action}": write(
        COUNTY, "round", body={}, action="submit"
    ),
    "GET /api/monitoring/rounds/{round_id}/quality": read(STAFF, "round"),
    "GET /api/monitoring/rounds/{round_id}/reporting": read(STAFF, "round"),
    "GET /api/construction/reports": read(SIGNED_IN),  # filtered to what each may see
    # Public (auth=None): the published rankings
    "GET /api/rankings": read(EVERYONE),
    "GET /api/rankings/counties/{code}": read(EVERYONE),
    "GET /api/rankings/eligibility": read(EVERYONE),
    "GET /api/rankings/eligibility/{province_code}": read(EVERYONE),
    "GET /api/rankings/map": read(EVERYONE),
    "GET /api/rankings/map/{province_code}": read(EVERYONE),
}


# Landed on main at 21:15 and not yet checked: they need objects of their apps in the world (approval lists,
# inspections, objections, construction projects and reports). Listed by name so that nothing is silently
# left out; the completeness tests accept them, the test below lists them. Move each to PAGES / OPERATIONS.
PENDING = frozenset({
    "approvals:application_form", "approvals:inspection", "approvals:inspection_act", "approvals:inspection_file",
    "approvals:inspection_upload", "approvals:inspections", "approvals:letter", "approvals:list",
    "approvals:list_act", "approvals:list_document", "approvals:objection_attachment", "approvals:question_act",
    "approvals:questions", "approvals:resolve", "approvals:template", "construction:attachment",
    "construction:attachment_remove", "construction:attachment_upload", "construction:comment",
    "construction:deadlines", "construction:edit", "construction:project", "construction:realism",
    "construction:report", "construction:set_deadline", "construction:transition", "overview:effect_export",
    "overview:export", "overview:panel_export", "public:notice", "public:objection",
    "GET /api/construction/reports/{pk}", "POST /api/construction/reports/{pk}/ministry",
    "POST /api/construction/reports/{pk}/review", "POST /api/construction/reports/{pk}/submit",
    "PUT /api/construction/reports/{pk}",
    "acceptance:act", "acceptance:attachment", "acceptance:batch", "acceptance:document", "acceptance:list_act",
    "acceptance:open_batch", "acceptance:panels", "acceptance:project", "acceptance:start_plan", "acceptance:summary",
    "approvals:plan", "evaluations:sensitivity_export",
})  # fmt: skip
