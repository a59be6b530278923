"""/healthz (database, queue, storage; 200/503 JSON) and the request id in responses and log records."""

import json
import logging

import pytest

from innocounty.common.request_context import RequestIdFilter, accepted_id, request_id
from innocounty.ops import health

pytestmark = pytest.mark.django_db


def test_health_is_ok_and_open_to_anyone(client, media):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "queue": True, "storage": True}  # fmt: skip
    assert not list(media.iterdir())  # the probe file is gone
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("broken", ["database", "queue", "storage"])
def test_a_failing_dependency_answers_503_naming_it(client, monkeypatch, broken, media):
    def fail():
        raise OSError("/secret/path is down")

    monkeypatch.setitem(health.CHECKS, broken, fail)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "unavailable"
    assert body["checks"][broken] == {"ok": False, "error": "OSError", "ms": body["checks"][broken]["ms"]}
    assert "/secret/path" not in response.content.decode()  # no details leak


def test_an_unwritable_media_dir_is_reported(client, settings, tmp_path):
    target = tmp_path / "ro"
    target.mkdir()
    target.chmod(0o500)
    settings.MEDIA_ROOT = target
    try:
        import os

        if os.geteuid() == 0:
            pytest.skip("root writes everywhere")
        assert client.get("/healthz").status_code == 503
    finally:
        target.chmod(0o700)


def test_health_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_the_request_id_is_kept_or_generated_and_returned(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc_9"})
    assert kept["X-Request-ID"] == "lb-1234.abc_9"
    fresh = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline" * 10})
    assert fresh["X-Request-ID"] != "bad id" and len(fresh["X-Request-ID"]) == 32
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_accepted_ids():
    assert accepted_id("abc-1") == "abc-1"
    assert len(accepted_id("x" * 65)) == 32 and len(accepted_id(None)) == 32 and len(accepted_id("é")) == 32


def test_every_log_record_carries_the_request_id(client, monkeypatch):
    seen = []

    def check_that_logs():
        logging.getLogger("innocounty.test").warning("inside %s", request_id())

    monkeypatch.setitem(health.CHECKS, "database", check_that_logs)

    class Capture(logging.Handler):
        def emit(self, record):
            seen.append(record)

    handler = Capture()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("innocounty.test")
    logger.addHandler(handler)
    try:
        client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    finally:
        logger.removeHandler(handler)
    assert [r.request_id for r in seen] == ["trace-42"] and seen[0].getMessage() == "inside trace-42"
    record = logging.LogRecord("x", logging.INFO, "", 0, "outside", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_production_logs_are_json_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                              rename_fields={"levelname": "level"})  # fmt: skip
    record = logging.LogRecord("innocounty", logging.WARNING, "", 0, "hello %s", ("world",), None)
    RequestIdFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "hello world" and line["request_id"] == "-" and line["level"] == "WARNING"
