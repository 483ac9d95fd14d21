"""gunicorn's settings for the hub (README, Production; docs/operations.md):

    gunicorn -c hub/gunicorn.conf.py hub.wsgi --workers 2 --bind 127.0.0.1:8000

Flags on the command line override what is set here.

- The access log goes to stdout, one line per request (gunicorn logs none by default), errors
  and the application's own log to stderr: the service manager (systemd's journal) keeps both.
- The access log never holds a query string or the token of a personal link
  (hub.observability.AccessLogger): the proxy's log should cut them too (docs/operations.md).
- ``LOG_FORMAT=json``: gunicorn's own lines are JSON objects too, like the application's.
- ``HUB_ENV_FILE`` is read here as by hub.wsgi, so that LOG_FORMAT may come from it.
"""

import sys
from pathlib import Path

# The checkout, for `-c /srv/hub/hub/gunicorn.conf.py` from another directory.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.env import env_str, load_env_file  # noqa: E402

load_env_file()

accesslog = "-"
errorlog = "-"
logger_class = "hub.observability.AccessLogger"
# The "combined" format (what log analysers read), then the time taken in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# gunicorn 25+ opens a control socket at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn):
# two servers on a machine (two sites, a deploy beside the old one) would take it from each
# other. Reload and stop with signals (systemctl reload/stop) instead.
control_socket_disable = True

if env_str("LOG_FORMAT", "text") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "hub.observability.JSONFormatter"}},
        "handlers": {
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        # Replaces gunicorn's own root logger (the workers' Django LOGGING replaces it again).
        "root": {"level": "WARNING", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }
