"""Chinese names for django-axes' models, fields and admin sections (axes ships no zh-Hans catalogue, so
``/admin/axes/*`` read English on a Chinese site). Registered from :meth:`DashboardConfig.ready`; the
strings are this project's gettext strings (English through the project catalogue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "user_agent": _("浏览器标识"),
    "ip_address": _("IP 地址"),
    "username": _("用户名"),
    "http_accept": _("HTTP Accept 请求头"),
    "path_info": _("访问路径"),
    "attempt_time": _("尝试时间"),
    "get_data": _("GET 参数"),
    "post_data": _("POST 参数"),
    "failures_since_start": _("失败次数"),
    "locked_out": _("已锁定"),
    "logout_time": _("退出时间"),
    "session_hash": _("会话密钥哈希（SHA-256）"),
    "access_attempt": _("登录尝试"),
    "expires_at": _("到期时间"),
}
MODEL_LABELS = {
    "AccessAttempt": (_("登录尝试"), _("登录尝试")),
    "AccessLog": (_("登录记录"), _("登录记录")),
    "AccessFailureLog": (_("登录失败记录"), _("登录失败记录")),
    "AccessAttemptExpiration": (_("登录尝试到期"), _("登录尝试到期")),
}
SECTION_LABELS = {"Form Data": _("表单数据"), "Meta Data": _("请求信息")}


def _attempt_status(admin_instance):
    """AccessAttemptAdmin's status and expiration columns, in our words."""
    from axes.conf import settings

    def status(obj):
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return _("还可尝试 %(n)s 次") % {"n": left} if left > 0 else _("已锁定")

    def expiration(obj):
        return obj.expiration.expires_at if hasattr(obj, "expiration") else _("未设置")

    status.short_description = _("状态")
    expiration.short_description = _("到期时间")
    admin_instance.status, admin_instance.expiration = status, expiration


def register() -> None:
    from django.apps import apps
    from django.contrib import admin

    try:
        config = apps.get_app_config("axes")
    except LookupError:
        return
    config.verbose_name = _("登录防护")
    try:
        from axes.admin import IsLockedOutFilter
    except ImportError:  # pragma: no cover - axes without its admin
        IsLockedOutFilter = None
    if IsLockedOutFilter is not None:
        IsLockedOutFilter.title = _("已锁定")
    for model in config.get_models():
        names = MODEL_LABELS.get(model.__name__)
        if names:
            model._meta.verbose_name, model._meta.verbose_name_plural = names
        for field in model._meta.fields:
            if field.name in FIELD_LABELS:
                field.verbose_name = FIELD_LABELS[field.name]
        model_admin = admin.site._registry.get(model)
        if model_admin is not None and model.__name__ == "AccessAttempt":
            _attempt_status(model_admin)
        if model_admin is not None and model_admin.fieldsets:
            model_admin.fieldsets = tuple(
                (SECTION_LABELS.get(str(title), title) if title else title, options)
                for title, options in model_admin.fieldsets
            )
