"""The language matrix: every form that edits translated content × every interface language.

Each form is submitted through its real page from /fi/, /sv/ and /en/ with a distinct text per
language (`fi-…`, `sv-…`, `en-…`), and the row is read back from the database column by
column: every language must be kept exactly. Forms that edit an existing row are then saved
again with only the Swedish text changed: the Finnish and English columns must stay.

A form class that uses `TranslatedFieldsMixin` (phases/translated.py registers each one) or
declares a `<name>_fi` field without being known here fails the suite
(`test_every_translated_form_is_in_the_matrix`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms as django_forms
from django.urls import reverse
from django.utils import timezone

from indicators import forms as indicator_forms
from indicators.models import Assessment, Indicator
from participation import forms as participation_forms
from participation.models import (
    Comment,
    CommentInsight,
    CommentRound,
    OpinionRound,
    OpinionStatement,
    Stakeholder,
    Synthesis,
    Theme,
)
from participation.opinion import forms as opinion_forms
from participation.opinion import services as opinion_services
from participation.text import forms as participation_text_forms
from participation.text.services import analyse_round
from phases import forms as phase_forms
from phases.models import CouncilDecision, PromiseProject, Region
from phases.roles import Role
from phases.templatetags.servicelofte import switch_language
from phases.translated import LANGS, TRANSLATED_FORMS
from promises import forms as promise_forms
from promises import services as promise_services
from promises.decision import forms as decision_forms
from promises.followup import forms as followup_forms
from promises.models import (
    Commitment,
    DecisionPackage,
    FollowUpReport,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    PromiseVersion,
    StrategyGoal,
)
from tests.factories import ProjectFactory, RegionFactory, UserFactory, member
from tests.participation.factories import make_comments
from tests.promises.factories import filled_promise, strategy_goal

INTERFACES = ("fi", "sv", "en")


class World:
    """A bilingual region with a project in phase 3 holding one filled promise."""

    def __init__(self):
        self.region = RegionFactory(slug="kielet", name="Kielialue")
        self.project = ProjectFactory(region=self.region)
        PromiseProject.objects.filter(pk=self.project.pk).update(phase=3)
        self.project.refresh_from_db()
        self.preparer = member(self.region, Role.PREPARER, username="kieli_valmistelija")
        self.secretary = member(self.region, Role.SECRETARY, username="kieli_sihteeri")
        self.goal = strategy_goal(self.region)
        self.promise = filled_promise(self.project, goal=self.goal)
        self.version = promise_services.version_freeze(
            promise=self.promise, by=None, kind="for_comments"
        )
        self.commitment = self.promise.commitments.order_by("pk").first()

    def kw(self, **extra) -> dict:
        return {"region": self.region.slug, "project": self.project.pk, **extra}

    def pkw(self, **extra) -> dict:
        return self.kw(promise=self.promise.pk, **extra)


@dataclass
class Case:
    form: type
    url: Callable  # (world) -> create or edit URL
    data: Callable  # (world, obj or None) -> the other fields of the form
    read: Callable  # (world) -> the row the form wrote
    edits_existing: bool = False  # the URL edits one row that exists before the first save
    user: str = "preparer"
    before: Callable | None = None  # (world) -> None, run before each submission
    name: str = ""  # the case's name where one form class has several (else the class's)

    @property
    def id(self) -> str:
        return self.name or self.form.__name__


def _lock(obj) -> dict:
    return {"lock_version": obj.lock_version} if obj is not None else {}


def _latest(model, **filters):
    return lambda w: model.objects.filter(**filters(w) if callable(filters) else filters).latest(
        "pk"
    )


def _to_phase(phase):
    def before(w):
        PromiseProject.objects.filter(pk=w.project.pk).update(phase=phase)

    return before


def _synthesis(w):
    return Synthesis.objects.filter(project=w.project, perspective="access").first()


def _round(w):
    """An open round on the world's version with four identical comments (a group of
    near-duplicates once analysed)."""
    round = CommentRound.objects.filter(project=w.project).first()
    if round is None:
        now = timezone.now()
        round = CommentRound.objects.create(
            project=w.project,
            version=w.version,
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=10),
        )
        make_comments(round, 4, text="Rantakylän terveysasema on säilytettävä!", perspective="")
        analyse_round(round=round)
    return round


def _opinion(w):
    """An open opinion round of the world's project."""
    round = OpinionRound.objects.filter(project=w.project).first()
    if round is None:
        now = timezone.now()
        round = opinion_services.round_create(
            project=w.project,
            question={"fi": "Kysymys", "sv": "Fråga"},
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=10),
            by=None,
        )
    return round


