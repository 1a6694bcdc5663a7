# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Local work runs with DEBUG on, so the development SECRET_KEY is accepted.
export DEBUG ?= 1

.PHONY: run test install migrate bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py load_sample --if-empty
	$(PY) manage.py create_demo_users
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

clean:
	rm -rf $(VENV) var staticfiles
