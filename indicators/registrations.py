"""What the indicators app adds to the process, through phases.registry (imported by
IndicatorsConfig.ready()): the phase 6 result, the commitment check, the trace links, the
document section, the project link, the dashboard panel and the demo step."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phases.phase_numbers import FOLLOW_UP_PHASE
from phases.registry import (
    CommitmentCheck,
    DashboardPanel,
    DemoStep,
    DocumentSection,
    FollowUpPart,
    MissingTranslation,
    ProjectLink,
    ProjectPart,
    RegionLink,
    ResultProvider,
    ResultStatus,
    Step,
    TraceSource,
    TranslationSource,
    registry,
)
from phases.translated import pick_field, texts

from . import followup, selectors, services
from .demo import prepare as demo_prepare
from .models import Indicator
from .status import RULE_TEXT

ADVISED_MIN, ADVISED_MAX = 3, 5


def overview_url(project) -> str:
    return reverse(
        "indicators:overview", kwargs={"region": project.region.slug, "project": project.pk}
    )


def key_indicators_status(project, keys: list[Indicator] | None = None) -> ResultStatus:
    """Phase 6 "indicators ready for follow-up": at least one key indicator, and every key
    indicator has a target for every year of the term. 3–5 is advised, not required.

    `keys`: the project's key indicators in their order, prepared (`target_by_year`), when
    the caller has read them already (no query then)."""
    if keys is None:
        keys = list(
            Indicator.objects.filter(project=project, is_key=True)
            .prefetch_related("targets")
            .order_by("order", "pk")
        )
    years = project.term_years
    blockers: list[Step] = []
    if not keys:
        blockers.append(
            Step(
                message=_("No key indicators have been chosen yet."),
                url=overview_url(project),
                order=110,
                key="indicators.key",
            )
        )
    for indicator in keys:
        have = (
            set(indicator.target_by_year)
            if hasattr(indicator, "target_by_year")
            else {t.year for t in indicator.targets.all()}
        )
        missing = [str(y) for y in years if y not in have]
        if missing:
            blockers.append(
                Step(
                    message=ngettext(
                        "Key indicator “%(name)s” has no target for %(years)s.",
                        "Key indicator “%(name)s” has no targets for %(years)s.",
                        len(missing),
                    )
                    % {"name": indicator.name, "years": ", ".join(missing)},
                    url=reverse(
                        "indicators:edit",
                        kwargs={
                            "region": project.region.slug,
                            "project": project.pk,
                            "indicator": indicator.pk,
                        },
                    )
                    + f"#id_target_{missing[0]}",
                    order=120,
                    key=f"indicators.targets.{indicator.pk}",
                )
            )
    summary = ngettext(
        "%(count)d key indicator",
        "%(count)d key indicators",
        len(keys),
    ) % {"count": len(keys)}
    if keys and not ADVISED_MIN <= len(keys) <= ADVISED_MAX:
        summary += " · " + _("the handbook advises 3–5 key indicators")
    if keys and not blockers:
        summary += " · " + _("every key indicator has a target for each year of the term")
    return ResultStatus(
        done=not blockers, summary=summary, url=overview_url(project), blockers=tuple(blockers)
    )


def dashboard_context(request, project) -> dict:
    indicators = selectors.indicators_for_project(project, key_only=True)
    return {
        "project": project,
        "indicators": indicators,
        "counts": selectors.status_counts(indicators),
        "status": key_indicators_status(project, indicators),
        "overview_url": overview_url(project),
        "evaluation_url": reverse(
            "indicators:evaluation_current",
            kwargs={"region": project.region.slug, "project": project.pk},
        ),
    }


def section_context(project, *, language: str, public: bool) -> dict:
    """Key indicators with targets, latest value, status and chart, by perspective."""
    with translation.override(language):
        indicators = selectors.indicators_for_project(project, key_only=True)
        for indicator in indicators:
            selectors.attach_chart(indicator, prefix=f"doc-{language}")
        return {
            "project": project,
            "language": language,
            "public": public,
            "groups": selectors.by_perspective(indicators),
            "rule_text": str(RULE_TEXT),
            "json": {"key_indicators": [selectors.indicator_data(i) for i in indicators]},
        }


def missing_translations(project) -> list[MissingTranslation]:
    """The indicators' texts written in some of the region's languages but not all (the
    gates that need every language list them)."""
    required = list(project.region.content_languages)
    language = translation.get_language() or required[0]
    items = []
    fields = (
        ("name", _("Indicator “%(name)s”")),
        ("description", _("Description of the indicator “%(name)s”")),
        ("unit", _("Unit of the indicator “%(name)s”")),
        ("data_source", _("Data source of the indicator “%(name)s”")),
        ("responsible", _("Responsible for the indicator “%(name)s”")),
    )
    for indicator in Indicator.objects.filter(project=project).order_by("order", "pk"):
        url = reverse(
            "indicators:edit",
            kwargs={
                "region": project.region.slug,
                "project": project.pk,
                "indicator": indicator.pk,
            },
        )
        name = pick_field(indicator, "name", language, required)
        for field, label in fields:
            values = texts(indicator, field)
            if not any(values.values()):
                continue
            lacking = tuple(lang for lang in required if not values[lang])
            if lacking:
                items.append(
                    MissingTranslation(
                        label=label % {"name": name},
                        languages=lacking,
                        url=f"{url}#id_{field}_{lacking[0]}",
                        key=f"indicators.{indicator.pk}.{field}",
                    )
                )
    return items


def copy_previous_indicators(project, previous_project, by) -> None:
    """A new cycle can start with the previous cycle's indicators (and their targets)."""
    services.copy_previous_indicators(project=project, previous=previous_project)


registry.register(
    ResultProvider("indicators.key_indicators", key_indicators_status, content=True),
    TranslationSource("indicators", missing_translations),
    CommitmentCheck(
        "indicators.measured", gettext_lazy("no indicator"), selectors.commitments_without_indicator
    ),
    TraceSource(
        "indicators.measured_by",
        gettext_lazy("Indicators measuring this"),
        selectors.indicator_links,
        in_documents=True,
    ),
    DocumentSection(
        "indicators.key_indicators",
        "indicators/sections/key_indicators.html",
        section_context,
        order=60,
        pdf_template="indicators/sections/key_indicators_pdf.html",
    ),
    ProjectLink("indicators", gettext_lazy("Indicators"), "indicators:overview", order=60),
    RegionLink(
        "indicators.sotkanet_region",
        gettext_lazy("THL Sotkanet region"),
        "indicators:sotkanet_region",
        order=60,
    ),
    DashboardPanel(
        "indicators.follow_up",
        "indicators/panels/follow_up.html",
        dashboard_context,
        phases=frozenset({FOLLOW_UP_PHASE}),
        order=60,
    ),
    DemoStep("indicators.demo", demo_prepare, order=30),
    FollowUpPart(followup.KEY, followup.build, followup.render, order=20),
    ProjectPart(
        "indicators.copy_previous",
        copy_previous_indicators,
        order=30,  # after the promise's copy (10): links to the copied commitments
        field="copy_indicators",
        label=gettext_lazy(
            "Copy the previous cycle's indicators, their links to the copied commitments "
            "and their targets, moved to the new years (measurements are not copied)"
        ),
    ),
)
