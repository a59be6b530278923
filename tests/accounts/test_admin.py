"""The admin: Chinese, open to ministry staff (and auditors for the audit log) only, every role change audited."""

from innocounty.accounts.models import ApiToken, Role, RoleAssignment
from innocounty.audit.models import AuditEvent

ADMIN = "/admin/"


def _get(client, user, path=ADMIN):
    client.force_login(user)
    return client.get(path)


def test_ministry_officer_gets_the_chinese_admin(client, people):
    response = _get(client, people.ministry_officer)
    assert response.status_code == 200
    page = response.content.decode()
    assert "创新型县（市）建设管理平台 · 管理后台" in page
    assert "账户与角色" in page and "审计日志" in page
    assert _get(client, people.ministry_officer, "/admin/accounts/user/").status_code == 200
    assert _get(client, people.ministry_officer, "/admin/accounts/user/add/").status_code == 200
    change_page = _get(client, people.ministry_officer, f"/admin/accounts/user/{people.several.pk}/change/")
    assert change_page.status_code == 200
    assert (
        'name="role_assignments-0-role"' in change_page.content.decode()
        and "辛集市" in change_page.content.decode()
    )


def test_provincial_officer_with_is_staff_is_refused(client, people):
    people.provincial_officer.is_staff = True
    people.provincial_officer.save()
    response = _get(client, people.provincial_officer)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert _get(client, people.provincial_officer, "/admin/accounts/user/").status_code == 302


def test_ministry_officer_without_is_staff_is_refused(client, people):
    people.ministry_officer.is_staff = False
    people.ministry_officer.save()
    assert _get(client, people.ministry_officer).status_code == 302


def test_auditor_sees_the_audit_log_only(client, people):
    page = _get(client, people.auditor).content.decode()
    assert "审计事件" in page and "/admin/accounts/user/" not in page
    assert _get(client, people.auditor, "/admin/audit/auditevent/").status_code == 200
    assert _get(client, people.auditor, "/admin/accounts/user/").status_code == 403


def test_audit_events_are_read_only_in_the_admin(client, people):
    client.force_login(people.ministry_officer)  # writes a login.succeeded event
    event = AuditEvent.objects.get()
    change_page = client.get(f"/admin/audit/auditevent/{event.seq}/change/")
    assert change_page.status_code == 200 and 'name="_save"' not in change_page.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.seq}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.count() == 1


def _user_form(user, roles, initial=0):
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "email": "",
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": str(len(roles)),
        "role_assignments-INITIAL_FORMS": str(initial),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for index, role in enumerate(roles):
        for field, value in role.items():
            data[f"role_assignments-{index}-{field}"] = value
    return data


def test_granting_changing_and_revoking_roles_in_the_admin_is_audited(client, people, regions):
    client.force_login(people.ministry_officer)
    user = people.nobody
    url = f"/admin/accounts/user/{user.pk}/change/"
    granted = {"role": Role.COUNTY_OFFICER, "county": "130123", "province": "", "user": str(user.pk)}
    response = client.post(url, _user_form(user, [granted]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = RoleAssignment.objects.get(user=user)
    event = AuditEvent.objects.get(action="role.granted")
    assert event.actor == people.ministry_officer and event.object_id == str(assignment.pk)
    assert event.after == {"user": "nobody", "role": "county_officer", "province": None, "county": "130123"}

    changed = {**granted, "id": str(assignment.pk), "county": "130181"}
    assert client.post(url, _user_form(user, [changed], initial=1)).status_code == 302
    event = AuditEvent.objects.get(action="role.changed")
    assert (event.before["county"], event.after["county"]) == ("130123", "130181")

    revoked = {**changed, "DELETE": "on"}
    assert client.post(url, _user_form(user, [revoked], initial=1)).status_code == 302
    assert not RoleAssignment.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="role.revoked")
    assert event.before["county"] == "130181" and event.object_id == str(assignment.pk)


def test_inconsistent_role_scope_is_refused_and_nothing_audited(client, people, regions):
    client.force_login(people.ministry_officer)
    user = people.nobody
    wrong = {"role": Role.COUNTY_OFFICER, "county": "", "province": "13", "user": str(user.pk)}
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", _user_form(user, [wrong]))
    assert response.status_code == 200  # the form is shown again with the error
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action__startswith="role.").exists()


def test_ministry_officer_cannot_make_a_superuser(client, people):
    client.force_login(people.ministry_officer)
    user = people.nobody
    data = {**_user_form(user, []), "is_staff": "on", "is_superuser": "on"}
    assert client.post(f"/admin/accounts/user/{user.pk}/change/", data).status_code == 302
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    event = AuditEvent.objects.get(action="user.changed")
    assert event.before["is_staff"] is False and event.after["is_staff"] is True


def test_api_token_added_in_the_admin_is_shown_once_and_never_its_digest(client, people):
    client.force_login(people.ministry_officer)
    response = client.post(
        "/admin/accounts/apitoken/add/",
        {"user": str(people.auditor.pk), "name": "审计导出", "expires_at": ""},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    page = response.content.decode()
    assert "只显示这一次" in page and token.prefix in page
    change_page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.digest not in change_page and token.digest not in page
    assert AuditEvent.objects.filter(action="api_token.created", object_id=str(token.pk)).exists()


def test_revoking_tokens_from_the_admin(client, people):
    from innocounty.accounts.tokens import create_token

    _clear, token = create_token(people.auditor)
    client.force_login(people.ministry_officer)
    data = {"action": "revoke_tokens", "_selected_action": [str(token.pk)]}
    assert client.post("/admin/accounts/apitoken/", data).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
