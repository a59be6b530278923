"""Users and their scoped roles.

A user may hold several roles; each role is scoped to a resource: a county officer acts for one
county, a provincial officer for one province, a ministry officer and an auditor for the nation, an
expert only for what is assigned to them (assignments arrive with the review stages).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_OFFICER = "county_officer", _("县（市）管理员")
    PROVINCIAL_OFFICER = "provincial_officer", _("省级科技管理部门")
    MINISTRY_OFFICER = "ministry_officer", _("科技部")
    EXPERT = "expert", _("评审专家")
    AUDITOR = "auditor", _("审计员（只读）")


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """One role of one user, with its scope. The check constraint keeps scope and role consistent."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("省份")
    )
    county = models.ForeignKey(
        "regions.County", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("县（市）")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                name="role_scope_consistent",
                condition=(
                    Q(role="county_officer", county__isnull=False, province__isnull=True)
                    | Q(role="provincial_officer", province__isnull=False, county__isnull=True)
                    | Q(
                        role__in=["ministry_officer", "expert", "auditor"],
                        province__isnull=True,
                        county__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "province", "county"], name="role_unique"),
        ]

    def __str__(self) -> str:
        scope = self.county or self.province or _("全国")
        return f"{self.get_role_display()} · {scope}"

    @property
    def scope_label(self) -> str:
        if self.county_id:
            return f"{self.county.province.name} {self.county.name}"
        if self.province_id:
            return self.province.name
        if self.role == Role.EXPERT:
            return str(_("分配给本人的评审任务"))
        return str(_("全国"))


class ApiToken(models.Model):
    """A bearer token for the REST API. Only the SHA-256 digest is stored; the clear token is shown once.

    ``prefix`` (the first characters of the clear token) lets a person recognise a token in lists
    without revealing it.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    name = models.CharField(_("用途说明"), max_length=100, blank=True)
    prefix = models.CharField(_("令牌前缀"), max_length=16, editable=False)
    digest = models.CharField(_("SHA-256 摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True, help_text=_("留空表示永不过期"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"

    def is_usable(self, now) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
