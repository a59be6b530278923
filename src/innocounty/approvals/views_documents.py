"""Document templates (the ministry edits them, with a preview) and the scope-checked downloads:
the notices (public while the list is on notice or published), the province's 推荐函, the county's 申报书."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from innocounty.accounts.guards import ensure
from innocounty.applications.models import Application
from innocounty.approvals.access import (
    can_manage_programme,
    can_view_county,
    can_view_nation,
    can_view_province,
)
from innocounty.approvals.document_data import form_context, letter_context, list_context
from innocounty.approvals.documents import DEFAULTS, build, render_document, template_for, to_docx, to_pdf
from innocounty.approvals.models import ApprovalList, DocumentKind, DocumentTemplate
from innocounty.audit.chain import record
from innocounty.batches.models import Batch
from innocounty.regions.models import Province

FORMATS = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
FIELDS = {"office": 60, "title": 200, "addressee": 200, "body": 8000, "signature": 100}
LIST_KINDS = {"notice": DocumentKind.PUBLIC_NOTICE, "publication": DocumentKind.PUBLICATION}


def _file(kind: str, context: dict, fmt: str, filename: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    doc = build(kind, context)
    data = to_pdf(doc) if fmt == "pdf" else to_docx(doc)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}.{fmt}"
    response["Cache-Control"] = "private, no-store"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def list_document(request, batch_pk: int, kind: str, fmt: str):
    """The public notice (while on notice or after) and the publication notice (once published): public."""
    if kind not in LIST_KINDS:
        raise Http404
    lst = get_object_or_404(ApprovalList.objects.select_related("batch"), batch_id=batch_pk)
    public = lst.state == "final" or (kind == "notice" and lst.state == "on_notice")
    if not public:
        if not request.user.is_authenticated:
            raise Http404
        ensure(can_view_nation(request.user))  # the ministry previews its drafts
    code = LIST_KINDS[kind]
    return _file(code, list_context(lst, code), fmt, f"{lst.batch.name}-{kind}")


@login_required
def letter(request, batch_pk: int, code: str, fmt: str):
    batch, province = get_object_or_404(Batch, pk=batch_pk), get_object_or_404(Province, code=code)
    ensure(can_view_province(request.user, province))
    return _file(DocumentKind.RECOMMENDATION_LETTER, letter_context(batch, province), fmt, f"{province.name}推荐函")


@login_required
def application_form(request, pk: int, fmt: str):
    app = get_object_or_404(Application.objects.select_related("county__province", "batch"), pk=pk)
    ensure(can_view_county(request.user, app.county))
    if app.state == "draft" and not can_view_county(request.user, app.county):
        raise Http404
    return _file(DocumentKind.APPLICATION_FORM, form_context(app), fmt, f"{app.county.name}申报书")


@login_required
def templates(request):
    ensure(can_view_nation(request.user))
    rows = [(k, label, DocumentTemplate.objects.filter(kind=k).first()) for k, label in DocumentKind.choices]
    return render(request, "approvals/templates.html", {"rows": rows, "acting": bool(can_manage_programme(request.user))})


def _sample(kind: str) -> dict:
    values = {"batch": "2018年第一批（示例）", "year": 2018, "count": 2, "notice_starts": "2018年11月22日",
              "notice_ends": "2018年11月28日", "province": "江苏省", "county": "昆山市", "theme": "产业创新",
              "years": "2019—2021年", "document_number": "国科发农〔2018〕1号", "document_date": "2018年12月5日"}  # fmt: skip
    from innocounty.approvals.documents import Table

    table = Table("名单（示例）", ("序号", "县（市）"), [["1", "昆山市"], ["2", "江阴市"]])
    return {"values": values, "number": "国科发农〔2018〕1号" if kind == DocumentKind.PUBLICATION else "",
            "date_text": "2018年12月5日", "tables": [table]}  # fmt: skip


@login_required
def edit_template(request, kind: str):
    ensure(can_view_nation(request.user))
    if kind not in DocumentKind.values:
        raise Http404
    current = template_for(kind)
    errors: dict[str, str] = {}
    values = {name: getattr(current, name) for name in FIELDS}
    if request.method == "POST":
        ensure(can_manage_programme(request.user))
        values = {name: request.POST.get(name, "")[: limit + 1].strip() for name, limit in FIELDS.items()}
        for name, limit in FIELDS.items():
            if len(values[name]) > limit:
                errors[name] = _("不能超过%(n)d字。") % {"n": limit}
            elif not values[name] and name in ("office", "title", "body", "signature"):
                errors[name] = _("此项必填。")
        if not errors and request.POST.get("preview"):
            preview = DocumentTemplate(kind=kind, **values)
            doc = build_preview(kind, preview)
            return HttpResponse(to_pdf(doc), content_type="application/pdf")
        if not errors:
            DocumentTemplate.objects.update_or_create(kind=kind, defaults={**values, "updated_by": request.user})
            record(request.user, "document_template.updated", object_type="approvals.documenttemplate", object_id=kind,
                   after=values, summary=f"修改文书模板：{DocumentKind(kind).label}")  # fmt: skip
            messages.success(request, _("模板已保存。"))
            return redirect("approvals:template", kind=kind)
    return render(request, "approvals/template.html", {
        "kind": kind, "label": DocumentKind(kind).label, "values": values, "errors": errors, "limits": FIELDS,
        "acting": bool(can_manage_programme(request.user)), "defaults": DEFAULTS[kind],
        "placeholders": ["batch", "year", "count", "notice_starts", "notice_ends", "province", "county", "theme", "years"],
    }, status=422 if errors else 200)  # fmt: skip


def build_preview(kind: str, template: DocumentTemplate):
    """The document from an unsaved template with sample values (the preview)."""
    return build(kind, _sample(kind), template)


__all__ = ["render_document"]
