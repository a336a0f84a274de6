"""Prints `host:port` of the settings' SITE_URL: the address `make run` serves at, so that the
server, the links in its mails and the management commands' mails all name one address
(SITE_URL from the environment, else the settings' default).

    scripts/site_address.py            # 127.0.0.1:8000 by default
    HOST=0.0.0.0 scripts/site_address.py   # listen on every interface, same port
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicelofte.settings")


def address() -> str:
    from django.conf import settings

    url = urlsplit(settings.SITE_URL)
    port = url.port or (443 if url.scheme == "https" else 80)
    host = os.environ.get("HOST") or url.hostname
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


if __name__ == "__main__":
    print(address())
