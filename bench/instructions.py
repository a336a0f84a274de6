"""Instructions per request of each staff page and of the public promise page and its JSON
(anonymous), counted by valgrind (callgrind).

    .venv/bin/python bench/instructions.py [--requests 5] [--pages dashboard,history]
                                           [--json after.json] [--compare before.json]

Wall and CPU times move 2–5× with the load other processes put on a shared machine;
the number of instructions the server process executes for a request does not (the same
binary, data and inputs give the same count whatever else runs). This counts them for
the pages of `service_time.py`, in this process with Django's test client, after three
warm-up requests a page (templates compiled, per-process caches filled): the figure is a
warm request's own work in Python and C, PostgreSQL's work (another process) excluded.

How: the script re-runs itself under `valgrind --tool=callgrind --collect-atstart=no
--toggle-collect=sys_call_tracing --dump-after=sys_call_tracing` and makes each page's
requests inside `sys.call_tracing(...)` (a C function of the interpreter nothing else
calls; no trace function is set, so it adds nothing to what is counted): only those
requests are counted, one dump per page. Under valgrind everything runs ~50× slower: a
full run takes 10–15 minutes (`--pages` for fewer).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

CHILD_ENV = "SL_INSTRUCTIONS_CHILD"


def child(args) -> int:
    """Under valgrind: warm each page, then its requests inside `sys.call_tracing`."""
    import service_time

    service_time.setup(args.database_url)
    from django.contrib.auth import get_user_model
    from django.test import Client

    staff = Client()
    staff.force_login(get_user_model().objects.get(username="valmistelija"))
    anonymous = Client()  # the public pages, as a visitor without a session gets them
    found = service_time.pages() + public_pages()
    if args.pages:
        keep = set(args.pages.split(",")) | {"trivial"}
        found = [p for p in found if p[0] in keep]
    order = []
    for key, _label, url, _target in found:
        client = anonymous if key in PUBLIC else staff
        for _ in range(3):
            client.get(url)
        failures = []

        def requests(url=url, failures=failures, client=client):
            for _ in range(args.requests):
                if client.get(url).status_code != 200:
                    failures.append(url)

        sys.call_tracing(requests, ())
        order.append({"key": key, "url": url, "ok": not failures})
    Path(os.environ["SL_INSTRUCTIONS_ORDER"]).write_text(json.dumps(order))
    return 0


PUBLIC = ("public", "public_json")


def public_pages() -> list[tuple[str, str, str, None]]:
    """The big project's public promise page and its JSON (served to a visitor from the
    page cache: the warm-up requests fill it)."""
    import seed_large
    from django.urls import reverse
    from django.utils import translation

    kwargs = {"region": seed_large.big_project().region.slug}
    with translation.override("fi"):
        return [
            ("public", "public promise page", reverse("public:promise", kwargs=kwargs), None),
            ("public_json", "public JSON", reverse("public:json", kwargs=kwargs), None),
        ]


# Issue 31's one-user targets as ratios to the trivial view: a page's ms target over the
# trivial view's 0.7 ms (`service_time.py`), and the floor (the project history page, the
# simplest staff page) at half its ratio when the issue was opened (16.8×).
FLOOR_TARGET = 16.8 / 2


def target_ratio(key: str) -> float | None:
    import service_time

    if key == "history":
        return FLOOR_TARGET
    ms = service_time.TARGET_MS.get(key.split("_")[0])
    return ms / service_time.TRIVIAL_REFERENCE_MS if ms else None


def totals(directory: Path, pid: int) -> list[int]:
    """The instruction count of each dump `--dump-after` wrote, in order."""
    found = []
    for path in directory.glob(f"callgrind.out.{pid}.*"):
        match = re.search(r"^(?:summary|totals): (\d+)", path.read_text(), re.M)
        found.append((int(path.name.rsplit(".", 1)[1]), int(match.group(1)) if match else 0))
    return [count for _, count in sorted(found)]


def parent(args) -> int:
    with tempfile.TemporaryDirectory(prefix="sl-callgrind-") as tmp:
        directory = Path(tmp)
        env = {
            **os.environ,
            CHILD_ENV: "1",
            "SL_INSTRUCTIONS_ORDER": str(directory / "order.json"),
            "PYTHONHASHSEED": "0",
        }
        command = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=sys_call_tracing",
            "--dump-after=sys_call_tracing",
            f"--callgrind-out-file={directory}/callgrind.out.%p",
            sys.executable,
            __file__,
            *sys.argv[1:],
        ]
        process = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True)
        if process.returncode:
            print(process.stderr[-3000:])
            return process.returncode
        pid = int(re.search(r"==(\d+)==", process.stderr).group(1))
        order = json.loads((directory / "order.json").read_text())
        counts = totals(directory, pid)[: len(order)]
    if len(counts) < len(order):
        print(
            f"callgrind wrote {len(counts)} counts for {len(order)} pages: this interpreter "
            f"({os.path.realpath(sys.executable)}) has no symbol sys_call_tracing to toggle on "
            "(a stripped build such as Debian's python3.11). Run it with a Python built with "
            "its symbols, e.g. a venv of pyenv's 3.11 with the project installed."
        )
        return 2
    load = os.getloadavg()
    print(
        f"Instructions per warm request (callgrind, {args.requests} requests a page; "
        f"load average {load[0]:.1f}, which does not change the counts)"
    )
    print(f"{'page':<22} {'M instr':>9} {'× trivial':>10} {'target':>8}  result")
    per_request = {o["key"]: c / args.requests for o, c in zip(order, counts, strict=True)}
    trivial = per_request.get("trivial") or float("nan")
    before = json.loads(Path(args.compare).read_text()) if args.compare else {}
    for item in order:
        key, value = item["key"], per_request[item["key"]]
        line = f"{key:<22} {value / 1e6:>9.2f} {value / trivial:>10.1f}"
        target = target_ratio(key)
        if target is not None:
            met = item["ok"] and value / trivial <= target
            line += f" {'≤ ' + format(target, '.1f'):>8}  {'MET' if met else 'MISSED'}"
        if key in before:
            line += f"   before {before[key] / 1e6:>7.2f} ({value / before[key] - 1:+.0%})"
        print(line + ("" if item["ok"] else "   (not HTTP 200)"))
    if args.json:
        Path(args.json).write_text(json.dumps(per_request, indent=1))
    return 0


def main(argv=None) -> int:
    import seed_large

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=seed_large.bench_database_url())
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--pages", default="", help="only these keys (comma separated)")
    parser.add_argument("--json", metavar="PATH", help="write each page's count here")
    parser.add_argument("--compare", metavar="PATH", help="an earlier --json, side by side")
    args = parser.parse_args(argv)
    if os.environ.get(CHILD_ENV):
        from django_scopes import scopes_disabled

        with scopes_disabled():
            return child(args)
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
