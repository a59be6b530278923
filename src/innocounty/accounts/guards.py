"""Enforcing the predicates of ``accounts/permissions.py`` in views and in the API.

Pages::

    @require(can_view_county, lambda request, code: get_object_or_404(County, code=code))
    def county_profile(request, code): ...

    class CountyProfile(RequirePermissionMixin, DetailView):
        permission = staticmethod(can_view_county)   # get_permission_object() defaults to get_object()

An anonymous visitor is sent to the login page; a signed-in user who is refused gets a 403 page
(``accounts/forbidden.html``) that shows the predicate's reason.

API (django-ninja)::

    @router.get("/counties/{code}")
    def county(request, code: str):
        county = get_object_or_404(County, code=code)
        ensure(can_view_county(request.auth, county))   # HttpError(403, reason) when refused
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from innocounty.accounts.permissions import Decision
from innocounty.common.refusals import ensure as _ensure

FORBIDDEN_TEMPLATE = "accounts/forbidden.html"


def forbidden_response(request, reason):
    """The 403 page with the reason of the refusal."""
    return render(request, FORBIDDEN_TEMPLATE, {"reason": reason}, status=403)


def permission_denied(request, exception=None):
    """A ``handler403`` for web/urls.py: renders ``PermissionDenied(reason)`` with the same page."""
    reason = str(exception) if exception is not None and str(exception) else ""
    return forbidden_response(request, reason)


def require(predicate, get_obj=None):
    """Decorate a view so it runs only when ``predicate(request.user, get_obj(request, *args, **kwargs))``
    allows. Without ``get_obj`` the predicate receives ``None`` (for nation-wide predicates)."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_obj(request, *args, **kwargs) if get_obj is not None else None
            decision = predicate(request.user, obj)
            if not decision:
                return forbidden_response(request, decision.reason)
            return view(request, *args, **kwargs)

        return guarded

    return decorator


class RequirePermissionMixin:
    """Class-based view counterpart of :func:`require`. Set ``permission`` to a predicate (wrap it in
    ``staticmethod``); override ``get_permission_object`` when the object is not ``get_object()``."""

    permission = None

    def get_permission_object(self):
        get_object = getattr(self, "get_object", None)
        return get_object() if get_object is not None else None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        decision = self.permission(request.user, self.get_permission_object())
        if not decision:
            return forbidden_response(request, decision.reason)
        return super().dispatch(request, *args, **kwargs)


def ensure(decision: Decision) -> None:
    """In a view or an API operation: raise :class:`~innocounty.common.refusals.Forbidden` (403 with the
    reason, as a page or as JSON under /api/) unless ``decision`` allows."""
    _ensure(decision)
