from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .form_base import Form, ModelForm
from .models import ChecklistAnswer, ProjectTask, PromiseProject, Region
from .region_terms import in_region_words
from .registry import registry
from .roles import Role
from .translated import Translated, TranslatedFieldsMixin


def page_language() -> str:
    """The language of the page being shown, where it is one of the site's languages."""
    language = (get_language() or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectCreateForm(TranslatedFieldsMixin, Form):
    translated = (Translated("title", _("Title"), max_length=200),)
    required_languages_of = ("title",)
    term_start = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    term_end = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    previous_project = forms.ModelChoiceField(
        label=_("Previous cycle"),
        queryset=PromiseProject.objects.none(),
        required=False,
        help_text=_("The project this one continues; its approved promise can be the new draft."),
    )
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=60,
        required=False,
        help_text=_("The matter's case (diary) number in the region's case management, if known."),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, languages=region.content_languages, **kwargs)
        self.fields["previous_project"].queryset = PromiseProject.objects.filter(region=region)
        # What of the previous cycle each app can copy (the registry's copy parts, in order)
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("previous_project") + 1
        copies = [
            (part.field, forms.BooleanField(label=part.label, required=False))
            for part in registry.copy_parts()
        ]
        self.fields = dict(fields[:at] + copies + fields[at:])
        year = timezone.now().year
        self.fields["term_start"].initial = year + 1
        self.fields["term_end"].initial = year + 3

    def chosen_copies(self) -> set[str]:
        return {part.field for part in registry.copy_parts() if self.cleaned_data.get(part.field)}

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The last year cannot be before the first year."))
        return data


class TaskForm(ModelForm):
    notes = forms.CharField(
        label=capfirst(_("notes")),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    not_applicable_reason = forms.CharField(
        label=capfirst(_("reason it does not apply")),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the task is marked not applicable."),
    )
    # The version the user started from (phases.locking); not a field of the instance.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = ProjectTask
        fields = ["status", "not_applicable_reason", "assignee", "due_date", "notes"]
        widgets = {"status": forms.RadioSelect, "due_date": DateInput()}

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["status"].choices = ProjectTask.Status.choices

    def clean(self):
        data = super().clean()
        missing = ProjectTask.reason_missing(data.get("status"), data.get("not_applicable_reason"))
        if missing:
            self.add_error("not_applicable_reason", missing)
        return data


class TaskRowForm(Form):
    """One row of the phase page's task table: status (with the reason when not
    applicable), assignee and due date of one task. Each field carries the value the page
    showed (`show_hidden_initial`), so a row the user left alone is not saved and cannot
    conflict with somebody else's save of that task."""

    status = forms.ChoiceField(choices=ProjectTask.Status.choices, show_hidden_initial=True)
    not_applicable_reason = forms.CharField(
        label=_("Reason if not applicable"),
        required=False,
        max_length=4000,
        show_hidden_initial=True,
    )
    # The region's members as plain choices, read once for the whole table.
    assignee = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, show_hidden_initial=True
    )
    due_date = forms.DateField(required=False, widget=DateInput(), show_hidden_initial=True)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, task: ProjectTask, assignees: dict, **kwargs):
        initial = {
            "status": task.status,
            "not_applicable_reason": task.not_applicable_reason,
            "assignee": task.assignee_id,
            "due_date": task.due_date,
            "lock_version": task.lock_version,
        }
        super().__init__(*args, prefix=f"task-{task.pk}", initial=initial, **kwargs)
        self.task = task
        self.current = None
        name = task.definition.name
        if task.assignee_id and task.assignee_id not in assignees:  # left the region since
            assignees = {**assignees, task.assignee_id: task.assignee}
        self.assignees = assignees
        self.fields["assignee"].choices = [("", "–")] + [
            (pk, user.get_full_name() or user.username) for pk, user in assignees.items()
        ]
        # The column header says what the field is; the label says which task it is for.
        self.fields["status"].label = _("Status: %(task)s") % {"task": name}
        self.fields["assignee"].label = _("Assignee: %(task)s") % {"task": name}
        self.fields["due_date"].label = _("Due date: %(task)s") % {"task": name}

    def clean(self):
        data = super().clean()
        missing = ProjectTask.reason_missing(data.get("status"), data.get("not_applicable_reason"))
        if missing:
            self.add_error("not_applicable_reason", missing)
        return data

    def edited(self) -> list[str]:
        """The fields the user changed from what the page showed."""
        return [name for name in self.EDITED if name in self.changed_data]

    def values(self) -> dict:
        """The user's changes only: a field left alone keeps whatever is saved."""
        values = {name: self.cleaned_data[name] for name in self.edited()}
        if "assignee" in values:
            values["assignee"] = self.assignees.get(values["assignee"])
        return values

    def shown(self, name):
        """The value the page showed for `name` (sent back as its hidden initial)."""
        field = self.fields[name]
        value = field.hidden_widget().value_from_datadict(
            self.data, self.files, self.add_initial_prefix(name)
        )
        try:
            return field.to_python(value)
        except ValidationError:
            return None

    def both_changed(self, current: ProjectTask) -> list[str]:
        """The fields that the user and whoever saved `current` meanwhile both changed,
        to different values."""

        def plain(value):
            return "" if value is None else str(value).strip()

        saved = {name: getattr(current, name) for name in self.EDITED if name != "assignee"}
        saved["assignee"] = current.assignee_id
        return [
            name
            for name in self.edited()
            if plain(saved[name]) != plain(self.shown(name))
            and plain(saved[name]) != plain(self.cleaned_data[name])
        ]

    EDITED = ("status", "not_applicable_reason", "assignee", "due_date")


