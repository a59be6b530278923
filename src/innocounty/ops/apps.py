from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "innocounty.ops"
    label = "ops"
    verbose_name = "运维（健康检查、备份与恢复）"
