#!/usr/bin/env bash
# Chaos check (docs/reliability.md): a `fakeai profile` run against a server that injects every fault type at RATE
# each (default 0.05) and is killed (SIGKILL) once the run has recorded KILL_AT requests, then restarted on the same
# port 3 s later. Prints the run's exit code and its accounting: requests sent = successes + errors, errors by type.
#   benchmarks/reliability/chaos.sh [RATE] [REQUESTS] [KILL_AT]
set -euo pipefail
cd "$(dirname "$0")/../.."
rate="${1:-0.05}"; requests="${2:-2000}"; kill_at="${3:-300}"
port=18931
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/FakeAI.Cli -c Release -v q -nologo >/dev/null
fakeai=(dotnet src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll)
work=$(mktemp -d)
types=(429 500 503 400 401 timeout disconnect stream-error stall truncated-json)
rates=$(printf "%s=$rate," "${types[@]}"); rates=${rates%,}
server_flags=(server --port "$port" --ttft 5 --itl 1 --fault-rates "$rates" --fault-stall-seconds 1 --fault-max-hold 30 --fault-seed 7)
cleanup() { kill -9 "${server:-}" "${profile:-}" 2>/dev/null || true; [[ -n "${KEEP:-}" ]] || rm -rf "$work"; }
trap cleanup EXIT
wait_listening() { for _ in $(seq 1 300); do grep -q "http://" "$1" 2>/dev/null && return; sleep 0.1; done; echo "server did not start" >&2; exit 1; }

echo "# $(date -u +%FT%TZ) $(nproc) cores; $(uptime)"
echo "# faults: $rates"
"${fakeai[@]}" "${server_flags[@]}" >"$work/server1.log" 2>&1 & server=$!
wait_listening "$work/server1.log"
"${fakeai[@]}" profile -m m --url "http://127.0.0.1:$port" --streaming --request-rate 100 --request-rate-mode constant \
  --request-count "$requests" --osl 20 --isl 50 --request-timeout-seconds 5 --ui none --artifact-dir "$work/run" \
  >"$work/profile.log" 2>&1 & profile=$!
records="$work/run/profile_export.jsonl"
until [[ -f $records ]] && (( $(wc -l <"$records") >= kill_at )); do sleep 0.05; done
kill -9 "$server"; wait "$server" 2>/dev/null || true
echo "server 1 killed after $(wc -l <"$records") records; restarting in 3 s"
sleep 3
"${fakeai[@]}" "${server_flags[@]}" >"$work/server2.log" 2>&1 & server=$!
set +e; wait "$profile"; code=$?; set -e
echo "profile exit code: $code"
grep -E "^error:|Request Count|Error Request Count|stopped|paused" "$work/profile.log" | head -8 || true
jq -rs --argjson sent "$requests" '
  (map(select(.error == null)) | length) as $ok | (map(select(.error != null)) | length) as $err
  | "records \(length) (requests sent \($sent)); succeeded \($ok); errors \($err); successes + errors = \($ok + $err)",
    (map(select(.error != null) | "\(.error.code // "-") \(.error.type)") | group_by(.) | map("  \(length) × \(.[0])") | .[])' "$records"
echo "# $(uptime)"; [[ -z "${KEEP:-}" ]] || echo "# kept: $work"
