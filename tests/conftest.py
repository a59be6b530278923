"""Shared test configuration. Django tests use pytest-django; engine and core tests need no database."""

import pytest


def pytest_collection_modifyitems(config, items):
    """Transactional tests last (concurrency, then the browser tests): they leave the database empty behind them."""

    def order(item):
        path = str(item.path).replace("\\", "/")
        return 2 if "/tests/e2e/" in path else 1 if "transactional_db" in getattr(item, "fixturenames", ()) else 0

    items.sort(key=order)


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests end by emptying every table. The reference data that the migrations load (the
    county table, the shipped framework) are put back before each one; these tests run last (above)."""
    from importlib import import_module

    from django.apps import apps

    from innocounty.common.states import seeding_states
    from innocounty.regions.loading import load_regions_with_current_models

    load_regions_with_current_models()
    with seeding_states():  # reference data, loaded as the migration does (the framework is active)
        import_module("innocounty.monitoring.migrations.0002_load_provisional_framework").load(apps, None)
    import_module("innocounty.monitoring.migrations.0010_shipped_rules").install(apps, None)


@pytest.fixture(autouse=True)
def _reset_language():
    """A request in English activates English for the thread; don't let it leak into the next test.
    (Engine and core tests may run without Django: ``pytest -p no:django tests/evaluation``.)"""
    yield
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty page cache (database ids repeat between tests)."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import caches

        caches["pages"].clear()
    yield


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


# Users by role for the monitoring and evaluations tests; ``provinces`` is each directory's own fixture of
# made-up provinces 97 (北测省, with county 970121) and 98.

TEST_PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def make_user(db):
    """``make_user(username, role=None, province=None, county=None, **fields)`` with one scoped role."""
    from innocounty.accounts.models import RoleAssignment, User

    def make(username, role=None, province=None, county=None, **extra):
        user = User.objects.create_user(
            username=username, password=TEST_PASSWORD, email=f"{username}@example.org", **extra
        )
        if role:
            RoleAssignment.objects.create(user=user, role=role, province=province, county=county)
        return user

    return make


@pytest.fixture
def ministry(make_user, provinces):
    return make_user("most", "ministry_officer")


@pytest.fixture
def auditor(make_user, provinces):
    return make_user("aud", "auditor")


@pytest.fixture
def north_officer(make_user, provinces):
    return make_user("north", "provincial_officer", province=provinces[0])


@pytest.fixture
def county_officer(make_user, provinces):
    from innocounty.regions.models import County

    return make_user("jia", "county_officer", county=County.objects.get(code="970121"))


@pytest.fixture
def make_published_run(db):
    """``make_published_run(year)``: a succeeded, published run row of the shipped framework, set up directly
    (seeded: the tests that use it read results; the run workflow has its own tests)."""
    from innocounty.common.states import seeding_states
    from innocounty.evaluations.models import EvaluationRun
    from innocounty.monitoring.models import Framework

    def make(year: int = 2025):
        with seeding_states():
            return EvaluationRun.objects.create(
                year=year, framework=Framework.objects.get(code="provisional-23", version="1"), seed=1,
                status="succeeded", published=True,
            )  # fmt: skip

    return make


@pytest.fixture(autouse=True)
def _two_factor_logins(request, monkeypatch):
    """``client.force_login(user)`` and ``client.login(...)`` sign a user in with both factors (a test device
    for those who need two; innocounty.twofactor.testing). The two-factor tests use ``password_only_login``
    or the real login form for the half-signed-in state. Engine tests without Django are left alone."""
    from django.conf import settings

    if settings.configured and "django_otp" in settings.INSTALLED_APPS:
        from innocounty.twofactor.testing import patch_test_client

        patch_test_client(monkeypatch)
