import pytest
from django.core.cache import cache

from opsreport.paper import charts


@pytest.fixture(autouse=True)
def _isolated_caches(settings, tmp_path):
    """Each test starts with empty PDF and chart caches, and charts as tables unless it asks.

    Drawing charts needs Chromium (seconds); the few tests that draw them turn it back on.
    """
    settings.DATA_DIR = tmp_path
    settings.OPSREPORT_CHARTS = "table"
    cache.clear()
    charts.clear_memory_cache()
    yield
    cache.clear()
