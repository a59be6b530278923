"""Regions tests share the data that migration regions.0002 loads once per test database."""

import pytest

from innocounty.regions.fixture import read_fixture


@pytest.fixture(scope="session")
def fixture_data() -> dict:
    return read_fixture()


@pytest.fixture
def regions(db, fixture_data):
    """The loaded divisions; reloads them if a transactional test elsewhere flushed the tables."""
    from innocounty.regions.loading import load_regions_with_current_models
    from innocounty.regions.models import County

    if County.objects.count() != len(fixture_data["counties"]):
        load_regions_with_current_models(fixture=fixture_data)
    return fixture_data


@pytest.fixture
def user_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="pw-for-tests")
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="ministry", password="pw-for-tests")
    client.force_login(user)
    return client
