#!/usr/bin/env bash
# Cold start (docs/PERFORMANCE.md): how exact the first requests after a fresh start are. Bounded; a few minutes.
#   benchmarks/cold-start.sh [RUNS] [server|embedded|all]
# 1. server:   RUNS fresh `fakeai server --ttft 100 --itl 10 --no-kv-cache` processes, each hit by 100 concurrent
#              100-token streams the moment it prints that it is listening (the client warmed itself beforehand);
#              then the same with --no-warmup for comparison.
# 2. embedded: RUNS times the README's first command (client and server in one fresh process): TTFT p50/max of its
#              first 100 requests, then 20 requests at the default 20 ms TTFT with the KV cache off (max TTFT).
# Copy the figures into docs/PERFORMANCE.md together with the `uptime` line (other load skews every number).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
step="${2:-all}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/FakeAI.Cli -c Release -v q -nologo >/dev/null
dotnet build benchmarks/FakeAI.LoadTool -c Release -v q -nologo >/dev/null
FAKEAI=src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll
LOADTOOL=benchmarks/FakeAI.LoadTool/bin/Release/net10.0/FakeAI.LoadTool.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# p50 and max TTFT (ms) of the first N requests (by start time) of a profile_export.jsonl
first_ttft() { jq -rs --argjson n "$2" 'map(select(.metadata.benchmark_phase == "profiling")) | sort_by(.metadata.request_start_ns) | .[:$n]
  | map(.metrics.time_to_first_token.value) | sort | "p50=\(.[((length - 1) / 2 | floor)] * 100 | round / 100) max=\(.[-1] * 100 | round / 100) (n=\(length))"' "$1"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores; $(uptime)"
if [[ $step == all || $step == server ]]; then
  echo "## fakeai server, fresh process, 100 concurrent streams as soon as it is listening"
  dotnet "$LOADTOOL" coldstart "$FAKEAI" "$runs" 100 --ttft 100 --itl 10 --no-kv-cache
  echo "## the same with --no-warmup"
  dotnet "$LOADTOOL" coldstart "$FAKEAI" "$runs" 100 --ttft 100 --itl 10 --no-kv-cache --no-warmup
fi

if [[ $step == all || $step == embedded ]]; then
  echo "## embedded: README quick start (profile --streaming --concurrency 100 --request-count 2000 --ttft 100 --itl 10), first 100 requests"
  for i in $(seq 1 "$runs"); do
    dotnet "$FAKEAI" profile --model openai/gpt-oss-120b --streaming --concurrency 100 --request-count 2000 --ttft 100 --itl 10 \
      --output-tokens-mean 100 --ui none --artifact-dir "$work/readme$i" >/dev/null
    echo "run $i: ttft_ms first 100: $(first_ttft "$work/readme$i/profile_export.jsonl" 100); all 2000: $(first_ttft "$work/readme$i/profile_export.jsonl" 2000)"
  done
  echo "## embedded: 20 streaming requests at the defaults (TTFT 20 ms), KV cache off"
  for i in $(seq 1 "$runs"); do
    dotnet "$FAKEAI" profile --model openai/gpt-oss-120b --streaming --request-count 20 --no-kv-cache --ui none --artifact-dir "$work/small$i" >/dev/null
    echo "run $i: ttft_ms $(first_ttft "$work/small$i/profile_export.jsonl" 20)"
  done
fi
