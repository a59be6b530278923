"""Versions kept on every submission and compared section by section; the HTML allowlist."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.applications.sanitize import plain_text_to_html, sanitise_html
from innocounty.common.states import seeding_states

pytestmark = pytest.mark.django_db


def test_two_submissions_two_versions_and_the_comparison_page(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    client.post(reverse("applications:transition", args=[app.pk, "submit"]), {"confirm": "1"})
    app.refresh_from_db()
    with seeding_states():
        app.state = "returned_by_province"
        app.save()
    client.post(reverse("applications:section", args=[app.pk, "positioning"]),
                {"html": app.sections["positioning"].replace("重点一", "重点甲")})  # fmt: skip
    client.post(reverse("applications:transition", args=[app.pk, "resubmit"]), {"response": "调整定位", "confirm": "1"})
    assert list(app.versions.values_list("number", flat=True)) == [1, 2]
    page = client.get(reverse("applications:compare", args=[app.pk]), {"a": 1, "b": 2}).content.decode()
    assert "修改1项" in page
    assert 'data-testid="diff-sections.positioning"' in page and "<del>一</del><ins>甲</ins>" in page
    assert client.get(reverse("applications:versions", args=[app.pk])).status_code == 200
    client.force_login(cast.county_anji)
    assert client.get(reverse("applications:compare", args=[app.pk]), {"a": 1, "b": 2}).status_code == 404


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('<p style="x">a<script>b</script></p>', "<p>a</p>"),
        ("<div>行一</div><div>行二<br/></div>", "<p>行一</p><p>行二<br></p>"),
        ('<a href="javascript:x">链接</a>', "链接"),
        ("<p>未闭合<b>加粗", "<p>未闭合<b>加粗</b></p>"),
        ("<ul><li>一<li>二</ul>", "<ul><li>一<li>二</li></li></ul>"),
        ("1 &lt; 2 &amp; <i>3</i>", "1 &lt; 2 &amp; <i>3</i>"),
        ("<style>p{}</style><iframe src=x>z</iframe>文本", "文本"),
    ],
)
def test_sanitiser_allowlist(raw, clean):
    assert sanitise_html(raw) == clean


def test_plain_text_becomes_paragraphs():
    assert plain_text_to_html("一\n\n<二>") == "<p>一</p><p>&lt;二&gt;</p>"
