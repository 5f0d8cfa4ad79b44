"""Run Vitale as N Streamlit processes behind nginx, with sticky sessions, in the foreground.

By hand (from the project root)::

    python deploy/run_cluster.py --backends 2            # then open the URL it prints
    python deploy/run_cluster.py --print-config          # show the generated nginx.conf

From Python (the tests)::

    from deploy.run_cluster import cluster

    with cluster(backends=2) as running:
        running.url             # http://127.0.0.1:<proxy port>
        running.backend_ports   # (<port>, <port>)

Every process runs in a process group of its own and is stopped when the ``with`` block (or the
script, on Ctrl-C or SIGTERM) ends. When a backend or nginx dies while the script runs, it stops
everything and exits with an error, so that a container runtime restarts the whole thing. Only
the standard library is used; nginx must be on ``PATH`` (Debian: ``apt-get install nginx``).
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
BACKEND_HEADER = "X-Vitale-Backend"
"""Response header naming the backend (``127.0.0.1:<port>``) that answered; nothing personal."""
ROUTE_COOKIE = "vitale_route"


class ClusterError(RuntimeError):
    """A process did not start, or did not become healthy in time."""


@dataclass(frozen=True)
class Backend:
    """One Streamlit process."""

    port: int
    pid: int
    log: Path | None

    @property
    def address(self) -> str:
        """``host:port``, as nginx reports it in ``$upstream_addr``."""
        return f"{LOOPBACK}:{self.port}"

    @property
    def url(self) -> str:
        """The backend's own base URL (bypassing the proxy)."""
        return f"http://{self.address}"


@dataclass(frozen=True)
class Cluster:
    """A running cluster: the proxy's URL, its backends, nginx's files and every process."""

    url: str
    backends: tuple[Backend, ...]
    nginx_conf: Path
    error_log: Path | None
    """nginx's error log, when it is not sent to stderr."""
    processes: dict[str, subprocess.Popen[bytes]] = field(repr=False, compare=False)
    restart_proxy: Callable[[], None] = field(repr=False, compare=False)
    """Stop nginx and start it again on the same port (every websocket is cut: browsers reconnect)."""

    @property
    def backend_ports(self) -> tuple[int, ...]:
        """The backends' loopback ports."""
        return tuple(backend.port for backend in self.backends)

    @property
    def backend_pids(self) -> tuple[int, ...]:
        """The backends' process ids (each the leader of its own process group)."""
        return tuple(backend.pid for backend in self.backends)

    @property
    def nginx_pid(self) -> int:
        """nginx's master process id (the leader of its own process group)."""
        return self.processes["nginx"].pid

    def stopped(self) -> list[str]:
        """The processes (``nginx``, ``backend <port>``) that have exited on their own."""
        return [name for name, process in self.processes.items() if process.poll() is not None]


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port free on ``host`` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether ``url`` (a ``/_stcore/health`` URL) answers 200 ``ok``."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200 and response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError):
        return False


def find_nginx() -> str | None:
    """nginx's executable: on ``PATH``, or in /usr/sbin (not on an ordinary user's ``PATH`` on Debian)."""
    found = shutil.which("nginx")
    if found is not None:
        return found
    return next((str(path) for path in (Path("/usr/sbin/nginx"), Path("/usr/local/sbin/nginx")) if path.exists()), None)


def _user_directive() -> str:
    """As root, nginx's workers would switch to ``nobody``: keep them as the current user instead."""
    if os.geteuid() != 0:
        return "# Not started as root: nginx runs as the current user (no `user` directive)."
    user = pwd.getpwuid(os.geteuid()).pw_name
    group = grp.getgrgid(os.getegid()).gr_name
    return f"user {user} {group};"


