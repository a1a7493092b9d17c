# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=

.PHONY: run test install install-test migrate seed lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files re-run the install only when the dependency list changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py seed_demo

# HOST and PORT reach the settings too, so emailed links point where the server listens.
run: seed
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Tests that commit (threads, live server) run after the others, in a process of their own on a
# freshly migrated database; exit code 5 ("nothing selected") is fine when PYTEST_ARGS picks a
# subset without tests of one kind.
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test
	# Exit 5 = no test selected: accepted only when PYTEST_ARGS narrowed the run to a subset.
	$(BIN)/pytest --db-phase=rollback $(PYTEST_ARGS) || { [ $$? -eq 5 ] && [ -n "$(PYTEST_ARGS)" ]; }
	$(BIN)/pytest --db-phase=transactional $(PYTEST_ARGS) || { [ $$? -eq 5 ] && [ -n "$(PYTEST_ARGS)" ]; }

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-test
	command -v wrk >/dev/null || apt-get install -y -qq wrk || sudo apt-get install -y -qq wrk
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3* media staticfiles .pytest_cache .ruff_cache
