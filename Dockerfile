FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock pyproject.toml package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.lock && npm ci --omit=dev
COPY . .
RUN python manage.py compilemessages --ignore=node_modules \
    && DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build STATIC_ROOT=/srv/callisto/static \
       python manage.py collectstatic --noinput
RUN useradd --create-home callisto && mkdir -p /srv/callisto/media && chown callisto /srv/callisto/media
USER callisto
EXPOSE 8000
