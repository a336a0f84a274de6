#!/bin/sh
# The app container's entry point.
#   web        apply migrations, then serve with gunicorn (the default)
#   reminders  the daily job: statement reminders, erasing commenters' e-mail addresses
#   anything else is run as given (e.g. `python manage.py seed_demo`)
set -eu

case "${1:-web}" in
  web)
    python manage.py migrate --noinput
    python manage.py createcachetable
    exec gunicorn servicelofte.wsgi \
      --bind "0.0.0.0:${PORT:-8000}" \
      --workers "${GUNICORN_WORKERS:-3}" \
      --worker-class gthread \
      --threads "${GUNICORN_THREADS:-4}" \
      --timeout "${GUNICORN_TIMEOUT:-60}" \
      --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
      --access-logfile - \
      --error-logfile -
    ;;
  reminders)
    exec docker/reminders.sh
    ;;
  *)
    exec "$@"
    ;;
esac
