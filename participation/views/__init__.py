"""Views of the participation app, one module a part of the process. Thin: parse input,
check permission, call one service.

Staff views inherit phases' ProjectMixin (404 for strangers, 403 without the right).
Public views (the round page, the statement link, the feedback endpoint) need no login and
show only published content.
"""
