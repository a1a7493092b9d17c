"""gunicorn servers on 127.0.0.1 and what their workers cost (CPU seconds, resident memory)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def processes_cpu_seconds(*, pids: set[int] | None = None, command: str | None = None) -> float:
    """User + system CPU seconds of the processes with these pids, or whose command name starts
    with `command` (every PostgreSQL backend on this machine, say), from /proc/<pid>/stat."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, fields = stat.split("(", 1)[1].rsplit(")", 1)
        if (pids is not None and int(entry.name) in pids) or (command and name.startswith(command)):
            values = fields.split()
            total += int(values[11]) + int(values[12])
    return total / CLOCK_TICKS


class Server:
    def __init__(self, *, name: str, app: str, port: int, env: dict, root: Path, workers: int = 2):
        self.name, self.port = name, port
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(Path(env.get("BENCH_DIR", "/tmp")) / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(os.sys.executable).with_name("gunicorn")),
                "--chdir",
                str(root),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--worker-class",
                "sync",
                "--no-control-socket",
                # As the README's deploy runs it: no access log unless asked for (formatting each
                # line, even for /dev/null, cost a worker 3-4 % of a small request).
                *(["--access-logfile", "-"] if env.get("BENCH_ACCESS_LOG") else []),
                app,
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, path: str = "/", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer within {timeout} s")

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        return processes_cpu_seconds(pids=set(self.worker_pids()))

    def settle(self, *, quiet: float = 0.1, timeout: float = 10) -> None:
        """Wait until the workers are idle (no CPU used for `quiet` seconds). wrk stops with up to one
        request per connection still queued for the sync workers; without this, the next case's
        first requests wait behind the last case's (a slow page's leftovers doubled the add to
        cart's p99 that followed it)."""
        deadline = time.monotonic() + timeout
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.cpu_seconds()
            if now == before:
                return
            before = now

    def rss_mb(self) -> float:
        largest = 0
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        largest = max(largest, int(line.split()[1]))
            except OSError:
                continue
        return largest / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
