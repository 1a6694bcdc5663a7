import os

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


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test of the session (test_browser*.py).

    Here rather than in a test module: Playwright's sync API runs one event loop per thread, so
    two modules each starting their own would collide.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium with apt.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()
