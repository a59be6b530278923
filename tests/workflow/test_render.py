"""Refusals are rendered from their codes and parameters in the reader's language: the English UI shows no
Chinese refusal sentence (issue 9)."""

import re

import pytest
from django.conf import settings

from innocounty.applications.factories import make_application

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def _messages(body) -> list[str]:
    out = []
    for reason in body["reasons"]:
        out.append(reason["message"])
        out.extend(d["message"] for d in reason["details"])
    return out


def _refusal(client, cast, batch, language):
    app = make_application(batch, cast.zhengding, cast.county, complete=False)
    client.force_login(cast.county)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(f"/api/applications/{app.pk}/transitions/submit", {"confirm": False},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    return response.json()


def test_refusals_in_english_carry_no_chinese_sentence(client, cast, batch):
    body = _refusal(client, cast, batch, "en")
    codes = [r["code"] for r in body["reasons"]]
    assert "incomplete_application" in codes and "confirmation_required" in codes
    for message in _messages(body):
        # County and batch names are data and may stay Chinese; the sentence around them is English.
        assert not CJK.search(message.replace(cast.zhengding.name, "").replace(batch.name, "")), message


def test_the_same_refusal_in_chinese(client, cast, batch):
    body = _refusal(client, cast, batch, "zh-hans")
    assert any("须确认" in m for m in _messages(body)) and any("不完整" in m for m in _messages(body))