class TasksForm:
    """The phase page's task table as one form: a TaskRowForm per task. Only the rows the
    user changed are saved (`changes()`); a conflict is put on the form (`conflict()`)."""

    def __init__(self, data=None, *, tasks, assignees):
        self.is_bound = data is not None
        assignees = {user.pk: user for user in assignees}
        self.rows = [TaskRowForm(data, task=task, assignees=assignees) for task in tasks]
        self.by_task = {row.task.pk: row for row in self.rows}
        self.conflict_message = ""
        self.conflicts: dict[int, ProjectTask] = {}

    def is_valid(self) -> bool:
        valid = all([row.is_valid() for row in self.rows])  # every row, for every error
        for row in self.rows:
            for name in row.errors:
                if name in row.fields:  # the message under the field describes it
                    row.fields[name].widget.attrs["aria-describedby"] = f"{row[name].auto_id}_error"
        return valid

    @property
    def errors(self) -> bool:
        return bool(self.conflict_message) or any(row.errors for row in self.rows)

    def error_list(self) -> list[tuple[str, str]]:
        """(the id of the field, "label: message") of every error, for the error summary."""
        found = []
        for row in self.rows:
            for name in row.fields:
                for error in row.errors.get(name, []):
                    label = row.fields[name].label
                    if name == "not_applicable_reason":
                        label = f"{label}: {row.task.definition.name}"
                    found.append((row[name].id_for_label, f"{label}: {error}"))
            for error in row.non_field_errors():
                found.append((row["status"].id_for_label, error))
        return found

    def changes(self) -> list[tuple[int, int, dict]]:
        return [
            (row.task.pk, row.cleaned_data["lock_version"], row.values())
            for row in self.rows
            if row.edited()
        ]

    def rebased(self, currents) -> list[tuple[int, int, dict]] | None:
        """The changes again from the tasks as somebody saved them meanwhile (`currents`),
        when no field was changed by both: each row writes only the user's own changes,
        so the other person's stay. None when some field was changed by both."""
        currents = {c.pk: c for c in currents}
        if any(self.by_task[pk].both_changed(c) for pk, c in currents.items()):
            return None
        return [
            (pk, currents[pk].lock_version if pk in currents else lock_version, values)
            for pk, lock_version, values in self.changes()
        ]

    def conflict(self, message: str, currents) -> None:
        self.conflict_message = message
        self.conflicts = {c.pk: c for c in currents}
        for row in self.rows:
            row.current = self.conflicts.get(row.task.pk)  # the task as somebody saved it


