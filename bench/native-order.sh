#!/usr/bin/env bash
# Regenerates src/Ledger.Cli/native.order: the managed methods the native `ledger` runs in a set of ordinary commands,
# in the order they first run. The native build places them first in its code section (IlcOrderFile in
# Ledger.Cli.csproj), so a run maps the code it executes (about 1 MB for all the commands below) instead of pages
# spread over the whole 6.6 MB section (docs/performance.md, "Native build (issue 20)").
#
# usage: bench/native-order.sh   (publishes the native build first; a minute more than the publish)
#        EXE=/path/ledger DBG=/path/ledger.dbg bench/native-order.sh   (profiles that build, no publish)
# Needs python3 and ptrace (bench/trace-methods.py). The commands profiled: --version, --help, lint of the demo
# ledger and of two corpus ledgers (one in every format; not atuin.md, the one bench/native.sh measures), then plan,
# apply (twice: from empty, then the no-op), status, verify, each in text and JSON, rollback and new, on a copy of the
# demo. PostgreSQL is not profiled (no server): its methods keep the compiler's order after these. Symbols the code no
# longer has are ignored by the compiler, and methods added since are placed after the listed ones, so a stale file
# costs memory, never correctness.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"

# Publish (any order will do: the addresses are read from this build's own symbols), or take EXE and DBG as given: a
# native publish's executable and the unstripped copy the same publish leaves beside its intermediate output.
if [[ -n "${EXE:-}" && -n "${DBG:-}" ]]; then
  exe="$EXE"; dbg="$DBG"
else
  dotnet publish "$repo/src/Ledger.Cli" -c Release -r "$rid" -o "$work/native" -v q -nologo >/dev/null
  exe="$work/native/ledger"; dbg="$repo/src/Ledger.Cli/bin/Release/net10.0/$rid/native/ledger.dbg"
fi
# The managed code section's symbols: "address name", one a line.
python3 - "$exe" "$dbg" >"$work/syms.txt" <<'PY'
import subprocess, sys
exe, dbg = sys.argv[1], sys.argv[2]
for line in subprocess.run(["readelf", "-S", "-W", exe], capture_output=True, text=True, check=True).stdout.splitlines():
    f = line.replace("[ ", "[").split()
    if len(f) > 5 and f[1] == "__managedcode":
        lo, hi = int(f[3], 16), int(f[3], 16) + int(f[5], 16)
for line in subprocess.run(["nm", "-n", "--defined-only", dbg], capture_output=True, text=True, check=True).stdout.splitlines():
    f = line.split()
    if len(f) == 3 and lo <= int(f[0], 16) < hi:
        print(f[0], f[2])
PY

n=0
# One traced run; its exit code is the tracer's (non-zero if the command was killed by a signal), not the command's.
trace() {
  n=$((n + 1))
  python3 "$here/trace-methods.py" "$work/syms.txt" "$work/run-$(printf %02d $n).txt" -- "$exe" "$@" >"$work/out-$n.txt" 2>&1 \
    || { echo "traced run $n ($*) failed:" >&2; tail -n 5 "$work/out-$n.txt" >&2; exit 1; }
}

corpus="$repo/tests/Ledger.Sqlite.Tests/TestData/Corpus"
mkdir -p "$work/demo" && cp "$repo/MIGRATIONS.md" "$repo/ledger.json" "$work/demo/"
cp "$corpus/vaultwarden.md" "$corpus/memos.md" "$work/"
cd "$work/demo"
trace --version
trace --help
trace lint
for f in text json github sarif; do trace lint --ledger ../vaultwarden.md --format "$f"; done
trace lint --ledger ../memos.md
trace lint --no-sql-check
for f in text json; do trace plan --format "$f"; done
trace plan --format sql
trace apply
trace apply
for f in text json; do trace status --format "$f"; trace verify --format "$f"; done
trace apply --format json
trace rollback --to 1.0.0
trace new --to 99.0.0 --title Profiled
trace lint

# The union, in order of first use across the runs.
cat "$work"/run-*.txt | awk '!seen[$0]++' >"$repo/src/Ledger.Cli/native.order"
echo "src/Ledger.Cli/native.order: $(wc -l <"$repo/src/Ledger.Cli/native.order") methods from $n runs"
