"""The API's contract, applied to every operation at once (so operations added later follow it too).

:class:`PlatformAPI` is django-ninja's ``NinjaAPI`` with two changes:

* **Every error an operation can produce is declared in the schema**, with one error body
  ``{"detail": str, ...}`` (:data:`ERROR_SCHEMA`): ``401`` for operations that need authentication, ``403``
  (role or object scope) for them too, ``404`` for operations with path parameters (no such object, or one the
  caller may not see), ``409`` for operations that change something (a state that does not allow it now, or
  an edit conflict), ``422`` for operations with inputs (invalid input). What an operation declares itself
  (its own schema for a code) is kept.
* **Validation errors carry a sentence in ``detail``** like every other error, the field errors of
  pydantic in ``errors`` (``[{"loc": [...], "msg": ..., "type": ...}]``).

Operations without authentication (``auth=None``, or credentials optional like the rankings') are marked
public in their description.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

ERROR_NAME = "Error"
ERROR_SCHEMA = {
    "title": ERROR_NAME,
    "type": "object",
    "properties": {
        "detail": {
            "type": "string",
            "title": "Detail",
            "description": "What went wrong, for a person to read",
        },
    },
    "required": ["detail"],
    "additionalProperties": True,
    "description": 'Every error: {"detail": "…"} with further fields where the operation documents them '
    "(reasons, errors, allowed …).",
}
PUBLIC_NOTE = "**Public**: no authentication needed (anyone may call it)."
WRITES = ("post", "put", "patch", "delete")
ERROR_TEXT = {
    401: "Not authenticated: no valid session cookie or bearer token",
    403: "Not allowed: the caller's role or scope does not cover this object or act",
    404: "Not found, or not visible to the caller",
    409: "Conflict: the subject's state does not allow this now, or it changed meanwhile",
    422: "Invalid input: a parameter or the body fails validation, or the rules refuse it",
}


def is_public(operation: dict) -> bool:
    """No authentication, or the empty requirement among the alternatives (optional credentials)."""
    security = operation.get("security")
    return not security or {} in security


def expected_errors(path: str, method: str, operation: dict) -> list[int]:
    """The error codes ``operation`` (at ``method path``) can produce by its kind."""
    codes = []
    if operation.get("security"):
        codes += [401, 403]
    if re.search(r"\{\w+\}", path):
        codes.append(404)
    if method in WRITES:
        codes.append(409)
    if operation.get("parameters") or operation.get("requestBody"):
        codes.append(422)
    return codes


def declare_errors(schema: dict) -> dict:
    """Add the errors every operation can produce (:func:`expected_errors`) and mark public operations."""
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_NAME] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in expected_errors(path, method, operation):
                if code not in responses and str(code) not in responses:
                    responses[code] = {
                        "description": ERROR_TEXT[code],
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_NAME}"}}
                        },
                    }
            if is_public(operation):
                description = operation.get("description") or ""
                if PUBLIC_NOTE not in description:
                    operation["description"] = f"{PUBLIC_NOTE}\n\n{description}".strip()
            operation.setdefault("description", operation.get("summary", ""))
    return schema


def validation_error(api: NinjaAPI):
    def handler(request, exc: ValidationError):
        errors = list(exc.errors)
        fields = ", ".join(
            ".".join(str(p) for p in e.get("loc", ())[1:]) or str(e.get("loc", "")) for e in errors[:5]
        )
        detail = _("输入无效：%(fields)s") % {"fields": fields} if fields else _("输入无效。")
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    return handler


class PlatformAPI(NinjaAPI):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_exception_handler(ValidationError, validation_error(self))

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return declare_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
