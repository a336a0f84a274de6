"""One declared permission per staff view and method, checked once before the handler.

A staff view says who may do what in one class attribute:

    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

- HEAD follows GET; a method not declared answers 405 (Method Not Allowed).
- A value is a permission codename of `phases.roles`, or a tuple of codenames of which
  any one suffices (the return 4 → 3: `roles.RETURN_PERMISSIONS`).
- Where one form posts several actions needing different permissions, a key
  "POST:<action>" names the permission of the posted field `action=<action>`; other
  posts need "POST".

The base mixins (phases.views.mixins.RegionMixin, ProjectMixin) call `refusal()` once in
`dispatch`: a user who may not view the object gets 404 (tenancy: nothing is revealed),
one who may view it but lacks the method's permission gets 403. The permission matrix
(tests/security/test_permission_matrix.py) reads the same declarations, and so does the
`who_may` template tag.
"""

from __future__ import annotations

from functools import cache

from django.core.exceptions import PermissionDenied
from django.http import Http404

Need = str | tuple[str, ...]


def needed(declaration: dict[str, Need], method: str, action: str = "") -> Need | None:
    """The permission `declaration` asks of `method` (and a posted `action`); None if the
    method is not declared."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    if action and f"{method}:{action}" in declaration:
        return declaration[f"{method}:{action}"]
    return declaration.get(method)


def holds(perms, need: Need) -> bool:
    """Whether the codenames `perms` satisfy `need` (one codename, or any of a tuple)."""
    return need in perms if isinstance(need, str) else any(p in perms for p in need)


class DeclaredPermission:
    """The checking half of the base mixins. `view_permission` is the one whose lack is
    404; `permission` is the declaration (the mixins set a read-only default)."""

    view_permission: str
    permission: dict[str, Need]

    def refusal(self, request, perms):
        """Raise 404 or 403, or return a 405 response, or None when the user may go on."""
        if self.view_permission not in perms:
            raise Http404
        action = ""
        if request.method == "POST" and any(":" in key for key in self.permission):
            action = request.POST.get("action", "")
        need = needed(self.permission, request.method, action)
        if need is None:
            return self.http_method_not_allowed(request)
        if not holds(perms, need):
            raise PermissionDenied
        return None

    def _allowed_methods(self):  # the Allow header of a 405: the declared methods
        return [m.upper() for m in self.http_method_names if needed(self.permission, m)]


@cache
def view_declarations() -> dict[str, dict[str, Need]]:
    """Every URL name (namespaced) whose view declares permissions → its declaration."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, dict[str, Need]] = {}

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                walk(p.url_patterns, f"{namespace}:{ns}" if namespace and ns else ns or namespace)
            elif isinstance(p, URLPattern) and p.name:
                view = getattr(p.callback, "view_class", None)
                if view is not None and issubclass(view, DeclaredPermission):
                    found[f"{namespace}:{p.name}" if namespace else p.name] = view.permission

    walk(get_resolver().url_patterns, None)
    return found


def allows(url_name: str, perms, method: str = "POST") -> bool:
    """Whether the codenames `perms` let a user do `method` on the view `url_name`: what a
    page that links to (or hides) that view's action asks."""
    return holds(perms, declared(url_name, method))


def declared(url_name: str, method: str = "POST") -> Need:
    """The permission the view named `url_name` asks of `method` (POST falls back to GET
    for a page that only shows)."""
    declaration = view_declarations()[url_name]
    need = needed(declaration, method) or needed(declaration, "GET")
    assert need is not None, url_name
    return need
