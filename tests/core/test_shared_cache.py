"""Production's default cache is shared by every worker: a page one process cached is served by another,
and a clear in one process is seen by the other at once, though each keeps a local copy of what it served."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="shared-cache-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        PAGE_CACHE_SECONDS="300",
        PYTHONPATH=str(ROOT),
    )
    return env


class Worker:
    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "core" / "shared_cache_worker.py")],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.hello = self._read()

    def _read(self) -> dict:
        return json.loads(self.process.stdout.readline())

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._read()

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def workers(tmp_path):
    env = _production_env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True, timeout=120
    )
    started = [Worker(env), Worker(env)]
    yield started
    for worker in started:
        worker.stop()


def test_two_workers_share_cached_pages_and_their_invalidation(workers):
    first, second = workers
    assert first.hello["backend"] == "django.core.cache.backends.db.DatabaseCache"
    assert first.hello["pid"] != second.hello["pid"]

    rendered = first.ask("get")
    served = second.ask("get")

    assert rendered == {"status": "miss", "body": f"rendered by {first.hello['pid']} #0"}
    assert served == {"status": "hit", "body": rendered["body"]}  # the other worker's render

    assert second.ask("clear") == {"cleared": True}

    after = first.ask("get")
    assert after == {"status": "miss", "body": f"rendered by {first.hello['pid']} #1"}
    assert second.ask("get") == {"status": "hit", "body": after["body"]}
