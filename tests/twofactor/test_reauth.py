"""Re-authentication before consequential acts: a user who needs two factors and verified more than
INNOCOUNTY_2FA_REAUTH_MINUTES ago is asked for a fresh code — in the confirmation of every consequential act
(one check in the workflow adapter, so acts added later are covered without a change here)."""

import time

import pytest
from django.test import RequestFactory
from django.urls import reverse

from innocounty.accounts.tokens import create_token
from innocounty.applications.factories import make_batch
from innocounty.batches.models import Batch
from innocounty.common import request_context
from innocounty.programme.registry import WORKFLOWS
from innocounty.twofactor.policy import VERIFIED_AT
from innocounty.twofactor.reauth import CODE, reauth_problem
from innocounty.twofactor.testing import authenticator_for, code_for, mark_session_verified

pytestmark = pytest.mark.django_db
STALE = 16 * 60  # one minute past the default window


def _stale(client, user):
    mark_session_verified(client, user, authenticator_for(user), at=time.time() - STALE)


def _state(batch):
    return Batch.objects.get(pk=batch.pk).status


def test_a_stale_verification_asks_for_a_code_before_closing_a_batch(client, cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    batch = make_batch(status="open")
    client.force_login(cast.ministry)
    _stale(client, cast.ministry)
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert 'data-testid="reauth-close"' in page  # the confirmation asks for the code
    url = reverse("batches:transition", args=[batch.pk, "close"])
    refused = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert _state(batch) == "open" and "此操作影响重大" in refused
    wrong = client.post(url, {"confirm": "1", "otp_token": "000000"}, follow=True).content.decode()
    assert _state(batch) == "open" and "动态码不正确" in wrong
    client.post(url, {"confirm": "1", "otp_token": code_for(authenticator_for(cast.ministry))})
    assert _state(batch) == "closed"
    assert time.time() - client.session[VERIFIED_AT] < 60  # the code refreshed the verification


def test_a_fresh_verification_is_not_asked_again(client, cast):
    batch = make_batch(status="open")
    client.force_login(cast.ministry)  # verified just now
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert 'data-testid="reauth-close"' not in page and 'data-testid="confirm-close"' in page
    client.post(reverse("batches:transition", args=[batch.pk, "close"]), {"confirm": "1"})
    assert _state(batch) == "closed"


def test_the_window_is_configurable(client, cast, settings):
    settings.INNOCOUNTY_2FA_REAUTH_MINUTES = 60
    batch = make_batch(status="open")
    client.force_login(cast.ministry)
    _stale(client, cast.ministry)  # 16 minutes: inside an hour
    client.post(reverse("batches:transition", args=[batch.pk, "close"]), {"confirm": "1"})
    assert _state(batch) == "closed"


def test_session_clients_of_the_api_send_the_code_in_a_header(client, cast):
    batch = make_batch(status="open")
    client.force_login(cast.ministry)
    _stale(client, cast.ministry)
    url = f"/api/batches/{batch.pk}/close"
    refused = client.post(url, {"confirm": True}, content_type="application/json")
    assert refused.status_code in (400, 409, 422) and _state(batch) == "open"
    assert CODE in refused.content.decode() or "此操作影响重大" in refused.content.decode()
    code = code_for(authenticator_for(cast.ministry))
    done = client.post(url, {"confirm": True}, content_type="application/json", headers={"X-OTP-Token": code})
    assert done.status_code == 200 and _state(batch) == "closed"


def test_api_token_clients_are_machines_and_are_not_asked(client, cast):
    batch = make_batch(status="open")
    clear, _ = create_token(cast.ministry, name="statistics system")
    answer = client.post(f"/api/batches/{batch.pk}/close", {"confirm": True}, content_type="application/json",
                         headers={"Authorization": f"Bearer {clear}"})  # fmt: skip
    assert answer.status_code == 200 and _state(batch) == "closed"


def test_users_who_need_no_second_factor_are_not_asked(cast):
    request = RequestFactory().post("/")
    request.user, request.session = cast.county, {}
    token = request_context._request.set(request)
    try:
        submit = next(t for w in WORKFLOWS for t in w.transitions if t.consequential)
        assert reauth_problem(cast.county, submit) is None
    finally:
        request_context._request.reset(token)


def _as_request(user, verified_at):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    request = RequestFactory().post("/")
    request.session = SessionStore()
    request.session[VERIFIED_AT] = verified_at
    user.otp_device = authenticator_for(user)
    user.is_verified = lambda: True
    request.user = user
    return request


def test_every_consequential_transition_of_every_workflow_is_covered(cast):
    """The generated list: each consequential act asks a stale ministry officer; no other act does; an act
    that follows from another (``via``) and acts outside a request (commands, jobs) are not asked."""
    consequential = [(w.kind, t) for w in WORKFLOWS for t in w.transitions if t.consequential]
    assert len(consequential) >= 15
    for stale in (True, False):
        request = _as_request(cast.ministry, time.time() - (STALE if stale else 0))
        token = request_context._request.set(request)
        try:
            for w in WORKFLOWS:
                for t in w.transitions:
                    problem = reauth_problem(cast.ministry, t)
                    expected = stale and t.consequential
                    assert (problem is not None) == expected, (w.kind, t.name)
                    assert reauth_problem(cast.ministry, t, via="other.act") is None
        finally:
            request_context._request.reset(token)
    assert all(reauth_problem(cast.ministry, t) is None for _, t in consequential)  # no request: not asked


def test_the_acts_named_by_the_issue_are_consequential():
    by_kind = {w.kind: w for w in WORKFLOWS}
    assert by_kind["province_list"].transition("submit").consequential  # publishing a province's list
    assert by_kind["submission"].transition("accept").consequential  # accepting a dataset
    assert by_kind["run_publication"].transition("publish").consequential  # publishing a run
