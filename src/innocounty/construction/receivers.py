"""A construction project starts when an application becomes 批准建设 (APPROVED).

The receiver listens to :data:`innocounty.workflow.signals.transitioned` (sent after the approving
transaction committed) for any application transition that lands on ``approved``, whatever its name:
the approval list's ``finalise`` drives it (branch ``approval``). :func:`services.ensure_projects` does the
same for applications approved before this receiver existed (``manage.py ensure_projects``, the demo).
"""

from __future__ import annotations

from django.dispatch import receiver

from innocounty.programme import ApplicationState
from innocounty.workflow.signals import transitioned


@receiver(transitioned, dispatch_uid="construction.project_on_approval")
def start_project(sender, kind, transition, subject, actor, **kwargs) -> None:
    if kind != "application" or subject.state != ApplicationState.APPROVED.value:
        return
    from innocounty.construction.services import project_for

    project_for(subject)
