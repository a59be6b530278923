"""The shell (issue 8, items 26–27): error pages in the layout and language also with DEBUG on, JSON errors
under /api/, the /reviews/ and /api/ roots, the masthead, the one-row menu with the province's review
entry, breadcrumbs, the footer, print buttons, and no inline script or on*= handler in any template."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from innocounty.applications.factories import make_application

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "innocounty" / "templates"


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_path_gets_our_404_in_chinese(client, cast, debug):
    client.force_login(cast.province)
    with override_settings(DEBUG=debug):
        response = client.get("/no-such-page/")
    body = _page(response)
    assert response.status_code == 404
    assert "页面不存在" in body and 'data-testid="error-page"' in body and 'class="masthead"' in body
    assert "Page not found" not in body and "URLconf" not in body  # not Django's technical page


@pytest.mark.parametrize("debug", [False, True])
def test_http404_raised_by_a_view_gets_our_404(client, cast, debug):
    client.force_login(cast.ministry)
    with override_settings(DEBUG=debug):
        response = client.get(reverse("reviews:province", args=[999999, "13"]))
    assert response.status_code == 404
    body = _page(response)
    assert "页面不存在" in body and "No Batch matches" not in body and "Raised by" not in body


def test_404_in_english_when_english_is_chosen(client, cast):
    client.force_login(cast.province)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with override_settings(DEBUG=True):
        body = _page(client.get("/no-such-page/"))
    assert '<html lang="en">' in body and "页面不存在" not in body


@pytest.mark.parametrize("debug", [False, True])
def test_api_errors_are_json_never_html(client, cast, debug):
    client.force_login(cast.ministry)
    with override_settings(DEBUG=debug):
        response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in json.loads(response.content)


def test_api_root_redirects_to_the_docs(client):
    response = client.get("/api/")
    assert response.status_code == 302 and response["Location"] == reverse("api:openapi-view")


def test_server_error_page_in_the_layout_and_json_under_api(rf):
    from innocounty.dashboard import errors

    page = errors.server_error(rf.get("/applications/"))
    assert page.status_code == 500
    body = page.content.decode()
    assert "服务器错误" in body and 'class="masthead"' in body and "创新型县（市）建设管理平台" in body
    api = errors.server_error(rf.get("/api/batches/"))
    assert api.status_code == 500 and api["Content-Type"].startswith("application/json")


def test_bad_request_page_in_the_layout(rf, cast):
    from innocounty.dashboard import errors

    request = rf.get("/x/")
    request.user = cast.province
    response = errors.bad_request(request)
    assert response.status_code == 400 and "请求无效" in response.content.decode()


def test_403_title_names_the_site_once(client, cast, batch):
    client.force_login(cast.province)
    response = client.get(reverse("reviews:province", args=[batch.pk, "33"]))
    assert response.status_code == 403
    title = re.search(r"<title>(.*?)</title>", _page(response), re.S).group(1)
    assert title.count("创新型县（市）建设管理平台") == 1 and "无权访问" in title


def test_csrf_failure_page_in_our_layout(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.province)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    body = _page(response)
    assert "请求已过期" in body and "CSRF verification failed" not in body


def test_reviews_root_lists_the_desks_instead_of_a_debug_404(client, cast, batch):
    client.force_login(cast.ministry)
    with override_settings(DEBUG=True):
        response = client.get("/reviews/")
    assert response.status_code == 200
    body = _page(response)
    assert reverse("reviews:data_evaluation", args=[batch.pk]) in body
    client.force_login(cast.province)
    assert reverse("reviews:province", args=[batch.pk, "13"]) in _page(client.get("/reviews/"))
    client.force_login(cast.county)
    assert client.get("/reviews/").status_code == 403


def _nav(body: str) -> str:
    return body[body.index('<nav class="mainnav"') : body.index("</nav>")]


def test_province_menu_has_its_review_desk_of_the_current_batch(client, cast, batch):
    client.force_login(cast.province)
    nav = _nav(_page(client.get("/")))
    assert "评审" in nav and reverse("reviews:province", args=[batch.pk, "13"]) in nav
    page = _page(client.get(reverse("reviews:province", args=[batch.pk, "13"])))
    assert 'class="active" aria-current="page">评审<' in _nav(page)


def test_ministry_menu_fits_one_row_admin_and_api_docs_sit_with_the_user_menu(client, cast):
    client.force_login(cast.ministry)
    body = _page(client.get("/"))
    nav = _nav(body)
    labels = re.findall(r">([^<>]+)</a>", nav)
    assert labels == [
        "工作台",
        "行政区划",
        "申报批次",
        "申报",
        "评审",
        "建设与年报",
        "评估验收",
        "监测数据",
        "评价运行",
        "排名与画像",
        "建设总览",
        "审计日志",
    ]
    assert "管理后台" not in nav and "API 文档" not in nav
    menu = body[body.index('<div class="usermenu">') : body.index('<nav class="mainnav"')]
    assert "API 文档" in menu and "管理后台" in menu


def test_masthead_breadcrumbs_and_footer(client, cast, batch):
    client.force_login(cast.province)
    body = _page(client.get(reverse("reviews:province", args=[batch.pk, "13"])))
    assert 'data-testid="masthead-operator">中华人民共和国科学技术部<' in body
    crumbs = body[body.index('data-testid="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert [c for c in re.findall(r">([^<>]+)</(?:a|li)>", crumbs) if c.strip()] == [
        "工作台", "评审", batch.name, "河北省"
    ]  # fmt: skip
    footer = body[body.index('<footer class="footer"') :]
    assert "主办单位：中华人民共和国科学技术部" in footer


@override_settings(PLATFORM_OFFICE="某某运行维护中心")
def test_footer_names_the_operating_office_when_set(client):
    assert "运行维护：某某运行维护中心" in _page(client.get("/rankings/"))


def test_print_buttons_on_what_officials_print(client, cast, batch):
    make_application(batch, cast.zhengding, cast.county, state="formal_review_passed")
    client.force_login(cast.ministry)
    for url in (
        reverse("reviews:province", args=[batch.pk, "13"]),
        reverse("reviews:data_evaluation", args=[batch.pk]),
        reverse("audit:event_list"),
    ):
        body = _page(client.get(url))
        assert 'data-print data-testid="print"' in body, url
    assert "window.print()" in (TEMPLATES.parent / "static" / "js" / "app.js").read_text()
    assert "@media print" in (TEMPLATES.parent / "static" / "css" / "app.css").read_text()


def test_no_inline_script_or_event_handler_in_any_template():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
