"""Template helpers shared by every app's templates: `{% load servicelofte %}`."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """The current page in another language (the URL's language prefix swapped)."""
    request = context.get("request")
    if request is None:
        return f"/{code}/"
    url = translate_url(request.get_full_path(), code)
    current = get_language()
    if url == request.get_full_path() and code != current:
        path = request.get_full_path()
        prefix = f"/{current}/"
        if path.startswith(prefix):
            return f"/{code}/" + path[len(prefix) :]
    return url


@register.simple_tag
def languages():
    return settings.LANGUAGES


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("phases/_who_may.html")
def who_may(codename: str, action: str = ""):
    """A note on a page that hides an action: which role may do it.

    `{% who_may "record_decision" _("record the decision") %}` →
    "Only a user with the role Council secretary can record the decision."
    """
    from phases.roles import holders

    names = [str(role.label) for role in holders(codename) if role.value != "region_admin"]
    if not names:
        names = [str(role.label) for role in holders(codename)]
    return {"roles": names, "action": action}
