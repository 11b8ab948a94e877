# Callisto: `make demo` runs the embedded demo, `make test` the whole suite.
.PHONY: demo test bench setup-demo setup-test lint messages

PY := .venv/bin/python
# The demo's port: `make demo PORT=8001` when 8000 is taken; links in the
# emails it prints follow.
PORT ?= 8000
DEMO := DJANGO_ENV=development SITE_URL=http://127.0.0.1:$(PORT)

demo: setup-demo
	$(DEMO) $(PY) manage.py migrate --noinput -v0
	$(DEMO) $(PY) manage.py seed_demo
	@echo "Callisto: http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	$(DEMO) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Two worker processes (pytest-xdist), one per core, each with its own test
# database (suffix _gw0, _gw1), Redis db and media folder (tests/xdist_stores.py).
# A module runs on one worker (loadscope), so a role world built once per
# module is built once, not once per worker.
TEST_WORKERS ?= 2
test: setup-test
	DJANGO_ENV=test $(PY) -m pytest --create-db -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

# Benchmark at production size (bench/README.md); about 5 minutes on 2 cores.
bench: setup-test
	.venv/bin/pip install -q -r requirements-bench.lock
	.venv/bin/python bench/run.py

setup-demo:
	scripts/setup.sh demo

setup-test:
	scripts/setup.sh test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_ENV=test $(PY) -m mypy
	$(PY) -m djlint --lint templates */templates
	# Every import contract of pyproject.toml ([tool.importlinter]).
	.venv/bin/lint-imports --no-logo --no-cache

# Refresh the French catalogues after marking new strings.
messages:
	DJANGO_ENV=development $(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench
