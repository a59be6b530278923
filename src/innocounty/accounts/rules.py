"""The predicates of ``accounts/permissions.py`` registered with django-rules (autodiscovered).

Two kinds of permission names:

* object permissions of the platform, ``innocounty.<predicate>``, e.g.
  ``user.has_perm("innocounty.view_county", county)``;
* the Django model permissions the admin asks for (``regions.change_county``, module permission
  ``regions``), granted to ministry officers so the admin needs no per-user permission rows. The
  audit log is view-only for ministry officers and auditors; nobody may add, change or delete it.

Django itself answers True to every ``has_perm`` of an active superuser, before any backend.
"""

import rules
from django.apps import apps

from innocounty.accounts import permissions as p

# app label -> the predicate granting the view/add/change/delete permissions of all its models
ADMINISTERED_APPS = {
    "accounts": p.can_manage_accounts,
    "axes": p.can_manage_accounts,  # lock-outs: ministry officers can see and clear them
    "regions": p.is_ministry_officer,
}
MODEL_ACTIONS = ("view", "add", "change", "delete")


def as_rule(decide):
    """A django-rules predicate answering ``bool(decide(user, obj))``."""

    def rule(user, obj=None):
        return bool(decide(user, obj))

    rule.__name__ = decide.__name__
    return rules.predicate(rule)


def _register():
    for name, decide in p.OBJECT_PERMISSIONS.items():
        rules.set_perm(name, as_rule(decide))

    for app_label, decide in ADMINISTERED_APPS.items():
        rule = as_rule(decide)
        rules.set_perm(app_label, rule)
        for model in apps.get_app_config(app_label).get_models():
            for action in MODEL_ACTIONS:
                rules.set_perm(f"{app_label}.{action}_{model._meta.model_name}", rule)

    views_audit_log = as_rule(p.can_view_audit_log)
    rules.set_perm("audit", views_audit_log)
    rules.set_perm("audit.view_auditevent", views_audit_log)


_register()
