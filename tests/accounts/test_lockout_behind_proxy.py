"""Lock-out behind a reverse proxy (issue 8 item 8): the throttle keys on (username, client address);
the client address comes from the header our proxies set, only as far as a setting trusts them."""

from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings

from innocounty.accounts.client_ip import client_ip

PASSWORD = "Zhengding-2026-secret"  # as in conftest.py
LOGIN = "/accounts/login/"


def _login(client, username, password, remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_by_default_no_proxy_is_trusted_and_a_forged_header_is_ignored():
    assert client_ip(_request("198.51.100.9", "203.0.113.1")) == "198.51.100.9"


@override_settings(INNOCOUNTY_TRUSTED_PROXY_COUNT=1)
def test_with_one_trusted_proxy_the_address_it_appended_is_the_client():
    # The proxy appends the address it received from; what the client wrote before it is ignored.
    assert client_ip(_request("10.0.0.2", "203.0.113.1, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(_request("10.0.0.2", "198.51.100.9")) == "198.51.100.9"
    assert client_ip(_request("10.0.0.2", "[2001:db8::7]:4431")) == "2001:db8::7"


@override_settings(INNOCOUNTY_TRUSTED_PROXY_COUNT=2)
def test_with_two_proxies_the_second_address_from_the_right_is_the_client():
    assert client_ip(_request("10.0.0.3", "1.2.3.4, 198.51.100.9, 10.0.0.2")) == "198.51.100.9"
    # Fewer entries than proxies, or garbage: the request did not come through them; REMOTE_ADDR.
    assert client_ip(_request("10.0.0.3", "198.51.100.9")) == "10.0.0.3"
    assert client_ip(_request("10.0.0.3", "not-an-ip, 10.0.0.2")) == "10.0.0.3"


@override_settings(AXES_FAILURE_LIMIT=5)
def test_a_forged_forwarded_for_does_not_change_the_key_without_a_trusted_proxy(client, people):
    for attempt in range(5):
        _login(client, "most", f"wrong-{attempt}", remote="198.51.100.66", forwarded=f"203.0.113.{attempt}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}
    # Rotating the forged header does not escape the lock of this address.
    assert (
        _login(client, "most", "wrong-x", remote="198.51.100.66", forwarded="203.0.113.200").status_code
        == 429
    )


@override_settings(AXES_FAILURE_LIMIT=5, INNOCOUNTY_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_an_attacker_cannot_lock_the_ministry_out_for_everybody(client, people):
    proxy = "10.0.0.2"  # every request reaches the application from the proxy
    for attempt in range(5):
        _login(client, "most", f"wrong-{attempt}", remote=proxy, forwarded="198.51.100.66")
    assert _login(client, "most", PASSWORD, remote=proxy, forwarded="198.51.100.66").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}
    # The real ministry officer, from another address through the same proxy, still gets in.
    assert _login(client, "most", PASSWORD, remote=proxy, forwarded="203.0.113.5").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_lock_out_keys_on_the_pair_of_username_and_address(client, people):
    username = "zhengding"
    for attempt in range(5):
        _login(client, username, f"wrong-{attempt}", remote="198.51.100.66")
    assert _login(client, username, PASSWORD, remote="198.51.100.66").status_code == 429
    assert _login(client, username, PASSWORD, remote="203.0.113.5").status_code == 302
