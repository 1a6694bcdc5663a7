import hashlib
import os
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import TestCase, TransactionTestCase, override_settings

from opsreport.sample.load import load as load_sample
from tests.helpers import restore_sample, take_migrated_snapshot, take_sample_snapshot

# The session's DjangoDbBlocker, for the hook below that writes outside any test.
DB_BLOCKER = pytest.StashKey[object]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, pytestconfig):
    """The test database, migrated, with the June 2018 sample loaded once and committed.

    Every TestCase's transaction rolls back to this state (tests/base.py says how a class gets a
    database without the sample). Loading it took a second or more per class before.
    """
    with django_db_blocker.unblock():
        take_migrated_snapshot()  # for the concurrent editors' database file (tests/helpers.py)
        load_sample()
        take_sample_snapshot()
    pytestconfig.stash[DB_BLOCKER] = django_db_blocker


def empties_the_database(item: pytest.Item) -> bool:
    """A transactional test (a TransactionTestCase, or `django_db(transaction=True)` as the
    browser tests are): Django empties every table when it ends, sample and all."""
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in item.fixturenames


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests' files first, the rest in the order pytest-django gives them.

    pytest-django puts transactional tests, the browser's among them, after all others. On two
    processes (`make test`) each is handed whole files in that order, so the longest files
    came last and one process ran them alone while the other had finished: a minute and a half
    of the suite. Handed out first, they are shared while there is still other work to even
    the two out. Whatever runs after a transactional test finds the sample put back (below).
    """
    browser_files = {item.path for item in items if item.get_closest_marker("browser")}
    items.sort(key=lambda item: item.path not in browser_files)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Put the sample back after the last of a run of transactional tests, for the tests after it.

    pytest-django runs transactional tests after all others, so in one process nothing follows
    them. `make test` runs the suite on two processes (pytest-xdist), each given whole test files
    in turn: a file of TestCases can come after a file whose transactional tests emptied the
    database. Each transactional test loads what it needs itself (restore_data_migrations and the
    sample), so only a test that is not transactional needs the sample put back first.
    """
    outcome = yield
    if nextitem is not None and empties_the_database(item) and not empties_the_database(nextitem):
        from opsreport.models import Paper
        from tests.base import JUNE_2018

        with item.config.stash[DB_BLOCKER].unblock():
            if not Paper.objects.filter(month=JUNE_2018).exists():  # a skipped test emptied nothing
                restore_sample()
    return outcome


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Hash test passwords with a fast hasher: the default takes most of a second per user.

    Django's own advice for test suites; every test class makes three users, and the browser
    and sign-in tests sign in through the form. Production settings are untouched.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _each_pdf_laid_out_once(tmp_path_factory):
    """WeasyPrint lays out one HTML as one PDF, byte for byte: the suite lays out each HTML once.

    The suite laid out 111 PDFs from 24 distinct HTMLs (the June 2018 paper as it stands, most
    of them), a quarter of its time. Each PDF drawn is kept for the rest of this
    run, under the SHA-256 of its HTML, in a folder the run's processes share; any change to
    what a paper prints changes its HTML and is laid out afresh. A test that gives its own URL
    fetcher (to see what is fetched) always lays out. The stylesheet and fonts are files that
    no test changes, and the folder lives only as long as the run, so a changed stylesheet is
    never met with an old PDF.
    """
    from opsreport.paper import pdf

    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # .../pytest-N/popen-gw0: pytest-N is this run's
        run_folder = run_folder.parent
    folder = run_folder / "pdf-by-html"
    folder.mkdir(exist_ok=True)
    lay_out = pdf.html_to_pdf

    def html_to_pdf(html, fetcher=None):
        if fetcher is not None:
            return lay_out(html, fetcher)
        kept = folder / f"{hashlib.sha256(html.encode()).hexdigest()}.pdf"
        if kept.exists():
            return kept.read_bytes()
        data = lay_out(html)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        partial.write_bytes(data)
        partial.replace(kept)  # whole or not at all, for the other process
        return data

    with mock.patch.object(pdf, "html_to_pdf", html_to_pdf):
        yield


@pytest.fixture(autouse=True)
def _isolated_caches(settings, tmp_path):
    """Each test starts with empty PDF and chart caches, charts as tables unless it asks, and
    refused sign-ins answered without a pause.

    Drawing charts needs Chromium (seconds); the few tests that draw them turn it back on.
    """
    settings.DATA_DIR = tmp_path
    settings.OPSREPORT_CHARTS = "table"
    # No pause before a refused sign-in (opsreport/signin.py), but in the tests of the pause.
    settings.SIGNIN_REFUSAL_PAUSE_MS = 0
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
