"""The English catalogue: complete, placeholder-safe, compiled, and actually served through the language switch.

The .po at src/innocounty/locale/en/LC_MESSAGES/django.po is the source of truth; ``scripts/i18n`` merges new
msgids into it and compiles the committed django.mo. If a test here fails after you added a string, run
``scripts/i18n``, translate the empty msgstr it reports, and run it again.
"""

import ast
import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from innocounty.accounts.models import Role, RoleAssignment, User

LC_MESSAGES = Path(__file__).resolve().parents[1] / "src" / "innocounty" / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

# printf-style (%(name)s, %d, %s, %.2f) and str.format-style ({name}, {0}) placeholders; "%%" is a literal percent.
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_]\w*\)[#0\-+]*\d*(?:\.\d+)?[sdifr]|%[#0\-+]*\d*(?:\.\d+)?[sdifr]|\{\w*\}"
)


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def parse_po(text: str) -> list[dict]:
    """A minimal .po reader: one dict per entry with flags, msgid, msgid_plural and msgstr {index: text}."""
    entries = []
    for block in text.strip().split("\n\n"):
        entry = {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}}
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (".*")$', line):
                keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
                if keyword == "msgstr":
                    current = ("msgstr", int(index) if index is not None else 0)
                    entry["msgstr"][current[1]] = value
                else:
                    current = (keyword, None)
                    entry[keyword] = value
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if current[0] == "msgstr":
                    entry["msgstr"][current[1]] += value
                else:
                    entry[current[0]] += value
        if entry["msgid"] is not None and not entry.get("obsolete"):
            entries.append(entry)
    return entries


@pytest.fixture(autouse=True)
def restore_default_language():
    """A request with the English cookie leaves English active in this thread; do not leak it to later tests."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    entries = parse_po(PO.read_text(encoding="utf-8"))
    assert entries and entries[0]["msgid"] == "", "the .po should start with its header"
    return entries[1:]


def describe(entry: dict) -> str:
    return repr(entry["msgid"]) + (f" (context {entry['msgctxt']!r})" if entry["msgctxt"] else "")


def test_header_declares_english_utf8_and_two_plural_forms():
    header = parse_po(PO.read_text(encoding="utf-8"))[0]["msgstr"][0]
    assert "Language: en\n" in header
    assert "charset=UTF-8" in header
    assert "nplurals=2; plural=(n != 1);" in header


def test_every_msgid_is_translated_and_none_is_fuzzy(catalogue):
    untranslated = [describe(e) for e in catalogue if not all(e["msgstr"].values())]
    fuzzy = [describe(e) for e in catalogue if "fuzzy" in e["flags"]]
    assert not untranslated, "untranslated (run scripts/i18n and translate): " + ", ".join(untranslated)
    assert not fuzzy, "fuzzy (check the translation, then drop the flag): " + ", ".join(fuzzy)


def test_plural_entries_have_both_english_forms(catalogue):
    for entry in catalogue:
        if entry["msgid_plural"] is not None:
            assert sorted(entry["msgstr"]) == [0, 1], describe(entry)


def test_placeholders_in_each_translation_match_the_source(catalogue):
    mismatched = []
    for entry in catalogue:
        expected = placeholders(entry["msgid"])
        if entry["msgid_plural"] is not None:
            expected |= placeholders(entry["msgid_plural"])
        for index, text in entry["msgstr"].items():
            if placeholders(text) != expected:
                mismatched.append(f"{describe(entry)} msgstr[{index}]={text!r}")
    assert not mismatched, "placeholders differ: " + "; ".join(mismatched)


def test_translations_are_english(catalogue):
    """No Han characters in a msgstr, except inside a document title in 《…》 or a document number in (…〔…〕…号)."""
    allowed = re.compile(r"《[^》]*》|[\u4e00-\u9fff]+〔\d{4}〕\d+号")
    han = re.compile(r"[\u4e00-\u9fff]")
    chinese = [
        f"{describe(e)} -> {text!r}"
        for e in catalogue
        for text in e["msgstr"].values()
        if han.search(allowed.sub("", text))
    ]
    assert not chinese, "Chinese left in English translations: " + "; ".join(chinese)


def test_committed_mo_is_compiled_from_the_current_po(catalogue):
    """The quick start does not compile messages, so the committed .mo must carry every translation."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalogue:
        msgid = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if entry["msgid_plural"] is None:
            if compiled.gettext(msgid) != entry["msgstr"][0]:
                stale.append(describe(entry))
        elif compiled.ngettext(msgid, entry["msgid_plural"], 1) != entry["msgstr"][0]:
            stale.append(describe(entry))
    assert not stale, "django.mo is stale, run scripts/i18n: " + ", ".join(stale[:20])


@pytest.fixture
def ministry_user(db):
    user = User.objects.create_user(username="i18n-most", password="correct-horse-battery-9", is_staff=True)
    RoleAssignment.objects.create(user=user, role=Role.MINISTRY_OFFICER)
    return user


def use_language(client, code: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code


@pytest.mark.django_db
def test_login_page_in_english_and_back_in_chinese(client):
    use_language(client, "en")
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body and "Password" in body and "Username" in body
    assert "密码" not in body

    use_language(client, "zh-hans")
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-CN">' in body
    assert "登录" in body and "密码" in body
    assert "Password" not in body


@pytest.mark.django_db
def test_home_page_navigation_in_english_and_back_in_chinese(client, ministry_user):
    client.force_login(ministry_user)
    use_language(client, "en")
    body = client.get(reverse("dashboard:home")).content.decode()
    nav = re.search(r'<nav class="mainnav".*?</nav>', body, re.S).group(0)
    assert ">Home<" in nav and "Administrative divisions" in nav
    assert "To-do" in body and "Ministry of Science and Technology (MOST)" in body and "Log out" in body
    assert "工作台" not in body

    use_language(client, "zh-hans")
    body = client.get(reverse("dashboard:home")).content.decode()
    nav = re.search(r'<nav class="mainnav".*?</nav>', body, re.S).group(0)
    assert "工作台" in nav and "待办事项" in body
    assert ">Home<" not in nav


@pytest.mark.django_db
def test_language_switch_view_sets_the_cookie(client, ministry_user):
    client.force_login(ministry_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert ">Home<" in client.get("/").content.decode()


@pytest.mark.django_db
def test_anonymous_landing_page_in_english(client):
    use_language(client, "en")
    body = client.get("/").content.decode()
    assert "Log in to the platform" in body
    assert "Innovative County (City) Programme Platform" in body
