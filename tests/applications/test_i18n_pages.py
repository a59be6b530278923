"""The application and batch pages follow the language switch: English headings with the language cookie "en",
Chinese by default. Data (county and batch names) stays as stored.

The labels of the programme core's identifiers (states, actions, themes, stages…) are shown through
``applications/labels.py``; their Chinese must stay the core's own wording.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from innocounty.applications.factories import make_application
from innocounty.common import labels
from innocounty.programme import (
    TRANSITIONS,
    ApplicationState,
    Belt,
    ChangeStatus,
    KeyTask,
    PlanSection,
    Stage,
    Theme,
    Window,
)
from innocounty.programme.batch_lifecycle import BATCH_TRANSITIONS

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def english(msgid: str) -> str:
    with translation.override("en"):
        return translation.gettext(msgid)


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, html[:500]
    return re.sub(r"<small>.*?</small>", "", match.group(1), flags=re.S).strip()


def test_labels_repeat_the_cores_chinese_exactly():
    with translation.override("zh-hans"):
        for s in ApplicationState:
            assert (labels.state_label(s), labels.state_description(s)) == (s.label, s.description)
        for t in TRANSITIONS:
            assert labels.transition_label(t) == t.label
        for t in BATCH_TRANSITIONS:
            assert labels.batch_transition_label(t) == t.label
        for theme in Theme:
            assert labels.theme_label(theme) == theme.label
        for task in KeyTask:
            assert labels.key_task_label(task) == task.label
        for section in PlanSection:
            assert labels.section_title(section) == section.title
        for stage in Stage:
            assert labels.stage_label(stage) == stage.label
        for belt in Belt:
            assert labels.belt_label(belt) == belt.label
        for status in ChangeStatus:
            assert labels.change_label(status) == status.label
        import datetime as dt

        window = Window(dt.date(2026, 3, 1), dt.date(2026, 3, 10))
        for offset in range(-3, 14):
            day = dt.date(2026, 3, 1) + dt.timedelta(days=offset)
            assert labels.describe_window(window, day) == window.describe(day)


def test_application_list_and_batch_page_are_chinese_by_default(client, cast, batch):
    make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    listing = client.get(reverse("applications:list")).content.decode()
    assert h1(listing) == "申报"
    assert "草稿" in listing and "正定县" in listing
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "<h2>批次信息</h2>" in page and "<h2>各省推荐名额</h2>" in page


def test_application_list_and_batch_page_in_english(client, cast, batch):
    for msgid in ("申报", "批次信息", "草稿"):
        assert english(msgid) != msgid, f"the English catalogue has no translation of {msgid!r} yet"
    make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("applications:list"))
    assert response.status_code == 200
    listing = response.content.decode()
    assert h1(listing) == escape(english("申报"))
    assert not CJK.search(h1(listing))
    assert escape(english("草稿")) in listing  # the state label of the core, through labels.py
    assert "正定县" in listing  # county names are data

    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert f"<h2>{escape(english('批次信息'))}</h2>" in page
    assert "<h2>批次信息</h2>" not in page
    assert batch.name in page  # batch names are data
