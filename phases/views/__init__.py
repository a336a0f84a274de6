"""Views of the phases app, one module a part. Thin: parse input, check permission, call one
service, render.

Tenancy by 404: a user who may not see a region or project gets 404, never a hint;
a user who may see it but not change it gets 403.
"""
