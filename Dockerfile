# The image compose.yaml runs as web, worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY assets ./assets
RUN mkdir -p static && npm run --silent build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# The application's packages only: tests and tools (requirements-dev.txt) stay out of the image.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /build/static/css ./static/css
COPY --from=assets /build/static/vendor ./static/vendor
# collectstatic needs settings to load; these build-time values protect nothing and are
# never used at run time, where the real secrets come from the environment.
RUN DEBUG=false SECRET_KEY=collectstatic-only FERNET_KEYS=collectstatic-only \
    BLIND_INDEX_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input -v0
# The documents folder (compose.yaml mounts its volume here) belongs to the app's user.
RUN useradd --system --uid 1000 casework && rm -f .env \
    && mkdir -p private/documents && chown -R casework private && chmod -R 700 private
USER casework
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
