# Callisto: `make demo` runs the embedded demo, `make test` the whole suite.
.PHONY: demo test bench setup-demo setup-test lint messages

PY := .venv/bin/python

demo: setup-demo
	DJANGO_ENV=development $(PY) manage.py migrate --noinput -v0
	DJANGO_ENV=development $(PY) manage.py seed_demo
	@echo "Callisto: http://127.0.0.1:8000/  (Ctrl+C to stop)"
	DJANGO_ENV=development $(PY) manage.py runserver 127.0.0.1:8000

test: setup-test
	DJANGO_ENV=test $(PY) -m pytest --create-db $(PYTEST_ARGS)

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

# Refresh the French catalogues after marking new strings.
messages:
	DJANGO_ENV=development $(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench
