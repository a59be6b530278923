"""The expert's scope "assigned", generated over every URL pattern (pages, attachments, API, search, exports,
PDF): an expert sees the application an accepted, declared assignment links them to — and nothing of any
other application, whatever URL they try."""

import itertools
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from innocounty.applications.models import Attachment
from innocounty.experts import services
from innocounty.workflow.adapter import apply_transition

pytestmark = pytest.mark.django_db
SECRET = "绝密标记乙县方案"
OWN = "本人评审甲县方案"
C = {"confirm": True}


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin", "static", "i18n")):
                continue
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and "logout" not in (entry.name or ""):
            yield prefix + str(entry.pattern), entry


def _paths(values_int, values_str):
    """Every pattern with each argument filled by each candidate value (one value per pattern at a time)."""
    import re

    out = set()
    for route, _entry in _patterns():
        if route.startswith("^") or "(?P" in route:
            continue
        args = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        if not args:
            out.add("/" + route)
            continue
        choices = [
            values_int if conv == "int" else values_str if conv else [*values_int, *values_str]
            for conv, _ in args
        ]
        for combo in itertools.product(*choices):
            path = route
            for (_conv, name), value in zip(args, combo, strict=True):
                path = re.sub(r"<(?:\w+:)?" + name + ">", str(value), path, count=1)
            out.add("/" + path)
    return sorted(p for p in out if len(p) < 300)


@pytest.fixture
def scoped(world, media, monkeypatch):
    cast = world["cast"]
    own, other = world["apps"]["zhengding"], world["apps"]["anji"]
    for app, text in ((own, OWN), (other, SECRET)):
        app.sections = {**app.sections, "basis": f"<p>{text}</p>"}
        app.save(update_fields=["sections"])
        app.versions.create(number=1, submitted_by=cast.county, content=app.plan_json())
    attachment = Attachment.objects.create(application=other, token="tok-secret", original_name=f"{SECRET}.pdf",
                                           kind="pdf", size=9, sha256="0" * 64, uploaded_by=cast.county_anji,
                                           file=ContentFile(b"%PDF-1.4\n", name="x.pdf"))  # fmt: skip
    li = world["experts"]["li"]
    _, slot = services.assign_slot(cast.ministry, world["batch"], own, li)
    _, other_slot = services.assign_slot(cast.ministry, world["batch"], other, li)
    services.confirm_proposal(cast.ministry, world["batch"])
    apply_transition(cast.expert, slot, "accept", {}).require()
    apply_transition(cast.expert, slot, "declare", {"declaration": True, **C}).require()
    apply_transition(cast.expert, other_slot, "accept", {}).require()  # accepted, not declared: still hidden

    class CapturingHTML:
        def __init__(self, string, base_url=None):
            self.string = string

        def write_pdf(self):
            return self.string.encode()

    monkeypatch.setattr("weasyprint.HTML", CapturingHTML)
    return {"own": own, "other": other, "attachment": attachment, "slot": slot, "other_slot": other_slot}


def test_an_expert_never_sees_an_application_not_assigned_to_them(client, world, scoped):
    cast, other = world["cast"], scoped["other"]
    ints = sorted({other.pk, scoped["attachment"].pk, world["batch"].pk, scoped["other_slot"].pk, 1})
    strs = [other.county_id, other.county.province_id, "basis", "accept", "pdf", "csv", "xlsx"]
    paths = _paths(ints, strs)
    assert len(paths) > 150
    client.force_login(cast.expert)
    leaks, errors = [], []
    for path in paths:
        response = client.get(path, {"q": SECRET[:4]})
        if response.status_code >= 500:
            errors.append(f"{path} → {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if "json" in response.get("Content-Type", ""):
            text = json.dumps(json.loads(text or "null"), ensure_ascii=False)  # \u escapes decoded
        if SECRET in text:
            leaks.append(path)
    assert errors == []
    assert leaks == []


def test_the_assigned_application_is_visible_through_page_api_and_attachment(client, world, scoped):
    cast, own = world["cast"], scoped["own"]
    client.force_login(cast.expert)
    assert OWN in client.get(f"/applications/{own.pk}/").content.decode()
    assert client.get(f"/api/applications/{own.pk}").status_code == 200
    assert client.get(f"/applications/{scoped['other'].pk}/").status_code == 404
    assert client.get(f"/applications/attachments/{scoped['attachment'].pk}/").status_code == 404
    listed = client.get("/api/applications/").json()
    ids = [row["id"] for row in (listed["items"] if isinstance(listed, dict) else listed)]
    assert ids == [own.pk]
    # The ministry sees the other one (the walk above could have found the secret).
    client.force_login(cast.ministry)
    assert SECRET in client.get(f"/applications/{scoped['other'].pk}/").content.decode()


def test_removal_closes_the_application_again(client, world, scoped):
    cast = world["cast"]
    apply_transition(cast.ministry, scoped["slot"], "remove", {"reason": "调整", **C}).require()
    client.force_login(cast.expert)
    assert client.get(f"/applications/{scoped['own'].pk}/").status_code == 404
