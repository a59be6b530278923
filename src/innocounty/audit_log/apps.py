from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    name = "innocounty.audit_log"
    verbose_name = _("审计日志")
