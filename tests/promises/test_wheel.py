"""The wheel: valid SVG with title and description, the five perspectives and the vision in
the chosen language, the three views, long texts wrapped, a text alternative."""

import xml.etree.ElementTree as ET

import pytest

from phases.perspectives import Perspective, Side
from promises.wheel import render_wheel, text_alternative, wrap

NS = "{http://www.w3.org/2000/svg}"

VISION = {
    "fi": "Hyvinvointia yhdessä – oikea apu oikeaan aikaan.",
    "sv": "Välfärd tillsammans – rätt hjälp i rätt tid.",
    "en": "Wellbeing together – the right help at the right time.",
}
LABELS = {
    "fi": ["Saatavuus", "Saavutettavuus", "Laatu", "Vaikuttavuus", "Sote-integraatio"],
    "sv": ["Tillgång", "Tillgänglighet", "Kvalitet", "Verkningsfullhet", "hälsovårds"],
}


def snapshot(goal_text="Tavoite"):
    return {
        "schema": 1,
        "title": {"fi": "Kaikki asukkaat", "sv": "Alla invånare", "en": "All residents"},
        "vision": VISION,
        "cells": [
            {
                "perspective": p,
                "side": s,
                "goal": {"fi": f"{goal_text} {p} {s}", "sv": f"Mål {p} {s}"},
                "statements": [{"id": 1, "text": {"fi": f"Lause {p} {s}", "sv": f"Mening {p}"}}],
            }
            for p in Perspective.values
            for s in Side.values
        ],
        "commitments": [],
    }


def all_text(root) -> str:
    return " ".join(t.text or "" for t in root.iter(f"{NS}text"))


def letters_joined(root) -> str:
    return "".join(t.text or "" for t in root.iter(f"{NS}text"))


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("view", ["whole", "resident", "organiser"])
def test_wheel_is_valid_svg_with_perspectives_and_vision(language, view):
    svg = str(render_wheel(snapshot(), language, view=view))
    root = ET.fromstring(svg)  # valid XML
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None and title.text
    assert desc is not None and VISION[language] in desc.text
    text = all_text(root)
    joined = text.replace("- ", "-")
    unbroken = text.replace("- ", "")
    for label in LABELS[language]:
        assert label in joined or label in unbroken, (label, text)
    # The vision, wrapped into lines in the centre.
    words = VISION[language].split()
    assert all(w in text for w in words)
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_wheel_has_no_script_or_external_reference():
    svg = str(render_wheel(snapshot(), "fi"))
    assert "<script" not in svg and "href" not in svg and "@import" not in svg
    assert "url(" not in svg


def test_the_detail_views_show_that_sides_goals():
    resident = ET.fromstring(str(render_wheel(snapshot(), "fi", view="resident")))
    organiser = ET.fromstring(str(render_wheel(snapshot(), "fi", view="organiser")))
    assert "resident" in all_text(resident) and "organiser" not in all_text(resident)
    assert "organiser" in all_text(organiser) and "resident" not in all_text(organiser)


def test_wheel_mottos_are_on_the_ring():
    root = ET.fromstring(str(render_wheel(snapshot(), "en")))
    joined = letters_joined(root)
    assert "ITAKEPARTANDHAVEASAY" in joined.replace(" ", "")
    assert "PARTICIPATION,OPENNESS" in joined.replace(" ", "")


def test_long_text_is_wrapped_or_abbreviated_within_its_width():
    lines, fitted = wrap("Social- och hälsovårdsintegration", [118, 118, 118], 15, bold=True)
    assert fitted and len(lines) <= 3
    lines, fitted = wrap("sana " * 200, [100, 100], 10)
    assert not fitted and len(lines) == 2 and lines[-1].endswith("…")


def test_very_long_goals_do_not_break_the_svg():
    svg = str(render_wheel(snapshot("Erittäin pitkä tavoite " * 30), "fi", view="resident"))
    root = ET.fromstring(svg)
    assert "…" in all_text(root)


def test_markup_in_content_is_escaped():
    snap = snapshot()
    snap["vision"] = {"fi": "<script>alert(1)</script> & <b>x</b>"}
    svg = str(render_wheel(snap, "fi"))
    ET.fromstring(svg)
    assert "<script" not in svg


def test_text_alternative_lists_goals_and_statements():
    alt = text_alternative(snapshot(), "sv", view="whole")
    assert alt["vision"] == VISION["sv"]
    assert [s.side for s in alt["sides"]] == ["resident", "organiser"]
    assert len(alt["sides"][0].cells) == 5
    assert alt["sides"][0].cells[0].statements == ["Mening access"]
    only = text_alternative(snapshot(), "fi", view="organiser")
    assert [s.side for s in only["sides"]] == ["organiser"]


