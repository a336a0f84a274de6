"""One row read on every request, written out once (issue 31: the base every staff page pays).

A queryset such as `Model.objects.select_related("region").get(pk=..., region__slug=...)`
is compiled anew on every call (about a millisecond of CPU). The reads that every staff
request makes (the signed-in user, the session, the project of the URL) are written out
here once, from the models' tables and columns, and give the same answer as the ORM:

- the same columns, each field's database converters applied as the ORM applies them,
  so the instance is the one `get` would build (`Model.from_db`);
- each parameter prepared by its field as a filter would prepare it
  (`get_db_prep_value`: a datetime for SQLite, say);
- the related row of a forward foreign key (`related`) cached on the instance, as
  `select_related` caches it;
- None where `get` would raise DoesNotExist.

`reader(model, filters, related=..., alias=...)` gives the one `RowReader` of its arguments
for the life of the process. Filters name a field of the model (`pk` included) or of the
related model (`region__slug`), optionally with the lookup `__gt` (the default is exact).
"""

from __future__ import annotations

from functools import cache

from django.db import connections
from django.db.models import Model

LOOKUPS = {"exact": "=", "gt": ">"}


class RowReader:
    def __init__(self, model: type[Model], filters: tuple[str, ...], related: str, alias: str):
        self.alias = alias
        connection = connections[alias]
        quote = connection.ops.quote_name
        self.models: list[type[Model]] = [model]
        joins = ""
        if related:
            link = model._meta.get_field(related)
            self.link = link
            target = link.related_model
            self.models.append(target)
            joins = (
                f" JOIN {quote(target._meta.db_table)} t1"
                f" ON t1.{quote(link.target_field.column)} = t0.{quote(link.column)}"
            )
        self.fields = [list(m._meta.concrete_fields) for m in self.models]
        columns, self.converters = [], []
        for n, fields in enumerate(self.fields):
            for f in fields:
                columns.append(f"t{n}.{quote(f.column)}")
                col = f.get_col(f"t{n}")
                found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                self.converters.append((col, found))
        conditions, self.params = [], []
        for name in filters:
            field, table, operator = self._filter(name, related)
            conditions.append(f"t{table}.{quote(field.column)} {operator} %s")
            self.params.append(field)
        self.sql = (
            f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t0{joins}"
            f" WHERE {' AND '.join(conditions)}"
        )

    def _filter(self, name: str, related: str):
        parts = name.split("__")
        lookup = parts.pop() if parts[-1] in LOOKUPS and len(parts) > 1 else "exact"
        table = 0
        if len(parts) == 2 and parts[0] == related:
            table = 1
            parts.pop(0)
        if len(parts) != 1:
            raise ValueError(f"unsupported filter {name!r}")
        meta = self.models[table]._meta
        field = meta.pk if parts[0] == "pk" else meta.get_field(parts[0])
        return field, table, LOOKUPS[lookup]

    def get(self, *values):
        """The instance the ORM's `get` would give for these filter values, or None."""
        connection = connections[self.alias]
        params = [
            field.get_db_prep_value(value, connection)
            for field, value in zip(self.params, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        converted = []
        for value, (col, converters) in zip(row, self.converters, strict=True):
            for convert in converters:
                value = convert(value, col, connection)
            converted.append(value)
        instances, start = [], 0
        for model, fields in zip(self.models, self.fields, strict=True):
            end = start + len(fields)
            attnames = [f.attname for f in fields]
            instances.append(model.from_db(self.alias, attnames, converted[start:end]))
            start = end
        if len(instances) == 2:
            self.link.set_cached_value(instances[0], instances[1])
        return instances[0]


@cache
def reader(
    model: type[Model], filters: tuple[str, ...], *, related: str = "", alias: str = "default"
) -> RowReader:
    return RowReader(model, filters, related, alias)
