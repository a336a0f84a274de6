"""Side by side: our comment analysis page (50 of 5,000 comments) against the City of
Helsinki's Kerrokantasi comment list on the same data (issue 15: ours ≥ 2× the peer's
requests per second at 10 concurrent users).

    .venv/bin/python bench/kerrokantasi.py                 # against the recorded baseline
    .venv/bin/python bench/kerrokantasi.py --peer-url http://127.0.0.1:8001/v1/comment/?hearing=ID&limit=50

Without `--peer-url` the peer's figure is the recorded baseline below (see bench/README.md,
"Kerrokantasi side by side", for where it comes from and how to run the peer for a fresh
figure); with it, both are driven in the same run by the same load client. Only 127.0.0.1
is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402
import seed_large  # noqa: E402

# Kerrokantasi's comment list at 10 users on the same 5,000 comments, measured side by side
# on this machine type (bench/README.md): the median of nine runs on 7 December 2026
# (23.0–41.7 req/s; commit 3eb459a of its source). Before: 23.6 (issue 15's run).
RECORDED_PEER_RPS = 35.4
USERS = 10
FACTOR = 2.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=seed_large.bench_database_url())
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--peer-url", help="the peer's comment list on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    seed_large.ensure_database(args.database_url)
    seed_large.setup_django(args.database_url)
    seed_large.seed()
    pages, _ = run.resolve_pages()
    ours = next(p for p in pages if p.key == "analysis")
    tmp = Path(tempfile.mkdtemp(prefix="sl-peer-"))
    server = run.Gunicorn(args.database_url, args.workers, args.threads, tmp)
    try:
        server.collectstatic()
        server.start()
        from phases.demo import DEMO_PASSWORD

        cookie = run.login(server.port, "valmistelija", DEMO_PASSWORD)
        asyncio.run(run.drive(server.port, ours, 1, 1.0, cookie))  # warm
        mine = asyncio.run(run.drive(server.port, ours, USERS, args.duration, cookie))
        peer_rps, source = RECORDED_PEER_RPS, "recorded baseline"
        if args.peer_url:
            url = urllib.parse.urlsplit(args.peer_url)
            if url.hostname != run.HOST:
                raise SystemExit("the peer must run on 127.0.0.1")
            path = url.path + (f"?{url.query}" if url.query else "")
            page = run.Page("peer", "Kerrokantasi comment list", True, path)
            asyncio.run(run.drive(url.port or 80, page, 1, 1.0, None))
            peer = asyncio.run(run.drive(url.port or 80, page, USERS, args.duration, None))
            peer_rps, source = peer.rps, "measured in this run"
            print(f"peer: {peer.rps:.1f} req/s, p50 {peer.pct(0.5):.1f} ms, {peer.errors} errors")
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    ratio = mine.rps / peer_rps if peer_rps else float("nan")
    load = os.getloadavg()
    print(
        f"comment analysis at {USERS} users: {mine.rps:.1f} req/s (p50 {mine.pct(0.5):.1f} ms, "
        f"{mine.errors} errors); Kerrokantasi {peer_rps:.1f} req/s ({source}); "
        f"ratio {ratio:.2f}×, target ≥ {FACTOR:.0f}×: {'MET' if ratio >= FACTOR else 'MISSED'} "
        f"(load average {load[0]:.2f})"
    )
    return 0


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    with scopes_disabled():  # bench code seeds and reads every region
        sys.exit(main())
