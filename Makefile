# Set-up and everyday commands. `make run` and `make test` work on a fresh clone
# with only Python 3.11, Node/npm and make installed.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SHELL := /bin/bash

.PHONY: install env run test lint format worker beat serve bench clean

## install: Python virtualenv in .venv/ and compiled static assets (idempotent).
install: $(VENV)/.installed static/css/app.css env

# requirements-dev.txt includes requirements.txt: the application's packages and the tools and
# test packages (the Docker image installs requirements.txt only).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/app.css: node_modules/.installed assets/scss/*.scss
	npm run --silent build

# Every time (it is idempotent): writes .env once, and switches an older one to DEBUG=false.
env: | $(VENV)/.installed
	@$(PY) scripts/make_env.py

## run: install, migrate the SQLite database, seed the demo data and serve on http://127.0.0.1:8000
## (DEBUG off, as in production: the styled error pages; WhiteNoise serves the collected static files)
run: install
	$(MANAGE) migrate --no-input
	set -a; source .env; set +a; $(MANAGE) seed_demo --password "$$DEMO_PASSWORD"
	@set -a; source .env; set +a; echo; \
	  echo "Demo users: alex, blake, casey (caseworkers), morgan, riley (managers), sam (administrator)"; \
	  echo "Demo password (from .env): $$DEMO_PASSWORD"; \
	  echo "MFA is off for the demo (MFA_REQUIRED=false); every page says so."; \
	  echo "To try passkeys, open http://localhost:8000 (browsers refuse them on 127.0.0.1)."; echo
	$(MANAGE) collectstatic --no-input -v0
	$(MANAGE) runserver 127.0.0.1:8000

## test: install, lint, then run every test
test: install lint
	$(PY) -m pytest

## lint: ruff (lint and format check); djLint over templates/ (format check, lint, no line over
## 120 characters); mypy over the files listed in pyproject.toml ([tool.mypy] files)
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --check
	$(VENV)/bin/djlint templates --lint
	@if LC_ALL=C.UTF-8 grep -rnE '^.{121,}' templates; then echo "Template lines over 120 characters (above)"; exit 1; fi
	$(VENV)/bin/mypy

## format: rewrite Python (ruff) and templates (djLint) in the project's format
format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat

clean:
	rm -rf $(VENV) node_modules static/css static/vendor staticfiles

## worker: a Celery worker for the reminders (needs Redis at REDIS_URL)
worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=2

## beat: the one Celery beat; runs the reminder dispatcher every 5 minutes (UTC)
beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO --schedule .celerybeat-schedule

## serve: the app as in production (gunicorn, WhiteNoise, DEBUG off) over plain http on 127.0.0.1:8000
serve: install
	$(MANAGE) migrate --no-input -v0
	set -a; source .env; set +a; DEBUG=false HTTPS_ONLY=false $(MANAGE) collectstatic --no-input -v0
	set -a; source .env; set +a; DEBUG=false HTTPS_ONLY=false ALLOWED_HOSTS=127.0.0.1,localhost \
	  $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

## bench: seed 100,000 cases into PostgreSQL (database "bench"), measure, write BENCHMARKS.md
bench: install
	$(PY) scripts/bench.py
