"""Content-Security-Policy: Django's middleware sends the policy on every response, and no template keeps an
inline script, an inline event handler, a ``javascript:`` URL or a style element (the policy would block them).
Every page without URL parameters is rendered, for an anonymous visitor and a ministry officer, and checked the
same way — new templates and pages are covered without a change here."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SRC = Path(__file__).resolve().parents[2] / "src" / "innocounty"
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
PDF_ONLY = {"rankings/profile_pdf.html"}  # rendered by WeasyPrint into a PDF, never served as a page


def inline_problems(html: str) -> list[str]:
    problems = [f"inline handler: {m.group(0)[:80]}" for m in HANDLER.finditer(html)]
    for m in SCRIPT.finditer(html):
        attrs = m.group(1)
        if "src=" not in attrs and 'type="application/json"' not in attrs:
            problems.append(f"inline script: {m.group(0)[:80]}")
    problems += [f"style element at {m.start()}" for m in STYLE_ELEMENT.finditer(html)]
    problems += [f"javascript: URL: {m.group(0)}" for m in JS_URL.finditer(html)]
    return problems


def templates():
    for path in sorted(SRC.rglob("templates/**/*.html")):
        relative = path.as_posix().split("/templates/", 1)[1]
        yield relative, path


def test_the_checker_finds_what_it_looks_for():
    assert inline_problems('<select onchange="this.form.submit()">')
    assert inline_problems("<form\n  onsubmit='return confirm(1)'>")
    assert inline_problems("<script>alert(1)</script>")
    assert inline_problems('<a href="javascript:void(0)">')
    assert inline_problems("<style>p{}</style>")
    assert not inline_problems('<script src="/static/js/app.js" defer></script><p data-on="x">online=1</p>')
    assert not inline_problems('<script type="application/json" id="d">{}</script>')


def test_no_template_has_inline_script_handlers_or_styles():
    found = {
        name: inline_problems(path.read_text(encoding="utf-8"))
        for name, path in templates()
        if name not in PDF_ONLY
    }
    assert len(found) > 60
    assert {name: p for name, p in found.items() if p} == {}


def _simple_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "<" not in route and not route.startswith(("admin", "api")):
                yield from _simple_paths(entry, prefix + route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route and "^" not in route:
            yield "/" + prefix + route


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "ministry"])
def test_every_simple_page_carries_the_policy_and_no_inline_code(client, cast, who):
    if who == "ministry":
        client.force_login(cast.ministry)
    paths = sorted(set(_simple_paths())) + ["/admin/", "/api/docs"]
    checked = 0
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            policy = response["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "object-src 'none'" in policy, path
            assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0], path
            html = response.content.decode()
            problems = [p for p in inline_problems(html) if path != "/api/docs" or "style element" not in p]
            assert problems == [], path
            checked += 1
    assert checked >= (5 if who == "anonymous" else 10)


def test_policy_directives(settings):
    policy = settings.SECURE_CSP
    assert policy["script-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["form-action"] == ["'self'"]
