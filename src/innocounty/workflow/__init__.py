"""The one Django adapter of the workflow machine (:mod:`innocounty.programme.machine`).

Every state change of every subject goes through :func:`~innocounty.workflow.adapter.apply_transition`:
lock the subject row only → actor rule, guards and inputs (the core) → set the state → audit event →
declared effects → notifications, in one transaction. Apps register a :class:`~.adapter.Binding` per
subject kind (how to build the core's context from a row, and the effect handlers) in their ``apps.ready``.
"""
