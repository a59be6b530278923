"""The API's contract over every operation (web/api_schema.py): declared errors, one error body, public marks."""

from __future__ import annotations

import re

import pytest

from innocounty.web.api_schema import ERROR_NAME, PUBLIC_NOTE, expected_errors, is_public


@pytest.fixture(scope="module")
def schema():
    from innocounty.web.api import api

    return api.get_openapi_schema()


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_declares_the_errors_it_can_produce(schema):
    missing = []
    for path, method, operation in _operations(schema):
        declared = {int(code) for code in operation["responses"]}
        for code in expected_errors(path, method, operation):
            if code not in declared:
                missing.append(f"{method.upper()} {path}: {code}")
    assert not missing, missing


def test_the_counts_the_issue_named_are_now_complete(schema):
    """401 on every authenticated operation, 404 on every one with a path parameter, 422 on every one with
    inputs (the issue found 401 on 30 of 65, 404 on 8, 422 on 7)."""
    operations = list(_operations(schema))
    authenticated = [o for _p, _m, o in operations if o.get("security")]
    with_params = [o for p, _m, o in operations if re.search(r"\{\w+\}", p)]
    assert authenticated and all(401 in {int(c) for c in o["responses"]} for o in authenticated)
    assert all(403 in {int(c) for c in o["responses"]} for o in authenticated)
    assert with_params and all(404 in {int(c) for c in o["responses"]} for o in with_params)


def test_one_error_schema_with_a_detail_sentence(schema):
    error = schema["components"]["schemas"][ERROR_NAME]
    assert error["required"] == ["detail"] and error["properties"]["detail"]["type"] == "string"


def test_public_operations_are_marked_public_and_the_rest_are_not(schema):
    for _path, _method, operation in _operations(schema):
        assert (PUBLIC_NOTE in operation.get("description", "")) == is_public(operation)
    public = [p for p, _m, o in _operations(schema) if is_public(o)]
    assert any(p.startswith("/api/rankings") for p in public)


def test_every_operation_has_a_summary(schema):
    assert [f"{m} {p}" for p, m, o in _operations(schema) if not o.get("summary")] == []


def test_validation_errors_have_a_sentence_and_the_field_errors(client, db):
    response = client.get("/api/rankings", {"year": "not-a-year"})
    body = response.json()
    assert response.status_code == 422 and isinstance(body["detail"], str) and "year" in body["detail"]
    assert body["errors"][0]["loc"][-1] == "year"


def test_an_unauthenticated_call_is_401_json(client, db):
    response = client.get("/api/accounts/me")
    assert response.status_code == 401 and response.json()["detail"]
