"""Numbers from a query string or a posted form, parsed once and bounded.

``str.isdigit()`` is true for '²' and '٣' (``int('²')`` raises), and ``int()`` takes 10,000 digits;
views call :func:`query_int` instead: ASCII digits only, within the given bounds, or an error message
naming the parameter that the page shows while it ignores the filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext

from innocounty.common.bounds import ID_MAX, ID_MIN

_INTEGER = re.compile(r"-?[0-9]{1,20}", re.ASCII)


def parse_int(raw, minimum: int, maximum: int) -> int | None:
    """``raw`` as an int when it is an optionally signed run of ASCII digits within [minimum, maximum],
    else None (missing, empty, '²', '1e3', ' 12', 25 digits, out of range)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _INTEGER.fullmatch(raw):
        value = int(raw)
    else:
        return None
    return value if minimum <= value <= maximum else None


@dataclass(frozen=True)
class IntParam:
    """One parsed parameter: ``value`` (None when absent or invalid), the ``raw`` text and ``error``."""

    name: str
    raw: str
    value: int | None
    error: str = ""

    def __bool__(self) -> bool:
        return self.value is not None


def query_int(params, name: str, minimum: int = ID_MIN, maximum: int = ID_MAX) -> IntParam:
    """The parameter ``name`` of a QueryDict (or any mapping) as a bounded int.

    Absent or empty: value None, no error. Invalid: value None and a translated message naming the
    parameter and the range (the caller shows it and leaves the filter off)."""
    raw = params.get(name)
    raw = "" if raw is None else str(raw).strip()
    if raw == "":
        return IntParam(name, raw, None)
    value = parse_int(raw, minimum, maximum)
    if value is None:
        shown = raw if len(raw) <= 24 else raw[:24] + "…"
        message = gettext("参数 %(name)s=%(value)s 无效：应为 %(minimum)d 至 %(maximum)d 之间的整数，已忽略。") % {
            "name": name, "value": shown, "minimum": minimum, "maximum": maximum,
        }  # fmt: skip
        return IntParam(name, raw, None, message)
    return IntParam(name, raw, value)
