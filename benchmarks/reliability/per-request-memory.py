#!/usr/bin/env python3
"""Largest resident-memory increase one request can cause in `fakeai server` (see docs/reliability.md).

For each request: a fresh server (zero latency), one small warm-up request, then the request under test; the increase
is the process's peak resident set (VmHWM) after the request minus its resident set (VmRSS) just before it. Linux only;
FAKEAI_DLL overrides the server build to run.
    python3 benchmarks/reliability/per-request-memory.py
"""
import json, os, socket, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.environ.get("FAKEAI_DLL") or os.path.join(ROOT, "src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll")
PORT = 8791


def kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def post(path, body, timeout=600):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            n = 0
            while chunk := r.read(1 << 16):
                n += len(chunk)
            return r.status, n
    except urllib.error.HTTPError as e:
        return e.code, len(e.read())


def measure(name, path, body):
    server = subprocess.Popen(["dotnet", DLL, "server", "--port", str(PORT), "--ttft", "0", "--itl", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        post("/v1/chat/completions", b'{"model":"m","messages":[{"role":"user","content":"warm up"}],"max_tokens":10,"stream":true}')
        post("/v1/embeddings", b'{"model":"m","input":"warm up"}')
        time.sleep(0.5)
        before = kib(server.pid, "VmRSS")
        start = time.monotonic()
        status, size = post(path, body)
        seconds = time.monotonic() - start
        peak = kib(server.pid, "VmHWM")
        print(f"| {name} | {len(body):,} B | {status} | {size:,} B | {seconds:.1f} s | {before / 1024:.0f} MB | {(peak - before) / 1024:+.0f} MB |", flush=True)
    finally:
        server.terminate()
        server.wait()


def main():
    if not os.path.exists(DLL):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src/FakeAI.Cli"), "-c", "Release", "-v", "q", "-nologo"], check=True)
    text = lambda n: json.dumps(" ".join(["word"] * n))
    cases = [
        ("issue: 16 prompts × n 128 × max_tokens 100,000", "/v1/completions",
         json.dumps({"model": "m", "prompt": ["p"] * 16, "n": 128, "max_tokens": 100000}).encode()),
        ("issue: embeddings, 100,000 inputs", "/v1/embeddings",
         json.dumps({"model": "m", "input": ["x"] * 100000}).encode()),
        ("embeddings, 2,048 inputs × 8,192 dims, float", "/v1/embeddings",
         json.dumps({"model": "m", "dimensions": 8192, "input": [f"x{i}" for i in range(2048)]}).encode()),
        ("embeddings, 2,048 inputs × 8,192 dims, base64", "/v1/embeddings",
         json.dumps({"model": "m", "dimensions": 8192, "encoding_format": "base64", "input": [f"x{i}" for i in range(2048)]}).encode()),
        ("embeddings, 300,000 tokens of text", "/v1/embeddings",
         ('{"model":"m","input":[' + ",".join([text(146)] * 2048) + "]}").encode()),
        ("completions, 1 × 262,144 tokens, not streamed", "/v1/completions",
         json.dumps({"model": "gpt-4.1", "prompt": "p", "max_tokens": 262144}).encode()),
        ("completions, 1 × 262,144 tokens, streamed", "/v1/completions",
         json.dumps({"model": "gpt-4.1", "prompt": "p", "max_tokens": 262144, "stream": True}).encode()),
        ("chat, n 128 × 2,048 tokens, streamed", "/v1/chat/completions",
         json.dumps({"model": "m", "messages": [{"role": "user", "content": "p"}], "n": 128, "max_tokens": 2048, "stream": True}).encode()),
        ("completions, 2,048 choices × 128 tokens, not streamed", "/v1/completions",
         json.dumps({"model": "m", "prompt": ["p"] * 16, "n": 128, "max_tokens": 128}).encode()),
        ("chat, 16 MB body (context exceeded)", "/v1/chat/completions",
         ('{"model":"m","messages":[{"role":"user","content":' + text(3_300_000) + "}]}").encode()),
        ("completions, 2,000,000 token ids (context exceeded)", "/v1/completions",
         ('{"model":"m","prompt":[' + ",".join(["1"] * 2_000_000) + "]}").encode()),
    ]
    print("| Request | Body | Status | Response | Time | RSS before | Peak increase |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, path, body in cases:
        if len(sys.argv) > 1 and sys.argv[1] not in name:
            continue
        measure(name, path, body)


if __name__ == "__main__":
    main()
