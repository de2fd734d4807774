#!/usr/bin/env bash
# The batching engine at scale over HTTP (docs/PERFORMANCE.md, "Engine: scale and cost"): a fresh `fakeai server` per
# run, SEQUENCES concurrent streaming requests from the one-thread epoll load tool on 127.0.0.1, and over a window after
# the ramp-up: the server's CPU seconds (utime + stime from /proc/PID/stat) per generated token, and (batching) the step
# lateness from fakeai_engine_step_lateness_seconds (window only) and GET /engine/metrics (whole run).
#   benchmarks/engine-scale.sh batching|delay|inprocess [more modes…]
# Environment (defaults in brackets): SEQUENCES [10000] WORKERS [8] MAX_NUM_SEQS [2048] OUTPUT [50] TTFT [500] ITL [200]
#   DELAY_ITL [= the engine's mean step measured by the last batching run, else ITL] WARMUP [40] WINDOW [30] PORT [18900]
# `delay` runs the delay line at the same concurrency with --itl DELAY_ITL, so both send tokens at about the same rate.
# `inprocess` runs the engine and the delay line without HTTP (FakeAI.LoadTool engine …), same settings and output.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SEQUENCES=${SEQUENCES:-10000} WORKERS=${WORKERS:-8} MAX_NUM_SEQS=${MAX_NUM_SEQS:-2048} OUTPUT=${OUTPUT:-50}
TTFT=${TTFT:-500} ITL=${ITL:-200} WARMUP=${WARMUP:-40} WINDOW=${WINDOW:-30} PORT=${PORT:-18900}
ulimit -n 20000

dotnet build src/FakeAI.Cli -c Release -v q -nologo >/dev/null
dotnet build benchmarks/FakeAI.LoadTool -c Release -v q -nologo >/dev/null
FAKEAI="dotnet src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll"
LOADTOOL="dotnet benchmarks/FakeAI.LoadTool/bin/Release/net10.0/FakeAI.LoadTool.dll"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
url="http://127.0.0.1:$PORT"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, in clock ticks
tokens() { curl -s "$url/metrics" | awk '/^vllm:generation_tokens_total/ {s += $2} END {printf "%d", s}'; }
lateness_buckets() { curl -s "$url/metrics" | grep '^fakeai_engine_step_lateness_seconds_bucket' || true; }
steps() { curl -s "$url/engine/metrics" | python3 -c 'import json,sys; print(sum(w["steps_total"] for w in json.load(sys.stdin)["workers"]))'; }