class ChecklistForm(Form):
    """One answer (yes / partly / no) and a note per statement of one checklist."""

    def __init__(self, *args, rows, region_kind: str = "county", **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        language = get_language() or "fi"
        for statement, answer in rows:
            a_name, n_name = f"answer_{statement.pk}", f"note_{statement.pk}"
            self.fields[a_name] = forms.ChoiceField(
                # The national model's words in the region's own (a city's city council).
                label=in_region_words(statement.text, region_kind, language),
                choices=ChecklistAnswer.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=answer.answer if answer else "",
            )
            self.fields[n_name] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.note if answer else "",
            )
            self.rows.append((statement, a_name, n_name))

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            statement.pk: (self.cleaned_data[a], self.cleaned_data[n].strip())
            for statement, a, n in self.rows
        }

    def statement_fields(self):
        return [(statement, self[a], self[n]) for statement, a, n in self.rows]


class ResultForm(Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=100_000,
    )
    attachment = forms.FileField(
        label=_("Attachment (PDF, Word, Excel, OpenDocument)"),
        required=False,
    )
    clear_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)

    ALLOWED_EXTENSIONS = {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".txt"}

    def clean_attachment(self):
        from django.conf import settings

        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        import os

        name = os.path.basename(upload.name.replace("\\", "/"))
        ext = os.path.splitext(name)[1].lower()
        if ext not in self.ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("This file type is not accepted. Use PDF, Word, Excel or OpenDocument.")
            )
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)d MB).")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        head = upload.read(8)
        upload.seek(0)
        if ext == ".pdf" and not head.startswith(b"%PDF-"):
            raise forms.ValidationError(_("The file is not a PDF document."))
        if ext in {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"} and not head.startswith(
            b"PK\x03\x04"
        ):
            raise forms.ValidationError(_("The file's content does not match its type."))
        upload.name = name
        return upload


