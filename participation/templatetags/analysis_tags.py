"""`{% load analysis_tags %}`: the analysis page's rows, written inline.

The page lists 50 responses, each with its text, source, target, theme, near-duplicates,
perspective (and the suggestion staff may accept) and disposition. Rendered through the
template language, one row cost about as much as the rest of the page together (a dozen
`{% translate %}`, an include and a date filter per row); here the labels and the
translations are looked up once a render and each row is one f-string. Everything typed
by a user is escaped; the markup is the one `analysis.html` had.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr, truncatewords, truncatewords_html
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from phases.perspectives import Perspective
from phases.translated import marked, pick_field

from ..models import Comment, Disposition

register = template.Library()


def _labels(choices) -> dict[str, str]:
    return {value: escape(str(label)) for value, label in choices}


def reason_html(comment) -> str:
    """The reason in the page's language, else the first that has it, marked."""
    language = get_language() or "fi"
    reason = pick_field(comment, "reason", language)
    short = type(reason)(truncatewords(reason, 30), reason.lang, reason.fallback)
    return marked(short, language)


def _target_html(c, insight, perspectives, targets, theme_word, show_group) -> str:
    """A response's target, with its theme and near-duplicates (escaped)."""
    if c.target == Comment.Target.PERSPECTIVE and c.perspective:
        target = perspectives.get(c.perspective, escape(c.perspective))
    elif c.target == Comment.Target.COMMITMENT:
        target = escape(c.commitment_title) or targets[Comment.Target.COMMITMENT]
    else:
        target = targets.get(c.target, escape(c.target))
    if insight:
        if insight.theme_id:
            theme = insight.theme
            target += (
                f'<br><span class="meta">{theme_word} <a href="?theme={insight.theme_id}">'
                f"{theme.number}. {marked(theme.name(), get_language() or 'fi')}</a></span>"
            )
        if insight.duplicate_of_id:
            if insight.duplicate_of_id == c.pk:
                count = insight.duplicates
                label = ngettext(
                    "%(counter)s near-duplicate", "%(counter)s near-duplicates", count
                ) % {"counter": count}
            else:
                label = _("Near-duplicate of #%(number)s") % {"number": insight.duplicate_of_id}
            target += (
                f'<br><span class="status status--in_progress">{escape(label)}</span> '
                f'<a href="?duplicates={insight.duplicate_of_id}" class="meta">{show_group}</a>'
            )
    return target


@register.simple_tag(takes_context=True)
def analysis_rows(context, page, selected=(), can_edit=False):
    """The <tr> of each response of `page` (a page or a list of comments)."""
    perspectives = _labels(Perspective.choices)
    sources = _labels(Comment.Source.choices)
    dispositions = _labels(Disposition.choices)
    targets = _labels(Comment.Target.choices)
    datetime_format = get_format("SHORT_DATETIME_FORMAT")
    theme_word, suggested = escape(_("Theme")), escape(_("Suggested"))
    hidden = f' · <span class="status status--missing">{escape(_("Hidden"))}</span>'
    pending = (
        f' · <span class="status status--in_progress">{escape(_("Waiting for moderation"))}</span>'
    )
    show_group = escape(_("Show the group"))
    no_disposition = (
        f'<span class="status status--missing">{escape(_("No disposition yet"))}</span>'
    )
    no_perspective = f'<span class="meta">{escape(_("No perspective"))}</span>'
    options_tail = "".join(
        f'<option value="{escape(key)}">{label}</option>' for key, label in perspectives.items()
    )
    whole_option = f'<option value="">{escape(_("The whole promise"))}</option>'
    save_perspective = escape(_("Save the perspective"))
    rows = []
    for c in page:
        pk = str(c.pk)
        insight = getattr(c, "insight", None)
        # Selection
        if can_edit:
            checked = " checked" if c.pk in selected else ""
            select = escape(_("Select response %(number)s") % {"number": pk})
            first = (
                f'<input type="checkbox" name="selected" value="{pk}" id="sel-{pk}"{checked}>'
                f'<label for="sel-{pk}" class="visually-hidden">{select}</label>'
            )
        else:
            first = ""
        # Text and meta
        text = truncatewords_html(linebreaksbr(c.text, autoescape=True), 80)
        created = escape(date_format(timezone.localtime(c.created_at), datetime_format))
        meta = f"#{pk} · {created}"
        if c.name:
            meta += f" · {escape(c.name)}"
        if c.status == Comment.Status.HIDDEN:
            meta += hidden
        elif c.status == Comment.Status.PENDING:
            meta += pending
        # Source
        source = sources.get(c.source, escape(c.source))
        if c.body_id:
            source += f'<br><span class="meta">{escape(c.body.name)}</span>'
        target = _target_html(c, insight, perspectives, targets, theme_word, show_group)
        # Perspective and the suggestion
        if c.perspective:
            cell = f"<span>{perspectives.get(c.perspective, escape(c.perspective))}</span>"
        else:
            cell = no_perspective
        proposal = insight.suggested_perspective if insight else ""
        if proposal and proposal != c.perspective:
            percent = str(round(float(insight.confidence) * 100))
            cell += (
                f'\n<p class="suggestion meta">{suggested}: '
                f"<strong>{perspectives.get(proposal, escape(proposal))}</strong> ({percent} %)</p>"
            )
            if can_edit:
                label = escape(_("Perspective of response %(number)s") % {"number": pk})
                options = options_tail.replace(
                    f'<option value="{escape(proposal)}">',
                    f'<option value="{escape(proposal)}" selected>',
                )
                cell += (
                    f'\n<div class="suggestion__choose">'
                    f'<label for="p-{pk}" class="visually-hidden">{label}</label>'
                    f'<select name="perspective" id="p-{pk}" form="persp-{pk}">'
                    f"{whole_option}{options}</select>"
                    f'<button type="submit" form="persp-{pk}" class="hds-button hds-button--small'
                    f' hds-button--secondary"><span class="hds-button__label">{save_perspective}'
                    f"</span></button></div>"
                )
        # Disposition
        if c.disposition:
            disposition = (
                f'<span class="status status--done">'
                f"{dispositions.get(c.disposition, escape(c.disposition))}</span>"
                f'<br><span class="meta">{reason_html(c)}</span>'
            )
        else:
            disposition = no_disposition
        rows.append(
            f"<tr>\n    <td>{first}</td>\n"
            f'    <td><p lang="{escape(c.language)}">{text}</p>\n'
            f'      <p class="meta">{meta}</p></td>\n'
            f"    <td>{source}</td>\n"
            f"    <td>{target}</td>\n"
            f"    <td>{cell}\n</td>\n"
            f"    <td>{disposition}</td>\n  </tr>"
        )
    return mark_safe("\n  ".join(rows))  # noqa: S308  (every value escaped above)


@register.simple_tag(takes_context=True)
def analysis_perspective_forms(context, ids):
    """The per-row forms the perspective selects post to (outside the list's own form), one
    per response id of the page."""
    from phases.url_patterns import object_url

    url = object_url(
        "participation:comment_perspective",
        "comment",
        region=context["region"].slug,
        project=context["project"].pk,
        round=context["round"].pk,
    )
    token = escape(str(context.get("csrf_token", "")))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    request = context.get("request")
    next_url = escape(request.get_full_path()) if request is not None else ""
    return mark_safe(  # noqa: S308  (escaped above)
        "".join(
            f'<form id="persp-{pk}" method="post" action="{escape(url(pk))}">{csrf}'
            f'<input type="hidden" name="next" value="{next_url}"></form>'
            for pk in ids
        )
    )
