"""The database the suite runs on is the one DATABASE_URL names, configured as DESIGN.md section 2 says."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
def test_database_connection_options_suit_several_workers():
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # A writer waits for the lock instead of failing with "database is locked".
        assert settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert settings_dict["OPTIONS"]["timeout"] >= 5
    else:
        # Outside production each request reconnects (runserver's thread per request would otherwise
        # exhaust PostgreSQL's connections); production's persistent connections are checked in
        # tests/core/test_settings_connections.py.
        assert settings_dict["CONN_HEALTH_CHECKS"] is True
        assert settings_dict["CONN_MAX_AGE"] == 0


def test_sqlite_file_database_uses_write_ahead_logging(tmp_path, settings):
    """Readers keep reading while a writer commits: the WAL journal is switched on at connect."""
    import sqlite3

    db = sqlite3.connect(tmp_path / "wal.sqlite3")
    db.executescript(settings.SQLITE_OPTIONS["init_command"])
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
