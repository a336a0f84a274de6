"""A local stand-in for THL Sotkanet's REST API 1.1: a real HTTP server on a free port
that serves the recorded answers in tests/indicators/data/sotkanet/ (see its README).

`server.answer(path, status=200, body=None, file=None, delay=0)` changes what one path
answers; the data query (`/json`) is filtered by its `years` and `genders` parameters as
Sotkanet does. `server.requests` lists the paths and queries asked.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).parent / "data" / "sotkanet"
PREFIX = "/rest/1.1"


class SotkanetServer:
    def __init__(self):
        self.routes: dict[str, dict] = {
            "/regions": {"file": "regions.json"},
            "/indicators/186": {"file": "indicator_186.json"},
            "/json": {"file": "data_186.json"},
            "/csv": {"file": "sotkanet_186.csv"},
        }
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                path = parts.path.removeprefix(PREFIX)
                server.requests.append((path, query))
                route = server.routes.get(path)
                if route is None:
                    return self._send(404, b'{"message": "Not Found"}')
                if route.get("delay"):
                    time.sleep(route["delay"])
                body = route.get("body")
                if body is None:
                    body = (DATA / route["file"]).read_bytes()
                    if path == "/json" and route.get("status", 200) == 200:
                        body = server._filter(body, query)
                if isinstance(body, str):
                    body = body.encode()
                self._send(route.get("status", 200), body)

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"
        # shutdown() waits for the serving loop's next poll: every 0.5 s by default, which
        # every test paid on teardown
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @staticmethod
    def _filter(body: bytes, query: dict) -> bytes:
        rows = json.loads(body)
        years = {int(y) for y in query.get("years", [])}
        genders = set(query.get("genders", [])) or {"male", "female", "total"}
        rows = [
            r
            for r in rows
            if (not years or r["year"] in years)
            and r["gender"] in genders
            and str(r["indicator"]) in query.get("indicator", [str(r["indicator"])])
        ]
        return json.dumps(rows).encode()

    def answer(self, path: str, **route) -> None:
        self.routes[path] = route

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
