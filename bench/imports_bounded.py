"""Bounded imports (issue 24, item 5): `python bench/imports_bounded.py` (DATABASE_URL respected).

Every import at its cap (the largest input it accepts, written to the database) and the
attacks that took a worker for 22–60+ s before the caps (refused), timed one after the
other in one process, in one transaction rolled back afterwards (nothing stays in the
database). Target: each finishes within 2 s on one core.

"cpu s" is the one-core time: the CPU time of this process plus that of its PostgreSQL
backend (read from /proc/<pid>/stat; both on this machine), which is what the import costs
whatever else the machine is doing; MET/MISSED is judged on it. "wall s" is the elapsed
time, which on a busy machine (the load average is printed) includes waiting for a core.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicelofte.settings")

TARGET_SECONDS = 2.0


class Rollback(Exception):
    pass


def outline(lines: int) -> str:
    """`lines` lines of a four-level outline with codes."""
    out, n = [], 0
    for theme in range(1, 10_000):
        for focus in range(1, 6):
            for goal in range(1, 6):
                for means in range(0, 4):
                    code = f"{theme}.{focus}.{goal}" + (f".{means}" if means else "")
                    if goal == 1 and means == 0:
                        if focus == 1:
                            out.append(f"{theme} Teema {theme}")
                        out.append(f"{theme}.{focus} Painopiste {theme}.{focus}")
                    out.append(f"{code} Tavoite tai keino {code}")
                    n = len(out)
                    if n >= lines:
                        return "\n".join(out[:lines])
    return "\n".join(out)


def xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def million_rows_xlsx() -> bytes:
    from tests.security.test_imports_bounded import xlsx_of_rows

    row = b'<row><c t="inlineStr"><is><t>Teema</t></is></c></row>'
    return xlsx_of_rows(row, 1_000_000)


def far_rows_xlsx() -> bytes:
    from tests.security.test_imports_bounded import xlsx_of_rows

    row = b'<row><c t="inlineStr"><is><t>Teema</t></is></c></row>'
    return xlsx_of_rows(row + row.replace(b"<row>", b'<row r="1000000">'), 1)


def huge_cell_xlsx(size: int) -> bytes:
    from tests.security.test_imports_bounded import xlsx_of_rows

    cell = b'<row><c t="inlineStr"><is><t>' + b"a" * size + b"</t></is></c></row>"
    return xlsx_of_rows(cell, 1)


def backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (0 if not local)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def shared_string_xlsx() -> bytes:
    """2,000 rows of 10 cells, every one the same 3 MB shared string."""
    from tests.security.test_imports_bounded import xlsx_of_rows

    row = b"<row>" + b'<c t="s"><v>0</v></c>' * 10 + b"</row>"
    return xlsx_of_rows(row, 2_000, shared=b"a" * 3_000_000)


def measure(label: str, cap: str, run) -> tuple[str, str, float, float, str]:
    backend = backend_cpu()
    start, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = run()
    except Exception as exc:  # a refusal is the expected outcome of an attack
        outcome = f"refused: {str(exc)[:70]}"
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return (label, cap, wall, cpu + backend_cpu() - backend, str(outcome)[:80])


def cases(region, project):
    from indicators import csv_io, services
    from promises import strategy
    from tests.indicators.factories import IndicatorFactory

    names = [f"Mittari {n}" for n in range(50)]  # 50 Sotkanet indicators × 100 years
    for n, name in enumerate(names):
        IndicatorFactory(project=project, name=name, name_sv=f"Mätare {n}", sotkanet_id=186 + n)
    region.sotkanet_region_id = 974

    def import_outline(text, *, kind, spreadsheet=False):
        return len(
            strategy.strategy_import(
                region=region,
                kind=kind,
                text=text,
                language="fi",
                levels=[1, 2, 3, 4],
                from_spreadsheet=spreadsheet,
            )
        )

    def import_file(data, *, kind):
        return import_outline(
            strategy.outline_from_file(io.BytesIO(data)), kind=kind, spreadsheet=True
        )

    def measurements(data):
        result = services.measurements_import(project=project, data=data, by=None)
        return f"{result.created} new, {result.updated} updated"

    at_cap = outline(strategy.MAX_LINES)
    rows = []
    for line in at_cap.splitlines():
        code, _sep, title = line.partition(" ")
        rows.append([code, title])
    monthly = "".join(
        f"{names[n % 5]};{1990 + n // 60}-{n // 5 % 12 + 1:02d};{n},5;lähde;huomautus\n"
        for n in range(csv_io.MAX_ROWS)
    )
    attack_csv = "".join(f"Mittari 0;2026;{n},5;{'x' * 40};{'y' * 40}\n" for n in range(20_000))
    sotkanet_rows = "".join(
        f"{186 + n % 50};974;{1990 + n // 50};total;{n},5;{n}\n" for n in range(csv_io.MAX_ROWS)
    )
    other_regions = "186;1;2024;total;12,5;3\n" * 60_000
    header = "indicator;region;year;gender;value;absValue\n"
    yield (
        "Strategy outline paste",
        f"{strategy.MAX_LINES:,} lines",
        lambda: import_outline(at_cap, kind="regional"),
    )
    yield (
        "Strategy outline paste, attack",
        "100 KB, 50,000 lines",
        lambda: import_outline("a\n" * 50_000, kind="regional"),
    )
    data = xlsx(rows)
    yield (
        "Strategy xlsx",
        f"{strategy.MAX_LINES:,} rows, {len(data) // 1024} KB",
        lambda: import_file(data, kind="service"),
    )
    attack = million_rows_xlsx()
    yield (
        "Strategy xlsx, attack",
        f"1,000,000 rows, {len(attack) // 1024} KB",
        lambda: import_file(attack, kind="national"),
    )
    far = far_rows_xlsx()
    yield (
        "Strategy xlsx, rows up to 1,000,000",
        f"{len(far) // 1024} KB",
        lambda: import_file(far, kind="national"),
    )
    bomb = huge_cell_xlsx(60_000_000)
    yield (
        "Strategy xlsx, one 60 MB cell",
        f"{len(bomb) // 1024} KB packed",
        lambda: import_file(bomb, kind="national"),
    )
    under = huge_cell_xlsx(strategy.MAX_XLSX_PART_BYTES - 1_000)
    yield (
        "Strategy xlsx, a cell at the part cap",
        f"4 MB unpacked, {len(under) // 1024} KB packed",
        lambda: import_file(under, kind="national"),
    )
    shared = shared_string_xlsx()
    yield (
        "Strategy xlsx, one 3 MB string × 20,000",
        f"2,000 rows × 10 cells, {len(shared) // 1024} KB packed",
        lambda: import_file(shared, kind="national"),
    )
    csv_data = "\n".join(f"{c};{t}" for c, t in rows).encode()
    yield (
        "Strategy CSV",
        f"{strategy.MAX_LINES:,} rows, {len(csv_data) // 1024} KB",
        lambda: import_file(csv_data, kind="national"),
    )
    indicator_data = ("indicator;period;value;source;note\n" + monthly).encode()
    yield (
        "Indicator CSV",
        f"{csv_io.MAX_ROWS:,} rows, {len(indicator_data) // 1024} KB",
        lambda: measurements(indicator_data),
    )
    bad = ("indicator;period;value\n" + "Mittari 0;2026;x\n" * csv_io.MAX_ROWS).encode()
    yield (
        "Indicator CSV, every row wrong",
        f"{csv_io.MAX_ROWS:,} rows",
        lambda: measurements(bad),
    )
    attack_data = ("indicator;period;value;source;note\n" + attack_csv).encode()
    yield (
        "Indicator CSV, attack",
        f"{len(attack_data) / 1e6:.1f} MB",
        lambda: measurements(attack_data),
    )
    sotkanet = (header + sotkanet_rows + other_regions).encode()
    yield (
        "Sotkanet CSV",
        f"{csv_io.MAX_ROWS:,} rows of the region + 60,000 others, {len(sotkanet) / 1e6:.1f} MB",
        lambda: measurements(sotkanet),
    )


def run() -> list[tuple]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from tests.factories import ProjectFactory, RegionFactory

    call_command("migrate", verbosity=0)
    results = []
    try:
        with transaction.atomic():
            region = RegionFactory(slug=f"bench-imports-{int(time.time())}")
            project = ProjectFactory(region=region, term_start=2027, term_end=2029)
            for label, cap, action in cases(region, project):
                with transaction.atomic():
                    results.append(measure(label, cap, action))
            raise Rollback
    except Rollback:
        pass
    return results


def main() -> None:
    import django

    django.setup()
    from phases.scoping import scopes_disabled

    with scopes_disabled():  # bench code seeds and reads its own region
        results = run()
    load = os.getloadavg()[0]
    print(f"Bounded imports (target {TARGET_SECONDS:.0f} s each; load average {load:.1f})")
    print(f"{'import':40} {'at':48} {'wall s':>7} {'cpu s':>6}  result")
    for label, cap, wall, cpu, outcome in results:
        verdict = "MET" if cpu <= TARGET_SECONDS else "MISSED"
        print(f"{label:40} {cap:48} {wall:7.2f} {cpu:6.2f}  {verdict}  {outcome}")


if __name__ == "__main__":
    main()
