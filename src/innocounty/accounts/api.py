from ninja import Router, Schema

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    role_label: str
    province: str | None
    county: str | None
    scope: str


class ErrorOut(Schema):
    detail: str


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[RoleOut]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The current user with their roles and scopes")
def me(request):
    user = request.auth
    roles = [
        RoleOut(
            role=a.role,
            role_label=str(a.get_role_display()),
            province=a.province_id,
            county=a.county_id,
            scope=a.scope_label,
        )
        for a in user.role_assignments.select_related("province", "county__province")
    ]
    return MeOut(username=user.username, display_name=user.display_name, roles=roles)
