# Python 3.11 on Debian 12, pinned by version. Debian 12's postgresql-client (15)
# is the major version of the database image (postgres:15.18), which pg_dump
# and pg_restore need for `manage.py backup` and `restore`.
FROM python:3.11.14-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core nodejs npm \
      postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock pyproject.toml package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.lock && npm ci --omit=dev
# .dockerignore keeps .env, .git, .venv, media/, backups and the SQLite file out.
COPY . .
RUN python manage.py compilemessages --ignore=node_modules \
    && DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build STATIC_ROOT=/srv/callisto/static \
       python manage.py collectstatic --noinput
# Runs as an unprivileged user (uid 1000), owner of the only directories it
# writes to: uploads, beat's schedule and backups (each a volume or a mount).
RUN useradd --create-home --uid 1000 callisto \
    && mkdir -p /srv/callisto/media /srv/callisto/beat /srv/callisto/backups \
    && chown callisto:callisto /srv/callisto/media /srv/callisto/beat /srv/callisto/backups
USER callisto
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
