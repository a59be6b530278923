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


# Fixtures of the lifecycle apps (tests/applications, tests/batches, tests/reviews).


@pytest.fixture
def cast(db):
    """The cast of users of a lifecycle test: county, province and ministry officers (applications.factories)."""
    from innocounty.applications.factories import Cast

    return Cast()


@pytest.fixture
def batch(db):
    from innocounty.applications.factories import make_batch

    return make_batch()


@pytest.fixture
def media(settings, tmp_path):
    """Private uploads go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
