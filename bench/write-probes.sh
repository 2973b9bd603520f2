#!/bin/bash
# The write-access check's file-system cost (docs/performance.md, "Write-access probes (issue 21)"): 200 user databases
# at 1.0.0 with 1.1.0 pending and backups on (the CLI tests' two-version ledger), applied by each build in turn.
# usage: bench/write-probes.sh BEFORE/ledger.dll AFTER/ledger.dll [ROUNDS=3]
set -e
ROUNDS=${3:-3}
T=$(mktemp -d /tmp/write-probes.XXXX)
mkdir -p "$T/template"
python3 - "$T/template" "$(dirname "$0")/../tests/Ledger.Cli.Tests/ApplyLedgers.cs" <<'PY'
import re, sys
out, src = sys.argv[1], open(sys.argv[2]).read()
def const(name):
    m = re.search(name + r' = """\n(.*?)\n\s*""";', src, re.S)
    return '\n'.join(l[8:] for l in m.group(1).split('\n'))
users = ", ".join(f"('u{i:03}')" for i in range(200))
open(f'{out}/MIGRATIONS.md', 'w').write(const('TwoVersions').replace("('alice'), ('bob'), ('carol')", users) + '\n')
open(f'{out}/ledger.json', 'w').write(const('Config').replace('"enabled": false', '"enabled": true') + '\n')
PY
(cd "$T/template" && dotnet "$1" apply --target 1.0.0 --no-backup > /dev/null)
run() { # DLL MODE
  local d; d=$(mktemp -d "$T/run.XXXX"); cp -r "$T/template/." "$d/"
  if [ "$2" = strace ]; then
    (cd "$d" && strace -f -c -e trace=openat,unlink,unlinkat -o "$d.strace" dotnet "$1" apply > /dev/null 2>&1)
    grep -E " (openat|unlink|unlinkat)$" "$d.strace" | awk '{printf "%s %s  ", $NF, $4}'; echo
  else
    local s e; s=$(date +%s.%N); (cd "$d" && dotnet "$1" apply > /dev/null 2>&1); e=$(date +%s.%N); echo "$e - $s" | bc
  fi
  rm -rf "$d"
}
echo "syscalls (name count): before: $(run "$1" strace)"
echo "syscalls (name count): after:  $(run "$2" strace)"
for i in $(seq "$ROUNDS"); do echo "round $i: before $(run "$1" time) s, after $(run "$2" time) s"; done
rm -rf "$T"
