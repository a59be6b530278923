from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    """Listed in INSTALLED_APPS instead of "django.contrib.admin": the same admin, with the platform's
    site (``accounts/admin_site.py``), open only to ministry officers, auditors and superusers."""

    default_site = "innocounty.accounts.admin_site.PlatformAdminSite"