def test_a_word_ending_in_a_hyphen_keeps_its_space():
    from promises.wheel import wrap

    lines, fitted = wrap("Social- och hälsovård", [400.0], 12)
    assert fitted and lines == ["Social- och hälsovård"]
    # a word split by the wrap itself still joins without a space
    lines, _fitted = wrap("hälsovårdsintegration", [60.0, 200.0], 12)
    assert lines[0].endswith("-") and " " not in "".join(lines)


def test_a_capital_j_is_not_measured_as_wide_as_an_m():
    from promises.wheel import text_width

    assert text_width("J", 10) < text_width("A", 10) < text_width("M", 10)


SIDE_NAMES = {
    "fi": {"resident": "Asukkaan näkökulma", "organiser": "Järjestäjän näkökulma"},
    "sv": {"resident": "Invånarens perspektiv", "organiser": "Anordnarens perspektiv"},
}
GOALS = {"fi": "Tavoite {p} {s}", "sv": "Mål {p} {s}"}


def sector_links(root):
    return list(root.iter(f"{NS}a"))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_on_the_public_page_each_sector_is_a_link_naming_both_goals(language):
    root = ET.fromstring(str(render_wheel(snapshot(), language, anchor="segment-1")))
    links = sector_links(root)
    # one link per perspective, in the order of the perspectives (clockwise from the top)
    assert [a.get("href") for a in links] == [f"#segment-1-{p}" for p in Perspective.values]
    assert root.get("role") == "group"  # an image's children could not be reached
    for link, perspective, label in zip(links, Perspective.values, LABELS[language], strict=True):
        name = link.get("aria-label")
        assert label in name.split(".")[0], name  # the perspective first
        for side in Side.values:
            assert (
                f"{SIDE_NAMES[language][side]}: {GOALS[language].format(p=perspective, s=side)}"
                in name
            )
        # the same text is the link's <title>: shown on hover without any script
        assert link.find(f"{NS}title").text == name


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_in_a_sides_detail_each_sector_links_to_its_cell(language):
    svg = str(render_wheel(snapshot(), language, view="organiser", anchor="segment-2"))
    links = sector_links(ET.fromstring(svg))
    assert [a.get("href") for a in links] == [
        f"#segment-2-{p}-organiser" for p in Perspective.values
    ]
    name = links[2].get("aria-label")
    assert (
        f"{SIDE_NAMES[language]['organiser']}: {GOALS[language].format(p='quality', s='organiser')}"
        in name
    )
    assert SIDE_NAMES[language]["resident"] not in name


def test_a_sector_without_a_goal_says_so():
    snap = snapshot()
    snap["cells"] = [c for c in snap["cells"] if c["perspective"] != "quality"]
    links = sector_links(ET.fromstring(str(render_wheel(snap, "fi", anchor="s"))))
    assert links[2].get("aria-label") == "Laatu. Asukkaan näkökulma: –. Järjestäjän näkökulma: –."


def centre_text(svg: str) -> str:
    """The text drawn inside the vision's circle (around the centre)."""
    root = ET.fromstring(svg)
    lines = [
        t.text or ""
        for t in root.iter(f"{NS}text")
        if t.get("x")
        and " " not in t.get("x")
        and abs(float(t.get("x")) - 320) < 1
        and abs(float(t.get("y")) - 320) < 92
    ]
    return " ".join(lines)


def test_the_centre_never_cuts_the_vision():
    """Issue 26: a long vision is wrapped whole; one too long for the centre gives way to
    the slogan (the full vision is in the description and beside the picture), never "…"."""
    snap = snapshot()
    long_vision = "Hyvinvointialue, jossa jokainen asukas saa oikea-aikaista apua läheltä"
    snap["vision"] = {"fi": long_vision}
    svg = str(render_wheel(snap, "fi"))
    assert "…" not in svg
    assert " ".join(centre_text(svg).replace("- ", "-").split()).endswith("läheltä")
    very_long = " ".join([long_vision] * 8)
    snap["vision"] = {"fi": very_long}
    snap["slogan"] = {"fi": "Apua läheltä"}
    svg = str(render_wheel(snap, "fi"))
    assert "…" not in svg
    assert "Apua läheltä" in centre_text(svg)
    assert very_long in ET.fromstring(svg).find(f"{NS}desc").text
    del snap["slogan"]
    svg = str(render_wheel(snap, "fi"))
    assert "…" not in svg
    assert "kuvan viereen" in centre_text(svg)
