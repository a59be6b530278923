"""Shared test configuration. Django tests use pytest-django; engine and core tests need no database."""

import pytest
from django.utils import translation


def pytest_collection_modifyitems(config, items):
    """Browser tests last: they are transactional and leave the database empty behind them."""
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path).replace("\\", "/"))


@pytest.fixture(autouse=True)
def _reset_language():
    """A request in English activates English for the thread; don't let it leak into the next test."""
    yield
    translation.activate("zh-hans")
