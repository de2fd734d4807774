#!/usr/bin/env python3
"""Arrival-gap recorder: a minimal HTTP/1.1 keep-alive server that answers every POST with a tiny non-streaming chat
completion and records the instant each request's bytes arrive. On Ctrl+C / SIGTERM (or after --requests arrivals) it
prints the count, the mean gap and the gaps' coefficient of variation (std / mean), skipping the first --skip arrivals.
  python3 benchmarks/arrival-gaps.py PORT [--requests N] [--skip K]
Used to see how evenly `fakeai profile --request-rate R --request-rate-mode constant` arrives at a server."""
import asyncio, signal, statistics, sys, time

BODY = (b'{"id":"x","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,'
        b'"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}')
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(BODY)) + BODY
arrivals = []

async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            arrivals.append(time.perf_counter_ns())
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(RESPONSE)
            if limit and len(arrivals) >= limit:
                stop.set()
    except (asyncio.IncompleteReadError, asyncio.CancelledError, ConnectionError):
        pass
    finally:
        writer.close()

def report():
    gaps = [(b - a) / 1e6 for a, b in zip(arrivals[skip:], arrivals[skip + 1:])]
    if len(gaps) < 2:
        print(f"{len(arrivals)} arrivals: too few to measure")
        return
    mean = statistics.fmean(gaps)
    cv = statistics.pstdev(gaps) / mean
    gaps.sort()
    print(f"arrivals {len(arrivals)} (first {skip} skipped), mean gap {mean:.3f} ms, gap CV {cv:.3f}, "
          f"p1 {gaps[len(gaps) // 100]:.3f} ms, p99 {gaps[len(gaps) * 99 // 100]:.3f} ms, max {gaps[-1]:.3f} ms")

async def main(port):
    global stop
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    print(f"recording arrivals on 127.0.0.1:{port}", flush=True)
    async with server:
        await stop.wait()
    report()

args = sys.argv[1:]
port = int(args[0])
limit = int(args[args.index("--requests") + 1]) if "--requests" in args else 0
skip = int(args[args.index("--skip") + 1]) if "--skip" in args else 0
asyncio.run(main(port))
