"""Shared by the Python smoke tests: waiting for `snamap serve` to say where it listens."""
import re
import time


def wait_for_port(proc, out, fail, timeout=120):
    """The port of `snamap serve`'s "serving … at http://127.0.0.1:PORT/" line, read from the file
    `out` (its stdout); calls fail(message) when the server exits first or is not up in time."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        out.seek(0)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", out.read())
        if match:
            return int(match.group(1))
        if proc.poll() is not None:
            fail("the server exited during start-up")
        time.sleep(0.1)
    fail(f"the server did not start within {timeout} s")
