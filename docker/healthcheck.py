"""Container health check: /healthz answers "ok" (the database is reachable).

Sent as if through the TLS proxy (X-Forwarded-Proto), so SECURE_SSL_REDIRECT does not
redirect it, and with a Host that ALLOWED_HOSTS accepts.
"""

import os
import sys
import urllib.request

host = os.environ.get("HEALTHCHECK_HOST") or os.environ.get("ALLOWED_HOSTS", "localhost").split(
    ","
)[0].strip().lstrip(".")
if host in {"", "*"}:
    host = "localhost"
request = urllib.request.Request(
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        ok = response.status == 200 and response.read().strip() == b"ok"
except Exception as exc:  # noqa: BLE001 - any failure is "unhealthy"
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if ok else 1)