def _comment(w):
    return Comment.objects.filter(round=_round(w)).order_by("pk").first()


def _unanswered(w):
    Comment.objects.filter(round=_round(w)).update(disposition="")


def _duplicate_group(w):
    leader = CommentInsight.objects.filter(comment=_comment(w)).values("duplicate_of_id")
    return f"dup:{leader[0]['duplicate_of_id']}"


def _theme(w):
    return Theme.objects.filter(round=_round(w)).order_by("number").first()


def _assessment(w):
    return Assessment.objects.filter(commitment=w.commitment, year=w.project.term_start).first()


CASES = [
    Case(
        form=promise_forms.StrategyGoalForm,
        url=lambda w: reverse(
            "promises:strategy_edit", kwargs={"region": w.region.slug, "goal": w.goal.pk}
        ),
        data=lambda w, obj: {"kind": "regional", "level": 3, "code": "RS 1", "order": 0},
        read=lambda w: StrategyGoal.objects.get(pk=w.goal.pk),
        edits_existing=True,
    ),
    Case(
        form=promise_forms.PromiseCreateForm,
        url=lambda w: reverse("promises:promise_list", kwargs=w.kw()),
        data=lambda w, obj: {},
        read=lambda w: Promise.objects.filter(project=w.project).latest("pk"),
    ),
    Case(
        form=promise_forms.PromiseForm,
        url=lambda w: reverse("promises:promise_edit", kwargs=w.pkw()),
        data=lambda w, obj: _lock(obj),
        read=lambda w: Promise.objects.get(pk=w.promise.pk),
        edits_existing=True,
    ),
    Case(
        form=promise_forms.CellGoalForm,
        url=lambda w: reverse("promises:cell_edit", kwargs=w.pkw(cell=_cell(w).pk)),
        data=lambda w, obj: _lock(obj),
        read=lambda w: PerspectiveCell.objects.get(pk=_cell(w).pk),
        edits_existing=True,
    ),
    Case(
        form=promise_forms.StatementForm,
        url=lambda w: reverse("promises:statement_edit", kwargs=w.pkw(statement=_statement(w).pk)),
        data=lambda w, obj: _lock(obj),
        read=lambda w: PromiseStatement.objects.get(pk=_statement(w).pk),
        edits_existing=True,
    ),
    Case(
        form=promise_forms.CommitmentForm,
        url=lambda w: reverse("promises:commitment_edit", kwargs=w.pkw(commitment=w.commitment.pk)),
        data=lambda w, obj: {
            **_lock(obj),
            "perspectives": ["access"],
            "strategy_goals": [w.goal.pk],
            # every translated field gets a text, so the pending indicator needs its date
            "indicator_pending_by": "2027-01-31",
        },
        read=lambda w: Commitment.objects.get(pk=w.commitment.pk),
        edits_existing=True,
    ),
    Case(
        form=promise_forms.VersionForm,
        url=lambda w: reverse("promises:versions", kwargs=w.pkw()),
        data=lambda w, obj: {"kind": "working"},
        read=lambda w: PromiseVersion.objects.filter(promise=w.promise).latest("pk"),
    ),
    Case(
        form=decision_forms.DecisionPackageForm,
        url=lambda w: reverse("promises_decision:package", kwargs=w.kw()),
        data=lambda w, obj: {
            "lock_version": DecisionPackage.objects.get_or_create(project=w.project)[
                0
            ].lock_version,
            f"version_{w.promise.pk}": w.version.pk,
            "communication_channels": ["web"],
        },
        read=lambda w: DecisionPackage.objects.get(project=w.project),
        edits_existing=True,
    ),
    Case(
        form=decision_forms.DecisionRecordForm,
        url=lambda w: reverse("promises_decision:record", kwargs=w.kw()),
        # A return for preparation stores the decision without rendering PDFs; the approval
        # path is walked from the Swedish interface by the browser test.
        data=lambda w, obj: {
            "meeting_date": "2026-11-30",
            "section": "45",
            "outcome": "returned",
            "confirm": "1",  # the confirmation page's button
        },
        read=lambda w: CouncilDecision.objects.filter(project=w.project).latest("pk"),
        user="secretary",
        before=_to_phase(4),
    ),
    Case(
        form=phase_forms.RegionCreateForm,
        url=lambda w: reverse("phases:region_create"),
        data=lambda w, obj: {
            "slug": f"uusi-{Region.objects.count()}",
            "kind": "county",
            "languages": "fi_sv",
            "admin_email": "uusi.admin@example.invalid",
        },
        read=lambda w: Region.objects.latest("pk"),
        user="site_admin",
    ),
    Case(
        form=phase_forms.RegionSettingsForm,
        url=lambda w: reverse("phases:region_settings", kwargs={"region": w.region.slug}),
        data=lambda w, obj: {"contact_email": "kirjaamo@kielet.example"},
        read=lambda w: Region.objects.get(pk=w.region.pk),
        edits_existing=True,
        user="region_admin",
    ),
    Case(
        form=phase_forms.ProjectCreateForm,
        url=lambda w: reverse("phases:project_create", kwargs={"region": w.region.slug}),
        data=lambda w, obj: {"term_start": 2027, "term_end": 2029},
        read=lambda w: PromiseProject.objects.filter(region=w.region).latest("pk"),
        user="region_admin",
    ),
    Case(
        form=participation_forms.StakeholderForm,
        url=lambda w: reverse("participation:stakeholder_new", kwargs=w.kw()),
        data=lambda w, obj: {"description": "Kuvaus"},
        read=lambda w: Stakeholder.objects.filter(project=w.project).latest("pk"),
    ),
    Case(
        form=participation_forms.SynthesisForm,
        url=lambda w: reverse("participation:synthesis_edit", kwargs=w.kw(perspective="access")),
        data=lambda w, obj: {"lock_version": obj.lock_version if obj else 1},
        read=_synthesis,
        edits_existing=True,
    ),
    Case(  # the common synthesis: the same form, its own row covering every perspective
        form=participation_forms.SynthesisForm,
        url=lambda w: reverse(
            "participation:synthesis_edit", kwargs=w.kw(perspective=Synthesis.COMMON)
        ),
        data=lambda w, obj: {"lock_version": obj.lock_version if obj else 1},
        read=lambda w: Synthesis.objects.filter(
            project=w.project, perspective=Synthesis.COMMON
        ).first(),
        edits_existing=True,
        name="CommonSynthesisForm",
    ),
    Case(
        form=participation_forms.RoundForm,
        url=lambda w: reverse("participation:round_new", kwargs=w.kw()),
        data=lambda w, obj: {
            "version": w.version.pk,
            "starts_at": "2026-12-01T09:00",
            "ends_at": "2026-12-31T16:00",
        },
        read=lambda w: CommentRound.objects.filter(project=w.project).latest("pk"),
        before=lambda w: CommentRound.objects.filter(project=w.project).delete(),
    ),
    Case(
        form=opinion_forms.OpinionRoundForm,
        url=lambda w: reverse("participation:opinion_new", kwargs=w.kw()),
        data=lambda w, obj: {"starts_at": "2026-12-01T09:00", "ends_at": "2026-12-31T16:00"},
        read=lambda w: OpinionRound.objects.filter(project=w.project).latest("pk"),
    ),
    Case(
        form=opinion_forms.SeedStatementForm,
        url=lambda w: reverse(
            "participation:opinion_statement_new", kwargs=w.kw(opinion=_opinion(w).pk)
        ),
        data=lambda w, obj: {"perspectives": ["access", "quality"]},
        read=lambda w: OpinionStatement.objects.filter(round__project=w.project).latest("pk"),
    ),
    Case(
        form=participation_forms.DispositionForm,
        url=lambda w: reverse("participation:analysis", kwargs=w.kw(round=_round(w).pk)),
        data=lambda w, obj: {"selected": [_comment(w).pk], "disposition": "accepted"},
        read=_comment,
        edits_existing=True,
    ),
    Case(
        form=participation_text_forms.GroupAnswerForm,
        url=lambda w: reverse("participation:themes", kwargs=w.kw(round=_round(w).pk)),
        data=lambda w, obj: {"group": _duplicate_group(w), "disposition": "noted"},
        read=_comment,
        before=_unanswered,  # a group's answer goes to its responses still without one
    ),
    Case(
        form=participation_text_forms.ThemeNameForm,
        url=lambda w: reverse("participation:themes", kwargs=w.kw(round=_round(w).pk)),
        data=lambda w, obj: {"name_theme": "1", "theme": _theme(w).pk, "accept": "on"},
        read=_theme,
        edits_existing=True,
    ),
    Case(
        form=indicator_forms.IndicatorForm,
        url=lambda w: reverse("indicators:edit", kwargs=w.kw(indicator=_indicator(w).pk)),
        data=lambda w, obj: {
            "lock_version": obj.lock_version,
            "perspective": "access",
            "kind": "outcome",
            "direction": "higher",
            "order": 0,
        },
        read=lambda w: Indicator.objects.get(pk=_indicator(w).pk),
        edits_existing=True,
    ),
    Case(
        form=indicator_forms.AssessmentForm,
        url=lambda w: reverse(
            "indicators:assessment_edit",
            kwargs=w.kw(year=w.project.term_start, commitment=w.commitment.pk),
        ),
        data=lambda w, obj: {"lock_version": obj.lock_version if obj else 0},
        read=_assessment,
        edits_existing=True,
    ),
    Case(
        form=followup_forms.FollowUpReportForm,
        url=lambda w: reverse("promises:follow_up", kwargs=w.kw(report=_follow_up(w).pk)),
        data=lambda w, obj: {
            "lock_version": obj.lock_version,
            "approving_body": "council",
            "due_on": "2027-03-31",
        },
        read=lambda w: FollowUpReport.objects.get(pk=_follow_up(w).pk),
        edits_existing=True,
    ),
]


