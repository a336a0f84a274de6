"""The SVG chart is valid XML, accessible (role, title, desc) and shows the values."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import translation

from indicators.charts import Point, line_chart
from indicators.status import parse_period

SVG = "{http://www.w3.org/2000/svg}"


def chart(**kwargs):
    defaults = {
        "chart_id": "c1",
        "title": "Hoitoon pääsy <7 pv> & muuta",
        "unit": "%",
        "points": [
            Point(parse_period("2024"), Decimal("56.8")),
            Point(parse_period("2025-Q2"), Decimal("63.1")),
            Point(parse_period("2026-05"), Decimal("71.25")),
        ],
        "targets": {2024: Decimal("60"), 2025: Decimal("65"), 2026: Decimal("70")},
        "years": [2024, 2025, 2026],
    }
    defaults.update(kwargs)
    return str(line_chart(**defaults))


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_chart_is_valid_svg_with_title_desc_and_role():
    with translation.override("en"):
        root = ET.fromstring(chart())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Hoitoon pääsy <7 pv> & muuta"
    desc = root.find(f"{SVG}desc").text
    assert "2025-Q2: 63.1 %" in desc and "2026: 70 %" in desc


def test_values_targets_years_and_axis_labels_are_written_as_text():
    with translation.override("fi"):
        root = ET.fromstring(chart())
    labels = texts(root)
    for value in ["56,8", "63,1", "71,25"]:  # Finnish decimal comma
        assert value in labels
    assert {"tavoite 60", "tavoite 65", "tavoite 70"} <= set(labels) or {
        "target 60",
        "target 65",
        "target 70",
    } <= set(labels)
    assert {"2024", "2025", "2026"} <= set(labels)
    assert "%" in labels  # the y axis label: the unit
    assert len(root.findall(f".//{SVG}circle")) == 3
    assert len(root.findall(f".//{SVG}polyline")) == 1


def test_chart_without_data_says_so():
    with translation.override("en"):
        root = ET.fromstring(chart(points=[], targets={}, years=[]))
    assert "No measurements or targets yet." in texts(root)


def test_lower_values_are_drawn_lower():
    root = ET.fromstring(
        chart(
            points=[
                Point(parse_period("2024"), Decimal("1")),
                Point(parse_period("2025"), Decimal("9")),
            ],
            targets={},
        )
    )
    first, second = root.findall(f".//{SVG}circle")
    assert float(first.get("cy")) > float(second.get("cy"))


def test_single_value_chart_is_valid():
    root = ET.fromstring(
        chart(points=[Point(parse_period("2026"), Decimal("0"))], targets={2026: Decimal("0")})
    )
    assert root.findall(f".//{SVG}circle")


def test_term_years_without_targets_or_values_is_a_valid_empty_chart():
    root = ET.fromstring(chart(points=[], targets={}, years=[2027, 2028, 2029]))
    assert root.get("role") == "img"


def test_zero_values_keep_the_axis_at_zero():
    root = ET.fromstring(
        chart(points=[Point(parse_period("2026"), Decimal("0"))], targets={2026: Decimal("0")})
    )
    assert "-1" not in texts(root)


def test_a_value_label_keeps_clear_of_the_target_line():
    import re
    from decimal import Decimal

    from indicators.charts import Point, line_chart
    from indicators.status import Period

    svg = str(
        line_chart(
            chart_id="c",
            title="t",
            unit="%",
            points=[Point(Period(2025), Decimal("64.5")), Point(Period(2026), Decimal("80"))],
            targets={2025: Decimal("65"), 2026: Decimal("70")},
        )
    )
    target_y = float(re.search(r'<g class="targets".*?y1="([\d.]+)"', svg).group(1))
    label = re.search(r'<text x="[\d.]+" y="([\d.]+)"[^>]*font-weight="bold">64[,.]5<', svg)
    assert abs(float(label.group(1)) - 4 - target_y) >= 10
