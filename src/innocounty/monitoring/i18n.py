"""Language helpers of the monitoring app.

Pages, messages and refusals follow the reader's language (``gettext``). Texts that are *stored* — audit
summaries, notifications sent to other people, validation reports — are written in the site's language
(``settings.LANGUAGE_CODE``), whoever triggered them, so the record reads the same for everyone.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def site_language():
    """Context manager: translate in the site's language (for texts that are stored)."""
    return translation.override(settings.LANGUAGE_CODE)


def in_site_language(obj) -> str:
    """``str(obj)`` in the site's language, e.g. a data round's name inside an audit summary."""
    with site_language():
        return str(obj)


def is_english() -> bool:
    return (translation.get_language() or "").lower().startswith("en")
