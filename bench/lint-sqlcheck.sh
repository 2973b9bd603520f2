#!/usr/bin/env bash
# The SQL check's cost, A against B: `ledger lint` (with the SQL check) of the 1,000-version bench ledger, two
# commits' published builds run alternately, so that the machine's load hits both alike. Prints each build's median
# wall time and B's ratio to A. Used for docs/performance.md ("SQL check with rows").
#
# usage: bench/lint-sqlcheck.sh [A [B [ROUNDS]]]   (default: df6a719 HEAD 3; df6a719 is main before issue 19)
# env:   WORK=/tmp/ledger-sqlcheck  VERSIONS=1000  SEED=42
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
a="${1:-df6a719}"
b="${2:-HEAD}"
rounds="${3:-3}"
work="${WORK:-/tmp/ledger-sqlcheck}"
versions="${VERSIONS:-1000}"
seed="${SEED:-42}"
mkdir -p "$work"

# Publishes commit $1's ledger (Release, as users get it) into $work/<sha>; prints its ledger.dll.
publish() {
  local sha dir
  sha="$(git -C "$repo" rev-parse --short "$1")"
  dir="$work/$sha"
  if [[ ! -f "$dir/ledger/ledger.dll" ]]; then
    echo "publishing $1 ($sha)…" >&2
    rm -rf "$dir/src" && mkdir -p "$dir/src"
    git -C "$repo" archive "$sha" | tar -x -C "$dir/src"
    dotnet publish -c Release -p:PublishAot=false "$dir/src/src/Ledger.Cli" -o "$dir/ledger" -v q -nologo >/dev/null
  fi
  echo "$dir/ledger/ledger.dll"
}

ledger_a="$(publish "$a")"
ledger_b="$(publish "$b")"

file="$work/ledger-$versions-$seed.md"
if [[ ! -f "$file" ]]; then
  echo "generating $versions versions (seed $seed)…" >&2
  dotnet build -c Release "$repo/bench/Ledger.Bench" -v q -nologo >/dev/null
  dotnet "$repo/bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll" generate --versions "$versions" --seed "$seed" --out "$file" >/dev/null
fi

# Wall seconds of one `ledger lint` with the SQL check (exit 0 or 1: findings are no failure; 2+ is).
run() {
  local start end status
  start=$(date +%s.%N)
  set +e; dotnet "$1" lint --ledger "$file" >/dev/null 2>&1; status=$?; set -e
  end=$(date +%s.%N)
  if ((status >= 2)); then echo "lint failed with $1 (exit $status)" >&2; exit 1; fi
  echo "$end - $start" | bc
}

median() { sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.2f", m}'; }

times_a=() times_b=()
for ((r = 1; r <= rounds; r++)); do
  times_a+=("$(run "$ledger_a")")
  times_b+=("$(run "$ledger_b")")
  echo "round $r: $a ${times_a[-1]} s, $b ${times_b[-1]} s" >&2
done

ma="$(printf '%s\n' "${times_a[@]}" | median)"
mb="$(printf '%s\n' "${times_b[@]}" | median)"
printf '%-12s median of %d: %s s\n' "$a" "$rounds" "$ma"
printf '%-12s median of %d: %s s\n' "$b" "$rounds" "$mb"
printf 'ratio %s / %s: %.2fx\n' "$b" "$a" "$(echo "$mb / $ma" | bc -l)"
