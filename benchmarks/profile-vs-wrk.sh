#!/usr/bin/env bash
# fakeai profile's maximum non-streaming rate vs wrk against the same `fakeai server --ttft 0 --itl 0` endpoint with the
# same body, alternated in one session so both see the same machine load (see docs/PERFORMANCE.md).
#   benchmarks/profile-vs-wrk.sh [ROUNDS] [REQUESTS]      (defaults: 4 rounds, 100000 profile requests, wrk 8 s)
# Prints one line per run with the load average, then the median ratio. Extra environment for the profile process can
# be passed in PROFILE_ENV (e.g. PROFILE_ENV="DOTNET_gcServer=0").
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-4}"; requests="${2:-100000}"; port=18191
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
dotnet build src/FakeAI.Cli -c Release -v q -nologo >/dev/null
FAKEAI="dotnet src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll"
work=$(mktemp -d)
$FAKEAI server --port $port --ttft 0 --itl 0 >/dev/null 2>&1 & server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:$port/health && break; sleep 0.2; done

profile() {
  env ${PROFILE_ENV:-} $FAKEAI profile -m m --url http://127.0.0.1:$port --concurrency 64 --request-count "$1" \
    --output-tokens-mean 16 --synthetic-input-tokens-mean 32 --random-seed 7 --ui none --artifact-dir "$work/p" \
    | awk -F'│' '/Request Throughput/ {gsub(/[ ,]/, "", $3); print $3}'
}
# Warms the server up with both clients' requests (its JIT tiers up per code path, and profile's requests carry more
# headers than wrk's), and takes the body profile sends (first dataset entry) for wrk.
profile 30000 >/dev/null
python3 - "$work" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/p/inputs.json"))
body = json.dumps(d["data"][0]["payloads"][0], separators=(",", ":"))
open(sys.argv[1] + "/post.lua", "w").write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' % body)
PY
wrk -t2 -c64 -d5s -s "$work/post.lua" http://127.0.0.1:$port/v1/chat/completions >/dev/null
echo "# $(date -u +%FT%TZ) $(nproc) cores"
ratios=()
for r in $(seq 1 "$rounds"); do
  l1=$(cut -d' ' -f1 /proc/loadavg); p=$(profile "$requests")
  l2=$(cut -d' ' -f1 /proc/loadavg); w=$(wrk -t2 -c64 -d8s -s "$work/post.lua" http://127.0.0.1:$port/v1/chat/completions | awk '/Requests\/sec/ {print $2}')
  ratio=$(python3 -c "print(f'{100*$p/$w:.1f}')")
  ratios+=("$ratio")
  echo "round $r: profile $p req/s (load $l1) | wrk $w req/s (load $l2) | ratio $ratio %"
done
echo "median ratio: $(printf '%s\n' "${ratios[@]}" | sort -n | python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.stdin))") %"
