"""Template helpers of the promise editor: `{% load promise_tags %}`."""

from django import template
from django.utils.html import format_html
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
    form, bound or not), written inline: the region's languages side by side, the others
    folded away. Ids and names are the form's own (`id_<prefix>-<name>_<lang>`), so error
    links and labels match Django's."""
    main, extra = context.get("main_langs", ()), context.get("extra_langs", ())
    names = context.get("lang_names", {})
    errors = form.errors if form.is_bound else {}
    missing = missing or ()
    out = ['<div class="lang-grid">']
    folded = []
    for code in (*main, *extra):
        field = f"{name}_{code}"
        html_name = form.add_prefix(field)
        value = form.data.get(html_name, "") if form.is_bound else form.initial.get(field, "")
        ident = f"id_{html_name}"
        language = names.get(code, code)
        described, notes = [], []
        if code in missing and code in main:
            described.append(f"{ident}-missing")
            notes.append(
                format_html(
                    '<p class="missing-translation" id="{}-missing">{}</p>',
                    ident,
                    _("Missing in %(language)s") % {"language": language},
                )
            )
        field_errors = errors.get(field, ())
        if field_errors:
            described.append(f"{ident}-error")
            notes.append(
                format_html(
                    '<p class="hds-text-input__error" id="{}-error">{}</p>',
                    ident,
                    " ".join(str(e) for e in field_errors),
                )
            )
        attrs = format_html(
            'id="{}" name="{}" lang="{}"{}{}',
            ident,
            html_name,
            code,
            format_html(' aria-describedby="{}"', " ".join(described)) if described else "",
            mark_safe(' aria-invalid="true"') if field_errors else "",
        )
        if textarea:
            control = format_html('<textarea {} rows="{}">\n{}</textarea>', attrs, rows, value)
        else:
            control = format_html('<input type="text" {} value="{}">', attrs, value)
        block = format_html(
            '<div class="field hds-text-input{}"><label class="hds-text-input__label" for="{}">'
            '{} <span class="lang-tag">({})</span></label>{}{}</div>',
            " hds-text-input--invalid" if field_errors else "",
            ident,
            label,
            language,
            mark_safe("".join(notes)),
            control,
        )
        if code in main:
            out.append(block)
        else:
            folded.append(
                format_html(
                    '<details class="lang-extra"{}><summary>{}'
                    '<span class="visually-hidden">: {}</span></summary>{}</details>',
                    mark_safe(" open") if value or field_errors else "",
                    _("%(language)s (optional)") % {"language": language},
                    label,
                    block,
                )
            )
    out.append("</div>")
    return mark_safe("".join(out) + "".join(folded))
