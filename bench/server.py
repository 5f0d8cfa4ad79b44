"""A real Streamlit server on a free loopback port, for the load and cold-start benchmarks.

``streamlit run <script> --server.address 127.0.0.1 --server.port <free port>
--server.headless true``, started from the project root (so
``.streamlit/config.toml`` applies to Vitale and to the baselines alike) in a
process group of its own, which is always killed on the way out (also when the
benchmark raises). The server's memory is read from ``/proc/<pid>/status``:
``VmRSS`` (resident now) and ``VmHWM`` (the peak resident size since start).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.run_cluster import free_port, healthy, streamlit_command

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
EMPTY_APP = "import streamlit as st\n"
HELLO_APP = 'import streamlit as st\n\nst.write("Hello")\n'


def memory_mb(pid: int) -> dict[str, float]:
    """``{"rss": VmRSS, "hwm": VmHWM}`` of a process in MB (MiB), from ``/proc/<pid>/status``."""
    figures: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            figures[name[2:].lower()] = int(value.split()[0]) / 1024  # kB → MB
    return figures


@dataclass
class Server:
    """A running server: its URL, its process, and when it was started (``time.perf_counter``)."""

    url: str
    process: subprocess.Popen[bytes]
    started: float
    log: Path

    def memory(self) -> dict[str, float]:
        """The server's resident memory now and its peak so far, in MB."""
        return memory_mb(self.process.pid)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group, then SIGKILL it if it is still there."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT_S)
        except ProcessLookupError:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):  # anything the server left in its group
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def script_file(source: str, name: str) -> Iterator[Path]:
    """``source`` written as ``<tmp dir>/<name>`` (a directory of its own: no ``pages/`` next to it)."""
    with tempfile.TemporaryDirectory(prefix="vitale-bench-") as folder:
        path = Path(folder) / name
        path.write_text(source, encoding="utf-8")
        yield path


@contextmanager
def serve(script: Path, wait: bool = True) -> Iterator[Server]:
    """Start ``streamlit run script`` on a free loopback port; yield it (healthy if ``wait``); always stop it."""
    port = free_port()
    command = streamlit_command(port, script)
    with tempfile.TemporaryDirectory(prefix="vitale-bench-log-") as folder:
        log = Path(folder) / "streamlit.log"
        with log.open("wb") as out:
            started = time.perf_counter()
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, killed as a whole on the way out
            )
        server = Server(url=f"http://{HOST}:{port}", process=process, started=started, log=log)
        try:
            if wait:
                wait_healthy(server)
            yield server
        finally:
            _stop(process)


def wait_healthy(server: Server) -> None:
    """Poll the health endpoint until it answers; raise (with the log) if the server dies or never answers."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not healthy(f"{server.url}/_stcore/health"):
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit server at {server.url} did not start:\n{server.log_tail()}")
        time.sleep(0.05)
