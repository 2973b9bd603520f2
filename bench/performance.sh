#!/usr/bin/env bash
# Regenerates every figure of docs/performance.md and its chart, in one run on this machine:
#   - fan-out: N empty tenant databases × M steps, Ledger against the floor (a hand-written in-process loop),
#     a sqlite3 CLI loop, dbmate and sqitch loops; apply from empty and the no-op second run; N = 100, 1,000, 10,000
#   - PostgreSQL fan-out: 1,000 tenant schemas × M steps on a private durable server, Ledger against the Npgsql floor
#     and a dbmate loop; the no-op also over 10,000 schemas (bench/Ledger.Bench pg-fanout; needs PostgreSQL's server
#     binaries, Debian's postgresql package)
#   - lint/parse scaling: 1,000 … 10,000-version ledgers (bench/lint-scaling.sh)
#   - the chart: docs/performance-chart.svg
#
# usage: bench/performance.sh   env: RUNS=3 RATIO_RUNS=12 GROWTH_RUNS=3 STEPS=5 OUT=bench-results SQITCH_TENANTS=50 SKIP_LINT=0 SIZES="100 1000" SKIP_PG=0 PG_RUNS=3
# Installs the peers it needs when missing: sqlite3, sqitch, libdbd-sqlite3-perl (Debian packages; needs root)
# and dbmate (npm, into bench/.tools). Takes about 45 minutes on 2 cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
runs="${RUNS:-3}"
steps="${STEPS:-5}"
out="${OUT:-$repo/bench-results}"
sizes="${SIZES:-100 1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# --- peers -------------------------------------------------------------------------------------------------
if ! command -v sqlite3 >/dev/null || ! command -v sqitch >/dev/null || ! perl -MDBD::SQLite -e1 2>/dev/null; then
  echo "installing sqlite3, sqitch and libdbd-sqlite3-perl…" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 sqitch libdbd-sqlite3-perl >/dev/null
fi
dbmate="$(ls "$here"/.tools/node_modules/@dbmate/linux-*/bin/dbmate 2>/dev/null | head -n 1 || true)"
if [[ -z "$dbmate" ]]; then
  echo "installing dbmate (npm)…" >&2
  mkdir -p "$here/.tools"
  (cd "$here/.tools" && npm install --silent --no-audit --no-fund --prefix . dbmate@2 >/dev/null)
  dbmate="$(ls "$here"/.tools/node_modules/@dbmate/linux-*/bin/dbmate | head -n 1)"
fi

# --- build: the tool as users get it (published, ReadyToRun for this machine) ------------------------------
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
dotnet build -c Release "$repo/bench/Ledger.Bench" -v q -nologo >/dev/null
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishAot=false "$repo/src/Ledger.Cli" -o "$work/ledger" -v q -nologo >/dev/null
bench="$repo/bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll"

{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), .NET $(dotnet --version)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)   commit: $(git -C "$repo" rev-parse --short HEAD)"
  echo "peers: $(sqlite3 --version | cut -d' ' -f1), dbmate $("$dbmate" --version | awk '{print $3}'), $(sqitch --version)"
} | tee "$out/machine.txt"

# --- fan-out -----------------------------------------------------------------------------------------------
for n in $sizes; do
  dotnet "$bench" fanout --ledger-dll "$work/ledger/ledger.dll" --tenants "$n" --steps "$steps" --runs "$runs" \
    --sqlite3 "$(command -v sqlite3)" --dbmate "$dbmate" --sqitch "$(command -v sqitch)" --sqitch-tenants "${SQITCH_TENANTS:-50}" \
    --out "$out/fanout-$n.json"
done
# The two narrow targets (default ≤ 0.95× and --parallel 1 ≤ 1.1× the floor) once more, in more rounds of only the
# floor, the floor with the required checks and Ledger: a round takes under a minute, so each round's ratio compares
# runs seconds apart.
dotnet "$bench" fanout --ledger-dll "$work/ledger/ledger.dll" --tenants 1000 --steps "$steps" --runs "${RATIO_RUNS:-12}" \
  --only "floor,floor + required checks,ledger,ledger --parallel 1" --out "$out/ratios-1000.json"
# Growth and memory at 10,000 tenants: the floor and Ledger only (the peers would take an hour). Each round runs
# 1,000 and 10,000 tenants, so that the growth is a ratio of runs minutes apart, not of runs half an hour apart on a
# disk whose speed drifts; out/growth/growth.md holds it, and its 10,000-tenant results join the chart.
dotnet "$bench" fanout --ledger-dll "$work/ledger/ledger.dll" --tenants 1000,10000 --steps "$steps" --runs "${GROWTH_RUNS:-3}" \
  --only "floor,ledger,ledger --transaction per-database" --out "$out/growth/fanout-{n}.json"
cp "$out/growth/fanout-10000.json" "$out/fanout-10000.json"
dotnet "$bench" chart --out "$repo/docs/performance-chart.svg" --results "$out"

# --- PostgreSQL fan-out ------------------------------------------------------------------------------------
if [[ "${SKIP_PG:-0}" != 1 ]]; then
  dotnet "$bench" pg-fanout --ledger-dll "$work/ledger/ledger.dll" --tenants 1000 --steps "$steps" --runs "${PG_RUNS:-3}" \
    --noop-tenants 10000 --dbmate "$dbmate" --dbmate-tenants 200 --out "$out/pg-fanout.json"
fi

# --- lint / parse ------------------------------------------------------------------------------------------
if [[ "${SKIP_LINT:-0}" != 1 ]]; then
  "$here/lint-scaling.sh" "$runs" | tee "$out/lint-scaling.txt"
fi
echo "figures in $out; chart in docs/performance-chart.svg" >&2
