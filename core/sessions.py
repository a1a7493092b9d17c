"""Django's database sessions without the look-up before each new session's insert.

`django.contrib.sessions.backends.db` draws a key and SELECTs it to see if it is taken, then inserts
with `must_create`; a taken key fails that insert on the primary key (CreateError) and `create()`
draws again anyway. So the SELECT only costs a query for every new session (the first add to cart
of each visitor). Everything else, the table and `clearsessions`, is Django's.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self) -> str:
        # 32 characters from 36: a clash is practically impossible and still caught by the insert.
        return get_random_string(32, VALID_KEY_CHARS)
