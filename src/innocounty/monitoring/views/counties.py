"""A county's row in a round: its values with last year's, provenance and revisions, and comments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from innocounty.monitoring.comments import add_comment
from innocounty.monitoring.forms import CommentForm
from innocounty.monitoring.models import DataComment, DataRound
from innocounty.monitoring.permissions import (
    can_comment_county_row,
    can_enter_county_data,
    can_view_county_values,
)
from innocounty.monitoring.queries import county_values, display_columns, submission_of
from innocounty.monitoring.views.common import refuse_unless
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.regions.models import County


@login_required
def county_detail(request, pk: int, code: str):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=pk)
    county = get_object_or_404(County.objects.select_related("province", "prefecture"), code=code)
    if refused := refuse_unless(request, can_view_county_values(request.user, county)):
        return refused
    may_comment = bool(can_comment_county_row(request.user, county)) and data_round.is_open
    columns = display_columns(data_round.framework)
    form = CommentForm(request.POST or None, columns=columns)
    if request.method == "POST":
        if refused := refuse_unless(request, can_comment_county_row(request.user, county)):
            return refused
        if form.is_valid():
            try:
                add_comment(request.user, data_round, county, form.cleaned_data["text"],
                            form.cleaned_data["indicator_code"])
            except TransitionRefused as exc:
                form.add_error(None, exc.reason)
            else:
                messages.success(request, _("意见已发表。"))
                return redirect("monitoring:county", pk=pk, code=code)
    return render(request, "monitoring/county_detail.html", {
        "round": data_round, "county": county, "rows": county_values(data_round, county),
        "submission": submission_of(data_round, county),
        "comments": DataComment.objects.filter(data_round=data_round, county=county).select_related("author"),
        "form": form, "may_comment": may_comment,
        "may_enter": bool(can_enter_county_data(request.user, county)) and data_round.is_open,
    })
