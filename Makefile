# Servicelöfte: the two commands of the README are `make run` and `make test`.
# Debian's own Python 3.11 where there is one (a fresh Debian 12's python3): built with
# profile-guided optimisation, it renders a decision PDF in about a fifth less CPU than a
# plain source build of 3.11 earlier on PATH (e.g. pyenv's); else python3. PYTHON=... wins.
# (.venv keeps the interpreter it was made with: `make clean` to make it again.)
PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# make run listens on SITE_URL's host (HOST=0.0.0.0: on every interface) and port.
HOST ?=
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/servicelofte

.PHONY: run test setup venv messages lint format bench check clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

messages: venv
	$(PY) manage.py compilemessages -v0 --ignore=.venv

setup: venv
	scripts/system-deps.sh run
	$(MAKE) messages
	$(PY) manage.py migrate -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo

## make run: set up on SQLite with the demo data and serve at SITE_URL: the settings' one
## default (http://127.0.0.1:8000) or SITE_URL from the environment, the address that the
## server's mails and the management commands' mails link to alike (scripts/site_address.py).
## The background workers (manage.py db_worker: decision PDFs, text analysis; WORKERS of
## them, 2: a decision's Finnish and Swedish PDFs are rendered side by side) run beside the
## server and are stopped with it; each looks for queued tasks every 0.1 s when idle.
WORKERS ?= 2
run: setup
	workers=""; for n in $$(seq $(WORKERS)); do \
	  $(PY) manage.py db_worker --interval 0.1 & workers="$$workers $$!"; \
	done; \
	trap 'kill $$workers 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $$(HOST=$(HOST) $(PY) scripts/site_address.py); exit $$?

## make test: everything the tests need, then the whole suite on PostgreSQL: the server of
## DATABASE_URL when given, else a private throw-away cluster (scripts/with-postgres.sh)
## The suite writes Python's bytecode caches (__pycache__, ignored by git) even where the
## environment says not to (PYTHONDONTWRITEBYTECODE, as in many images): the suite starts
## some twenty Python processes (the workers, the SQLite run, manage.py checks, servers),
## and each compiled every module of the project again, pytest rewriting every test module.
test: venv
	scripts/system-deps.sh test
	$(MAKE) messages
	env -u PYTHONDONTWRITEBYTECODE scripts/with-postgres.sh $(PY) -m pytest -q -n $${PYTEST_WORKERS:-2}

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Every bench script on PostgreSQL (the opinion and comment rounds make their own test
# database there; on the SQLite default they would measure another engine).
bench: export DATABASE_URL ?= $(TEST_DATABASE_URL)
bench: venv
	scripts/ensure-postgres.sh
	$(PY) bench/run.py
	$(PY) bench/service_time.py
	$(PY) bench/participation_round.py
	$(PY) bench/opinion_round.py
	$(PY) bench/decision_workers.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts
