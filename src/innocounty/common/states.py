"""State columns that only the workflow adapter may write.

A model with workflow states uses :class:`StatefulModel` (and its manager): ``save()``, ``update()``,
``bulk_update()`` and ``bulk_create()`` refuse to change a state column unless the write happens inside
:func:`permit_state_write` (the adapter's, around its one save) or :func:`seeding_states` (loading
reference or test data in a given state, named as such where it is used).
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db import models

_permitted: contextvars.ContextVar[frozenset] = contextvars.ContextVar("state_write", default=frozenset())
_seeding: contextvars.ContextVar[bool] = contextvars.ContextVar("state_seeding", default=False)


class StateWriteRefused(Exception):
    """A state column was written outside the workflow adapter."""


@contextlib.contextmanager
def permit_state_write(obj):
    token = _permitted.set(_permitted.get() | {(obj._meta.label_lower, obj.pk)})
    try:
        yield
    finally:
        _permitted.reset(token)


@contextlib.contextmanager
def seeding_states():
    """Write rows in a given state directly: fixtures, factories and data loading only."""
    token = _seeding.set(True)
    try:
        yield
    finally:
        _seeding.reset(token)


def _allowed(obj=None) -> bool:
    if _seeding.get():
        return True
    return obj is not None and (obj._meta.label_lower, obj.pk) in _permitted.get()


class StatefulQuerySet(models.QuerySet):
    def _touches_state(self, names) -> bool:
        return bool(set(names) & set(self.model.STATE_FIELDS))

    def update(self, **kwargs):
        if self._touches_state(kwargs) and not _allowed():
            raise StateWriteRefused(f"{self.model.__name__}: state columns change only through apply_transition")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        if self._touches_state(fields) and not _allowed():
            raise StateWriteRefused(f"{self.model.__name__}: state columns change only through apply_transition")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if not _allowed() and any(not o._initial_state_ok() for o in objs):
            raise StateWriteRefused(f"{self.model.__name__}: rows start in their initial state")
        return super().bulk_create(objs, *args, **kwargs)


class StatefulModel(models.Model):
    """A model whose ``STATE_FIELDS`` are written only by the workflow adapter.

    ``INITIAL_STATES`` maps each state field to the values a new row may start with.
    """

    STATE_FIELDS: tuple[str, ...] = ("state",)
    INITIAL_STATES: dict[str, tuple] = {}

    objects = StatefulQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not _allowed(self):
            if self._state.adding:
                if not self._initial_state_ok():
                    raise StateWriteRefused(f"{type(self).__name__}: a new row starts in its initial state")
            else:
                loaded = getattr(self, "_loaded_states", {})
                changed = [f for f, v in loaded.items() if getattr(self, f) != v]
                if changed:
                    raise StateWriteRefused(
                        f"{type(self).__name__}.{changed[0]} changes only through apply_transition"
                    )
        super().save(*args, **kwargs)
        self._loaded_states = {f: getattr(self, f) for f in self.STATE_FIELDS}

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_states = {f: getattr(instance, f, None) for f in cls.STATE_FIELDS if f in field_names}
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_states = {f: getattr(self, f) for f in self.STATE_FIELDS}  # what the database holds now

    def _initial_state_ok(self) -> bool:
        return all(getattr(self, f) in self.INITIAL_STATES.get(f, (getattr(self, f),)) for f in self.STATE_FIELDS)