def _follow_up(w):
    """A follow-up report in preparation, on a decision recorded for the world's project
    (its texts are written by the form; the page's preview needs no approval)."""
    report = FollowUpReport.objects.filter(decision__project=w.project).first()
    if report is None:
        decision = CouncilDecision.objects.create(
            project=w.project,
            body="aluevaltuusto",
            meeting_date=datetime.date(2025, 3, 18),
            section="12",
            outcome="approved",
        )
        report = FollowUpReport.objects.create(decision=decision, year=2025)
    return report


def _cell(w):
    return w.promise.cells.order_by("pk").first()


def _statement(w):
    return PromiseStatement.objects.filter(cell__promise=w.promise).order_by("pk").first()


def _indicator(w):
    indicator = Indicator.objects.filter(project=w.project).first()
    if indicator is None:
        indicator = Indicator.objects.create(
            project=w.project, name_fi="Mittari", name_sv="Mätare", perspective="access"
        )
    return indicator


def _read_or_none(case, w):
    try:
        return case.read(w)
    except Exception:
        return None


def translated_names(form_class) -> list[str]:
    return [spec.name for spec in form_class.translated]


def texts_for(form_class, iface: str, round_: str) -> dict[str, str]:
    return {
        f"{name}_{lang}": f"{lang}-{name}-{iface}-{round_}"
        for name in translated_names(form_class)
        for lang in LANGS
    }


