"""The ministry's pages of the expert pool: list with filters, add, edit, deactivate, import, template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.models import Role, User
from innocounty.accounts.permissions import has_role
from innocounty.accounts.services import grant_role
from innocounty.audit.chain import record
from innocounty.common.refusals import ensure
from innocounty.experts import importing
from innocounty.experts.forms import FIELD_CHOICES, NewExpertForm, ProfileForm, apply_profile
from innocounty.experts.models import Expert
from innocounty.experts.permissions import can_manage_pool
from innocounty.regions.models import Province

FIELD_LABELS = dict(FIELD_CHOICES)


@login_required
def pool(request):
    ensure(can_manage_pool(request.user))
    rows = Expert.objects.select_related("province", "user").order_by("province_id", "name", "pk")
    q = request.GET.get("q", "").strip()[:100]
    province, field, status = (
        request.GET.get("province", ""),
        request.GET.get("field", ""),
        request.GET.get("active", ""),
    )
    if q:
        rows = rows.filter(
            Q(name__icontains=q) | Q(organisation__icontains=q) | Q(user__username__icontains=q)
        )
    if province in set(Province.objects.values_list("code", flat=True)):
        rows = rows.filter(province_id=province)
    if status in ("1", "0"):
        rows = rows.filter(active=status == "1")
    experts = list(rows)
    if field in FIELD_LABELS:  # JSON containment differs between databases: filtered here (the pool is small)
        experts = [e for e in experts if field in (e.fields or [])]
    page = Paginator(experts, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "experts/pool.html", {
        "page": page, "provinces": Province.objects.order_by("code"), "field_choices": FIELD_CHOICES,
        "field_labels": FIELD_LABELS, "q": q, "province": province, "field": field, "active": status,
        "querystring": params.urlencode(),
    })  # fmt: skip


@login_required
def expert_add(request):
    ensure(can_manage_pool(request.user))
    form = NewExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(username=data["username"]).first()
        if user is not None and (
            Expert.objects.filter(user=user).exists() or not has_role(user, Role.EXPERT)
        ):
            form.add_error("username", _("该登录名已被使用"))
        else:
            with transaction.atomic():
                if user is None:
                    user = User.objects.create_user(
                        username=data["username"], email=data["email"], display_name=data["name"]
                    )
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    grant_role(request.user, user, Role.EXPERT)
                expert = Expert(user=user)
                apply_profile(expert, data)
                record(request.user, "expert.add", obj=expert, summary=f"专家库新增：{expert}")
            messages.success(request, _("已加入专家库：%(name)s") % {"name": expert.name})
            return redirect("experts:pool")
    return render(request, "experts/expert_form.html", {"form": form, "adding": True})


@login_required
def expert_edit(request, pk: int):
    ensure(can_manage_pool(request.user))
    expert = get_object_or_404(Expert, pk=pk)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(expert))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            apply_profile(expert, form.cleaned_data)
            record(request.user, "expert.edit", obj=expert, summary=f"修改专家信息：{expert}")
        messages.success(request, _("已保存。"))
        return redirect("experts:pool")
    return render(request, "experts/expert_form.html", {"form": form, "expert": expert})


@login_required
@require_POST
def expert_toggle(request, pk: int):
    ensure(can_manage_pool(request.user))
    expert = get_object_or_404(Expert, pk=pk)
    expert.active = not expert.active
    with transaction.atomic():
        expert.save(update_fields=["active", "updated_at"])
        record(request.user, "expert.activate" if expert.active else "expert.deactivate", obj=expert,
               summary=f"{'启用' if expert.active else '停用'}专家：{expert}")  # fmt: skip
    messages.success(request, _("已启用：%(name)s") % {"name": expert.name} if expert.active
                     else _("已停用：%(name)s（不再参与分配，也不能查看申报）") % {"name": expert.name})  # fmt: skip
    return redirect("experts:pool")


@login_required
def expert_import(request):
    ensure(can_manage_pool(request.user))
    errors, refused = [], ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            refused = _("请选择文件。")
        else:
            data, refused = importing.check_upload(upload)
            if data is not None:
                rows, errors = importing.parse(data)
                if not errors:
                    created, updated = importing.import_rows(request.user, rows)
                    messages.success(
                        request, _("已导入：新增%(c)d人，更新%(u)d人。") % {"c": created, "u": updated}
                    )
                    return redirect("experts:pool")
    return render(
        request,
        "experts/import.html",
        {"errors": errors, "refused": refused},
        status=422 if errors or refused else 200,
    )


@login_required
def import_template(request):
    ensure(can_manage_pool(request.user))
    response = HttpResponse(importing.build_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    response["Content-Disposition"] = 'attachment; filename="experts-template.xlsx"'
    return response
