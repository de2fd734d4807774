#!/usr/bin/env bash
# Macro benchmarks of `fakeai server` on loopback (see docs/PERFORMANCE.md). Bounded: every step stops by itself.
#   benchmarks/macro.sh [all|throughput|streaming|accuracy|floor|memory]
# Results are printed; copy them into docs/PERFORMANCE.md together with `uptime` (other load skews every number).
set -euo pipefail
cd "$(dirname "$0")/.."
step="${1:-all}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v wrk >/dev/null || ! command -v hey >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk hey
fi

dotnet build src/FakeAI.Cli -c Release -v q -nologo >/dev/null
dotnet build benchmarks/HelloBaseline -c Release -v q -nologo >/dev/null
dotnet build benchmarks/FakeAI.LoadTool -c Release -v q -nologo >/dev/null
dotnet build benchmarks/SseFloor -c Release -v q -nologo >/dev/null
FAKEAI="dotnet src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" -X "${2:-GET}" -H 'Content-Type: application/json' -d "${3:-}" && return 0; sleep 0.2; done; echo "server at $1 did not come up" >&2; exit 1; }

start_fakeai() { # port, extra flags...
  local port=$1; shift
  $FAKEAI server --port "$port" "$@" >/dev/null 2>&1 & PIDS+=($!)
  wait_for "http://127.0.0.1:$port/health"
}

post_lua() { # body -> path of a wrk script that POSTs it
  local f; f=$(mktemp --suffix=.lua)
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$1" >"$f"
  echo "$f"
}

CHAT16='{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Hello, how are you?"}],"max_tokens":16}'
STREAM100='{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Hello, how are you?"}],"max_tokens":100,"stream":true}'

echo "# $(date -u +%FT%TZ) $(nproc) cores; $(uptime)"

if [[ $step == all || $step == throughput ]]; then
  dotnet benchmarks/HelloBaseline/bin/Release/net10.0/HelloBaseline.dll 18100 >/dev/null 2>&1 & PIDS+=($!)
  wait_for http://127.0.0.1:18100/v1/chat/completions POST '{}'
  start_fakeai 18101 --ttft 0 --itl 0
  lua=$(post_lua "$CHAT16")
  for target in 18100 18101; do wrk -t2 -c64 -d5s -s "$lua" "http://127.0.0.1:$target/v1/chat/completions" >/dev/null; done # warm-up
  echo "## hello-world baseline (fixed JSON), wrk -t2 -c64 -d15s"
  wrk -t2 -c64 -d15s -s "$lua" http://127.0.0.1:18100/v1/chat/completions | grep -E 'Requests/sec|Latency|requests in|Non-2xx'
  echo "## fakeai non-streaming chat, 16 tokens, --ttft 0 --itl 0, wrk -t2 -c64 -d15s"
  wrk -t2 -c64 -d15s -s "$lua" http://127.0.0.1:18101/v1/chat/completions | grep -E 'Requests/sec|Latency|requests in|Non-2xx'
  cleanup; PIDS=()
fi

if [[ $step == all || $step == streaming ]]; then
  start_fakeai 18102 --ttft 0 --itl 0
  lua=$(post_lua "$STREAM100")
  wrk -t2 -c64 -d5s -s "$lua" http://127.0.0.1:18102/v1/chat/completions >/dev/null
  echo "## fakeai streaming chat, 100 tokens per response, --itl 0, wrk -t2 -c64 -d15s (tokens/s = req/s x 100)"
  wrk -t2 -c64 -d15s -s "$lua" http://127.0.0.1:18102/v1/chat/completions | grep -E 'Requests/sec|Latency|requests in|Non-2xx'
  cleanup; PIDS=()
fi

if [[ $step == all || $step == accuracy ]]; then
  start_fakeai 18103 --ttft 100 --itl 10
  echo "## latency accuracy: --ttft 100 --itl 10, 1000 concurrent 100-token streams, 20 s, client-observed"
  # The client reads each event on the socket thread that received it (no thread-pool hop): less CPU taken from the server.
  # It is fakeai profile's own HTTP/1.1 client; append "httpclient" to the load tool's arguments to time through HttpClient,
  # or "epoll" for its one-thread epoll client (the least CPU taken from the server).
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet benchmarks/FakeAI.LoadTool/bin/Release/net10.0/FakeAI.LoadTool.dll http://127.0.0.1:18103 1000 100 20 1100
  echo "server-side (from /metrics, all streams incl. ramp-up):"
  curl -s http://127.0.0.1:18103/metrics | awk '/^vllm:(time_to_first_token|inter_token_latency)_seconds_(sum|count)/ {split($1,n,"{"); v[n[1]]=$2}
    END {printf "  ttft_mean_ms=%.3f itl_mean_ms=%.3f\n", 1000*v["vllm:time_to_first_token_seconds_sum"]/v["vllm:time_to_first_token_seconds_count"], 1000*v["vllm:inter_token_latency_seconds_sum"]/v["vllm:inter_token_latency_seconds_count"]}'
  cleanup; PIDS=()
fi

if [[ $step == all || $step == floor ]]; then
  # The same load against a frameworkless streamer (raw sockets, one sending thread): what these two cores allow at all.
  dotnet benchmarks/SseFloor/bin/Release/net10.0/SseFloor.dll 18105 100 10 >/dev/null 2>&1 & PIDS+=($!)
  sleep 1.5
  echo "## floor: SseFloor --ttft 100 --itl 10, 1000 concurrent 100-token streams, 20 s, client-observed"
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet benchmarks/FakeAI.LoadTool/bin/Release/net10.0/FakeAI.LoadTool.dll http://127.0.0.1:18105 1000 100 20 1100
  cleanup; PIDS=()
fi

if [[ $step == all || $step == memory ]]; then
  start_fakeai 18104 --ttft 0 --itl 0
  pid=${PIDS[-1]}
  echo "## RSS before load: $(grep VmRSS /proc/"$pid"/status)"
  echo "## 100,000 non-streaming requests (hey -n 100000 -c 50)"
  hey -n 100000 -c 50 -m POST -T application/json -d "$CHAT16" http://127.0.0.1:18104/v1/chat/completions | grep -E -A4 'Requests/sec|Status code|Error distribution'
  curl -s http://127.0.0.1:18104/metrics | grep -E '^process_resident_memory_bytes|^dotnet_total_memory_bytes'
  grep VmRSS /proc/"$pid"/status
  cleanup; PIDS=()
fi
