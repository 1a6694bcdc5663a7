# The two commands a newcomer needs: `make run` and `make test`; `make serve` for production.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Local work runs with DEBUG on, so the development SECRET_KEY is accepted.
export DEBUG ?= 1
PORT ?= 8000
# `SAMPLE=0 make run` starts on an empty database (the go-live steps, README): no June 2018 sample.
SAMPLE ?= 1

.PHONY: run test serve worker lint install migrate bench loadtest plotly-bundle clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

# Mail goes to the console unless EMAIL_URL says otherwise (EMAIL_URL=file://var/mail keeps each
# message as a file); a mail worker runs beside the development server and stops with it.
run: migrate
	if [ "$(SAMPLE)" != "0" ]; then $(PY) manage.py load_sample --if-empty; fi
	$(PY) manage.py create_demo_users
	$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The long-lived task worker (mail deliveries and their retries): run one or more beside
# `make serve`, with the same environment. `manage.py deliver --until-done` sends what is due
# and exits, for cron and CI.
worker: install
	$(PY) manage.py db_worker --queue-name '*' --no-reload

# Production: DEBUG off, static files collected and served by whitenoise, gunicorn on
# loopback (a TLS-terminating, buffering proxy in front). Needs SECRET_KEY (50+ random
# characters); HTTPS=0 for a plain-HTTP trial. WEB_CONCURRENCY sets the number of workers
# (default 3), THREADS the threads of each (default 8): a slow client holds one thread, not a
# worker, and its request must arrive within HEADER_TIMEOUT and BODY_TIMEOUT seconds
# (opsreport/serving.py; defaults 10 and 30).
serve: install
	@test -n "$$EMAIL_URL" || { echo "make serve needs EMAIL_URL, where mail goes: smtp://user:password@host:587?tls=1," \
		"smtp+ssl://host:465, file:///path or console:// (README, Configuration)." >&2; exit 1; }
	mkdir -p var
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DEBUG=0 ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} $(VENV)/bin/gunicorn opsreport.wsgi \
		--bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-3} --timeout 120 \
		--worker-class opsreport.serving.DeadlineThreadWorker --threads $${THREADS:-8} \
		--access-logfile - --error-logfile -

# The whole suite on TEST_WORKERS processes (pytest-xdist; 2, this machine's cores), each test
# file kept on one process so a class's setUpTestData and a module's fixtures run once. Each
# process has its own test database (pytest-django adds _gw0, _gw1 to its name), its own
# Chromium and its own Redis database (tests/test_mail_workers.py). TEST_WORKERS=0 runs it in
# one process; plain `pytest tests/test_x.py` runs one file in one process, as before.
TEST_WORKERS ?= 2
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# ruff (configured in pyproject.toml): the lint rules, and the code as `ruff format` writes it;
# then mypy on the files [tool.mypy] lists (its Django plugin reads the settings: DEBUG=1 above).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Timings for the June 2018 sample, ten times its history and ten times a month's volume, each
# in a copy of a freshly migrated var/bench.sqlite3, so the user's var/db.sqlite3 is never touched.
bench: install
	mkdir -p var
	rm -f var/bench.sqlite3 var/bench-*.sqlite3
	DATABASE_URL=sqlite:///var/bench.sqlite3 $(PY) manage.py migrate --noinput -v0
	cp var/bench.sqlite3 var/bench-mail.sqlite3
	DATABASE_URL=sqlite:///var/bench.sqlite3 $(PY) manage.py bench
	DATABASE_URL=sqlite:///var/bench-mail.sqlite3 $(PY) manage.py mail_bench

# `make serve` on PostgreSQL under load: 32 clients for 60 s with PostgreSQL restarted at 30 s, then
# each page alone under 32 clients in turn (req/s compared at equal concurrency: dashboard / archive),
# then a login flood, a username spray and three slow clients; prints req/s, p50 and p95 per page, errors and recovery times. Works in a
# database of its own (opsreport_load, dropped and made again every run) and restarts the local
# PostgreSQL cluster once, so run it where nobody else needs PostgreSQL for that minute.
# `manage.py loadtest --server http://127.0.0.1:PORT` runs the equal-concurrency comparison alone
# against a `make serve` of your own, making no database and restarting nothing.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/opsreport_load
loadtest: install
	DATABASE_URL=$(LOADTEST_DATABASE_URL) $(PY) manage.py loadtest

# plotly.js's own partial bundle (bar, pie and scatter traces: all the figures use), committed as
# static/plotly/plotly-basic.min.js with its licence; see static/plotly/README.md. Run only to change
# its version, which must be the plotly.js of the installed plotly package (tests/test_static_files.py
# says when they part). npm is needed here and nowhere else; nothing is fetched at run time.
PLOTLY_JS_VERSION ?= 4.1.1
plotly-bundle:
	rm -rf var/plotly-bundle && mkdir -p var/plotly-bundle
	cd var/plotly-bundle && npm pack --silent plotly.js-basic-dist-min@$(PLOTLY_JS_VERSION) >/dev/null \
		&& tar -xzf plotly.js-basic-dist-min-$(PLOTLY_JS_VERSION).tgz
	cp var/plotly-bundle/package/plotly-basic.min.js static/plotly/plotly-basic.min.js
	cp var/plotly-bundle/package/LICENSE static/plotly/LICENSE.txt
	rm -rf var/plotly-bundle
	sha256sum static/plotly/plotly-basic.min.js

clean:
	rm -rf $(VENV) var staticfiles
