#!/usr/bin/env bash
# Concurrency sweep of fakeai profile against the llama.cpp peer (see docs/llama-peer.md).
# Usage: benchmarks/llama-peer/sweep.sh MODEL.gguf OUT_DIR "1 2 4 8" [REQUESTS_PER_LEVEL] [ISL] [OSL] [peer serve flags…]
# Starts the peer on a free port, warms it with one request, runs one profile per concurrency level (REQUESTS_PER_LEVEL
# defaults to 16 × the level, at least 48), prints one table row per level with the load average at its start, and stops
# the peer. "decode ms" and "seqs/decode" come from the peer's /metrics over the level: the mean time inside one
# llama_decode call and the mean number of sequences in it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
model=$1 out=$2 levels=$3 per_level=${4:-0} isl=${5:-64} osl=${6:-32}
shift $(( $# < 6 ? $# : 6 ))
peer="$root/benchmarks/FakeAI.LlamaPeer/bin/Release/net10.0/FakeAI.LlamaPeer.dll"
fakeai="$root/src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll"
mkdir -p "$out"
dotnet "$peer" serve --model "$model" "$@" > "$out/peer.log" 2>&1 &
peer_pid=$!
trap 'kill $peer_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^Listening on ' "$out/peer.log" && break; sleep 0.2; done
url=$(sed -n 's/^Listening on \(http[^ ]*\) .*/\1/p' "$out/peer.log")
[ -n "$url" ] || { cat "$out/peer.log" >&2; exit 1; }
curl -sf "${url}v1/completions" -d "{\"prompt\":\"$(printf 'the %.0s' $(seq "$isl"))\",\"max_tokens\":8}" > /dev/null
printf '| concurrency | requests | TTFT p50 ms | ITL avg ms | ITL p50 ms | req/s | out tok/s | decode ms | seqs/decode | load |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for c in $levels; do
  n=$per_level; [ "$n" -gt 0 ] || n=$(( c * 16 > 48 ? c * 16 : 48 ))
  load=$(cut -d' ' -f1 /proc/loadavg)
  curl -sf "${url}metrics" > "$out/c$c.before.prom"
  dotnet "$fakeai" profile --url "$url" --model tiny --streaming --concurrency "$c" --request-count "$n" \
    --isl "$isl" --osl "$osl" --random-seed 1 --ui none --artifact-dir "$out/c$c" > "$out/c$c.log" 2>&1
  curl -sf "${url}metrics" > "$out/c$c.after.prom"
  python3 - "$out/c$c" "$c" "$n" "$load" <<'PY'
import json, sys
out, c, n, load = sys.argv[1:]
d = json.load(open(out + "/profile_export_aiperf.json"))
errors = sum(e.get("count", 0) for e in d.get("error_summary") or [])
def prom(path):
    return {k: float(v) for k, v in (l.split() for l in open(path) if l and not l.startswith("#"))}
before, after = prom(out + ".before.prom"), prom(out + ".after.prom")
calls = after["llamacpp:n_decode_total"] - before["llamacpp:n_decode_total"]
seconds = after["fakeai_peer_decode_seconds_total"] - before["fakeai_peer_decode_seconds_total"]
seqs = (after["llamacpp:n_busy_slots_per_decode"] * after["llamacpp:n_decode_total"]
        - before["llamacpp:n_busy_slots_per_decode"] * before["llamacpp:n_decode_total"])
print(f"| {c} | {n} ({errors} failed) | {d['time_to_first_token']['p50']:.1f} | {d['inter_token_latency']['avg']:.2f} "
      f"| {d['inter_token_latency']['p50']:.2f} | {d['request_throughput']['avg']:.2f} | {d['output_token_throughput']['avg']:.1f} "
      f"| {1000 * seconds / calls:.2f} | {seqs / calls:.2f} | {load} |")
PY
done
