#!/usr/bin/env bash
# Installs what Callisto needs on a fresh Debian machine, idempotently.
#   scripts/setup.sh demo   Python runtime packages, front-end packages, catalogues
#   scripts/setup.sh test   the same plus test tools, Chromium, running PostgreSQL/Redis
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-demo}"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -----------------------------------------------------------
debs=(gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core nodejs npm)
if [ "$MODE" = test ]; then debs+=(chromium poppler-utils); fi
missing=()
for pkg in "${debs[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# nodejs/npm may come from elsewhere than Debian: accept them on the PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]:-}"
if [ "${#missing[@]}" -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python ------------------------------------------------------------------
lock=requirements.lock
[ "$MODE" = test ] && lock=requirements-dev.lock
if [ ! -x .venv/bin/python ]; then
  say "Creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum "$lock" | cut -c1-16)"
# requirements-dev.lock pins the runtime packages at the same versions
# (tests/e2e/test_demo_command.py checks it): after `make setup-test`, the
# demo has everything it needs.
dev_stamp=".venv/.installed-$(sha256sum requirements-dev.lock | cut -c1-16)"
if [ ! -f "$stamp" ] && [ ! -f "$dev_stamp" ]; then
  say "Installing Python packages from $lock"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$lock" 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -c "import django, celery, weasyprint" # fail loudly if the install did
  touch "$stamp"
fi

# --- Front-end packages (Bootstrap, axe-core), never from a CDN ---------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- French catalogue ----------------------------------------------------------
say "Compiling the French catalogue"
DJANGO_ENV=development .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# --- Services for the tests ------------------------------------------------------
if [ "$MODE" = test ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "Starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "Starting Redis"
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break
    sleep 1
  done
fi
