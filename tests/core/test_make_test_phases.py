"""`make test` fails when a pytest phase selects no test (exit 5), unless PYTEST_ARGS narrowed the run.

The test target's pytest lines are read from the Makefile and run by the shell with a stand-in pytest
(make itself is not run: it would reinstall the virtualenv)."""

import re
import subprocess
from pathlib import Path

import pytest

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _pytest_lines() -> list[str]:
    text = MAKEFILE.read_text()
    recipe = re.search(r"^test:.*?\n((?:\t.*\n)+)", text, re.MULTILINE).group(1)
    lines = [line.strip() for line in recipe.splitlines() if "$(BIN)/pytest" in line]
    assert len(lines) == 2  # the rollback and the transactional phase
    return lines


def _run(tmp_path, *, pytest_exit: int, pytest_args: str) -> int:
    stub = tmp_path / "pytest"
    stub.write_text(f"#!/bin/sh\nexit {pytest_exit}\n")
    stub.chmod(0o755)
    statuses = []
    for line in _pytest_lines():
        command = (
            line.replace("$(BIN)", str(tmp_path)).replace("$(PYTEST_ARGS)", pytest_args).replace("$$", "$")
        )
        statuses.append(subprocess.run(["sh", "-c", command], timeout=30).returncode)
    return max(statuses)


@pytest.mark.parametrize(
    ("pytest_exit", "pytest_args", "fails"),
    [
        (5, "", True),  # a phase selected nothing on a full run: fail
        (5, "tests/ledger -x", False),  # a subset may leave one phase empty
        (0, "", False),
        (1, "", True),
        (1, "tests/ledger", True),
    ],
)
def test_an_empty_phase_fails_unless_the_run_was_narrowed(tmp_path, pytest_exit, pytest_args, fails):
    assert (_run(tmp_path, pytest_exit=pytest_exit, pytest_args=pytest_args) != 0) is fails
