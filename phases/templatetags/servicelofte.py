"""Template helpers shared by every app's templates: `{% load servicelofte %}`."""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from phases.region_terms import in_region_words
from phases.translated import SafeLocalText, marked, pick_field

register = template.Library()


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def switch_language(full_path: str, code: str) -> str:
    """`full_path` (with its query string) in language `code`: the /fi/, /sv/ or /en/ prefix
    swapped. Pages outside the language prefixes go to the front page in that language.
    Resolved from the path itself, so it works inside `{% language %}` blocks too."""
    for current in LANGUAGE_CODES:
        prefix = f"/{current}/"
        if full_path.startswith(prefix) or full_path == prefix[:-1]:
            return f"/{code}/" + full_path[len(prefix) :]
    return f"/{code}/"


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """The current page in another language (the URL's language prefix swapped)."""
    request = context.get("request")
    if request is None:
        return f"/{code}/"
    return switch_language(request.get_full_path(), code)


@register.simple_tag
def languages():
    return settings.LANGUAGES


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter(name="marked")
def marked_filter(text, block=False):
    """`{{ text|marked }}`: content shown in another language than the page's gets its
    `lang` attribute and a short note in that language (see phases.translated.marked)."""
    return marked(text, get_language() or "fi", block=bool(block))


@register.simple_tag
def text_in(obj, field, block=False, linebreaks=False, fallbacks=None):
    """`{% text_in obj "name" %}`: a translated model field in the page language, or the
    first language that has it, marked. `linebreaks=True` renders paragraphs (a block);
    `fallbacks`: the region's content languages (default fi, sv)."""
    language = get_language() or "fi"
    text = pick_field(obj, field, language, fallbacks)
    if linebreaks:
        html = linebreaks_filter(text, autoescape=True)
        if not text.fallback or not str(text):
            return html
        return marked(SafeLocalText(html, text.lang, text.fallback), language, block=True)
    return marked(text, language, block=bool(block))


@register.inclusion_tag("phases/_who_may.html")
def who_may(url_name: str, action: str = ""):
    """A note on a page that hides an action: which role may do it, read from the
    declared permission (phases.permissions) of the view that does it, named by its URL
    name (its POST, else its GET).

    `{% who_may "promises_decision:record" _("record the decision") %}` →
    "Only a user with the role Council secretary can record the decision."
    """
    from phases.permissions import declared
    from phases.roles import holders

    need = declared(url_name)
    names = [str(role.label) for role in holders(need) if role.value != "region_admin"]
    if not names:
        names = [str(role.label) for role in holders(need)]
    context = {"names": ", ".join(names), "action": action}  # escaped whole by the template
    if action:
        message = _(
            "Only a user with the role %(names)s can %(action)s. Ask your region's "
            "administrator if you need it."
        )
    else:
        message = _(
            "Only a user with the role %(names)s can do this. Ask your region's "
            "administrator if you need it."
        )
    return {"roles": names, "action": action, "message": message % context}


@register.filter
def region_words(text, region):
    """`{{ phase.summary|region_words:region }}`: the national model's text in the words of
    the region's kind of organiser (city council instead of regional council, …)."""
    kind = getattr(region, "kind", "county")
    if not text or kind == "county":
        return text
    return in_region_words(str(text), kind, get_language() or "fi")


@register.simple_tag(takes_context=True)
def project_header(context):
    """The project's breadcrumbs, phase line and navigation (phases/_project_header_body.html)
    rendered once per content version of the project, the links the user's permissions
    show and the current page (`nav`): every project page draws it, and it changes only
    when the project, its region or the user's permissions do."""
    from phases.registry import kept

    project, links = context["project"], context.get("project_links") or []
    managing = "manage_project" in (context.get("project_perms") or ())
    nav = context.get("nav") or ""
    name = f"header:{nav}:{','.join(link.key for link in links)}:{int(managing)}"
    body = context.template.engine.get_template("phases/_project_header_body.html")
    return kept(project, name, lambda: body.render(context))


@register.tag("kept")
def kept_block(parser, token):
    """`{% kept "name" value ... %}…{% endkept %}`: the block's HTML kept with the project's
    content and the clock (`Registry.cached(..., clock=True)`: the content version, the
    language, today's date and the project's clock instants) inside the page's
    `registry.memo(project)` block, one per name and values. The values name whatever
    else the block reads (the phase shown, the user's permissions); the block must read
    nothing of the request (no CSRF token, no messages, no form the user sent). Outside a
    `memo(project)` block it is rendered every time."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class KeptNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist, self.values = nodelist, values

    def render(self, context):
        from phases.registry import registry

        project = getattr(context.get("project"), "pk", None)
        key = ("html", project, *(str(value.resolve(context)) for value in self.values))
        return registry.cached(key, lambda: self.nodelist.render(context), clock=True)


# A message's level (its tags) -> the notification's modifier and its label for readers
# of the screen reader (`templates/includes/messages.html`); any other level is information.
MESSAGE_KINDS = {
    "error": ("error", gettext_lazy("Error")),
    "warning": ("alert", gettext_lazy("Notice")),
    "success": ("success", gettext_lazy("Done")),
}
OTHER_MESSAGE_KIND = ("info", gettext_lazy("Information"))


@register.filter
def message_kind(tags: str) -> tuple[str, str]:
    """(modifier of `hds-notification--…`, translated label) of a message's level."""
    modifier, label = MESSAGE_KINDS.get(tags, OTHER_MESSAGE_KIND)
    return modifier, str(label)
