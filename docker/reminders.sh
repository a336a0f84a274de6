#!/bin/sh
# The reminder job: once a day (REMINDER_INTERVAL_SECONDS), remind the bodies whose statement
# is due, erase commenters' e-mail addresses past their retention time, send each user
# their daily digest of notifications and fetch the indicators' values from THL Sotkanet.
# The reminders, digests and fetches are queued as background tasks (`--queue`) for the
# `worker` service; run without `--queue` (e.g. from cron) a command does the work itself.
# A failed run is
# logged and tried again at the next round; the loop itself never stops.
set -u

interval="${REMINDER_INTERVAL_SECONDS:-86400}"
while true; do
  echo "reminders: $(date -u +%Y-%m-%dT%H:%M:%SZ) start"
  python manage.py send_statement_reminders --queue || echo "reminders: send_statement_reminders failed"
  python manage.py erase_commenter_emails || echo "reminders: erase_commenter_emails failed"
  python manage.py send_digests --queue || echo "reminders: send_digests failed"
  python manage.py fetch_sotkanet --queue || echo "reminders: fetch_sotkanet failed"
  echo "reminders: next run in ${interval} s"
  sleep "${interval}"
done
