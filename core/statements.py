"""Small reads on hot paths, compiled by the ORM once per process and database, then only executed.

Building and compiling a queryset costs 0.5-1 ms of Python for a statement the database answers in
a twentieth of that; a request that makes four small reads (an add to cart, a session load) spends
most of its time there. A `Statement` is built by the ORM from placeholder values, so its SQL is the
very SQL the ORM would run; a call swaps the real values in, prepared for the database by the same
model fields the ORM would use, and executes it.

Rows come back as the database driver returns them (no model instances, no field converters), so a
statement should select plain columns: integers, text, or values the caller converts itself.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable

from django.db import connections, models
from django.db.models import QuerySet


def _placeholder(field: models.Field, index: int):
    """A value of the field's type that no real query would carry."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(
            2999, 1, 1 + index, 1, 2, 3, uuid.uuid4().int % 1_000_000, tzinfo=datetime.UTC
        )
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return 7_000_000_000_000 + uuid.uuid4().int % 1_000_000_000
    if isinstance(field, (models.CharField, models.TextField)):
        return f"statement-placeholder-{uuid.uuid4().hex}"[: field.max_length or None]
    raise TypeError(f"a Statement cannot take a {type(field).__name__} parameter")


def _prepared(field: models.Field, value, connection):
    return field.get_db_prep_value(value, connection, prepared=False)


class Statement:
    """`build(**placeholders)` returns the queryset; `fields` names each parameter's model field.

    A parameter must reach the SQL as a parameter (a filter value): one that the ORM folds into the
    SQL text, or that is used only in Python, is refused when the statement is first compiled."""

    def __init__(self, build: Callable[..., QuerySet], **fields: models.Field):
        self._build = build
        self._fields = fields
        self._compiled: dict[str, tuple[str, list, dict[int, str]]] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> tuple[str, list, dict[int, str]]:
        connection = connections[using]
        placeholders = {
            name: _placeholder(field, index) for index, (name, field) in enumerate(self._fields.items())
        }
        sql, params = self._build(**placeholders).query.get_compiler(using=using).as_sql()
        prepared = {
            name: _prepared(self._fields[name], value, connection) for name, value in placeholders.items()
        }
        slots = {
            position: name
            for position, param in enumerate(params)
            for name, value in prepared.items()
            if param == value
        }
        missing = set(self._fields) - set(slots.values())
        if missing:
            raise ValueError(f"parameters {sorted(missing)} did not reach the SQL as parameters")
        return sql, list(params), slots

    def _statement(self, using: str) -> tuple[str, list, dict[int, str]]:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compile(using)
            with self._lock:
                self._compiled[using] = compiled
        return compiled

    def rows(self, *, using: str = "default", **values) -> list[tuple]:
        if values.keys() != self._fields.keys():
            raise TypeError(f"expected the parameters {sorted(self._fields)}, got {sorted(values)}")
        sql, params, slots = self._statement(using)
        connection = connections[using]
        if slots:
            params = list(params)
            for position, name in slots.items():
                params[position] = _prepared(self._fields[name], values[name], connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def first(self, *, using: str = "default", **values) -> tuple | None:
        rows = self.rows(using=using, **values)
        return rows[0] if rows else None


def loaded_instance(model: type[models.Model], values: dict, *, using: str = "default") -> models.Model:
    """A model instance with only these columns loaded (keyed by attname), the others deferred and
    read on first use, as `.only()` builds it; for a row a statement returned."""
    fields = [field for field in model._meta.concrete_fields if field.attname in values]
    if len(fields) != len(values):
        raise ValueError(
            f"not columns of {model.__name__}: {sorted(set(values) - {f.attname for f in fields})}"
        )
    return model.from_db(
        using, [field.attname for field in fields], [values[field.attname] for field in fields]
    )
