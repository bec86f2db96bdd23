#!/usr/bin/env python3
"""Hostile clients against a real `snamap serve` on the real West Midlands database.

Usage: hostile_clients.py SNAMAP_BINARY DB

Each case runs an attack from 127.0.0.1 and, while it runs, asks /health from another loopback
address (127.0.0.2). A case passes when every attacking request gets one of the statuses it may
get (never a 500, never a hang) and /health keeps answering 200 within HEALTH_BOUND_S. The
server's peak resident memory must stay under MEMORY_BOUND_BYTES across all cases. Health
latencies and memory are printed; the bench (bench/soak.sh) measures them under load.
"""
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

from serve_wait import wait_for_port

HEALTH_BOUND_S = 2.0  # a liveness bound, far above the ~1 ms /health takes when idle
MEMORY_BOUND_BYTES = 1 << 30
ATTACKER = "127.0.0.1"
BYSTANDER = "127.0.0.2"


class Server:
    def __init__(self, binary, db):
        self.out = tempfile.TemporaryFile(mode="w+")
        self.err = tempfile.TemporaryFile(mode="w+")
        # A partner token (made with the CLI), for the routes that read partner-only data.
        self.dir = tempfile.TemporaryDirectory()
        tokens = f"{self.dir.name}/tokens.jsonl"
        self.partner_token = subprocess.run(
            [binary, "token", "add", "--tokens", tokens, "--name", "hostile partner",
             "--groups", "partner"], check=True, capture_output=True, text=True).stdout.strip()
        config = f"{self.dir.name}/config.json"
        with open(config, "w") as f:
            f.write('{"tokens_file": "%s"}' % tokens)
        self.proc = subprocess.Popen(
            [binary, "serve", db, "--host", "127.0.0.1", "--port", "0", "--threads", "2",
             "--config", config],
            stdout=self.out, stderr=self.err)
        self.port = wait_for_port(self.proc, self.out, self.fail)

    def fail(self, message):
        raise SystemExit(f"FAIL: {message}:\n" + self.stderr())

    def stderr(self):
        self.err.seek(0)
        return self.err.read()[-3000:]

    def memory(self, field="VmHWM"):
        """Bytes of VmHWM (peak resident) or VmRSS (resident now) from /proc."""
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
        return 0

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def connect(port, source, timeout):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def request_bytes(target, extra=""):
    return f"GET {target} HTTP/1.1\r\nHost: test\r\n{extra}Connection: close\r\n\r\n".encode()


def fetch(port, target, source=ATTACKER, timeout=120, raw=None, extra=""):
    """Status of one request (the body is read and dropped); 0 when the connection died first."""
    try:
        sock = connect(port, source, timeout)
    except OSError:
        return 0
    try:
        sock.sendall(raw if raw is not None else request_bytes(target, extra))
        data = b""
        while True:
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            if not data:
                data = chunk[:64]
    except OSError:
        pass
    finally:
        sock.close()
    match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return int(match.group(1)) if match else 0


