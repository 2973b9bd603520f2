# Sourced by .ci/run (and by the test that checks the counting on sample TRX files): adds up the TRX results of test runs
# and prints the summary. Needs bash; reads the first <Counters …> element of each TRX file.
shopt -s nullglob
passed=0
failed=0
not_run=0
count_trx() { # count_trx DIR EXIT_CODE: adds the TRX counters of one test run; a non-zero exit without a failed test
  #             (the build or the test host failed) counts as one failure of that run
  local dir="$1" rc="$2" run_failed=0 trx counters p f t e
  local files=("$dir"/*.trx)
  for trx in "${files[@]}"; do
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    # MSTest writes a skipped or inconclusive test into no counter of its own: it is in total, not in executed.
    t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
    e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    run_failed=$((run_failed + ${f:-0}))
    not_run=$((not_run + ${t:-0} - ${e:-0}))
  done
  if [ "${#files[@]}" -eq 0 ]; then
    echo "no test results were written in $dir"
    run_failed=$((run_failed + 1))
  elif [ "$rc" -ne 0 ] && [ "$run_failed" -eq 0 ]; then
    echo "a test run exited $rc without a failed test: the build or the test host failed"
    run_failed=1
  fi
  failed=$((failed + run_failed))
}

print_totals() { # the last two lines of .ci/run: with the skipped tests, then the exact line CI's harness reads
  # "skipped" is every test that did not run: MSTest's Inconclusive (a test saying what it needs to run here) and
  # ignored tests alike, and in the first run the native-only tests that the second run runs.
  echo "${passed} passed, ${failed} failed, ${not_run} skipped"
  echo "${passed} passed, ${failed} failed"
}
