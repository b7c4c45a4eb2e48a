# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format migrate install clean demo lock check-lock

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 atau lebih baru diperlukan." if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

# The lock pins every package, pip included, with its hashes: nothing else is installed.
$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# After changing requirements.in or requirements-dev.in: rewrite both locks and commit them.
LOCK_OPTIONS := --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url
lock: install
	$(BIN)/pip-compile $(LOCK_OPTIONS) --output-file requirements.txt requirements.in
	$(BIN)/pip-compile $(LOCK_OPTIONS) --output-file requirements-dev.txt requirements-dev.in

# CI: the locks must match the .in files (offline; see .ci/check_lock.py).
check-lock: install
	$(BIN)/python .ci/check_lock.py

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_pekalongan

run: migrate
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

# A training site on its own database (db-demo.sqlite3) and media folder, every page
# marked "DATA CONTOH"; the real database is never touched.
demo: install
	DEMO=1 DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEMO=1 DEBUG=1 $(BIN)/python manage.py load_pekalongan
	DEMO=1 DEBUG=1 $(BIN)/python manage.py load_demo_data
	DEMO=1 DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

# One worker per core; the browser tests stay together in one of them.
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(BIN)/pytest -n auto --dist loadgroup

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# National-scale load test on PostgreSQL and Redis (127.0.0.1): see docs/benchmarks.md.
.PHONY: bench
bench: install
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py
