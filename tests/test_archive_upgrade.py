"""The archive survives an upgrade: a page published under hashed static names (make serve) is
read with its styles after the next release changes a stylesheet and collects static afresh."""

import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from opsreport.models import PaperIssue
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, publish

URL = "/papers/2018-06/"
HASHED = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
STATIC_REF = re.compile(r'(?:href|src|data-plotly)="/static/([^"]+)"')


class ArchiveUpgradeTests(SampleTestCase):
    def setUp(self):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.sources, self.root = tmp / "static", tmp / "staticfiles"
        shutil.copytree(Path(settings.BASE_DIR, "static"), self.sources)

    def release(self):
        """A release as `make serve` installs it: static files collected afresh, hashed."""
        shutil.rmtree(self.root, ignore_errors=True)
        settings_ = override_settings(STATICFILES_DIRS=[self.sources], STATIC_ROOT=self.root, STORAGES=dict(HASHED))
        settings_.enable()
        self.addCleanup(settings_.disable)
        call_command("collectstatic", "--noinput", verbosity=0)

    def test_a_published_page_reads_with_todays_styles_after_an_upgrade(self):
        self.release()
        self.client.force_login(self.alex)
        approve(self.client, URL)
        publish(self.client, URL)
        frozen = PaperIssue.objects.get(paper__month=JUNE_2018).html
        old_css = re.search(r'href="/static/(paper/paper\.[0-9a-f]{12}\.css)"', frozen).group(1)

        # The next release changes the paper's stylesheet; its hashed name changes with it.
        css = self.sources / "paper" / "paper.css"
        css.write_text(css.read_text() + "\n/* the next release */\n.paper { letter-spacing: 0; }\n")
        self.release()
        self.assertFalse((self.root / old_css).exists())

        self.client.force_login(self.pat)
        page = self.client.get(URL).content.decode()
        self.assertIn("Operations Report — June 2018", page)
        references = STATIC_REF.findall(page)
        self.assertIn("paper/paper-screen.css", [re.sub(r"\.[0-9a-f]{12}\.", ".", r) for r in references])
        for reference in references:  # every stylesheet and script is there today
            self.assertTrue((self.root / reference).is_file(), reference)
        new_css = next(r for r in references if r.startswith("paper/paper."))
        self.assertNotEqual(new_css, old_css)
        self.assertIn("the next release", (self.root / new_css).read_text())
        # The appendix frozen with it too.
        appendix = self.client.get(URL + "appendices/A/").content.decode()
        self.assertTrue(all((self.root / r).is_file() for r in STATIC_REF.findall(appendix)))
