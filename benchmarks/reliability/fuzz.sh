#!/usr/bin/env bash
# Timed fuzz run of `fakeai server` (benchmarks/FakeAI.Fuzz). Builds the CLI and the fuzzer in Release, starts a server on
# a free port and sends mutated requests for SECONDS (default 300). Result: fuzz-results/summary.md; every 5xx and
# unexpected connection error as a replayable request in fuzz-results/findings/. Extra arguments go to the fuzzer.
# Exit code: 0 clean, 1 findings, 2 bad arguments, 3 the server did not answer a normal request before the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/FakeAI.Cli -c Release -v quiet -nologo
dotnet build benchmarks/FakeAI.Fuzz -c Release -v quiet -nologo
exec dotnet benchmarks/FakeAI.Fuzz/bin/Release/net10.0/FakeAI.Fuzz.dll --seconds "${SECONDS_TO_RUN:-300}" --seed "${SEED:-1}" \
  --fakeai src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll --output fuzz-results "$@"