def _users(w):
    return {
        "preparer": w.preparer,
        "secretary": w.secretary,
        "region_admin": member(w.region, Role.REGION_ADMIN, username="kieli_admin"),
        "site_admin": UserFactory(username="kieli_site_admin", is_superuser=True),
    }


def _post(client, case, w, iface, data):
    url = switch_language(case.url(w), iface)
    response = client.post(url, data)
    assert response.status_code in (302, 303), (
        f"{case.id} from /{iface}/ answered {response.status_code}: "
        + response.content.decode()[:3000]
    )


def _assert_columns(row, expected: dict[str, str], where: str):
    row.refresh_from_db()
    wrong = {
        key: (getattr(row, key), value)
        for key, value in expected.items()
        if (getattr(row, key) or "") != value
    }
    assert not wrong, f"{where}: (saved, typed) differ for {wrong}"


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world built once for the module (tests/module_scope.py): each test's writes
    are rolled back, so every test starts from it as built."""
    from phases.scoping import scopes_disabled
    from tests.module_scope import module_transaction

    with module_transaction(django_db_blocker, tmp_path_factory.mktemp("media")):
        with scopes_disabled():
            world = World()
        yield world


@pytest.fixture
def world(module_world, db):
    return module_world


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_language_is_kept_from_every_interface(client, world, case):
    users = _users(world)
    client.force_login(users[case.user])
    for iface in INTERFACES:
        if case.before:
            case.before(world)
        existing = _read_or_none(case, world) if case.edits_existing else None
        typed = texts_for(case.form, iface, "a")
        _post(client, case, world, iface, {**case.data(world, existing), **typed})
        row = case.read(world)
        _assert_columns(row, typed, f"{case.id} saved from /{iface}/")
        if not case.edits_existing:
            continue
        # Change only the Swedish text, from the same interface: the others stay.
        changed = {
            key: (f"sv-changed-{iface}" if key.endswith("_sv") else value)
            for key, value in typed.items()
        }
        _post(client, case, world, iface, {**case.data(world, row), **changed})
        _assert_columns(case.read(world), changed, f"{case.id} edited from /{iface}/")


def _all_form_classes():
    seen, stack = set(), list(django_forms.Form.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
    return seen


def test_every_case_has_its_own_name():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_translated_form_is_in_the_matrix():
    known = {case.form for case in CASES}
    registered = {cls for cls in TRANSLATED_FORMS if cls.__module__.split(".")[0] != "tests"}
    assert registered - known == set(), "translated forms missing from the language matrix"
    # A form that declares per-language fields by hand, bypassing the mixin.
    ours = ("phases", "promises", "participation", "indicators", "servicelofte")
    by_hand = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _all_form_classes()
        if cls.__module__.split(".")[0] in ours
        and cls not in known
        and any(name.endswith(("_fi", "_sv")) for name in getattr(cls, "base_fields", {}))
    )
    assert not by_hand, f"forms with per-language fields outside the mixin: {by_hand}"


def test_the_matrix_catches_a_save_path_that_writes_the_active_language(world, client):
    """Put one save path back to `obj.x = obj.x_fi` and the matrix sees the Swedish loss."""
    from phases import translated

    original = translated.set_texts

    def broken(obj, field, values):
        written = original(obj, field, values)
        setattr(obj, field, getattr(obj, f"{field}_fi"))  # writes the active language's column
        return written

    users = _users(world)
    client.force_login(users["preparer"])
    case = next(c for c in CASES if c.form is promise_forms.PromiseForm)
    try:
        translated.set_texts = broken
        import promises.services as ps

        ps.set_texts = broken
        typed = texts_for(case.form, "sv", "x")
        _post(client, case, world, "sv", {**case.data(world, case.read(world)), **typed})
        row = case.read(world)
        with pytest.raises(AssertionError):
            _assert_columns(row, typed, "broken save path")
    finally:
        translated.set_texts = original
        ps.set_texts = original


def test_dates_follow_the_finnish_convention_in_every_language():
    from django.utils import formats, translation

    day = datetime.date(2026, 12, 1)
    for lang in INTERFACES:
        with translation.override(lang):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "1.12.2026", lang
    with translation.override("sv"):
        assert formats.date_format(day) == "1 december 2026"
    with translation.override("en"):
        assert formats.date_format(day) == "1 December 2026"
