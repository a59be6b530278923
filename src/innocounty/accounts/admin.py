"""Admin of users, their roles and API tokens, for ministry staff.

Every change to a role assignment, a user's rights or a token is written to the audit log in the
admin's own transaction. Ministry officers who are not superusers cannot make anyone a superuser
or hand out Django permissions: rights come from roles.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innocounty.accounts import services, tokens
from innocounty.accounts.models import ApiToken, RoleAssignment, User
from innocounty.audit.chain import record
from innocounty.regions.models import County, Province

USER_AUDITED_FIELDS = ("username", "display_name", "email", "is_active", "is_staff", "is_superuser")


def _searchable_in_admin(admin_site, model) -> bool:
    model_admin = admin_site._registry.get(model)
    return model_admin is not None and bool(model_admin.search_fields)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ("role", "province", "county", "created_at")
    readonly_fields = ("created_at",)
    verbose_name = _("角色授权")

    # Autocomplete when the regions admin offers search, a raw id box otherwise (2,845 counties
    # are too many for a select). Properties, because the regions admin may register later.
    @property
    def autocomplete_fields(self):
        scopes = (("province", Province), ("county", County))
        return [name for name, model in scopes if _searchable_in_admin(self.admin_site, model)]

    @property
    def raw_id_fields(self):
        scopes = (("province", Province), ("county", County))
        return [name for name, model in scopes if not _searchable_in_admin(self.admin_site, model)]


def user_snapshot(user) -> dict:
    return {field: getattr(user, field) for field in USER_AUDITED_FIELDS}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "display_name", "role_summary", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "role_assignments__role")
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "email")}),
        (_("状态"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("时间"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description=_("角色"))
    def role_summary(self, user):
        return "；".join(str(a) for a in user.role_assignments.all())

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("role_assignments__county", "role_assignments__province")
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "groups", "user_permissions"]
        return fields

    def save_model(self, request, obj, form, change):
        before = user_snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        after = user_snapshot(obj)
        if not change:
            record(request.user, "user.created", obj, after=after, summary=f"创建用户 {obj.get_username()}")
        elif before != after:
            record(request.user, "user.changed", obj, before=before, after=after, summary=f"修改用户 {obj}")

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        stored = RoleAssignment.objects.filter(user=form.instance).select_related("user")
        before = {a.pk: services.role_snapshot(a) for a in stored} if change else {}
        with transaction.atomic():
            for deleted_form in formset.deleted_forms:
                if deleted_form.instance.pk in before:
                    assignment = deleted_form.instance
                    services.record_role_revoked(request.user, assignment, before[assignment.pk])
            super().save_formset(request, form, formset, change)
            for assignment in formset.new_objects:
                services.record_role_granted(request.user, assignment)
            for assignment, _changed in formset.changed_objects:
                services.record_role_changed(request.user, assignment, before[assignment.pk])

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            record(
                request.user, "user.password_set", user, summary=f"管理员重设 {user.get_username()} 的密码"
            )
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are shown by prefix only; the clear token appears once, in a message, when added."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    fields = ("user", "name", "expires_at", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    raw_id_fields = ("user",)
    actions = ["revoke_tokens"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (("user",) if obj is not None else ())

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of a token outlives its use

    def save_model(self, request, obj, form, change):
        if change:
            before = tokens.token_snapshot(ApiToken.objects.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            record(request.user, "api_token.changed", obj, before=before, after=tokens.token_snapshot(obj))
            return
        clear = tokens.new_secret()
        tokens.seal(obj, clear)
        super().save_model(request, obj, form, change)
        record(
            request.user, "api_token.created", obj, after=tokens.token_snapshot(obj), summary="创建 API 令牌"
        )
        messages.warning(request, _("新令牌（只显示这一次，请立即复制保存）：%(token)s") % {"token": clear})

    @admin.action(description=_("吊销所选令牌"))
    def revoke_tokens(self, request, queryset):
        revoked = 0
        for api_token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            tokens.revoke_token(api_token, actor=request.user)
            revoked += 1
        messages.success(request, _("已吊销 %(count)d 个令牌。") % {"count": revoked})
