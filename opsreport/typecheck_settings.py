"""The settings mypy's Django plugin reads (pyproject.toml, [tool.django-stubs]): the project's
own, with DEBUG on unless the environment says otherwise, so `mypy` runs on its own as `make
lint` does, without a SECRET_KEY. Never used to serve anything."""

import os

os.environ.setdefault("DEBUG", "1")

from opsreport.settings import *  # noqa: F403
