"""Django's database sessions, refusing session keys that Django never makes.

A forged cookie such as ``sessionid="\\000aaaaaaaaaaaa"`` (the cookie parser decodes the octal
escape) sent a NUL character to the database, which PostgreSQL refuses: every page answered
500 to that client. Django makes its keys of lowercase letters and digits only
(``VALID_KEY_CHARS``); any other key now counts as no session at all, as Django already does
for a key that is too short.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

KEY_CHARACTERS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(super()._validate_session_key(key)) and set(key) <= KEY_CHARACTERS
