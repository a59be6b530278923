"""Model fields stamped by the platform's clock (:mod:`innocounty.common.clock`), so rows written while a
demo replays its story (``clock.at(...)``) carry the story's dates."""

from __future__ import annotations

from django.db import models

from innocounty.common import clock


class ClockTimeField(models.DateTimeField):
    """``auto_now_add`` (or, with ``on_update=True``, ``auto_now``) from the platform's clock."""

    def __init__(self, *args, on_update: bool = False, **kwargs):
        self.on_update = on_update
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        if self.on_update or (add and getattr(model_instance, self.attname) is None):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.on_update:
            kwargs["on_update"] = True
        return name, path, args, kwargs
