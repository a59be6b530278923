"""Official documents in the layout of GB/T 9704-2012 (党政机关公文格式), as DOCX and PDF.

``render_document(template_code, context) -> (docx_bytes, pdf_bytes)``: the ministry's template of that
kind (:class:`~innocounty.approvals.models.DocumentTemplate`, or the default below) with its ``{name}``
placeholders filled from ``context`` (unknown names stay as written; nothing else is interpreted), plus
the tables, attachment list and seal blocks the context carries. The layout: the issuing office's mark
in red (发文机关标志), the document number 〔年〕号 under it, a red rule, the title (小标宋), the addressee,
the body (仿宋, 三号 ≈ 16pt, first-line indent of two characters), the attachment list (附件：1. …), the
issuing office and the date (成文日期) at the right, each table after the body (附件 in the body's order).

Font roles map to the Noto CJK faces we ship: 小标宋 → Noto Serif CJK SC Bold, 仿宋 → Noto Serif CJK SC,
黑体 → Noto Sans CJK SC Bold (the DOCX names them so; Word substitutes where they are missing).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from innocounty.approvals.models import DocumentKind, DocumentTemplate

SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
RED = "E60012"
PLACEHOLDER = re.compile(r"\{([a-z_]{1,30})\}")

# Default texts per kind (the ministry edits them on /approvals/documents/).
DEFAULTS: dict[str, dict[str, str]] = {
    DocumentKind.PUBLIC_NOTICE: {
        "office": "科学技术部农村科技司", "title": "关于{batch}创新型县（市）建设名单的公示",
        "addressee": "",
        "body": "根据《创新型县（市）建设工作指引》，经地方推荐、形式审查、咨询评议、实地考察等环节，"
                "拟支持以下{count}个县（市）开展创新型县（市）建设，现予以公示。\n"
                "公示时间：{notice_starts}至{notice_ends}。\n"
                "公示期间，如有异议，请通过公示页面实名提出，并提供必要的证明材料。",
        "signature": "科学技术部农村科技司",
    },
    DocumentKind.PUBLICATION: {
        "office": "科学技术部文件", "title": "科技部关于{batch}创新型县（市）建设名单的通知",
        "addressee": "各省、自治区、直辖市及计划单列市科技厅（委、局），新疆生产建设兵团科技局：",
        "body": "根据《创新型县（市）建设工作指引》（国科发〔2018〕130号），经地方推荐、形式审查、咨询评议和公示，"
                "同意{count}个县（市）开展创新型县（市）建设（名单见附件）。\n"
                "请各地加强组织领导，按照建设方案扎实推进各项任务，每年3月31日前报送上一年度建设进展情况。",
        "signature": "科技部",
    },
    DocumentKind.RECOMMENDATION_LETTER: {
        "office": "{province}科学技术厅", "title": "关于推荐{batch}创新型县（市）的函",
        "addressee": "科学技术部：",
        "body": "根据{batch}申报通知要求，经组织申报、择优遴选，现推荐以下{count}个县（市）（按推荐顺序排列），"
                "请予审核。",
        "signature": "{province}科学技术厅",
    },
    DocumentKind.APPLICATION_FORM: {
        "office": "创新型县（市）建设申报书", "title": "{county}创新型县（市）建设申报书",
        "addressee": "",
        "body": "申报单位：{county}人民政府\n所在省份：{province}\n申报批次：{batch}\n建设主题：{theme}\n建设期：{years}",
        "signature": "{county}人民政府",
    },
}


@dataclass(frozen=True)
class Table:
    heading: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class OfficialDocument:
    office: str
    title: str
    number: str = ""
    addressee: str = ""
    paragraphs: Sequence[str] = ()
    sections: Sequence[tuple[str, Sequence[str]]] = ()  # (heading, paragraphs) after the body (申报书)
    tables: Sequence[Table] = ()
    attachments: Sequence[str] = ()
    signature: str = ""
    date_text: str = ""
    seal_blocks: Sequence[str] = ()
    red_header: bool = True
    meta: Mapping[str, str] = field(default_factory=dict)


def fill(text: str, values: Mapping[str, object]) -> str:
    """``{name}`` → the value (names not given stay as written)."""
    return PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text or "")


def template_for(kind: str) -> DocumentTemplate:
    found = DocumentTemplate.objects.filter(kind=kind).first()
    return found or DocumentTemplate(kind=kind, **DEFAULTS[kind])


def build(template_code: str, context: Mapping, template: DocumentTemplate | None = None) -> OfficialDocument:
    """The document from the stored template (or ``template``, e.g. an unsaved one for the preview)."""
    t = template or template_for(template_code)
    values = context.get("values", {})
    return OfficialDocument(
        office=fill(t.office, values), title=fill(t.title, values), number=str(context.get("number", "")),
        addressee=fill(t.addressee, values),
        paragraphs=[p.strip() for p in fill(t.body, values).splitlines() if p.strip()],
        sections=context.get("sections", ()), tables=context.get("tables", ()),
        attachments=[tb.heading for tb in context.get("tables", ()) if context.get("attach_tables", True)],
        signature=fill(t.signature, values), date_text=str(context.get("date_text", "")),
        seal_blocks=context.get("seal_blocks", ()), red_header=template_code != DocumentKind.APPLICATION_FORM,
    )  # fmt: skip


def render_document(template_code: str, context: Mapping) -> tuple[bytes, bytes]:
    doc = build(template_code, context)
    return to_docx(doc), to_pdf(doc)


# --- PDF (WeasyPrint) -----------------------------------------------------------------------------------
def to_pdf(doc: OfficialDocument) -> bytes:
    from weasyprint import HTML  # lazily: loading pango and the fonts costs about a second

    html = render_to_string("approvals/document_pdf.html", {"doc": doc, "serif": SERIF, "sans": SANS,
                                                            "red": mark_safe("#" + RED)})  # fmt: skip
    return HTML(string=html).write_pdf()


# --- DOCX (python-docx) ---------------------------------------------------------------------------------
def _font(run, name: str, size: float, bold: bool = False, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _para(document, text: str, font: str = SERIF, size: float = 16, bold=False, align=None, indent=True, color=None):
    from docx.shared import Pt

    p = document.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), font, size, bold, color)
    return p


def _red_rule(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", RED)):
        bottom.set(qn(f"w:{k}"), v)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def to_docx(doc: OfficialDocument) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    d = Document()
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    if doc.red_header:
        _para(d, doc.office, SERIF, 36, True, center, False, RED)
    else:
        _para(d, doc.office, SANS, 22, True, center, False)
    last = _para(d, doc.number or " ", SERIF, 16, False, center, False)
    if doc.red_header:
        _red_rule(last)
    _para(d, "", indent=False)
    _para(d, doc.title, SERIF, 22, True, center, False)
    _para(d, "", indent=False)
    if doc.addressee:
        _para(d, doc.addressee, indent=False)
    for text in doc.paragraphs:
        _para(d, text)
    for heading, paragraphs in doc.sections:
        _para(d, heading, SANS, 16, True)
        for text in paragraphs:
            _para(d, text)
    if doc.attachments:
        _para(d, "", indent=False)
        for n, name in enumerate(doc.attachments, 1):
            _para(d, (f"附件：{n}. " if n == 1 else f"　　　{n}. ") + name)
    _para(d, "", indent=False)
    if doc.signature:
        _para(d, doc.signature, align=right, indent=False)
    if doc.date_text:
        _para(d, doc.date_text, align=right, indent=False)
    for block in doc.seal_blocks:
        _para(d, block, align=right, indent=False)
    for n, table in enumerate(doc.tables, 1):
        d.add_page_break()
        _para(d, f"附件{n}" if doc.attachments else "", SANS, 16, True, indent=False)
        _para(d, table.heading, SERIF, 22, True, center, False)
        grid = d.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.columns, strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), SANS, 12, True)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                _font(cell.paragraphs[0].add_run(str(text)), SERIF, 12)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
