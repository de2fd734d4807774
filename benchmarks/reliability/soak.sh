#!/usr/bin/env bash
# Soak (docs/reliability.md): a fresh `fakeai server` fed unique prompts at a steady rate for a fixed time, with the
# KV cache full and evicting; per-minute latency beside resident memory, heap, GC counts and KV usage.
#   benchmarks/reliability/soak.sh [SECONDS] [RATE] [TOKENS] [server flags…]     (defaults: 3600 20 20 --ttft 50 --itl 10)
# Runs at raised priority (nice -10, needs root) so other work on the machine disturbs the latency figures less.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-3600}"; rate="${2:-20}"; tokens="${3:-20}"
shift $(( $# < 3 ? $# : 3 ))
flags=("$@"); [[ ${#flags[@]} -gt 0 ]] || flags=(--ttft 50 --itl 10)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/FakeAI.Cli -c Release -v q -nologo >/dev/null
dotnet build benchmarks/FakeAI.LoadTool -c Release -v q -nologo >/dev/null
csv="soak-$(date -u +%Y%m%dT%H%M%SZ).csv"
echo "# $(date -u +%FT%TZ) $(nproc) cores; $(uptime)"
nice_cmd=(); [[ $(id -u) -eq 0 ]] && nice_cmd=(nice -n -10)
"${nice_cmd[@]}" dotnet benchmarks/FakeAI.LoadTool/bin/Release/net10.0/FakeAI.LoadTool.dll soak \
  src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll "$seconds" "$rate" "$tokens" "$csv" "${flags[@]}"
echo "# per-minute rows in $csv; $(uptime)"
