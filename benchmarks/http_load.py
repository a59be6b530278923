"""A bounded HTTP/1.1 load client on asyncio (standard library only): ``concurrency`` keep-alive connections
to one host each send GET requests for ``seconds`` (after ``warmup`` seconds not counted), cycling over the
given paths; it reports requests per second, latency percentiles and the status codes.

    python benchmarks/http_load.py http://127.0.0.1:8000 /rankings/ /rankings/county/130123/ -c 16 -t 10

Used by benchmarks/bench_publication_day.py; also usable on its own against any server on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self, label: str) -> str:
        median = statistics.median(self.latencies) * 1000 if self.latencies else float("nan")
        codes = " ".join(f"{k}×{v}" for k, v in sorted(self.statuses.items()))
        return (
            f"{label} {self.rate:8.0f} req/s   median {median:6.1f} ms   p95 {self.percentile(0.95) * 1000:6.1f} ms"
            f"   p99 {self.percentile(0.99) * 1000:6.1f} ms   [{codes}{f' errors×{self.errors}' if self.errors else ''}]"
        )


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """The status and whether the server keeps the connection open (gunicorn's sync workers close it)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, chunked, keep_alive = 0, False, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and "close" in value.lower():
            keep_alive = False
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep_alive


async def _worker(host, port, requests, deadline, counted_from, result: LoadResult, offset: int) -> None:
    reader = writer = None
    i = offset
    while time.perf_counter() < deadline:
        request = requests[i % len(requests)]
        i += 1
        start = time.perf_counter()  # a new connection's set-up counts: a browser pays it too
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            status, keep_alive = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            if writer is not None:
                writer.close()
            writer = None
            if start >= counted_from:
                result.errors += 1
            continue
        end = time.perf_counter()
        if not keep_alive:
            writer.close()
            writer = None
        if start >= counted_from and end <= deadline:
            result.requests += 1
            result.latencies.append(end - start)
            result.statuses[status] += 1
    if writer is not None:
        writer.close()


def build_requests(
    base: str, paths: list[str], headers: dict[str, str] | None = None
) -> tuple[str, int, list[bytes]]:
    parts = urlsplit(base)
    host, port = parts.hostname, parts.port or 80
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    requests = [
        f"GET {p} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: zh-hans\r\n{extra}\r\n".encode()
        for p in paths
    ]
    return host, port, requests


async def run_load(
    base: str,
    paths: list[str],
    concurrency: int = 16,
    seconds: float = 10.0,
    warmup: float = 2.0,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    host, port, requests = build_requests(base, paths, headers)
    result = LoadResult()
    start = time.perf_counter()
    counted_from = start + warmup
    deadline = counted_from + seconds
    await asyncio.gather(
        *(_worker(host, port, requests, deadline, counted_from, result, n) for n in range(concurrency))
    )
    result.seconds = seconds
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-c", "--concurrency", type=int, default=16)
    parser.add_argument("-t", "--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--cookie", default="")
    args = parser.parse_args()
    headers = {"Cookie": args.cookie} if args.cookie else None
    result = asyncio.run(
        run_load(args.base, args.paths, args.concurrency, args.seconds, args.warmup, headers)
    )
    print(result.line(" ".join(args.paths)[:34]))


if __name__ == "__main__":
    main()
