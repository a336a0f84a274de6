"""The promise's texts that lack one of the region's languages, for the gates that need
every language (phases.requirements): each named and linked to the input to write it in.

Counted the same way as the editor's "missing translations" (`selectors.missing_languages`:
a text written in at least one language lacks the region's languages it is not written in),
plus the strategy nodes the commitments serve and the decision package's descriptions.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from phases.perspectives import Perspective
from phases.registry import MissingTranslation, TranslationSource, registry
from phases.translated import pick_field

from .decision.selectors import DESCRIPTION_FIELDS
from .models import Commitment, DecisionPackage, Promise, PromiseStatement, StrategyGoal
from .selectors import missing_languages, texts_of


def _short(text: str, words: int = 8) -> str:
    parts = str(text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def missing_translations(project) -> list[MissingTranslation]:
    required = list(project.region.content_languages)
    language = get_language() or required[0]
    region = project.region.slug
    base = {"region": region, "project": project.pk}
    items: list[MissingTranslation] = []

    def add(obj, field: str, label: str, url: str, key: str) -> None:
        lacking = missing_languages(texts_of(obj, field), required)
        if lacking:
            items.append(
                MissingTranslation(
                    label=label,
                    languages=tuple(lacking),
                    url=f"{url}#id_{field}_{lacking[0]}",
                    key=key,
                )
            )

    def name(obj, field: str = "title") -> str:
        return _short(pick_field(obj, field, language, required))

    perspectives = dict(Perspective.choices)
    promises = Promise.objects.filter(project=project).order_by("order", "pk")
    for promise in promises.prefetch_related("cells"):
        kwargs = {**base, "promise": promise.pk}
        edit = reverse("promises:promise_edit", kwargs=kwargs)
        for field, what in (
            ("title", _("Customer segment")),
            ("slogan", _("Slogan")),
            ("vision", _("Vision")),
            ("outcomes", _("Intended outcomes")),
        ):
            add(
                promise,
                field,
                _("%(what)s of the promise “%(promise)s”")
                % {"what": what, "promise": name(promise)},
                edit,
                f"promises.promise.{promise.pk}.{field}",
            )
        for cell in promise.cells.all():
            add(
                cell,
                "goal",
                _("Goal summary of %(perspective)s in “%(promise)s”")
                % {"perspective": perspectives.get(cell.perspective, ""), "promise": name(promise)},
                reverse("promises:cell_edit", kwargs={**kwargs, "cell": cell.pk}),
                f"promises.cell.{cell.pk}.goal",
            )
    statements = PromiseStatement.objects.filter(cell__promise__project=project).select_related(
        "cell__promise"
    )
    for statement in statements.order_by("cell__promise__order", "cell__pk", "order", "pk"):
        add(
            statement,
            "text",
            _("Statement “%(text)s”") % {"text": name(statement, "text")},
            reverse(
                "promises:statement_edit",
                kwargs={**base, "promise": statement.cell.promise_id, "statement": statement.pk},
            ),
            f"promises.statement.{statement.pk}.text",
        )
    commitments = Commitment.objects.filter(promise__project=project).select_related("promise")
    for commitment in commitments.order_by("promise__order", "promise__pk", "order", "pk"):
        url = reverse(
            "promises:commitment_edit",
            kwargs={**base, "promise": commitment.promise_id, "commitment": commitment.pk},
        )
        for field, label in (
            ("title", _("Commitment “%(title)s”")),
            ("description", _("Description of the commitment “%(title)s”")),
            ("legal_reference", _("Legal reference of the commitment “%(title)s”")),
            ("indicator_pending_document", _("Pending indicator of the commitment “%(title)s”")),
            ("indicator_pending_reason", _("Pending indicator of the commitment “%(title)s”")),
        ):
            add(
                commitment,
                field,
                label % {"title": name(commitment)},
                url,
                f"promises.commitment.{commitment.pk}.{field}",
            )
    goals = (
        StrategyGoal.objects.filter(commitments__promise__project=project)
        .distinct()
        .order_by("kind", "level", "order", "pk")
    )
    for goal in goals:
        url = reverse("promises:strategy_edit", kwargs={"region": region, "goal": goal.pk})
        for field, label in (
            ("title", _("Strategy node “%(title)s”")),
            ("description", _("Description of the strategy node “%(title)s”")),
        ):
            add(goal, field, label % {"title": name(goal)}, url, f"promises.goal.{goal.pk}.{field}")
    package = DecisionPackage.objects.filter(project=project).first()
    if package is not None:
        url = reverse("promises_decision:package", kwargs=base)
        for field in DESCRIPTION_FIELDS:
            add(
                package,
                field,
                _("Decision package: %(what)s")
                % {"what": DecisionPackage._meta.get_field(field).verbose_name},
                url,
                f"promises.package.{field}",
            )
    return items


registry.register(TranslationSource("promises", missing_translations))
