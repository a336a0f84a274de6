"""URL patterns written as tables: one row per page, `(route, view, name)`, under a common
prefix, so an app's URLs read as a list of its pages. The patterns made are ordinary
`path()` patterns: the permission matrix, the hostile walk and the canary walk walk them as
any other."""

from __future__ import annotations

from django.urls import URLPattern, path


def pages(prefix: str, *rows: tuple) -> list[URLPattern]:
    """`path(prefix + route, view.as_view(), name=name)` for each `(route, view, name)` row;
    a view already made with arguments (`View.as_view(template_name=...)`) is used as it is."""
    return [
        path(prefix + route, view.as_view() if isinstance(view, type) else view, name=name)
        for route, view, name in rows
    ]
