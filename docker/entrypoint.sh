#!/bin/sh
# The app container's entry point.
#   web        apply migrations, then serve with gunicorn (the default)
#   worker     the background worker: runs the tasks the app queues in the database
#              (decision PDFs, text analysis); stops cleanly on SIGTERM
#   reminders  the daily job: statement reminders, erasing commenters' e-mail addresses
#   anything else is run as given (e.g. `python manage.py seed_demo`)
set -eu

case "${1:-web}" in
  web)
    python manage.py migrate --noinput
    python manage.py createcachetable
    # Trust forwarded headers only from the configured proxies (TRUSTED_PROXIES, CIDRs);
    # without any, only from the container itself (never from every address).
    forwarded="${TRUSTED_PROXIES:-127.0.0.1,::1}"
    exec gunicorn servicelofte.wsgi \
      --bind "0.0.0.0:${PORT:-8000}" \
      --workers "${GUNICORN_WORKERS:-3}" \
      --worker-class gthread \
      --threads "${GUNICORN_THREADS:-4}" \
      --timeout "${GUNICORN_TIMEOUT:-60}" \
      --forwarded-allow-ips "$forwarded" \
      --access-logfile - \
      --access-logformat '%({servicelofte.client}e)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"' \
      --error-logfile -
    ;;
  worker)
    # Polls the queue every WORKER_INTERVAL seconds when idle (db_worker's default is 1 s: a
    # decision's PDFs would wait up to a second before a worker picks them up).
    exec python manage.py db_worker --queue-name default --interval "${WORKER_INTERVAL:-0.1}"
    ;;
  reminders)
    exec docker/reminders.sh
    ;;
  *)
    exec "$@"
    ;;
esac
