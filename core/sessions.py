"""Django's database sessions, with costs taken out of every visitor's requests.

- No look-up before each new session's insert: `django.contrib.sessions.backends.db` draws a key and
  SELECTs it to see if it is taken, then inserts with `must_create`; a taken key fails that insert on
  the primary key (CreateError) and `create()` draws again anyway. So the SELECT only cost a query
  for every new session (the first add to cart of each visitor).
- The load is a compiled statement (core/statements.py): the same query, without the ORM building
  it on every request that reads the session.
- A new key is 20 random bytes from the OS in one call, base32 in lower case: 32 characters of
  Django's key alphabet (160 bits). Django's own draws 32 characters one at a time (32 calls into
  `secrets`): 99 µs against 6 µs, 2-3 % of a first-time visitor's add to cart.
- A save that would write what this request already saved does nothing, so a view may save a new
  session inside its own transaction (one write transaction instead of two: the first add to cart)
  and the middleware's save at the end of the request writes nothing more.

Everything else, the table, the session data's signing and `clearsessions`, is Django's.
"""

import base64
import copy
import secrets

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.statements import Statement

_SESSION_DATA = Statement(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).values_list("session_data"),
    key=Session._meta.get_field("session_key"),
    now=Session._meta.get_field("expire_date"),
)


class SessionStore(DatabaseSessionStore):
    _saved: tuple | None = None  # (key, data) as this store last wrote them

    def save(self, must_create: bool = False) -> None:
        if not must_create and self._saved == (self.session_key, self._session):
            return
        super().save(must_create=must_create)
        # A deep copy: a value changed in place (a dict in the session) must still count as a change.
        self._saved = (self.session_key, copy.deepcopy(self._session))

    def load(self) -> dict:
        row = _SESSION_DATA.first(key=self.session_key, now=timezone.now()) if self.session_key else None
        if row is None:  # unknown or expired: a new session from here on, as Django's load does
            self._session_key = None
            return {}
        return self.decode(row[0])

    def _get_new_session_key(self) -> str:
        # A clash is practically impossible and still caught by the insert (CreateError: drawn again).
        return random_key()


def random_key() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").lower()
