#!/usr/bin/env bash
# How `ledger lint` scales with the size of the ledger: generates ledgers of 1,000 / 2,000 / 5,000 / 10,000
# versions and times the whole `ledger lint` process, without and with the SQL check, plus Core's in-process
# load (bench measure-parse) for comparison. Target: the whole process under 1 s for 10,000 versions.
#
# usage: bench/lint-scaling.sh [RUNS]          (RUNS: timed runs per case, median reported; default 3)
# env:   SIZES="1000 2000 5000 10000"  SQL_SIZES="1000 2000 5000" (sizes also timed with the SQL check)  SQL_RUNS=1
#        WORK=/tmp/ledger-scaling  SEED=42
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
runs="${1:-3}"
sizes="${SIZES:-1000 2000 5000 10000}"
work="${WORK:-/tmp/ledger-scaling}"
seed="${SEED:-42}"
mkdir -p "$work"

echo "building (Release)…" >&2
dotnet build -c Release "$repo/bench/Ledger.Bench" -v q -nologo >/dev/null
# Published as users get it: ReadyToRun for this machine's runtime identifier.
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishAot=false "$repo/src/Ledger.Cli" -o "$work/ledger" -v q -nologo >/dev/null
bench="$repo/bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll"
ledger="$work/ledger/ledger.dll"

# Median wall time in seconds of running "$@" $runs times; prints "-" when the command fails.
median_seconds() {
  local times=() start end status
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s.%N)
    set +e; "$@" >/dev/null 2>&1; status=$?; set -e
    end=$(date +%s.%N)
    # lint exits 1 on findings that are errors; only usage/IO failures (2) or crashes mean the verb did not run.
    if ((status >= 2)); then echo "-"; return; fi
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'
}

# The verb is there when it fails a ledger with no blocks (LDG021) with exit code 1, as docs/lint-rules.md says.
printf '# No blocks here\n' >"$work/probe.md"
lint_available=0
set +e; dotnet "$ledger" lint --ledger "$work/probe.md" --no-sql-check >/dev/null 2>&1; [[ $? -eq 1 ]] && lint_available=1; set -e
((lint_available)) || echo "note: this build of ledger has no working 'lint' verb yet; lint columns show '-'" >&2

printf '%-9s %-6s %-20s %-18s %s\n' versions size "lint --no-sql-check" "lint (sql check)" "in-process load (measure-parse)"
for n in $sizes; do
  file="$work/ledger-$n.md"
  [[ -f "$file" ]] || dotnet "$bench" generate --versions "$n" --seed "$seed" --out "$file" >/dev/null
  size="$(du -h "$file" | cut -f1)"
  if ((lint_available)); then
    fast="$(median_seconds dotnet "$ledger" lint --ledger "$file" --no-sql-check) s"
    # The SQL check is dominated by SQLite re-checking the whole schema on every ALTER TABLE (quadratic in the
    # number of versions of a schema-heavy ledger): timed SQL_RUNS times (default once).
    if [[ " ${SQL_SIZES:-1000 2000 5000} " == *" $n "* ]]; then
      full="$(runs="${SQL_RUNS:-1}" median_seconds dotnet "$ledger" lint --ledger "$file") s"
    else
      full="not run"   # 10,000 versions of schema changes take SQLite over ten minutes (see docs/performance.md)
    fi
  else
    fast="-"; full="-"
  fi
  inproc="$(dotnet "$bench" measure-parse --ledger "$file" --iterations 5 --warmup 1 | grep -m1 '^first load [0-9]' | sed 's/ over.*//')"
  printf '%-9s %-6s %-20s %-18s %s\n' "$n" "$size" "$fast" "$full" "$inproc"
done
