"""Template helpers of the promise editor: `{% load promise_tags %}`."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..richtext import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """User-written Markdown as sanitised HTML (the one sanitising function)."""
    return render_markdown(text)


@register.filter
def lang(values, code):
    """The text of a {lang: text} dict in one language."""
    try:
        return values.get(code) or ""
    except AttributeError:
        return ""


@register.simple_tag(takes_context=True)
def lang_inputs(context, form, name, label, missing=(), textarea=True, rows=2):
    """The per-language inputs of one translated field of `form` (a TranslatedFieldsMixin
    form, bound or not, or the editor's unbound stand-in with `initial` and `add_prefix`),
    written inline: the region's languages side by side, the others folded away. Ids and
    names are the form's own (`id_<prefix>-<name>_<lang>`), so error links and labels
    match Django's. Everything typed is escaped; the notes are translated once a render."""
    main, extra = context.get("main_langs", ()), context.get("extra_langs", ())
    names = context.get("lang_names", {})
    notes = context.render_context.setdefault("lang_inputs_notes", {})
    bound = form.is_bound
    errors = form.errors if bound else {}
    missing = missing or ()
    label = escape(label)
    main_html, folded = [], []
    for code in (*main, *extra):
        field = f"{name}_{code}"
        html_name = form.add_prefix(field)
        value = form.data.get(html_name, "") if bound else form.initial.get(field, "")
        ident = escape(f"id_{html_name}")
        if code not in notes:
            language = names.get(code, code)
            notes[code] = (
                escape(language),
                escape(_("Missing in %(language)s") % {"language": language}),
                escape(_("%(language)s (optional)") % {"language": language}),
            )
        language, missing_note, optional = notes[code]
        described, parts = [], []
        if code in missing and code in main:
            described.append(f"{ident}-missing")
            parts.append(f'<p class="missing-translation" id="{ident}-missing">{missing_note}</p>')
        field_errors = errors.get(field, ())
        if field_errors:
            described.append(f"{ident}-error")
            message = escape(" ".join(str(e) for e in field_errors))
            parts.append(f'<p class="hds-text-input__error" id="{ident}-error">{message}</p>')
        attrs = f'id="{ident}" name="{escape(html_name)}" lang="{code}"'
        if described:
            attrs += f' aria-describedby="{" ".join(described)}"'
        if field_errors:
            attrs += ' aria-invalid="true"'
        value = escape(value or "")
        if textarea:
            control = f'<textarea {attrs} rows="{int(rows)}">\n{value}</textarea>'
        else:
            control = f'<input type="text" {attrs} value="{value}">'
        invalid = " hds-text-input--invalid" if field_errors else ""
        block = (
            f'<div class="field hds-text-input{invalid}">'
            f'<label class="hds-text-input__label" for="{ident}">{label} '
            f'<span class="lang-tag">({language})</span></label>{"".join(parts)}{control}</div>'
        )
        if code in main:
            main_html.append(block)
        else:
            folded.append(
                f'<details class="lang-extra"{" open" if value or field_errors else ""}>'
                f'<summary>{optional}<span class="visually-hidden">: {label}</span></summary>'
                f"{block}</details>"
            )
    return mark_safe(f'<div class="lang-grid">{"".join(main_html)}</div>{"".join(folded)}')
