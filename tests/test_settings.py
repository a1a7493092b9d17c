"""Configuration: production settings pass Django's deploy checks with the env a deploy sets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "shop.example.org",
    "DATABASE_URL": "postgres://hopeworks:pw@db.example.org:5432/hopeworks",
}


def run_manage(*args, env_overrides):
    # A fresh process with a deploy's environment: none of the test run's own switches.
    inherited = ("STRIPE_", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC_UNSAFE", "PAYMENTS_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_prints_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=config.settings.production",
        env_overrides=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", "--settings=config.settings.production", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _stripe_log_level(log_level: str) -> str:
    result = run_manage(
        "shell",
        "-c",
        "import logging; print(logging.getLevelName(logging.getLogger('stripe').getEffectiveLevel()))",
        "--settings=config.settings.production",
        env_overrides={**PRODUCTION_ENV, "LOG_LEVEL": log_level},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_stripe_library_never_logs_below_info_and_follows_a_quieter_log_level():
    # Its DEBUG lines carry whole API responses: customers' names, emails and addresses.
    assert _stripe_log_level("DEBUG") == "INFO"
    assert _stripe_log_level("INFO") == "INFO"
    assert _stripe_log_level("WARNING") == "WARNING"
    assert _stripe_log_level("error") == "ERROR"
