"""Logging filters (hub.settings.base LOGGING)."""

import logging


class DisallowedHostAsWarning(logging.Filter):
    """Django logs a request for an unknown host at ERROR with its traceback; bots send them all
    day. One WARNING line (the host is in the message) is what an operator needs."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        record.stack_info = None
        return True
