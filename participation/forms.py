"""One form class per purpose. Texts written per language have a field per language."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from phases.form_base import Form
from phases.guards.posted import IdField
from phases.perspectives import Perspective
from phases.translated import LANGS, Translated, TranslatedFieldsMixin
from promises.snapshot import localized

from .dates import SEASONS, period_start, season_of
from .models import Activity, Comment, Disposition, Method
from .uploads import validate_pdf


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def perspective_choices(blank_label=None):
    choices = list(Perspective.choices)
    return [("", blank_label), *choices] if blank_label else choices


class HoneypotMixin(Form):
    """A field people never see; bots fill it. Its label tells screen-reader users to skip it."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class StakeholderForm(TranslatedFieldsMixin, Form):
    translated = (Translated("name", _("Name"), max_length=200),)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=4000
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, languages=region.content_languages, **kwargs)
        self.region = region

    def clean(self):
        data = super().clean()
        self.require_one_language("name", _("Give the stakeholder a name."))
        return data

    def names(self) -> dict[str, str]:
        return self.texts("name")


class PlanItemForm(Form):
    stakeholder = forms.ModelChoiceField(label=_("Stakeholder"), queryset=None)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    timing = forms.CharField(
        label=_("When"), max_length=100, help_text=_("E.g. March 2027 or before the first draft")
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, stakeholders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = stakeholders


class ActivityForm(Form):
    """An activity as the source records know it: an exact date, or only a month, a season
    or a year, or no date at all; the number of participants, or empty when nobody
    counted."""

    title = forms.CharField(label=_("Title"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    date_precision = forms.ChoiceField(
        label=_("Date known to"),
        choices=Activity.Precision.choices,
        initial=Activity.Precision.DAY,
        widget=forms.RadioSelect,
        required=False,
    )
    date = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", "–"), *MONTHS.items()],
        coerce=int,
        required=False,
        empty_value=None,
    )
    season = forms.ChoiceField(
        label=_("Season"),
        choices=[("", "–"), *SEASONS.items()],
        required=False,
    )
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Stakeholders reached"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.IntegerField(
        label=_("Number of participants"),
        min_value=0,
        required=False,
        help_text=_("Leave empty if nobody counted them."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, stakeholders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = stakeholders

    @staticmethod
    def initial_when(activity: Activity) -> dict:
        if activity.date is None:
            return {"date_precision": Activity.Precision.UNKNOWN}
        return {
            "date_precision": activity.date_precision,
            "date": activity.date,
            "year": activity.date.year,
            "month": activity.date.month,
            "season": season_of(activity.date.month),
        }

    def clean(self):
        data = super().clean()
        precision = data.get("date_precision") or Activity.Precision.DAY
        data["date_precision"] = precision
        year, month, season = (
            data.pop("year", None),
            data.pop("month", None),
            data.pop("season", ""),
        )
        if precision == Activity.Precision.UNKNOWN:
            data["date"] = None  # nothing to invent: the records give no date
            return data
        if precision == Activity.Precision.DAY:
            if data.get("date") is None and "date" not in self.errors:
                self.add_error("date", _("Give the date, or say it is known only roughly."))
            return data
        if year is None:
            self.add_error("year", _("Give at least the year."))
            return data
        if precision == Activity.Precision.MONTH and not month:
            self.add_error("month", _("Choose the month."))
            return data
        if precision == Activity.Precision.SEASON and not season:
            self.add_error("season", _("Choose the season."))
            return data
        data["date"] = period_start(year, precision, month=month or 1, season=season)
        return data


class InputForm(Form):
    text = forms.CharField(label=_("What was raised"), widget=forms.Textarea)
    stakeholder = forms.ModelChoiceField(label=_("Stakeholder"), queryset=None, required=False)
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=None, required=False)
    perspectives = forms.MultipleChoiceField(
        label=_("Perspectives"),
        choices=Perspective.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    statements = forms.ModelMultipleChoiceField(
        label=_("Promise statements it led to"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments it led to"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, stakeholders, activities, statements, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = stakeholders
        self.fields["activity"].queryset = activities
        self.fields["statements"].queryset = statements
        self.fields["commitments"].queryset = commitments


class SynthesisForm(TranslatedFieldsMixin, Form):
    translated = (Translated("text", _("Synthesis"), textarea=True, max_length=20000, rows=8),)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class SettingsForm(Form):
    erase_emails_after_days = forms.IntegerField(
        label=_("Erase commenters' e-mail addresses after (days)"),
        min_value=0,
        max_value=3650,
        help_text=_("Counted from the day the round's analysis was marked done."),
    )


# -- rounds ---------------------------------------------------------------------------


class RoundForm(TranslatedFieldsMixin, Form):
    version = forms.ModelChoiceField(label=_("Promise version to comment on"), queryset=None)
    starts_at = forms.DateTimeField(label=_("Opens"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Closes"), widget=DateTimeInput())
    premoderate = forms.BooleanField(
        label=_("Moderate comments before publishing"),
        required=False,
        help_text=_(
            "By default new comments are published at once and can be hidden afterwards. "
            "Tick this to publish only comments a moderator has approved."
        ),
    )
    translated = (Translated("intro", _("Introduction"), textarea=True),)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The round must close after it opens."))
        return data


class CommentForm(HoneypotMixin, Form):
    target = forms.ChoiceField(
        label=_("What do you comment on?"),
        choices=Comment.Target.choices,
        initial=Comment.Target.WHOLE,
        widget=forms.RadioSelect,
    )
    perspective = forms.ChoiceField(
        label=_("Perspective"),
        required=False,
        help_text=_("If you comment on one perspective."),
    )
    commitment = forms.TypedChoiceField(
        label=_("Commitment"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("If you comment on one commitment."),
    )
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea, max_length=5000)
    name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    show_name = forms.BooleanField(label=_("Show my name with the comment"), required=False)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Only for answering you. It is never published."),
    )
    answer_by_email = forms.BooleanField(
        label=_("Send me the answer to my comment by e-mail"),
        required=False,
        help_text=_(
            "When the comments have been analysed you get the disposition and its reason. "
            "Your address is erased afterwards."
        ),
    )

    def __init__(self, *args, version, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].choices = perspective_choices(_("Choose a perspective"))
        commitments = version.snapshot.get("commitments", [])
        self.fields["commitment"].choices = [("", _("Choose a commitment"))] + [
            (c["id"], localized(c["title"], language)) for c in commitments
        ]
        if not commitments:
            self.fields["target"].choices = [
                c for c in Comment.Target.choices if c[0] != Comment.Target.COMMITMENT
            ]
        self.order_fields(["target", "perspective", "commitment", "text", "name", "show_name"])

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if target == Comment.Target.PERSPECTIVE and not data.get("perspective"):
            self.add_error("perspective", _("Choose the perspective you comment on."))
        if target == Comment.Target.COMMITMENT and not data.get("commitment"):
            self.add_error("commitment", _("Choose the commitment you comment on."))
        if data.get("show_name") and not (data.get("name") or "").strip():
            self.add_error("name", _("Write your name if you want it shown."))
        if data.get("answer_by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Write your e-mail address to get the answer."))
        return data


class ModerateForm(Form):
    action = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("hide", _("Hide"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason for hiding"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write the reason for hiding the comment."))
        return data


class StatementRequestForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    message = forms.CharField(label=_("Covering letter"), widget=forms.Textarea, required=False)
    deadline = forms.DateTimeField(label=_("Deadline"), widget=DateTimeInput())
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea,
        help_text=_("One question per line."),
    )
    bodies = forms.CharField(
        label=_("Bodies asked"),
        widget=forms.Textarea,
        help_text=_(
            "One body per line: name; e-mail; contact person (optional); language fi, sv or "
            "en (optional: without it the request goes in all of the region's languages)."
        ),
    )

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if value <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return value

    def clean_questions(self):
        lines = [x.strip() for x in self.cleaned_data["questions"].splitlines() if x.strip()]
        if not lines:
            raise forms.ValidationError(_("Ask at least one question."))
        return lines

    def clean_bodies(self):
        result = []
        email_field = forms.EmailField()
        for number, line in enumerate(self.cleaned_data["bodies"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0]:
                raise forms.ValidationError(
                    _("Line %(number)d: write the name and the e-mail, separated by a semicolon.")
                    % {"number": number}
                )
            try:
                email = email_field.clean(parts[1])
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Line %(number)d: the e-mail address is not valid.") % {"number": number}
                ) from exc
            language = parts[3].lower() if len(parts) > 3 else ""
            if language and language not in LANGS:
                raise forms.ValidationError(
                    _("Line %(number)d: the language must be fi, sv or en.") % {"number": number}
                )
            result.append(
                {
                    "name": parts[0],
                    "email": email,
                    "contact": parts[2] if len(parts) > 2 else "",
                    "language": language,
                }
            )
        if not result:
            raise forms.ValidationError(_("Name at least one body to ask."))
        return result


ANSWER_MAX_LENGTH = 20_000  # about ten pages per question; a longer statement is a PDF


class StatementForm(Form):
    """The body's answers (one field per question) and an optional PDF."""

    attachment = forms.FileField(
        label=_("Statement as a PDF file (optional)"),
        required=False,
        help_text=_("PDF only."),
    )

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        fields = {}
        for number, question in enumerate(questions, start=1):
            fields[f"q{question.pk}"] = forms.CharField(
                label=_("Question %(number)d: %(text)s")
                % {"number": number, "text": question.text},
                widget=forms.Textarea,
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                initial=answers.get(question.pk, ""),
            )
        fields["attachment"] = self.fields.pop("attachment")
        self.fields = {**fields, **self.fields}
        self.questions = questions

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_pdf(upload)
        return upload

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}", "") for q in self.questions}


class DispositionForm(TranslatedFieldsMixin, Form):
    """One disposition and reason for the selected comments (one or many). The reason is
    written in the region's languages: at least one, the others may follow later."""

    translated = (Translated("reason", _("Reasoned response"), textarea=True, max_length=20000),)
    required_languages_of = ("reason",)
    lead_fields = ["disposition"]

    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices)
    changed_version = forms.ModelChoiceField(
        label=_("Changed in version (optional)"), queryset=None, required=False
    )
    changed_commitment = forms.ModelChoiceField(
        label=_("Changed commitment (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, versions, commitments, languages=None, **kwargs):
        super().__init__(*args, languages=languages, **kwargs)
        self.fields["changed_version"].queryset = versions
        self.fields["changed_commitment"].queryset = commitments
        # The disposition first, then its reason in each language.
        self.order_fields([*self.lead_fields, *(f"reason_{lang}" for lang in self.language_order)])

    def details(self) -> dict:
        """The keyword arguments of services.dispositions_set beyond the round and ids."""
        data = self.cleaned_data
        return {
            "disposition": data["disposition"],
            "reason": self.texts("reason"),
            "changed_version": data.get("changed_version"),
            "changed_commitment": data.get("changed_commitment"),
        }


class AnalysisFilterForm(Form):
    q = forms.CharField(label=_("Search words"), required=False)
    perspective = forms.ChoiceField(label=_("Perspective"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    disposition = forms.ChoiceField(label=_("Disposition"), required=False)
    status = forms.ChoiceField(label=_("Moderation"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].choices = perspective_choices(_("All"))
        self.fields["source"].choices = [("", _("All")), *Comment.Source.choices]
        self.fields["disposition"].choices = [
            ("", _("All")),
            ("none", _("No disposition yet")),
            *Disposition.choices,
        ]
        self.fields["status"].choices = [
            ("", _("Not hidden")),
            ("hidden", _("Hidden only")),
            ("all", _("All")),
        ]
        self.fields["sort"].choices = [
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("perspective", _("Perspective")),
            ("disposition", _("Disposition")),
            ("source", _("Source")),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class FeedbackForm(HoneypotMixin, Form):
    project = IdField(widget=forms.HiddenInput, required=False)
    perspective = forms.ChoiceField(label=_("Perspective"), required=False)
    text = forms.CharField(label=_("Your feedback"), widget=forms.Textarea, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].choices = perspective_choices(_("The promise as a whole"))


class FeedbackHandleForm(Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
    handled = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)
