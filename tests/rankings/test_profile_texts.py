"""The county profile shows the framework's free-text fields (Hunan's 特色指标) of the run's round."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.urls import reverse

from innocounty.common.states import seeding_states
from innocounty.evaluations.models import EvaluationRun
from innocounty.monitoring.models import DataRound, Framework
from innocounty.monitoring.text_fields import TextValue

from .conftest import RESULTS_2025, make_run


def test_the_feature_statement_is_shown_beside_the_scores(client, users):
    call_command("import_framework", "hunan-15", "--code", "hunan-15", "--activate")
    with seeding_states():
        data_round = DataRound.objects.create(year=2025, framework=Framework.objects.get(code="hunan-15"),
                                              deadline=dt.date(2026, 3, 31), status="closed",
                                              opened_by=users["ministry"])
    TextValue.objects.create(data_round=data_round, county_id="130123", code="feature_statement",
                             text="古城文旅与数字经济融合发展。")
    run = make_run(2025, RESULTS_2025)
    EvaluationRun.objects.filter(pk=run.pk).update(data_round=data_round)
    page = client.get(reverse("rankings:county", args=["130123"]) + f"?run={run.pk}").content.decode()
    assert 'data-testid="text-field-feature_statement"' in page and "古城文旅与数字经济融合发展。" in page
    other = client.get(reverse("rankings:county", args=["130125"]) + f"?run={run.pk}").content.decode()
    assert 'data-testid="text-field-feature_statement"' not in other
