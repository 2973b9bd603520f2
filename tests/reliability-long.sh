#!/usr/bin/env bash
# Release check: the reliability suite in long mode (docs/reliability.md).
#   tests/reliability-long.sh                              # full: 500 kills of apply, 500 of apply and rollback taking turns
#                                                          # per step, 500 per database, 10 racing rounds, 1,000,000 mutants, ...
#   LEDGER_RELIABILITY_SCALE=0.2 tests/reliability-long.sh # a fifth of every long-mode count
#   LEDGER_RELIABILITY_SEED=123 tests/reliability-long.sh  # another seed (or replay a failure)
# Needs root for the tmpfs/chattr fault tests (they are skipped as inconclusive otherwise). Figures are appended to
# $LEDGER_RELIABILITY_FIGURES (default: reliability-long-figures.txt in the repository) and printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export LEDGER_RELIABILITY=long
export LEDGER_RELIABILITY_FIGURES="${LEDGER_RELIABILITY_FIGURES:-$PWD/reliability-long-figures.txt}"
: > "$LEDGER_RELIABILITY_FIGURES"
start=$(date +%s)
dotnet test tests/Ledger.Reliability.Tests --logger "console;verbosity=normal" "$@"
echo "--- figures ($(( $(date +%s) - start )) s)"
cat "$LEDGER_RELIABILITY_FIGURES"