run_http() { # engine, itl
  local engine=$1 itl=$2 pid stream_ms
  # A lone stream's length, to spread the load tool's first requests over (its ramp-up is twice that).
  stream_ms=$(python3 -c "print(int($TTFT + $OUTPUT * $itl))")
  $FAKEAI server --port "$PORT" --engine "$engine" --kv-workers "$WORKERS" --max-num-seqs "$MAX_NUM_SEQS" \
    --kv-capacity-blocks 65536 --no-kv-cache --ttft "$TTFT" --itl "$itl" >/dev/null 2>&1 & pid=$!; PIDS+=($pid)
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$url/health" && break; sleep 0.2; done
  echo "## $engine: $SEQUENCES streams x $OUTPUT tokens, --kv-workers $WORKERS --max-num-seqs $MAX_NUM_SEQS --ttft $TTFT --itl $itl; window ${WINDOW} s after ${WARMUP} s"
  echo "   $(uptime)"
  $LOADTOOL "$url" "$SEQUENCES" "$OUTPUT" "$((WARMUP + WINDOW + 5))" "$stream_ms" epoll >/tmp/engine-scale-client.txt 2>&1 & local client=$!; PIDS+=($client)
  sleep "$WARMUP"
  local c0 t0 s0 b0 c1 t1 s1 b1 hz
  c0=$(cpu_ticks "$pid"); t0=$(tokens); b0=$(lateness_buckets); [ "$engine" = batching ] && s0=$(steps)
  local w0; w0=$(date +%s.%N)
  sleep "$WINDOW"
  c1=$(cpu_ticks "$pid"); t1=$(tokens); b1=$(lateness_buckets); [ "$engine" = batching ] && s1=$(steps)
  local w1; w1=$(date +%s.%N)
  hz=$(getconf CLK_TCK)
  python3 - "$c0" "$c1" "$t0" "$t1" "$hz" "$w0" "$w1" <<'PY'
import sys
c0, c1, t0, t1, hz, w0, w1 = map(float, sys.argv[1:])
cpu, tok, wall = (c1 - c0) / hz, t1 - t0, w1 - w0
print(f"   server: tokens={tok:.0f} tokens_per_s={tok / wall:.0f} cpu_s={cpu:.2f} cpu_cores={cpu / wall:.2f} cpu_us_per_token={cpu * 1e6 / tok:.2f}")
PY
  if [ "$engine" = batching ]; then
    DELAY_ITL_MEASURED=$(python3 -c "print(round($WORKERS * ($w1 - $w0) * 1000 / ($s1 - $s0), 1))")
    echo "   engine: steps=$((s1 - s0)) mean_step_ms=$DELAY_ITL_MEASURED"
    python3 - <(echo "$b0") <(echo "$b1") <<'PY'
import re, sys
def read(path):
    out = {}
    for line in open(path):
        m = re.match(r'fakeai_engine_step_lateness_seconds_bucket\{worker="([^"]+)",le="([^"]+)"\} (\S+)', line)
        if m:
            out[(m[1], float(m[2]))] = float(m[3])
    return out
b0, b1 = read(sys.argv[1]), read(sys.argv[2])
bounds = sorted({le for _, le in b1})
total = {le: sum(b1[k] - b0.get(k, 0) for k in b1 if k[1] == le) for le in bounds}
n = total[bounds[-1]]
def pct(q):
    for le in bounds:
        if total[le] >= q * n:
            return f"<= {le * 1000:g} ms"
    return "> last bucket"
print(f"   step lateness in the window (all workers, histogram buckets): steps={n:.0f} p50 {pct(0.5)}, p99 {pct(0.99)}; "
      f"within 1 ms: {100 * total[0.001] / n:.2f} %")
PY
    curl -s "$url/engine/metrics" | python3 -c 'import json,sys
w = json.load(sys.stdin)["workers"]
print("   step lateness, whole run incl. ramp-up (GET /engine/metrics): p50 max over workers %.3f ms, p99 %.3f–%.3f ms, max %.3f ms"
      % (max(x["step_lateness"]["p50_ms"] for x in w), min(x["step_lateness"]["p99_ms"] for x in w),
         max(x["step_lateness"]["p99_ms"] for x in w), max(x["step_lateness"]["max_ms"] for x in w)))
print("   running per worker: %s; waiting: %s" % ([x["running"] for x in w], [x["waiting"] for x in w]))'
  fi
  wait "$client" || true
  echo "   client: $(tr '\n' ' ' </tmp/engine-scale-client.txt)"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

modes=("$@"); [ ${#modes[@]} -gt 0 ] || modes=(batching delay)
for mode in "${modes[@]}"; do
  case $mode in
    batching) run_http batching "$ITL" ;;
    delay) run_http delay "${DELAY_ITL:-${DELAY_ITL_MEASURED:-$ITL}}" ;;
    inprocess)
      echo "## in-process (no HTTP): $(uptime)"
      $LOADTOOL engine batching "$SEQUENCES" "$WORKERS" 20 "$OUTPUT" "$WARMUP" "$WINDOW" "$TTFT" "$ITL" "$MAX_NUM_SEQS"
      $LOADTOOL engine delay "$SEQUENCES" "$WORKERS" 20 "$OUTPUT" "$WARMUP" "$WINDOW" "$TTFT" "${DELAY_ITL:-$ITL}" "$MAX_NUM_SEQS" ;;
    *) echo "unknown mode $mode (batching, delay, inprocess)" >&2; exit 2 ;;
  esac
done