class AdvanceForm(Form):
    expected_phase = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=6)
    comment = forms.CharField(
        label=_("Comment for the history (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(Form):
    reason = forms.CharField(
        label=_("Why the council returned the matter"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberAddForm(Form):
    """Invite a person to the region by e-mail. The form never tells whether somebody with
    that address (or any username) already exists: the answer is the same either way."""

    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "The invitation is sent here. A person who already has an account is added with it."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.VIEWER,
        help_text=_(
            "New members can only read until you choose otherwise: give each the least "
            "role their work needs."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The person's language for the tool's e-mails; they can change it later."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The inviter's page language unless they choose another (never Finnish from /sv/).
        self.fields["language"].initial = page_language()


class MemberRoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProjectMemberForm(Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role in this project"), choices=Role.choices, initial=Role.VIEWER
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        self.user = User.objects.filter(username=username, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(_("No active user has this username."))
        return username


class PhasePlanForm(Form):
    """The planned start and end of each phase, and the planned council meeting."""

    def __init__(self, *args, plans: dict, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for phase in phases:
            plan = plans.get(phase.number)
            start, end = f"start_{phase.number}", f"end_{phase.number}"
            self.fields[start] = forms.DateField(
                label=_("Phase %(number)d: planned start") % {"number": phase.number},
                required=False,
                widget=DateInput(),
                initial=plan.starts_on if plan else None,
            )
            self.fields[end] = forms.DateField(
                label=_("Phase %(number)d: planned end") % {"number": phase.number},
                required=False,
                widget=DateInput(),
                initial=plan.ends_on if plan else None,
            )
            self.rows.append((phase, self[start], self[end]))
        plan4 = plans.get(4)
        self.fields["meeting"] = forms.DateField(
            label=_("Planned council meeting"),
            required=False,
            widget=DateInput(),
            initial=plan4.meeting_on if plan4 else None,
        )

    def clean(self):
        data = super().clean()
        for _phase, start, end in self.rows:
            a, b = data.get(start.name), data.get(end.name)
            if a and b and b < a:
                self.add_error(end.name, _("The end cannot be before the start."))
        return data

    def plans(self) -> dict[int, tuple]:
        data = self.cleaned_data
        return {
            phase.number: (data.get(start.name), data.get(end.name))
            for phase, start, end in self.rows
        }


class UserSettingsForm(Form):
    language = forms.ChoiceField(label=_("Language of my e-mail"), choices=())
    kinds = forms.MultipleChoiceField(
        label=_("Tell me by e-mail (in one message a day)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, kinds, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
        self.fields["kinds"].choices = [(k.key, k.label) for k in kinds]


class RegionCreateForm(TranslatedFieldsMixin, Form):
    """A new region, made by a site administrator, with its first region administrator."""

    translated = (
        Translated("name", _("Name"), max_length=200),
        Translated(
            "organiser_name",
            _("Organiser's name"),
            max_length=200,
            help_text=_(
                "For the accessibility statement and the privacy notice; the region's name "
                "if empty."
            ),
        ),
    )
    slug = forms.SlugField(
        label=_("Address name"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens; the region's pages live under it."),
    )
    kind = forms.ChoiceField(label=_("Kind of organiser"), choices=Region.Kind.choices)
    languages = forms.ChoiceField(
        label=_("Languages"), choices=Region.Languages.choices, initial="fi_sv"
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        help_text=_("For accessibility feedback and data protection requests."),
    )
    sotkanet_region_id = forms.IntegerField(
        label=_("THL Sotkanet region code"),
        min_value=1,
        max_value=99999,
        required=False,
        help_text=_(
            "If known: the region's number in THL Sotkanet, whose indicator values are "
            "then fetched (it can also be chosen later from Sotkanet's list)."
        ),
    )
    oidc_viewer_signup = forms.BooleanField(
        label=_("Staff signing in with the organisation's identity provider become viewers"),
        required=False,
    )
    admin_email = forms.EmailField(
        label=_("E-mail of the first region administrator"),
        help_text=_(
            "A person with no account yet gets an account and an e-mail with a link to set "
            "a password."
        ),
    )
    admin_first_name = forms.CharField(
        label=_("Administrator's first name"), max_length=150, required=False
    )
    admin_last_name = forms.CharField(
        label=_("Administrator's last name"), max_length=150, required=False
    )
    admin_language = forms.ChoiceField(
        label=_("Administrator's language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The language of the invitation and of the tool's e-mails to them."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, languages=("fi", "sv"), **kwargs)
        self.fields["admin_language"].initial = page_language()

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Region.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another region already has this address name."))
        return slug

    def clean(self):
        data = super().clean()
        self.require_one_language("name", _("Give the region's name."))
        if data.get("languages"):  # the name in each of the region's languages
            for lang in data["languages"].split("_"):
                if not self.texts("name").get(lang):
                    self.add_error(
                        f"name_{lang}", _("Give the name in each of the region's languages.")
                    )
        return data


class RegionSettingsForm(TranslatedFieldsMixin, Form):
    """What the region's administrator sets for the public statements and the sign-in."""

    translated = RegionCreateForm.translated[1:]  # the organiser's name
    contact_email = RegionCreateForm.base_fields["contact_email"]
    oidc_viewer_signup = RegionCreateForm.base_fields["oidc_viewer_signup"]


class ResultsForm:
    """The document results of one phase written on one page: a ResultForm per result
    (fields prefixed with the result's id), saved with one "Save results". Only the
    results the user changed are saved."""

    def __init__(self, data=None, files=None, *, items):
        self.rows = []
        for item in items:
            record = item.record
            form = ResultForm(
                data,
                files,
                prefix=f"result-{item.definition.pk}",
                initial={"text": record.text if record else ""},
            )
            form.item = item
            self.rows.append(form)

    def is_valid(self) -> bool:
        return all([row.is_valid() for row in self.rows])

    @property
    def errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def error_list(self) -> list[tuple[str, str]]:
        return [
            (row[name].id_for_label, f"{row.item.definition.name}: {row.fields[name].label}: {e}")
            for row in self.rows
            for name in row.fields
            for e in row.errors.get(name, [])
        ]

    def changes(self) -> list[tuple]:
        """(definition, text, attachment, clear_attachment) of every changed result."""
        found = []
        for row in self.rows:
            data = row.cleaned_data
            record = row.item.record
            if (
                data["text"] != (record.text if record else "")
                or data["attachment"]
                or (data["clear_attachment"] and record and record.attachment)
            ):
                found.append(
                    (
                        row.item.definition,
                        data["text"],
                        data["attachment"] or None,
                        data["clear_attachment"],
                    )
                )
        return found
