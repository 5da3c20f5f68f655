# newsaudit: the everyday commands. `make setup && make demo` on a fresh machine; `make test` before every commit.
# VENV can point elsewhere (.ci/run uses a throw-away one): make test VENV=/tmp/venv

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NEWSAUDIT := $(BIN)/newsaudit
OUT ?= out

.PHONY: help setup test test-slow lint format demo eval bench readme clean

help:
	@echo "make setup      create $(VENV) and install newsaudit with its dev tools"
	@echo "make demo       analyse the bundled example article (terminal view + $(OUT)/demo.html)"
	@echo "make test       ruff, mypy --strict, pytest (fast tests; slow evaluations deselected)"
	@echo "make test-slow  the slow tests: quality floors over the public data in ../shared/data"
	@echo "make eval       every evaluation over the public data, printing per-item and mean scores"
	@echo "make bench      time and memory of structure+language against trafilatura"
	@echo "make readme     refresh the demo output pasted into README.md"

setup:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'

# Any target that needs the package installs it first when the environment is missing (fresh clone).
$(NEWSAUDIT):
	$(MAKE) setup

test: $(NEWSAUDIT)
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy src/newsaudit
	$(BIN)/python -m pytest -q

test-slow: $(NEWSAUDIT)
	$(BIN)/python -m pytest -q -m slow

lint: $(NEWSAUDIT)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy src/newsaudit

format: $(NEWSAUDIT)
	$(BIN)/ruff check --fix src tests scripts
	$(BIN)/ruff format src tests scripts

demo: $(NEWSAUDIT)
	@mkdir -p $(OUT)
	$(NEWSAUDIT) demo --format text
	$(NEWSAUDIT) demo -o $(OUT)/demo.html
	$(NEWSAUDIT) demo -o $(OUT)/demo.json

eval: $(NEWSAUDIT)
	$(NEWSAUDIT) eval structure-html
	$(NEWSAUDIT) eval structure-text
	$(NEWSAUDIT) eval main-text
	$(NEWSAUDIT) eval language

bench: $(NEWSAUDIT)
	$(NEWSAUDIT) bench --profile fast
	$(NEWSAUDIT) bench --profile accurate

readme: $(NEWSAUDIT)
	$(BIN)/python scripts/refresh_readme.py

clean:
	rm -rf $(OUT) build dist .mypy_cache .ruff_cache .pytest_cache
