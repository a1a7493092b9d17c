"""Persistent database connections only under the production settings: runserver (local) opens a
thread per request, and persistent connections there exhausted PostgreSQL at ~40 parallel requests."""

import json
import os
import subprocess
import sys

import pytest

PROBE = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES['default']))"


def _database_settings(module: str, url: str = "postgres://user:pw@127.0.0.1:5432/hopeworks") -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "DATABASE_URL": url,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
    }
    env.pop("CONN_MAX_AGE", None)
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PROBE}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test"])
def test_local_and_test_settings_reconnect_per_request(module):
    database = _database_settings(module)

    assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_production_keeps_connections_with_health_checks():
    database = _database_settings("config.settings.production")

    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_production_keeps_sqlite_connections_too(tmp_path):
    # A fresh SQLite connection re-runs the WAL pragmas: that was most of a cached page's cost.
    database = _database_settings("config.settings.production", f"sqlite:///{tmp_path / 'site.sqlite3'}")

    assert database["CONN_MAX_AGE"] == 60
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