def render_config(
    backend_ports: Sequence[int],
    listen: str,
    prefix: Path,
    *,
    error_log: str | None = None,
    backend_header: bool = True,
    worker_processes: str = "1",
) -> str:
    """The nginx configuration for these backends, listening on ``listen`` (``host:port``)."""
    servers = "\n".join(f"        server {LOOPBACK}:{port} max_fails=1 fail_timeout=10s;" for port in backend_ports)
    header = f"add_header {BACKEND_HEADER} $upstream_addr"
    replacements = {
        "@@USER_DIRECTIVE@@": _user_directive(),
        "@@WORKER_PROCESSES@@": worker_processes,
        "@@ERROR_LOG@@": error_log if error_log is not None else str(prefix / "logs" / "error.log"),
        "@@TEMP_DIR@@": str(prefix / "temp"),
        "@@UPSTREAM_SERVERS@@": servers,
        "@@LISTEN@@": listen,
        "@@BACKEND_HEADER_ALWAYS@@": f"            {header} always;" if backend_header else "",
        "@@BACKEND_HEADER@@": f"            {header};" if backend_header else "",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for marker, value in replacements.items():
        text = text.replace(marker, value)
    if re.search(r"@@[A-Z_]+@@", text):
        raise ClusterError("nginx.conf.template has a marker that render_config does not fill in")
    return text


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process group started by :func:`_spawn`: SIGTERM, then SIGKILL after a grace period."""
    if process.poll() is not None:
        return  # already stopped (and reaped): its group id may belong to someone else by now
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_TIMEOUT_S)
    with suppress(ProcessLookupError):  # anything left in the group (a worker, a child of the app)
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_TIMEOUT_S)


def _spawn(stack: ExitStack, command: list[str], log: IO[bytes] | None, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start ``command`` in a new process group (its own session) that ``stack`` stops on exit."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        start_new_session=True,
    )
    stack.callback(_stop, process)
    return process


def _wait_healthy(url: str, process: subprocess.Popen[bytes], what: str, deadline: float, log: Path | None) -> None:
    while not healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            reason = f"exited with code {process.returncode}" if process.returncode is not None else "timed out"
            tail = log.read_text(errors="replace")[-4000:] if log is not None and log.exists() else ""
            raise ClusterError(f"{what} did not answer 'ok' on {url} ({reason}).\n{tail}")
        time.sleep(0.25)


def streamlit_command(port: int, script: Path = APP) -> list[str]:
    """``streamlit run script`` on ``port`` of the loopback interface, headless, no usage statistics
    (the project's .streamlit/config.toml applies too when run from the project root)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        LOOPBACK,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


@contextmanager
def cluster(
    backends: int = 2,
    *,
    proxy_host: str = LOOPBACK,
    proxy_port: int = 0,
    log_dir: Path | None = None,
    backend_header: bool = True,
    startup_timeout_s: float = STARTUP_TIMEOUT_S,
) -> Iterator[Cluster]:
    """Start ``backends`` Streamlit processes and nginx in front of them; yield the running cluster; stop all.

    ``proxy_port`` 0 picks a free port. With ``log_dir`` each backend writes to
    ``backend-<port>.log`` there and nginx to ``nginx-error.log``; without it everything goes
    to this process's stdout and stderr. nginx's configuration and temporary files live in a
    temporary folder (its prefix), removed at the end.
    """
    if backends < 1:
        raise ValueError("at least one backend is needed")
    nginx = find_nginx()
    if nginx is None:
        raise ClusterError("nginx not found: install it (Debian: apt-get install nginx)")

    env = dict(os.environ)
    # One secret for every backend, as Streamlit asks of replicas; from the environment, never
    # on a command line where `ps` would show it.
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    env.setdefault("PYTHONUNBUFFERED", "1")

    with ExitStack() as stack:
        prefix = Path(tempfile.mkdtemp(prefix="vitale-nginx-"))
        stack.callback(shutil.rmtree, prefix, ignore_errors=True)
        for folder in ("logs", "temp"):
            (prefix / folder).mkdir()

        deadline = time.monotonic() + startup_timeout_s
        started: list[tuple[int, subprocess.Popen[bytes], Path | None]] = []
        for _ in range(backends):
            port = free_port()
            log_path = log_dir / f"backend-{port}.log" if log_dir is not None else None
            log = stack.enter_context(log_path.open("wb")) if log_path is not None else None
            started.append((port, _spawn(stack, streamlit_command(port), log, env), log_path))
        for port, process, log_path in started:
            _wait_healthy(f"http://{LOOPBACK}:{port}/_stcore/health", process, f"Backend {port}", deadline, log_path)

        listen_port = proxy_port or free_port(proxy_host)
        conf = prefix / "nginx.conf"
        error_log = str(log_dir / "nginx-error.log") if log_dir is not None else "stderr"
        ports = [port for port, _, _ in started]
        config = render_config(
            ports, f"{proxy_host}:{listen_port}", prefix, error_log=error_log, backend_header=backend_header
        )
        conf.write_text(config, encoding="utf-8")
        nginx_command = [
            nginx,
            "-p",
            str(prefix),
            "-c",
            str(conf),
            "-e",
            error_log,
            "-g",
            f"daemon off; master_process on; pid {prefix / 'nginx.pid'};",
        ]
        url = f"http://{'localhost' if proxy_host in ('0.0.0.0', '::') else proxy_host}:{listen_port}"
        health = f"http://{LOOPBACK if proxy_host in ('0.0.0.0', '::') else proxy_host}:{listen_port}/_stcore/health"
        processes = {f"backend {port}": process for port, process, _ in started}

        def start_proxy(deadline: float) -> None:
            proxy = _spawn(stack, nginx_command, None, env)
            processes["nginx"] = proxy
            _wait_healthy(health, proxy, "nginx", deadline, Path(error_log) if log_dir is not None else None)

        def restart_proxy() -> None:
            _stop(processes["nginx"])
            start_proxy(time.monotonic() + startup_timeout_s)

        start_proxy(deadline)
        yield Cluster(
            url=url,
            backends=tuple(Backend(port, process.pid, log_path) for port, process, log_path in started),
            nginx_conf=conf,
            error_log=Path(error_log) if log_dir is not None else None,
            processes=processes,
            restart_proxy=restart_proxy,
        )


def _raise_system_exit(signum: int, _frame: object) -> None:
    # SIGTERM (docker stop, kill) ends the `with` block like Ctrl-C does. As PID 1 in a
    # container, a signal without a handler would be ignored.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: start the cluster and keep it in the foreground until Ctrl-C, SIGTERM or a crash."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backends", type=int, default=2, help="number of Streamlit processes (default 2)")
    parser.add_argument("--proxy-port", type=int, default=8500, help="nginx's port (default 8500; 0: any free port)")
    parser.add_argument(
        "--proxy-host", default=LOOPBACK, help=f"nginx's address (default {LOOPBACK}; 0.0.0.0 inside a container)"
    )
    parser.add_argument("--log-dir", type=Path, help="write the backends' logs there instead of to the terminal")
    parser.add_argument(
        "--no-backend-header", action="store_true", help=f"do not add the {BACKEND_HEADER} response header"
    )
    parser.add_argument("--print-config", action="store_true", help="print a generated nginx.conf and exit")
    args = parser.parse_args(argv)

    if args.print_config:
        ports = [8501 + index for index in range(args.backends)]
        prefix = Path(tempfile.gettempdir()) / "vitale-nginx-XXXX"
        listen = f"{args.proxy_host}:{args.proxy_port}"
        print(render_config(ports, listen, prefix, backend_header=not args.no_backend_header))
        return 0

    signal.signal(signal.SIGTERM, _raise_system_exit)
    if args.log_dir is not None:
        args.log_dir.mkdir(parents=True, exist_ok=True)
    try:
        with cluster(
            args.backends,
            proxy_host=args.proxy_host,
            proxy_port=args.proxy_port,
            log_dir=args.log_dir,
            backend_header=not args.no_backend_header,
        ) as running:
            ports = ", ".join(str(port) for port in running.backend_ports)
            print(f"Vitale: {running.url}  (backends on {LOOPBACK}: {ports}; Ctrl-C stops everything)", flush=True)
            while not (stopped := running.stopped()):
                time.sleep(1)
            print(f"Vitale: {', '.join(stopped)} stopped; stopping everything.", file=sys.stderr)
            return 1
    except ClusterError as error:
        print(f"Vitale: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
