# Servicelöfte: the app image (gunicorn + WhiteNoise), also used by the reminder job.
# Build: docker compose build   ·   Run: see docker-compose.yml and README.md
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz subsetting), a font for the PDFs, gettext for
# compilemessages, Voikko and its Finnish dictionary for the comments' text analysis, and
# FreeDict's Finnish-Swedish dictionaries for its themes (participation/text/dictionary.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
        libvoikko1 voikko-fi dict-freedict-fin-swe dict-freedict-swe-fin \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY . .
RUN pip install . \
    && python manage.py compilemessages -v0 --ignore=.venv \
    && DEBUG=0 SECRET_KEY=collectstatic-only-not-a-secret STATIC_MANIFEST=1 \
       python manage.py collectstatic --noinput -v0 \
    && mkdir -p /data/media \
    && chown -R app:app /data /app/staticfiles \
    && chmod +x docker/entrypoint.sh docker/reminders.sh

USER app
ENV MEDIA_ROOT=/data/media \
    DEBUG=0 \
    STATIC_MANIFEST=1 \
    PORT=8000
EXPOSE 8000
VOLUME ["/data/media"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]

ENTRYPOINT ["docker/entrypoint.sh"]
CMD ["web"]
