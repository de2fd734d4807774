#!/usr/bin/env python3
"""Replays the two server findings of the fuzz run (docs/reliability.md, "Fuzz run") against a running fakeai server.

  python3 benchmarks/reliability/fuzz-findings.py http://127.0.0.1:8000 long-word      # tokenization time per request
  python3 benchmarks/reliability/fuzz-findings.py http://127.0.0.1:8000 model-labels   # /metrics size, RSS, then a 500

Use a throwaway server (`fakeai server --port 8000 --ttft 0 --itl 0`): model-labels leaves it with several GB resident
and a /metrics endpoint that answers 500 until it restarts.
"""
import json
import sys
import time
import urllib.error
import urllib.request


def post(base, path, body, timeout=600):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, time.time() - started
    except urllib.error.HTTPError as error:
        return error.code, time.time() - started


def metrics(base):
    started = time.time()
    try:
        with urllib.request.urlopen(base + "/metrics", timeout=600) as response:
            body = response.read()
            rss = next((line.split()[1].decode() for line in body.split(b"\n") if line.startswith(b"process_resident_memory_bytes ")), "?")
            return response.status, len(body), int(float(rss)) // 1048576 if rss != "?" else "?", time.time() - started
    except urllib.error.HTTPError as error:
        return error.code, 0, "?", time.time() - started


def long_word(base):
    # One pre-tokenizer piece of n characters: BPE merging costs about n^2 (doubling n quadruples the time).
    for n in (10_000, 20_000, 40_000, 80_000, 160_000):
        body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "a" * n}], "max_tokens": 2}
        status, seconds = post(base, "/v1/chat/completions", body)
        print(f"chat, one {n:,}-character word: status {status}, {seconds:.2f} s", flush=True)


def model_labels(base):
    # Every distinct model name becomes a label value of seven metric families (histogram buckets included), kept for the
    # life of the process: /metrics grows by about 80 times the name's length per name; at about 2 GB it answers 500
    # (seen after 130 names of 216 KB; the export is buffered in one MemoryStream, whose limit is 2 GB: likely, not confirmed).
    for i in range(130):
        body = {"model": f"m{i} " + "lorem ipsum dolor " * 12_000, "messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}
        status, _ = post(base, "/v1/chat/completions", body)
        if i < 8 or i % 20 == 0 or i == 129:
            code, size, rss, seconds = metrics(base)
            print(f"after {i + 1} names: chat {status}; /metrics {code}, {size:,} bytes in {seconds:.1f} s; resident {rss} MB", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in ("long-word", "model-labels"):
        sys.exit(__doc__)
    {"long-word": long_word, "model-labels": model_labels}[sys.argv[2]](sys.argv[1].rstrip("/"))
