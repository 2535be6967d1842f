# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS_TEST := test,lint

.PHONY: run test lint eval bench check clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS_TEST)]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed  ## set up and start the bot (the console when no token is configured)
	$(BIN)/faqbot run

test: $(VENV)/.test-installed  ## set up and run every test
	NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost $(BIN)/python -m pytest

lint: $(VENV)/.test-installed  ## ruff and strict mypy over the code
	$(BIN)/ruff check bot adapters tests bench
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

eval: $(VENV)/.run-installed  ## answer quality on the public eval sets
	$(BIN)/faqbot eval ../shared/eval/nato-ukraine.public.jsonl --misses 0
	$(BIN)/faqbot eval ../shared/eval/nato-ukraine.multilingual.public.jsonl --misses 0
	$(BIN)/faqbot eval bench/eval/crosslingual.dev.jsonl --misses 0
	$(BIN)/faqbot eval ../shared/eval/stackfaq/dev.jsonl --kb ../shared/eval/stackfaq/kb.yaml --misses 0

bench: $(VENV)/.test-installed  ## speed and memory benchmarks (see README, "How answering works")
	$(BIN)/python bench/engine_bench.py
	$(BIN)/python bench/model_choice.py

FUZZ_COUNT ?= 100000
FUZZ_MATCHER ?= lexical
fuzz: $(VENV)/.test-installed  ## 100,000 generated hostile inputs through the service and a real store (README)
	$(BIN)/python -m tests.bot.service.fuzz_service --count $(FUZZ_COUNT) --matcher $(FUZZ_MATCHER)

check: $(VENV)/.run-installed  ## lint the shipped knowledge base
	$(BIN)/faqbot check

clean:
	rm -rf $(VENV) .pytest_cache