class HealthWatch(threading.Thread):
    """Asks /health from the bystander address every 50 ms until stopped; keeps the latencies."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.latencies = []
        self.failures = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            start = time.monotonic()
            status = fetch(self.port, "/health", BYSTANDER, timeout=HEALTH_BOUND_S * 5)
            took = time.monotonic() - start
            self.latencies.append(took)
            if status != 200 or took > HEALTH_BOUND_S:
                self.failures.append((status, round(took, 3)))
            self.stopping.wait(0.05)

    def finish(self):
        self.stopping.set()
        self.join()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def run_parallel(port, targets, source=ATTACKER, extra=""):
    statuses = [None] * len(targets)

    def one(i):
        statuses[i] = fetch(port, targets[i], source, extra=extra)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(targets))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def case_parallel(port, targets, allowed, source=ATTACKER, extra=""):
    statuses = run_parallel(port, targets, source, extra)
    bad = [s for s in statuses if s not in allowed]
    return bad, statuses


def case_unread_downloads(port):
    """Large downloads whose client never reads the body, beside two full spreadsheet exports."""
    unread = []
    for _ in range(6):
        sock = connect(port, ATTACKER, 60)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(request_bytes("/api/export.csv?set=lsoa21&period=all"))
        unread.append(sock)
    # Wait for each response's head (the body stays unread), so the CSV jobs have left the heavy
    # pool before the spreadsheets arrive: otherwise a full queue (503) is the right answer.
    for sock in unread:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(1024)
            if not chunk:
                break
            head += chunk
    # From a second attacking address: the first has used up its share with the unread ones.
    # Every period is over the XLSX row cap (413, pointing to the CSV); the newest period is not.
    statuses = run_parallel(port, ["/api/export.xlsx?set=lsoa21&period=all"] * 2 +
                            ["/api/export.xlsx?set=lsoa21"] * 2, "127.0.0.3")
    bad = [s for s in statuses[:2] if s != 413] + \
        [s for s in statuses[2:] if s not in {200, 429, 503}]
    time.sleep(2)  # let the unread responses pile up while /health is watched
    for sock in unread:
        sock.close()
    return bad, statuses


def case_slow_connections(port, count=1100):
    """Connections that start a request and never finish it, all from one address."""
    socks = []
    for _ in range(count):
        try:
            sock = connect(port, ATTACKER, 5)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: t")
            socks.append(sock)
        except OSError:
            pass
    time.sleep(2)
    for sock in socks:
        sock.close()
    return [], [f"{len(socks)} opened"]


def case_abandoned(port):
    """Expensive requests whose clients leave at once: the server must drop the work."""
    for _ in range(12):
        sock = connect(port, ATTACKER, 5)
        sock.sendall(request_bytes(
            "/api/map.png?indicator=composite&width=1000&height=1000&scale=4"))
        sock.close()
    time.sleep(1)
    return [], ["12 sent and dropped"]


def case_framing(port):
    """RFC 9112 framing the server must refuse and close on."""
    cases = {
        "Transfer-Encoding: xchunked": b"GET /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n",
        "Transfer-Encoding: identity": b"GET /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: identity\r\n\r\n",
        "Transfer-Encoding: chunked, identity": b"GET /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
        "two Host headers": b"GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    }
    bad, statuses = [], []
    for name, raw in cases.items():
        status = fetch(port, None, raw=raw, timeout=5)
        statuses.append(status)
        if status not in (400, 501):
            bad.append(f"{name}: {status}")
    return bad, statuses


def main():
    binary, db = sys.argv[1], sys.argv[2]
    server = Server(binary, db)
    port = server.port
    heavy_png = "/api/map.png?indicator=composite&width=1000&height=1000&scale=4"
    # The ranking reads partner-only school counts: the attacker holds a partner token.
    priority = "/api/schools/priority?radius=5000&limit=2000"
    partner = f"Authorization: Bearer {server.partner_token}\r\n"
    cases = [
        ("32 composite map.png 1000x1000 at scale 4", lambda: case_parallel(
            port, [heavy_png] * 32, {200, 429, 503})),
        ("16 priority-school rankings, radius 5 km, limit 2000", lambda: case_parallel(
            port, [priority] * 16, {200, 400, 429, 503}, extra=partner)),
        ("4 XLSX exports beside 6 unread full CSV exports", lambda: case_unread_downloads(port)),
        ("1100 slow connections from one address", lambda: case_slow_connections(port)),
        ("12 heavy requests abandoned by their clients", lambda: case_abandoned(port)),
        ("request framing (Transfer-Encoding, Host)", lambda: case_framing(port)),
        # From its own address: the attacker's share may still be held by the abandoned requests
        # queued behind a render (then 429 comes before the parameters are read).
        ("invalid UTF-8 in a text parameter", lambda: case_parallel(
            port, ["/api/map.svg?indicator=imd25_score&title=%C3%28"], {400}, "127.0.0.5")),
    ]
    failed = 0
    print(f"resident memory after start-up: {server.memory('VmRSS') / (1 << 20):.0f} MiB")
    for name, run in cases:
        watch = HealthWatch(port)
        watch.start()
        bad, statuses = run()
        watch.finish()
        summary = sorted(set(map(str, statuses)))
        health = (f"/health p50 {percentile(watch.latencies, 50) * 1000:.0f} ms, "
                  f"max {max(watch.latencies, default=0) * 1000:.0f} ms over {len(watch.latencies)}")
        ok = not bad and not watch.failures and server.alive()
        failed += not ok
        memory = (f"resident {server.memory('VmRSS') / (1 << 20):.0f} MiB, "
                  f"peak {server.memory() / (1 << 20):.0f} MiB")
        print(f"{'ok  ' if ok else 'FAIL'} {name}: statuses {summary}; {health}; {memory}")
        if bad:
            print(f"     unexpected statuses: {bad}")
        if watch.failures:
            print(f"     /health failures (status, seconds): {watch.failures[:10]}")
    peak = server.memory()
    print(f"peak resident memory of the server: {peak / (1 << 20):.0f} MiB")
    if peak > MEMORY_BOUND_BYTES:
        print(f"FAIL: peak resident memory above {MEMORY_BOUND_BYTES >> 20} MiB")
        failed += 1
    if not server.alive():
        print("FAIL: the server died:\n" + server.stderr())
        failed += 1
    code = server.stop()
    if code != 0:
        print(f"FAIL: the server did not exit cleanly on SIGTERM (exit {code})")
        failed += 1
    print(f"{len(cases) - failed if failed <= len(cases) else 0} of {len(cases)} cases passed"
          if failed else f"all {len(cases)} cases passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
