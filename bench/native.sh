#!/usr/bin/env bash
# Issue 20's figures: the native (Native AOT) `ledger` against the JIT (ReadyToRun) build and the floor, side by side.
#   1. size: the native executable and libe_sqlite3.so beside it
#   2. lint of a real 200-line ledger (the corpus's atuin.md, with the SQL check as `ledger lint` runs it by default):
#      native against JIT, the two run in turn each round (which goes first alternates), wall time and peak memory
#      (VmHWM, from /usr/bin/time's maximum resident set); the ratio is the median of the per-round ratios
#   3. fan-out over 200 and 1,000 tenants (bench/Ledger.Bench fanout, both counts in every round): the floor, the JIT
#      build and the native build (--ledger-exe), apply from empty and the no-op, ratios to the floor's run of the round
#
# usage: bench/native.sh   env: LINT_ROUNDS=15 RUNS=5 TENANTS=200,1000 OUT=bench-results/native PUBLISH_ARGS= WORK=
# Publishes both builds into a temporary folder (an AOT publish takes 1.5–4 minutes on 2 cores), then about 15 minutes.
# PUBLISH_ARGS is added to the native publish (e.g. PUBLISH_ARGS=-p:OptimizationPreference=Speed to compare a setting).
# WORK=DIR keeps the builds in DIR and reuses them on the next run (only for re-measuring the same commit).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
out="${OUT:-$repo/bench-results/native}"
lint_rounds="${LINT_ROUNDS:-15}"
runs="${RUNS:-5}"
tenants="${TENANTS:-200,1000}"
if [[ -n "${WORK:-}" ]]; then work="$WORK"; mkdir -p "$work"; else work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$out"

rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
# The JIT build as before issue 20 (framework-dependent, ReadyToRun), and the native build as users get it.
if [[ ! -f "$work/jit/ledger.dll" || ! -x "$work/native/ledger" ]]; then
  dotnet publish "$repo/src/Ledger.Cli" -c Release -r "$rid" --self-contained false -p:PublishAot=false -o "$work/jit" -v q -nologo >/dev/null
  # shellcheck disable=SC2086
  dotnet publish "$repo/src/Ledger.Cli" -c Release -r "$rid" ${PUBLISH_ARGS:-} \
    -o "$work/native" -v q -nologo >/dev/null
fi
dotnet build -c Release "$repo/bench/Ledger.Bench" -v q -nologo >/dev/null
bench="$repo/bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll"
native="$work/native/ledger"
jit="$work/jit/ledger.dll"

{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), .NET $(dotnet --version)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)   commit: $(git -C "$repo" rev-parse --short HEAD)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "native publish folder: $(cd "$work/native" && ls | tr '\n' ' ')"
  echo "size: ledger $(stat -c %s "$native") bytes ($(awk -v b="$(stat -c %s "$native")" 'BEGIN {printf "%.1f", b / 1048576}') MiB), libe_sqlite3.so $(stat -c %s "$work/native/libe_sqlite3.so") bytes"
} | tee "$out/machine.txt"

# --- lint: native against JIT, in turn ----------------------------------------------------------------------
corpus="$repo/tests/Ledger.Sqlite.Tests/TestData/Corpus"
ledger="$corpus/atuin.md"
# Same report from both builds, or the comparison means nothing.
(cd "$corpus" && diff <("$native" lint --ledger atuin.md 2>&1; echo "exit $?") <(dotnet "$jit" lint --ledger atuin.md 2>&1; echo "exit $?")) \
  || { echo "native and JIT lint reports differ" >&2; exit 1; }

# One timed run: prints "wall_ms peak_kib". Wall time from bash's clock around /usr/bin/time (which both builds pay).
run() {
  local start end
  start=$EPOCHREALTIME
  (cd "$corpus" && /usr/bin/time -f "%M" -o "$work/time.txt" "$@" lint --ledger "$ledger" >/dev/null 2>&1) || true
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" -v m="$(tail -n 1 "$work/time.txt")" 'BEGIN {printf "%.1f %d\n", (e - s) * 1000, m}'
}
run "$native" >/dev/null; run dotnet "$jit" >/dev/null # page cache warm for both
: >"$work/lint.txt"
for ((r = 1; r <= lint_rounds; r++)); do
  if ((r % 2)); then n="$(run "$native")"; j="$(run dotnet "$jit")"; else j="$(run dotnet "$jit")"; n="$(run "$native")"; fi
  echo "$r $n $j" >>"$work/lint.txt"
done
python3 - "$work/lint.txt" "$lint_rounds" <<'EOF' | tee "$out/lint.md"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
nw = [float(r[1]) for r in rows]; nm = [int(r[2]) for r in rows]
jw = [float(r[3]) for r in rows]; jm = [int(r[4]) for r in rows]
ratios = [a / b for a, b in zip(nw, jw)]
med = statistics.median
print(f"lint of atuin.md (SQL check on), {len(rows)} rounds, native and JIT in turn")
print()
print("| build | wall (ms), median | min–max | peak memory (MiB), max | native ÷ JIT, median of rounds | each round |")
print("|---|---:|---:|---:|---:|---|")
print(f"| JIT (ReadyToRun, dotnet ledger.dll) | {med(jw):.0f} | {min(jw):.0f}–{max(jw):.0f} | {max(jm)/1024:.1f} | 1 | |")
print(f"| native | {med(nw):.0f} | {min(nw):.0f}–{max(nw):.0f} | {max(nm)/1024:.1f} | **{med(ratios):.3f}** | {' / '.join(f'{x:.2f}' for x in ratios)} |")
EOF

# --- fan-out: the floor, JIT and native ---------------------------------------------------------------------
dotnet "$bench" fanout --ledger-dll "$jit" --ledger-exe "$native" --tenants "$tenants" --runs "$runs" \
  --only "floor,ledger,ledger (native),ledger --parallel 1,ledger (native) --parallel 1" --out "$out/fanout-{n}.json"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
echo "figures in $out" >&2
