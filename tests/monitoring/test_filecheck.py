"""File-level refusals: size, real xlsx content (not just the extension), macros."""

import io
import zipfile

import openpyxl
import pytest

from innocounty.monitoring.uploads import check_upload_file

LIMIT = 5 * 1024 * 1024


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def rebuild(data: bytes, replace=None, add=None) -> bytes:
    """Copy a zip package, rewriting entries through ``replace(name, content)`` and adding ``add`` entries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if replace:
                content = replace(info.filename, content)
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def rule(issues):
    assert len(issues) == 1, issues
    return issues[0].rule


def test_a_real_xlsx_passes():
    assert check_upload_file("数据.xlsx", xlsx_bytes(), LIMIT) == []


def test_oversize_file_is_refused_with_sizes():
    issues = check_upload_file("big.xlsx", b"PK\x03\x04" + b"0" * 2048, 1024)
    assert rule(issues) == "file_too_large" and "MiB" in issues[0].message


def test_spoofed_extension_csv_renamed_to_xlsx():
    issues = check_upload_file("data.xlsx", b"county_code,I01\n970121,5\n", LIMIT)
    assert rule(issues) == "not_xlsx" and "改了扩展名" in issues[0].message


def test_old_xls_renamed_to_xlsx():
    issues = check_upload_file("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, LIMIT)
    assert rule(issues) == "not_xlsx" and ".xls" in issues[0].message


def test_other_zip_renamed_to_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("readme.txt", "hello")
    assert rule(check_upload_file("a.xlsx", out.getvalue(), LIMIT)) == "not_xlsx"


def test_word_document_renamed_to_xlsx():
    def to_docx(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            )
        return content

    assert rule(check_upload_file("a.xlsx", rebuild(xlsx_bytes(), replace=to_docx), LIMIT)) == "not_xlsx"


def test_macro_enabled_content_type_is_refused():
    def to_xlsm(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
        return content

    issues = check_upload_file("renamed.xlsx", rebuild(xlsx_bytes(), replace=to_xlsm), LIMIT)
    assert rule(issues) == "macro_enabled" and "宏" in issues[0].message


def test_vba_project_inside_is_refused():
    data = rebuild(xlsx_bytes(), add={"xl/vbaProject.bin": b"\0" * 64})
    assert rule(check_upload_file("a.xlsx", data, LIMIT)) == "macro_enabled"


@pytest.mark.parametrize("name, expected", [("a.xlsm", "macro_enabled"), ("a.xls", "not_xlsx"), ("a.csv", "not_xlsx")])
def test_wrong_extension_is_refused(name, expected):
    assert rule(check_upload_file(name, xlsx_bytes(), LIMIT)) == expected


def test_corrupt_zip_is_refused():
    assert rule(check_upload_file("a.xlsx", b"PK\x03\x04broken", LIMIT)) == "damaged"
