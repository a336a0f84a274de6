from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

# Django's own widget templates (django/forms/widgets/) that are one <input>, a <select> of
# plain options, or a <textarea>: rendered here in Python with exactly their output. A
# page of many fields (the dashboard's task table: a select, a date and hidden initials a
# row) otherwise renders three to five templates per field. A project template of the same
# name (templates/django/forms/widgets/) would take precedence: none exists, and
# tests/test_form_renderer.py compares both outputs on every widget of the app's forms.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "hidden", "date", "number", "email", "url", "password", "search")
)
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` in a template that autoescapes."""
    text = str(value)  # "%s" % value, a tuple shown whole
    return text if isinstance(value, SafeData) else escape(text)


def _shown(value) -> str:
    """`{{ value }}`: localized, then escaped unless safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # another option template: the template renders the select
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    text = _shown(widget["value"]) if widget["value"] else ""
    name = conditional_escape(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


class FormRenderer(TemplatesSetting):
    """Renders every form field with the Helsinki Design System markup (templates/forms/);
    the plain widgets in Python (above), everything else through its template."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                html = _input(widget)
            elif template_name == SELECT_TEMPLATE:
                html = _select(widget)
            elif template_name == TEXTAREA_TEMPLATE:
                html = _textarea(widget)
        if html is None:
            return super().render(template_name, context, request)
        return mark_safe(html)
