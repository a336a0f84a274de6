from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import ChecklistAnswer, ProjectTask, PromiseProject
from .roles import Role

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectCreateForm(forms.Form):
    title_fi = forms.CharField(label=_("Title in Finnish"), max_length=200)
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    term_start = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    term_end = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    previous_project = forms.ModelChoiceField(
        label=_("Previous cycle"),
        queryset=PromiseProject.objects.none(),
        required=False,
        help_text=_("The project this one continues; its approved promise can be the new draft."),
    )
    copy_previous = forms.BooleanField(
        label=_("Start from a copy of the previous cycle's approved promise"),
        required=False,
    )

    def __init__(self, *args, region, bilingual=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous_project"].queryset = PromiseProject.objects.filter(region=region)
        if bilingual:
            self.fields["title_sv"].required = True
        year = timezone.now().year
        self.fields["term_start"].initial = year + 1
        self.fields["term_end"].initial = year + 3

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The last year cannot be before the first year."))
        return data


class TaskForm(forms.ModelForm):
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

    class Meta:
        model = ProjectTask
        fields = ["status", "not_applicable_reason", "assignee", "due_date", "notes"]
        widgets = {"status": forms.RadioSelect, "due_date": DateInput()}

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["status"].choices = ProjectTask.Status.choices

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == ProjectTask.Status.NOT_APPLICABLE
            and not (data.get("not_applicable_reason") or "").strip()
        ):
            self.add_error(
                "not_applicable_reason",
                _("Write why the task does not apply before marking it not applicable."),
            )
        return data


class ChecklistForm(forms.Form):
    """One answer (yes / partly / no) and a note per statement of one checklist."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for statement, answer in rows:
            a_name, n_name = f"answer_{statement.pk}", f"note_{statement.pk}"
            self.fields[a_name] = forms.ChoiceField(
                label=statement.text,
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


class ResultForm(forms.Form):
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


class AdvanceForm(forms.Form):
    expected_phase = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=6)
    comment = forms.CharField(
        label=_("Comment for the history (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the council returned the matter"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberAddForm(forms.Form):
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
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProjectMemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role in this project"), choices=Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        self.user = User.objects.filter(username=username, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(_("No active user has this username."))
        return username
