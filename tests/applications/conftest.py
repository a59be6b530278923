import pytest

from innocounty.applications.factories import Cast, make_batch


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture
def batch(db):
    return make_batch()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
