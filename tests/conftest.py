import pytest
from django.core.cache import cache
from django.test import override_settings

from opsreport.sample.load import load as load_sample


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, migrated, with the June 2018 sample loaded once and committed.

    Every TestCase's transaction rolls back to this state (tests/base.py says how a class gets a
    database without the sample). Loading it took a second or more per class before.
    """
    with django_db_blocker.unblock():
        load_sample()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Hash test passwords with a fast hasher: the default takes most of a second per user.

    Django's own advice for test suites; every test class makes three users, and the browser
    and sign-in tests sign in through the form. Production settings are untouched.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _isolated_caches(settings, tmp_path):
    """Each test starts with empty PDF and chart caches, and charts as tables unless it asks.

    Drawing charts needs Chromium (seconds); the few tests that draw them turn it back on.
    """
    settings.DATA_DIR = tmp_path
    settings.OPSREPORT_CHARTS = "table"
    cache.clear()
    yield
    cache.clear()
