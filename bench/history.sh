#!/usr/bin/env bash
# Whether Ledger's time per step grows with a database's history: one database taken through a ledger of 50,000
# steps by one `ledger apply` (a transaction per step, then --transaction per-database), on tmpfs; prints the time per
# step over the first 1,000 steps and over steps 40,001–50,000, and their ratio (docs/performance.md).
#
# usage: bench/history.sh   env: STEPS=50000 FIRST=1000 FROM=40000 DIR=/dev/shm OUT=bench-results/history.md
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
dotnet build -c Release "$repo/bench/Ledger.Bench" -v q -nologo >/dev/null
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishAot=false "$repo/src/Ledger.Cli" -o "$work/ledger" -v q -nologo >/dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)   commit: $(git -C "$repo" rev-parse --short HEAD)"
dotnet "$repo/bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll" history --ledger-dll "$work/ledger/ledger.dll" \
  --steps "${STEPS:-50000}" --first "${FIRST:-1000}" --from "${FROM:-40000}" ${DIR:+--dir "$DIR"} \
  --out "${OUT:-$repo/bench-results/history.md}"
