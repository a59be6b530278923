"""The rankings pages follow the language switch: English headings and labels with the language cookie "en",
Chinese by default; data (county names, stored eligibility reasons) stays as stored.

Uses the runs of ``conftest.py`` (2025 published and public: visible to anonymous visitors).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from innocounty.rankings.pdf import page_footer_css

CJK = re.compile(r"[\u4e00-\u9fff]")
HEADING = "全国县（市）创新能力排名"


def english(msgid: str) -> str:
    with translation.override("en"):
        return translation.gettext(msgid)


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, html[:500]
    return match.group(1).strip()


def test_national_rankings_page_is_chinese_by_default(client, runs):
    html = client.get("/rankings/").content.decode()
    assert h1(html) == HEADING
    assert "全国排名" in html and "正定县" in html


def test_national_rankings_page_in_english(client, runs):
    heading = english(HEADING)
    assert heading != HEADING, "the English catalogue has no translation of the rankings heading yet"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/rankings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == escape(heading)
    assert not CJK.search(h1(html))
    # column headings follow the language; data stays data
    assert escape(english("全国排名")) in html and english("全国排名") != "全国排名"
    assert "正定县" in html  # county names are data
    assert "综合指数省内排名第1/5（测试）" in html  # stored eligibility reasons stay as stored


def test_pdf_footer_keeps_the_chinese_page_numbers_by_default():
    with translation.override("zh-hans"):
        assert page_footer_css() == '第 " counter(page) " 页 / 共 " counter(pages) " 页'
