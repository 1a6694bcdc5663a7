"""plotly.js served from our own static files: no CDN, and only the one file the pages load."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "plotly"
NAME = "plotly.min.js"


class PlotlyFinder(BaseFinder):
    """Finds static/plotly/plotly.min.js in the installed plotly package.

    Pointing STATICFILES_DIRS at the package's data would publish all 9.6 MB of it (data
    sets, other bundles); this finder publishes the one file the dashboard loads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.folder = Path(plotly.__file__).parent / "package_data"
        self.storage = FileSystemStorage(location=self.folder)
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]  # collectstatic puts the file under this folder

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:  # type: ignore[override]  # [] where the stubs say None
        # As Django's own finders: the path, or all of them in a list; [] when not found (None
        # would be taken for a match by django.contrib.staticfiles.finders.find).
        if path != f"{PREFIX}/{NAME}":
            return []
        found = str(self.folder / NAME)
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        yield NAME, self.storage
