"""Answers under /api/ are JSON whatever produced them: unknown paths, wrong methods, a missing slash."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_path_is_json_404(client):
    response = client.get("/api/nope/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert "/api/nope/" in response.json()["detail"]


def test_wrong_method_is_json_405_with_the_allowed_ones(client):
    response = client.delete("/api/batches/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert "DELETE" in body["detail"] and "GET" in body["allowed"] and "GET" in response["Allow"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_missing_slash_is_a_308_that_keeps_the_method_and_body(client, method):
    response = getattr(client, method)("/api/batches", data={"x": 1} if method == "post" else None)
    assert response.status_code == 308
    assert response["Location"].endswith("/api/batches/")
    assert "/api/batches/" in response.json()["detail"]


def test_pages_outside_the_api_keep_their_redirects(client):
    assert client.get("/rankings")["Location"].endswith("/rankings/")
